import { describe, expect, it } from "vitest";
import type { Indicator, ProgressVersion } from "../../api/types";
import { readRocDate } from "../../components/Fields";
import { draftOf, emptyEvidence, fileEvidence, indicatorsOf, isFormField, prepare, sameDraft } from "./reportForm";

const KEY = { planId: 7, measureKey: "m-1", organization: "TAIWATER", period: "2018-Q1" };

function indicator(id: number, unit: string | null): Indicator {
  return {
    id,
    key: `i-${id}`,
    name: `指標${id}`,
    unit,
    target: null,
    comparison: "at_least",
    frequency: "quarterly",
    due_date: null,
    source_phrase: null,
    baseline: null,
    inferred: false,
    inferred_reason: null,
  } as Indicator;
}

const INDICATORS = [indicator(1, "%"), indicator(2, null)];

describe("the report form", () => {
  it("sends reasons only with the status that needs them, and asks for them", () => {
    const draft = { ...draftOf(null), status: "delayed" as const, notApplicableReason: "left over" };
    const first = prepare(draft, KEY, INDICATORS);
    expect(first.problems).toEqual({ delay_reason: "required", remedy: "required" });
    expect(first.body.not_applicable_reason).toBeNull();

    const filled = prepare({ ...draft, delayReason: " 採購延宕 ", remedy: "改採共同供應契約" }, KEY, INDICATORS);
    expect(filled.problems).toEqual({});
    expect(filled.body).toMatchObject({ delay_reason: "採購延宕", remedy: "改採共同供應契約", status: "delayed", period: "2018-Q1" });

    const na = prepare({ ...draftOf(null), status: "not_applicable", delayReason: "stale" }, KEY, INDICATORS);
    expect(na.problems).toEqual({ not_applicable_reason: "required" });
    expect(na.body.delay_reason).toBeNull();
  });

  it("sends each filled value with its indicator's unit, and names a bad one by the index the server uses", () => {
    const draft = { ...draftOf(null), values: { 1: "", 2: "1,234.5" } };
    const sent = prepare(draft, KEY, INDICATORS);
    expect(sent.body.values).toEqual([{ indicator_id: 2, value: "1234.5", unit: null }]);
    expect(sent.valueOrder).toEqual([2]);
    expect(sent.problems).toEqual({});

    const bad = prepare({ ...draftOf(null), values: { 1: "95", 2: "很多" } }, KEY, INDICATORS);
    expect(bad.body.values?.[0]).toEqual({ indicator_id: 1, value: "95", unit: "%" });
    expect(bad.problems).toEqual({ "values.1.value": "number" });
    // How many decimals a value may have is the server's to say, beside the field.
    expect(prepare({ ...draftOf(null), values: { 1: "1.23456" } }, KEY, INDICATORS).problems).toEqual({});
    expect(prepare({ ...draftOf(null), values: { 1: "1e3" } }, KEY, INDICATORS).problems).toEqual({ "values.0.value": "number" });
  });

  it("skips blank evidence rows and checks address, title and ROC date of the others", () => {
    const rows = [
      emptyEvidence(),
      { url: "ftp://x", file: null, title: "", date: readRocDate("107/02/30") },
      { url: "https://example.org/a", file: null, title: "會議紀錄", date: readRocDate("107/03/15") },
    ];
    const sent = prepare({ ...draftOf(null), evidence: rows }, KEY, INDICATORS);
    expect(sent.problems).toEqual({ "evidence.0.url": "url", "evidence.0.title": "required", "evidence.0.effective_date": "date" });
    expect(sent.body.evidence?.[1]).toEqual({ url: "https://example.org/a", title: "會議紀錄", effective_date: "2018-03-15" });
  });

  it("sends an uploaded file by its id, with the title and ROC date given to it", () => {
    const uploaded = {
      id: 7,
      filename: "紀錄.pdf",
      size: 1200,
      media_type: "application/pdf",
      sha256: "ab".repeat(32),
      download_url: "/api/v1/evidence-files/7",
      uploaded_at: "2026-11-27T00:00:00Z",
    };
    const row = fileEvidence(uploaded);
    expect(row.title).toBe("紀錄");
    const untimed = prepare({ ...draftOf(null), evidence: [row] }, KEY, INDICATORS);
    expect(untimed.problems).toEqual({ "evidence.0.effective_date": "required" });
    const dated = { ...row, date: readRocDate("107/03/15") };
    const sent = prepare({ ...draftOf(null), evidence: [dated] }, KEY, INDICATORS);
    expect(sent.problems).toEqual({});
    expect(sent.body.evidence).toEqual([{ file_id: 7, title: "紀錄", effective_date: "2018-03-15" }]);
    expect(sameDraft({ ...draftOf(null), evidence: [dated] }, { ...draftOf(null), evidence: [{ ...dated, file: null }] })).toBe(false);
  });

  it("reads a saved version back into the form, and knows when the form still says the same", () => {
    const version: ProgressVersion = {
      number: 2,
      status: "on_track",
      delay_reason: null,
      remedy: null,
      not_applicable_reason: null,
      narrative: "進行中",
      values: [{ indicator_id: 1, indicator_key: "i-1", value: "95.5000", unit: "%" }],
      evidence: [{ url: "https://example.org", title: "紀錄", effective_date: "2018-03-15", effective_date_roc: "107/03/15" }],
      written_by: "reporter",
      created_at: "2018-03-31T00:00:00Z",
      updated_at: "2018-03-31T00:00:00Z",
    } as ProgressVersion;
    const draft = draftOf(version);
    expect(draft.values).toEqual({ 1: "95.5" });
    expect(draft.evidence[0]?.date).toEqual({ text: "107/03/15", iso: "2018-03-15" });
    expect(sameDraft(draft, draftOf(version))).toBe(true);
    expect(sameDraft(draft, { ...draft, narrative: "進行中 " })).toBe(true);
    expect(sameDraft(draft, { ...draft, values: { 1: "96" } })).toBe(false);
    expect(sameDraft(draft, { ...draft, evidence: [...draft.evidence, emptyEvidence()] })).toBe(false);
  });

  it("knows which of the server's fields it shows beside an input", () => {
    for (const f of ["status", "delay_reason", "values.3.value", "values.0.unit", "evidence.1.effective_date"])
      expect(isFormField(f)).toBe(true);
    for (const f of ["period", "measure_key", "organization", "values.0", "evidence.0.file"]) expect(isFormField(f)).toBe(false);
  });

  it("offers the measure's own indicators, then its sub-items'", () => {
    const measure = { indicators: [indicator(1, "%")], sub_items: [{ indicators: [indicator(3, "件")] }] } as Parameters<
      typeof indicatorsOf
    >[0];
    expect(indicatorsOf(measure).map((i) => i.id)).toEqual([1, 3]);
  });
});
