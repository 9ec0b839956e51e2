import type { FollowUpItem } from "../../api/types";

export type Standing = FollowUpItem["standing"];

/** The board's columns, in the order a follow-up moves through them. */
export const STANDINGS: readonly Standing[] = ["tracking", "due_soon", "overdue", "awaiting_decision", "released"];

/** How a standing is marked besides its text label: overdue red, due soon amber (never by colour alone). */
export function toneOf(standing: Standing): "danger" | "warning" | "done" | "plain" {
  if (standing === "overdue") return "danger";
  if (standing === "due_soon") return "warning";
  if (standing === "released") return "done";
  return "plain";
}

/** The i18n key and count saying how far the deadline is: 剩 N 個工作天, 逾期 N 個工作天, or due today. */
export type DaysLeftKey = "followUps.daysLeft" | "followUps.daysOverdue" | "followUps.dueToday";

export function daysLeft(item: Pick<FollowUpItem, "standing" | "working_days_left">): { key: DaysLeftKey; count: number } | null {
  if (item.standing === "released" || item.standing === "awaiting_decision") return null;
  const n = item.working_days_left;
  if (n < 0) return { key: "followUps.daysOverdue", count: -n };
  if (n === 0) return { key: "followUps.dueToday", count: 0 };
  return { key: "followUps.daysLeft", count: n };
}

/** Follow-ups by standing, each column in deadline order as the list gave them. */
export function byStanding<T extends Pick<FollowUpItem, "standing">>(items: readonly T[]): Record<Standing, T[]> {
  const columns = Object.fromEntries(STANDINGS.map((s) => [s, [] as T[]])) as Record<Standing, T[]>;
  for (const item of items) columns[item.standing].push(item);
  return columns;
}
