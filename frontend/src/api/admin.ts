import { keepPreviousData, queryOptions, skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag, type Versioned } from "./client";
import type { Role, TokenCreate, User, UserCreate, UserUpdate } from "./types";
import { useGuardedMutation } from "./useGuardedMutation";

export const ADMIN_PAGE_SIZE = 50;

export interface UserFilters {
  role: Role | null;
  organization: string | null;
  active: boolean | null;
  page: number;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: UserCreate) => unwrap(await api.POST("/api/v1/users", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["users"] }),
  });
}

async function readUser(id: number): Promise<Versioned<User>> {
  return unwrapWithEtag(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: id } } }));
}

async function updateUser(id: number, etag: string, body: UserUpdate): Promise<Versioned<User>> {
  const result = unwrapWithEtag(
    await api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, headers: { "If-Match": etag }, body }),
  );
  // The answer carries no ETag: read the user again, so the next change sends the right one.
  return result.etag ? result : readUser(id);
}

/** A change to one account, guarded by the ETag of the account as the administrator read it. */
export function useUserSave(id: number, onSaved: (user: User, change: UserUpdate) => void, onDiscarded: () => void) {
  const client = useQueryClient();
  return useGuardedMutation({
    write: (etag, body: UserUpdate) => updateUser(id, etag, body),
    read: () => readUser(id),
    onSaved: (result, change) => {
      client.setQueryData(["user", id], result);
      void client.invalidateQueries({ queryKey: ["users"] });
      onSaved(result.data, change);
    },
    onDiscarded: () => {
      onDiscarded();
      void client.invalidateQueries({ queryKey: ["user", id] });
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async ({ id, password }: { id: number; password: string }) =>
      unwrapEmpty(await api.POST("/api/v1/users/{user_id}/password", { params: { path: { user_id: id } }, body: { password } })),
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

/** Every read of accounts, API tokens and the audit log: one place for their keys and how they are fetched. */
export const userQueries = {
  list: (filters: UserFilters) =>
    queryOptions({
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
    }),
  /** One user with the ETag that a change must send back as If-Match. */
  versioned: (userId: number | null) =>
    queryOptions({
      queryKey: ["user", userId],
      staleTime: 0,
      // Not read again behind the administrator's back: a newer ETag under their old form would overwrite someone.
      refetchOnWindowFocus: false,
      queryFn:
        userId === null
          ? skipToken
          : async ({ signal }) =>
              unwrapWithEtag(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } }, signal })),
    }),
};

export const tokenQueries = {
  list: (all: boolean) =>
    queryOptions({
      queryKey: ["tokens", { all }],
      queryFn: async ({ signal }) =>
        unwrap(
          await api.GET("/api/v1/tokens", {
            params: { query: { active: all ? undefined : true, page_size: 100 } },
            signal,
          }),
        ),
    }),
};

export const auditQueries = {
  list: (filters: AuditFilters, enabled = true) =>
    queryOptions({
      queryKey: ["audit-events", filters],
      enabled,
      staleTime: 0,
      placeholderData: keepPreviousData,
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/audit-events", { params: { query: { page_size: ADMIN_PAGE_SIZE, ...filters } }, signal })),
    }),
};

export const useUsers = (filters: UserFilters) => useQuery(userQueries.list(filters));
export const useUser = (userId: number | null) => useQuery(userQueries.versioned(userId));
export const useTokens = (all: boolean) => useQuery(tokenQueries.list(all));
export const useAuditEvents = (filters: AuditFilters, enabled = true) => useQuery(auditQueries.list(filters, enabled));
