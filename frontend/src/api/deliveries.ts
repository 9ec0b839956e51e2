import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_PAGE_SIZE } from "./admin";
import { api, unwrap, unwrapEmpty } from "./client";
import type { DeliveryChannel, DeliveryStatus, WebhookCreate } from "./types";

/** Webhook subscriptions (administrators, enterprises' reporters) and the deliveries board (administrators). */
export const webhookQueries = {
  list: () =>
    queryOptions({
      queryKey: ["webhooks"],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/webhooks", { params: { query: { page_size: 100 } }, signal })),
    }),
};

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: WebhookCreate) => unwrap(await api.POST("/api/v1/webhooks", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["webhooks"] }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrapEmpty(await api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["webhooks"] }),
  });
}

export function useRotateSecret() {
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST("/api/v1/webhooks/{webhook_id}/rotate-secret", { params: { path: { webhook_id: id } } })),
  });
}

export interface DeliveryFilters {
  channel?: DeliveryChannel;
  status?: DeliveryStatus;
  kind?: string;
  organization?: string;
  created_since?: string;
  created_until?: string;
  page: number;
}

export const deliveryQueries = {
  list: (filters: DeliveryFilters) =>
    queryOptions({
      queryKey: ["deliveries", filters],
      staleTime: 0,
      placeholderData: keepPreviousData,
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/deliveries", { params: { query: { page_size: ADMIN_PAGE_SIZE, ...filters } }, signal })),
    }),
  one: (id: number) =>
    queryOptions({
      queryKey: ["deliveries", "one", id],
      staleTime: 0,
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/deliveries/{delivery_id}", { params: { path: { delivery_id: id } }, signal })),
    }),
};

export function useReplayDelivery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST("/api/v1/deliveries/{delivery_id}/replay", { params: { path: { delivery_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["deliveries"] }),
  });
}

export const useWebhooks = () => useQuery(webhookQueries.list());
export const useDeliveries = (filters: DeliveryFilters) => useQuery(deliveryQueries.list(filters));
export const useDelivery = (id: number) => useQuery(deliveryQueries.one(id));
