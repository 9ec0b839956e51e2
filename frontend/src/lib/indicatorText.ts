import type { TFunction } from "i18next";
import type { Indicator } from "../api/types";

type Shown = Pick<Indicator, "comparison" | "baseline">;

/**
 * How an indicator compares, in words: 恰為, 全數完成 …; an increase over a baseline names the
 * baseline, or says the plan gives none.
 */
export function comparisonText(indicator: Shown, t: TFunction, formatNumber: (n: number) => string): string {
  const label = t(`comparison.${indicator.comparison}`);
  if (indicator.comparison !== "increase_over_baseline") return label;
  const baseline =
    indicator.baseline === null ? t("measure.baselineUnknown") : t("measure.baselineOf", { value: formatNumber(indicator.baseline) });
  return t("measure.comparisonWithBaseline", { comparison: label, baseline });
}

/** The note an inferred indicator carries: 推定：why; null for one read from the plan. */
export function inferredNote(indicator: Pick<Indicator, "inferred" | "inferred_reason">, t: TFunction): string | null {
  if (!indicator.inferred) return null;
  return t("measure.inferredBecause", { reason: indicator.inferred_reason ?? "" });
}

/** What the editor's form refuses before sending: an inferred value without its reason. */
export function inferredReasonMissing(inferred: boolean, reason: string): boolean {
  return inferred && reason.trim() === "";
}
