// The report form's state, what it sends and what it checks before sending: kept apart from the
// page so that the rules can be tested on their own. The server checks everything again.

import type { EvidenceFileRef, Indicator, Measure, ProgressReportIn, ProgressVersion, StoredFile, WorkStatus } from "../../api/types";
import { type RocDateValue, readRocDate, rocDateValue } from "../../components/Fields";

export const WORK_STATUSES: readonly WorkStatus[] = ["not_started", "on_track", "done", "delayed", "not_applicable"];

export interface EvidenceDraft {
  url: string;
  /** An uploaded file, for a file row; null for a link. */
  file: EvidenceFileRef | null;
  title: string;
  date: RocDateValue;
}

export interface ReportDraft {
  status: WorkStatus;
  delayReason: string;
  remedy: string;
  notApplicableReason: string;
  narrative: string;
  /** Indicator id → the number as typed. */
  values: Record<number, string>;
  evidence: EvidenceDraft[];
}

/** Every indicator a report on the measure may give a value for: its own, then its sub-items'. */
export function indicatorsOf(measure: Pick<Measure, "indicators" | "sub_items">): Indicator[] {
  return [...measure.indicators, ...measure.sub_items.flatMap((s) => s.indicators)];
}

/** The form as the version left it, or an empty one for a report not yet written. */
export function draftOf(version: ProgressVersion | null | undefined): ReportDraft {
  if (!version) {
    return { status: "not_started", delayReason: "", remedy: "", notApplicableReason: "", narrative: "", values: {}, evidence: [] };
  }
  return {
    status: version.status,
    delayReason: version.delay_reason ?? "",
    remedy: version.remedy ?? "",
    notApplicableReason: version.not_applicable_reason ?? "",
    narrative: version.narrative ?? "",
    values: Object.fromEntries(version.values.map((v) => [v.indicator_id, String(Number(v.value))])),
    evidence: version.evidence.map((e) => ({
      url: e.url ?? "",
      file: e.file ?? null,
      title: e.title,
      date: rocDateValue(e.effective_date),
    })),
  };
}

export const emptyEvidence = (): EvidenceDraft => ({ url: "", file: null, title: "", date: readRocDate("") });

/** A row for a file just uploaded: titled by its name, its effective date still to give. */
export const fileEvidence = (file: StoredFile): EvidenceDraft => ({
  url: "",
  file: {
    id: file.id,
    filename: file.filename,
    size: file.size,
    media_type: file.media_type,
    sha256: file.sha256,
    download_url: file.download_url,
  },
  title: file.filename.replace(/\.[^.]+$/, "").slice(0, 200),
  date: readRocDate(""),
});

/** Whether a row says anything: a blank one is not sent. */
export const filledEvidence = (e: EvidenceDraft) => !!(e.file || e.url.trim() || e.title.trim() || e.date.text.trim());

/** Whether two drafts say the same: what the form holds against what was saved. */
export function sameDraft(a: ReportDraft, b: ReportDraft): boolean {
  const values = (d: ReportDraft) =>
    Object.entries(d.values)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => `${k}=${v.trim()}`)
      .sort()
      .join("|");
  const evidence = (d: ReportDraft) =>
    JSON.stringify(d.evidence.map((e) => [e.url.trim(), e.file?.id ?? null, e.title.trim(), e.date.text.trim()]));
  return (
    a.status === b.status &&
    a.delayReason.trim() === b.delayReason.trim() &&
    a.remedy.trim() === b.remedy.trim() &&
    a.notApplicableReason.trim() === b.notApplicableReason.trim() &&
    a.narrative.trim() === b.narrative.trim() &&
    values(a) === values(b) &&
    evidence(a) === evidence(b)
  );
}

// A decimal number; how many digits it may have is the server's to say, at the field.
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether the form shows a field of this name (the server's), so its error is shown beside it. */
export function isFormField(field: string): boolean {
  return /^(status|delay_reason|remedy|not_applicable_reason|narrative|values\.\d+\.(value|unit|indicator_id)|evidence\.\d+\.(url|file_id|title|effective_date))$/.test(
    field,
  );
}

export type FieldCheck = "required" | "number" | "date" | "url";

export interface Prepared {
  body: ProgressReportIn;
  /** The indicator each sent value is for, in the order sent: server errors name values by index. */
  valueOrder: number[];
  /** What the form finds wrong before sending, by the field name the server uses (values.0.value). */
  problems: Record<string, FieldCheck>;
}

export interface ReportKey {
  planId: number;
  measureKey: string;
  organization: string;
  period: string;
}

/**
 * The body to send for the draft, and what is wrong with it. Reasons go only with the status
 * that needs them; empty values and evidence rows left blank are not sent.
 */
export function prepare(draft: ReportDraft, key: ReportKey, indicators: readonly Indicator[]): Prepared {
  const problems: Record<string, FieldCheck> = {};
  const text = (s: string) => (s.trim() === "" ? null : s.trim());
  const delayed = draft.status === "delayed";
  const notApplicable = draft.status === "not_applicable";
  if (delayed && !text(draft.delayReason)) problems.delay_reason = "required";
  if (delayed && !text(draft.remedy)) problems.remedy = "required";
  if (notApplicable && !text(draft.notApplicableReason)) problems.not_applicable_reason = "required";

  const valueOrder: number[] = [];
  const values: ProgressReportIn["values"] = [];
  for (const indicator of indicators) {
    const typed = (draft.values[indicator.id] ?? "").trim().replace(/,/g, "");
    if (typed === "") continue;
    if (!NUMBER.test(typed)) problems[`values.${values.length}.value`] = "number";
    valueOrder.push(indicator.id);
    values.push({ indicator_id: indicator.id, value: typed, unit: indicator.unit ?? null });
  }

  const evidence: ProgressReportIn["evidence"] = [];
  for (const row of draft.evidence) {
    if (!filledEvidence(row)) continue;
    const at = `evidence.${evidence.length}`;
    if (!row.file && !/^https?:\/\/[!-~]+$/.test(row.url.trim())) problems[`${at}.url`] = row.url.trim() ? "url" : "required";
    if (!row.title.trim()) problems[`${at}.title`] = "required";
    if (row.date.iso === null) problems[`${at}.effective_date`] = "required";
    else if (row.date.iso === undefined) problems[`${at}.effective_date`] = "date";
    const what = row.file ? { file_id: row.file.id } : { url: row.url.trim() };
    evidence.push({ ...what, title: row.title.trim(), effective_date: row.date.iso ?? "" });
  }

  return {
    body: {
      plan_id: key.planId,
      measure_key: key.measureKey,
      organization: key.organization,
      period: key.period,
      status: draft.status,
      delay_reason: delayed ? text(draft.delayReason) : null,
      remedy: delayed ? text(draft.remedy) : null,
      not_applicable_reason: notApplicable ? text(draft.notApplicableReason) : null,
      narrative: text(draft.narrative),
      values,
      evidence,
    },
    valueOrder,
    problems,
  };
}
