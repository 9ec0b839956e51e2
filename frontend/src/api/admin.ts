import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag } from "./client";
import type { Role, TokenCreate, UserCreate, UserUpdate } from "./types";

export const ADMIN_PAGE_SIZE = 50;

export function useOrganizations() {
  return useQuery({
    queryKey: ["organizations", "all"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/organizations", { params: { query: { page_size: 100 } }, signal })),
  });
}

export interface UserFilters {
  role: Role | null;
  organization: string | null;
  active: boolean | null;
  page: number;
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: ["users", filters],
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/users", {
          params: {
            query: {
              role: filters.role ?? undefined,
              organization: filters.organization ?? undefined,
              active: filters.active ?? undefined,
              page: filters.page,
              page_size: ADMIN_PAGE_SIZE,
            },
          },
          signal,
        }),
      ),
  });
}

/** One user with the ETag that a change must send back as If-Match. */
export function useUser(userId: number | null) {
  return useQuery({
    queryKey: ["user", userId],
    staleTime: 0,
    queryFn:
      userId === null
        ? skipToken
        : async ({ signal }) => unwrapWithEtag(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } }, signal })),
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: UserCreate) => unwrap(await api.POST("/api/v1/users", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: number; etag: string; body: UserUpdate }) => {
      const result = unwrapWithEtag(
        await api.PATCH("/api/v1/users/{user_id}", {
          params: { path: { user_id: id } },
          headers: { "If-Match": etag },
          body,
        }),
      );
      // The answer carries no ETag: read the user again, so the next change sends the right one.
      return result.etag ? result : unwrapWithEtag(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: id } } }));
    },
    onSuccess: (result, { id }) => {
      client.setQueryData(["user", id], result);
      void client.invalidateQueries({ queryKey: ["users"] });
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async ({ id, password }: { id: number; password: string }) =>
      unwrapEmpty(await api.POST("/api/v1/users/{user_id}/password", { params: { path: { user_id: id } }, body: { password } })),
  });
}

export function useTokens(all: boolean) {
  return useQuery({
    queryKey: ["tokens", { all }],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/tokens", {
          params: { query: { active: all ? undefined : true, page_size: 100 } },
          signal,
        }),
      ),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: TokenCreate) => unwrap(await api.POST("/api/v1/tokens", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => unwrapEmpty(await api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export interface AuditFilters {
  object_type?: string;
  object_id?: string;
  action?: string;
  actor_user_id?: number;
  actor_token_id?: number;
  since?: string;
  until?: string;
  page?: number;
  page_size?: number;
}

export function useAuditEvents(filters: AuditFilters, enabled = true) {
  return useQuery({
    queryKey: ["audit-events", filters],
    enabled,
    staleTime: 0,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/audit-events", { params: { query: { page_size: ADMIN_PAGE_SIZE, ...filters } }, signal })),
  });
}
