import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { findingWrites, invalidateFindings, readFinding } from "../../api/findings";
import type { Finding, FindingPatch } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { ConfirmQuestion } from "../../components/Confirm";
import { GuardedConflict } from "../../components/Conflict";
import { TextAreaField } from "../../components/Fields";
import { FormButtons } from "../../components/FormButtons";
import { FormError } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { stillAsShown } from "../editor/stillAsShown";
import { FindingForm } from "./FindingForm";
import { FindingBody, useFindingName } from "./FindingParts";

type Change =
  | { kind: "update"; body: FindingPatch }
  | { kind: "remove" }
  | { kind: "approve" }
  | { kind: "correct"; body: { text_zh: string; text_en: string | null; reason: string } };

type Open = null | "edit" | "remove" | "approve" | "correct";

/** One finding in the editor with the actions its state and the person allow, each guarded by the ETag of what the page showed. */
export function FindingItem({
  finding,
  planId,
  decide,
  roundOpen,
}: {
  finding: Finding;
  planId: number;
  decide: boolean;
  roundOpen: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const name = useFindingName()(finding);
  const [open, setOpen] = useState<Open>(null);
  const guard = useGuardedMutation<Finding, Change, unknown>({
    write: (etag, change) => {
      switch (change.kind) {
        case "update":
          return findingWrites.update(finding.id, etag, change.body);
        case "remove":
          return findingWrites.remove(finding.id, etag);
        case "approve":
          return findingWrites.approve(finding.id, etag);
        case "correct":
          return findingWrites.correct(finding.id, etag, change.body);
      }
    },
    read: () => readFinding(finding.id),
    onSaved: async () => {
      setOpen(null);
      await invalidateFindings(client);
    },
  });
  /** Sent with the ETag of the finding as the page showed it; if it changed meanwhile, the conflict notice instead. */
  const act = async (change: Change) => {
    const current = await readFinding(finding.id);
    if (stillAsShown(finding, current.data)) await guard.save(current.etag, change);
    else guard.conflictWith(current, change);
  };
  const editable = roundOpen && (finding.status === "draft" || (decide && finding.status === "approved"));
  const issued = finding.status === "issued" || finding.status === "published";
  return (
    <li className="finding">
      <p className="finding__name">
        {name} <span className="tag">{t(`findingStatus.${finding.status}`)}</span>
      </p>
      <FindingBody finding={finding} />
      <GuardedConflict guard={guard} describe={(f) => <FindingBody finding={f} />} />
      <FormError error={guard.error} />
      {open === "edit" ? (
        <FindingForm
          initial={{ kind: finding.kind, text_zh: finding.text_zh, text_en: finding.text_en, measures: finding.measures.map((m) => m.key) }}
          planId={planId}
          organization={finding.organization.code}
          busy={guard.busy}
          fieldErrors={guard.fieldErrors}
          submit={t("findings.save")}
          onSubmit={(draft) => void act({ kind: "update", body: draft })}
          onCancel={() => setOpen(null)}
        />
      ) : open === "correct" ? (
        <CorrectionForm
          finding={finding}
          busy={guard.busy}
          fieldErrors={guard.fieldErrors}
          onSubmit={(body) => void act({ kind: "correct", body })}
          onCancel={() => setOpen(null)}
        />
      ) : open === "remove" ? (
        <ConfirmQuestion
          label={t("findings.remove")}
          question={t("findings.removeQuestion", { name })}
          yes={t("findings.remove")}
          danger
          busy={guard.busy}
          onConfirm={() => void act({ kind: "remove" })}
          onCancel={() => setOpen(null)}
        />
      ) : open === "approve" ? (
        <ConfirmQuestion
          label={t("findings.approve")}
          question={t("findings.approveQuestion", { name })}
          yes={t("findings.approve")}
          busy={guard.busy}
          onConfirm={() => void act({ kind: "approve" })}
          onCancel={() => setOpen(null)}
        />
      ) : (
        <div className="form__actions">
          {editable && (
            <button
              type="button"
              className="button button--small"
              aria-label={t("findings.editLabel", { name })}
              onClick={() => setOpen("edit")}
            >
              {t("findings.edit")}
            </button>
          )}
          {finding.status === "draft" && (
            <button type="button" className="button button--small button--quiet" onClick={() => setOpen("remove")}>
              {t("findings.remove")}
            </button>
          )}
          {decide && finding.status === "draft" && (
            <button type="button" className="button button--small" onClick={() => setOpen("approve")}>
              {t("findings.approve")}
            </button>
          )}
          {decide && issued && (
            <button
              type="button"
              className="button button--small"
              aria-label={t("findings.correctLabel", { name })}
              onClick={() => setOpen("correct")}
            >
              {t("findings.correct")}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function CorrectionForm({
  finding,
  busy,
  fieldErrors,
  onSubmit,
  onCancel,
}: {
  finding: Finding;
  busy: boolean;
  fieldErrors: Record<string, string>;
  onSubmit: (body: { text_zh: string; text_en: string | null; reason: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(finding.text_zh);
  const [textEn, setTextEn] = useState(finding.text_en ?? "");
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const send = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (text.trim() && reason.trim()) onSubmit({ text_zh: text.trim(), text_en: textEn.trim() || null, reason: reason.trim() });
  };
  return (
    <form className="form" onSubmit={send} noValidate>
      <TextAreaField
        label={t("findings.textZh")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={tried && !text.trim() ? t("findings.required") : (fieldErrors.text_zh ?? null)}
        required
        maxLength={4000}
        lang={CONTENT_LANG}
      />
      <TextAreaField label={t("findings.textEn")} value={textEn} onChange={(e) => setTextEn(e.target.value)} maxLength={4000} lang="en" />
      <TextAreaField
        label={t("findings.correctionReason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={tried && !reason.trim() ? t("findings.required") : (fieldErrors.reason ?? null)}
        required
        maxLength={2000}
        lang={CONTENT_LANG}
      />
      <FormButtons busy={busy} submit={t("findings.correct")} onCancel={onCancel} />
    </form>
  );
}
