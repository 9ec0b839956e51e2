import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { findingQueries } from "../../api/findings";
import type { FindingKind } from "../../api/types";
import { SelectField, TextAreaField } from "../../components/Fields";
import { FormButtons } from "../../components/FormButtons";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { KINDS } from "./FindingParts";

export interface FindingDraft {
  kind: FindingKind;
  text_zh: string;
  text_en: string | null;
  measures: string[];
}

/** A finding's kind, text and measures (the enterprise's measures in the plan), for a new draft or an edit. */
export function FindingForm({
  initial,
  planId,
  organization,
  busy,
  fieldErrors,
  submit,
  onSubmit,
  onCancel,
}: {
  initial: FindingDraft;
  planId: number;
  organization: string;
  busy: boolean;
  fieldErrors: Record<string, string>;
  submit: string;
  onSubmit: (draft: FindingDraft) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const measures = useQuery(findingQueries.measures(planId, organization));
  const send = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!draft.text_zh.trim());
    if (draft.text_zh.trim()) onSubmit({ ...draft, text_zh: draft.text_zh.trim(), text_en: draft.text_en?.trim() || null });
  };
  return (
    <form className="form" onSubmit={send} noValidate>
      <SelectField
        label={t("findings.kind")}
        value={draft.kind}
        onChange={(e) => setDraft({ ...draft, kind: e.target.value as FindingKind })}
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`findingKind.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t("findings.textZh")}
        value={draft.text_zh}
        onChange={(e) => setDraft({ ...draft, text_zh: e.target.value })}
        error={empty ? t("findings.required") : (fieldErrors.text_zh ?? null)}
        required
        maxLength={4000}
        lang={CONTENT_LANG}
      />
      <TextAreaField
        label={t("findings.textEn")}
        value={draft.text_en ?? ""}
        onChange={(e) => setDraft({ ...draft, text_en: e.target.value })}
        error={fieldErrors.text_en ?? null}
        maxLength={4000}
        lang="en"
      />
      <fieldset className="field checkbox-group">
        <legend>{t("findings.measures")}</legend>
        {measures.data?.length === 0 && <p>{t("findings.measuresNone")}</p>}
        {(measures.data ?? []).map((m) => (
          <div key={m.key} className="field--check">
            <input
              id={`${id}-${m.key}`}
              type="checkbox"
              checked={draft.measures.includes(m.key)}
              onChange={(e) =>
                setDraft({ ...draft, measures: e.target.checked ? [...draft.measures, m.key] : draft.measures.filter((k) => k !== m.key) })
              }
            />
            <label htmlFor={`${id}-${m.key}`} lang={CONTENT_LANG}>
              {m.code} {m.text}
            </label>
          </div>
        ))}
      </fieldset>
      <FormButtons busy={busy} submit={submit} onCancel={onCancel} />
    </form>
  );
}
