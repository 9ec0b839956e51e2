import type { TFunction } from "i18next";
import { toRocYear } from "../../lib/rocDate";
import { type Period, parsePeriod } from "./periods";

/** A period as people name it: 107年第1季, Q1 2018 (ROC 107). */
export function periodName(t: TFunction, period: Period | string): string {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  if (!p) return String(period);
  const base = { year: p.year, roc: toRocYear(p.year), n: p.index };
  switch (p.kind) {
    case "Y":
      return t("periodName.Y", base);
    case "H":
      return t(p.index === 1 ? "periodName.H1" : "periodName.H2", base);
    case "Q":
      return t("periodName.Q", base);
    case "B":
      return t("periodName.B", { ...base, from: p.index * 2 - 1, to: p.index * 2 });
    case "M":
      return t("periodName.M", base);
  }
}
