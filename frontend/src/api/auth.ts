import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap, unwrapEmpty } from "./client";
import { rememberCsrfToken } from "./csrf";
import type { Me } from "./types";

export const ME_KEY = ["me"] as const;

/** Who is signed in: the Me document, or null for a public visitor. */
export const meQuery = () =>
  queryOptions({
    queryKey: ME_KEY,
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        const me = unwrap(await api.GET("/api/v1/auth/me", { signal }));
        rememberCsrfToken(me.csrf_token);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });

export const useMe = () => useQuery(meQuery());

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) => unwrap(await api.POST("/api/v1/auth/login", { body })),
    onSuccess: async (me) => {
      // A "who am I" read still in flight would answer for the visitor before this sign-in.
      await client.cancelQueries({ queryKey: ME_KEY });
      rememberCsrfToken(me.csrf_token);
      // What a signed-in person may read differs (drafts): forget what the public saw.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrapEmpty(await api.POST("/api/v1/auth/logout")),
    onSettled: async () => {
      // A "who am I" read started before signing out must not bring the account back.
      await client.cancelQueries({ queryKey: ME_KEY });
      rememberCsrfToken(null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, null);
    },
  });
}
