import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { IndicatorCreate, Measure } from "../../../api/editor";
import type { Comparison, Frequency, Indicator } from "../../../api/types";
import { RocDateField, type RocDateValue, rocDateValue, SelectField, TextField } from "../../../components/Fields";
import { FormButtons } from "../../../components/FormButtons";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { inferredReasonMissing } from "../../../lib/indicatorText";

const COMPARISONS: Comparison[] = ["at_least", "at_most", "exactly", "by_date", "increase_over_baseline", "completion", "report_only"];
const FREQUENCIES: Frequency[] = ["per_case", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly", "once", "unspecified"];
const numberOrNull = (text: string) => (text.trim() === "" ? null : text.trim());

/**
 * An indicator's fields: empty to add one (with the sub-item it belongs to, when the measure has
 * any), or filled from `initial` to change it. A date that does not parse is not sent, nor an
 * inferred value without its reason. Completion is 100 %: choosing it fills both in.
 */
export function IndicatorFields({
  initial,
  subItems,
  busy,
  onSubmit,
  onCancel,
}: {
  initial?: Indicator;
  subItems?: Measure["sub_items"];
  busy: boolean;
  onSubmit: (body: IndicatorCreate) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? "");
  const [unit, setUnit] = useState(initial?.unit ?? "");
  const [target, setTarget] = useState(initial?.target === null || initial?.target === undefined ? "" : String(initial.target));
  const [comparison, setComparison] = useState<Comparison>(initial?.comparison ?? "at_least");
  const [frequency, setFrequency] = useState<Frequency>(initial?.frequency ?? "yearly");
  const [due, setDue] = useState<RocDateValue>(rocDateValue(initial?.due_date));
  const [source, setSource] = useState(initial?.source_phrase ?? "");
  const [subItem, setSubItem] = useState("");
  const [baseline, setBaseline] = useState(initial?.baseline === null || initial?.baseline === undefined ? "" : String(initial.baseline));
  const [inferred, setInferred] = useState(initial?.inferred ?? false);
  const [reason, setReason] = useState(initial?.inferred_reason ?? "");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const inferredId = useId();
  return (
    <form
      className="form form--grid editor-form"
      aria-label={initial ? t("editor.editLabel", { name: initial.name }) : t("editor.addIndicator")}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (due.iso === undefined) return;
        if (inferredReasonMissing(inferred, reason)) {
          setReasonError(t("editor.inferredReasonRequired"));
          return;
        }
        setReasonError(null);
        onSubmit({
          name: name.trim(),
          unit: unit.trim() || null,
          target: numberOrNull(target),
          comparison,
          frequency,
          due_date: due.iso ?? null,
          source_phrase: source.trim() || null,
          baseline: comparison === "increase_over_baseline" ? numberOrNull(baseline) : null,
          inferred,
          inferred_reason: inferred ? reason.trim() : null,
          sub_item_id: subItem ? Number(subItem) : null,
        });
      }}
    >
      <TextField label={t("measure.name")} value={name} onChange={(e) => setName(e.target.value)} lang={CONTENT_LANG} />
      <TextField label={t("editor.target")} value={target} onChange={(e) => setTarget(e.target.value)} inputMode="decimal" size={8} />
      <TextField label={t("editor.unit")} value={unit} onChange={(e) => setUnit(e.target.value)} size={6} />
      <SelectField
        label={t("measure.comparison")}
        value={comparison}
        onChange={(e) => {
          const chosen = e.target.value as Comparison;
          setComparison(chosen);
          if (chosen === "completion") {
            setTarget("100");
            setUnit("%");
          }
        }}
      >
        {COMPARISONS.map((c) => (
          <option key={c} value={c}>
            {t(`comparison.${c}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("measure.frequency")} value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)}>
        {FREQUENCIES.map((f) => (
          <option key={f} value={f}>
            {t(`frequency.${f}`)}
          </option>
        ))}
      </SelectField>
      {comparison === "increase_over_baseline" && (
        <TextField
          label={t("editor.baseline")}
          value={baseline}
          onChange={(e) => setBaseline(e.target.value)}
          inputMode="decimal"
          size={8}
        />
      )}
      <RocDateField label={t("editor.dueDate")} value={due} onChange={setDue} />
      <TextField
        label={t("editor.sourcePhrase")}
        value={source}
        onChange={(e) => setSource(e.target.value)}
        lang={CONTENT_LANG}
        className="field--wide"
      />
      <div className="field field--check field--wide">
        <input id={inferredId} type="checkbox" checked={inferred} onChange={(e) => setInferred(e.target.checked)} />
        <label htmlFor={inferredId}>{t("editor.inferred")}</label>
      </div>
      {inferred && (
        <TextField
          label={t("editor.inferredReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError}
          lang={CONTENT_LANG}
          className="field--wide"
          maxLength={1000}
        />
      )}
      {subItems && subItems.length > 0 && (
        <SelectField label={t("editor.indicatorOf")} value={subItem} onChange={(e) => setSubItem(e.target.value)}>
          <option value="">{t("editor.self")}</option>
          {subItems.map((s) => (
            <option key={s.id} value={s.id}>
              {t("measure.subItem", { code: s.code ?? "" })}
            </option>
          ))}
        </SelectField>
      )}
      <FormButtons busy={busy} submit={initial ? t("form.save") : t("form.create")} onCancel={onCancel} />
    </form>
  );
}
