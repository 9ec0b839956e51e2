import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag, type Versioned } from "./client";
import type { Contact, ContactCreate, ContactUpdate, NotificationSettings, NotificationSettingsUpdate } from "./types";

const UNREAD = ["notifications", "unread"] as const;

/** How many of the signed-in person's notifications are unread: the bell's count, kept fresh every minute. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: UNREAD,
    queryFn: async () => unwrap(await api.GET("/api/v1/notifications/unread-count")).unread,
    enabled,
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}

export function useNotifications(unread: boolean) {
  return useQuery({
    queryKey: ["notifications", "list", unread],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/notifications", { params: { query: { unread: unread || undefined, page_size: 50 } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["notifications"] }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["notifications"] }),
  });
}

export function useContacts(code: string | undefined) {
  return useQuery({
    queryKey: ["contacts", code],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/organizations/{code}/contacts", { params: { path: { code: code ?? "" }, query: { page_size: 100 } } })),
    enabled: !!code,
  });
}

export function useCreateContact(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContactCreate) =>
      unwrap(await api.POST("/api/v1/organizations/{code}/contacts", { params: { path: { code } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["contacts", code] }),
  });
}

async function readContact(id: number): Promise<Versioned<Contact>> {
  return unwrapWithEtag(await api.GET("/api/v1/contacts/{contact_id}", { params: { path: { contact_id: id } } }));
}

/** A change to a contact as it now is: read for its ETag, then sent with it as If-Match. */
export function useChangeContact(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, change }: { id: number; change: ContactUpdate | null }) => {
      const { etag } = await readContact(id);
      const path = { params: { path: { contact_id: id } }, headers: { "If-Match": etag } };
      if (change === null) return unwrapEmpty(await api.DELETE("/api/v1/contacts/{contact_id}", path));
      unwrap(await api.PATCH("/api/v1/contacts/{contact_id}", { ...path, body: change }));
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ["contacts", code] }),
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: ["notification-settings"],
    queryFn: async (): Promise<Versioned<NotificationSettings>> => unwrapWithEtag(await api.GET("/api/v1/me/notification-settings")),
    staleTime: 0,
  });
}

export function useSaveNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, change }: { etag: string; change: NotificationSettingsUpdate }) =>
      unwrapWithEtag(await api.PATCH("/api/v1/me/notification-settings", { headers: { "If-Match": etag }, body: change })),
    onSuccess: (saved) => client.setQueryData(["notification-settings"], saved),
  });
}
