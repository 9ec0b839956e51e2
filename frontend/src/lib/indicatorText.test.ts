import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { resources } from "../i18n";
import { comparisonText, inferredNote, inferredReasonMissing } from "./indicatorText";

const t = (language: string) => i18next.getFixedT(language);
const plain = (n: number) => String(n);

beforeAll(async () => {
  await i18next.init({ resources, lng: "zh-TW", fallbackLng: false, interpolation: { escapeValue: false } });
});

describe("comparisonText", () => {
  it("says exactly, completion and unspecified frequency in zh-TW first, then English", () => {
    expect(comparisonText({ comparison: "exactly", baseline: null }, t("zh-TW"), plain)).toBe("恰為");
    expect(comparisonText({ comparison: "exactly", baseline: null }, t("en"), plain)).toBe("Exactly");
    expect(comparisonText({ comparison: "completion", baseline: null }, t("zh-TW"), plain)).toBe("全數完成");
    expect(t("zh-TW")("frequency.unspecified")).toBe("未明定");
    expect(t("en")("frequency.unspecified")).toBe("Not specified");
  });

  it("names the baseline of an increase, or says the plan gives none", () => {
    const known = { comparison: "increase_over_baseline", baseline: 62.5 } as const;
    expect(comparisonText(known, t("zh-TW"), plain)).toBe("較基準值提升（基準值 62.5）");
    expect(comparisonText(known, t("en"), plain)).toBe("Increase over a baseline (baseline 62.5)");
    const unknown = { comparison: "increase_over_baseline", baseline: null } as const;
    expect(comparisonText(unknown, t("zh-TW"), plain)).toBe("較基準值提升（未明定基準值）");
  });

  it("leaves the older comparisons as they were", () => {
    expect(comparisonText({ comparison: "at_least", baseline: null }, t("zh-TW"), plain)).toBe("至少");
  });
});

describe("inferredNote", () => {
  it("marks an inferred value with its reason and leaves a read one alone", () => {
    const inferred = { inferred: true, inferred_reason: "原文未寫次數" };
    expect(inferredNote(inferred, t("zh-TW"))).toBe("推定：原文未寫次數");
    expect(inferredNote(inferred, t("en"))).toBe("Inferred: 原文未寫次數");
    expect(inferredNote({ inferred: false, inferred_reason: null }, t("zh-TW"))).toBeNull();
  });

  it("asks for a reason before an inferred value is sent", () => {
    expect(inferredReasonMissing(true, "  ")).toBe(true);
    expect(inferredReasonMissing(true, "原文未寫")).toBe(false);
    expect(inferredReasonMissing(false, "")).toBe(false);
  });
});
