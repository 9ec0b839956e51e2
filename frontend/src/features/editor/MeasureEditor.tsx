import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Versioned } from "../../api/client";
import { type IndicatorCreate, type Measure, measureWrites } from "../../api/editor";
import { getMeasure, measureQueries } from "../../api/measures";
import { invalidatePlan } from "../../api/plans";
import type { Comparison, Frequency, Indicator } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, SaveButton } from "../../components/Conflict";
import { RocDateField, type RocDateValue, rocDateValue, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { OwnerList } from "../../components/OwnerList";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate } from "../../lib/rocDate";
import { ConfirmDelete, EditDeleteActions, FormButtons, OwnerChoice } from "./structure/formParts";
import { useUnsavedChanges } from "./unsaved";

type Op = (etag: string) => Promise<Versioned<Measure>>;

const COMPARISONS: Comparison[] = ["at_least", "at_most", "by_date", "report_only"];
const FREQUENCIES: Frequency[] = ["per_case", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly", "once"];

/**
 * Edits one measure: its code, text and owners, its sub-items and indicators. Every write carries
 * the ETag of the measure as this editor read it; a 412 shows the measure as it now is and offers to
 * apply the change again.
 */
export function MeasureEditor({ measureId, planId, onClose }: { measureId: number; planId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = measureQueries.versioned(measureId);
  const key = query.queryKey;
  const loaded = useQuery(query);
  const [version, setVersion] = useState(0); // bumps when the forms must restart from the server's copy
  const ref = useRef<HTMLElement>(null);
  const write = useGuardedMutation<Measure, Op, Versioned<Measure>>({
    write: (etag, op) => op(etag),
    read: () => getMeasure(measureId),
    onSaved: (v) => {
      client.setQueryData(key, v);
      void invalidatePlan(client, planId);
      void client.invalidateQueries({ queryKey: ["measure", measureId] });
    },
    onDiscarded: () => {
      void client.invalidateQueries({ queryKey: key });
      setVersion((n) => n + 1);
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves here only when the measure first loads.
  useEffect(() => {
    if (loaded.data) ref.current?.focus();
  }, [loaded.data === undefined]);

  if (loaded.isError) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const seen = loaded.data;
  const m = seen.data;
  const run = (op: Op) => write.save(seen.etag, op);
  const headingId = `measure-editor-${measureId}`;
  const errors = write.fieldErrors;
  const busy = write.busy;

  return (
    <section className="panel measure-editor" aria-labelledby={headingId} tabIndex={-1} ref={ref}>
      <h4 id={headingId}>{t("editor.measureHeading", { code: m.code ?? "" })}</h4>
      <GuardedConflict guard={write} describe={(now) => <MeasureSummary measure={now} />} />
      {write.error ? <ErrorMessage error={write.error} /> : null}

      <MeasureFields key={`f${version}-${m.id}`} measure={m} errors={errors} busy={busy} saved={write.saved} run={run} />

      <h5>{t("editor.subItems")}</h5>
      <ol className="editor-sublist" lang={CONTENT_LANG}>
        {m.sub_items.map((s) => (
          <SubItemRow key={`${s.id}-${version}`} measureId={m.id} sub={s} run={run} busy={busy} />
        ))}
      </ol>
      <AddSubItem key={`s${version}`} measureId={m.id} run={run} busy={busy} />

      <h5>{t("editor.indicators")}</h5>
      <ul className="editor-sublist">
        {[
          ...m.indicators.map((i) => ({ i, sub: null as string | null })),
          ...m.sub_items.flatMap((s) => s.indicators.map((i) => ({ i, sub: s.code ?? s.text.slice(0, 8) }))),
        ].map(({ i, sub }) => (
          <IndicatorRow key={`${i.id}-${version}`} measureId={m.id} indicator={i} sub={sub} run={run} busy={busy} />
        ))}
      </ul>
      <IndicatorForm key={`i${version}`} measure={m} run={run} busy={busy} />

      <div className="form__actions">
        <button type="button" className="button" onClick={onClose}>
          {t("editor.done")}
        </button>
      </div>
    </section>
  );
}

function MeasureSummary({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  return (
    <div className="measure-summary">
      <p lang={CONTENT_LANG}>
        {measure.code && <span className="measure-code">{measure.code}</span>}
        {measure.text}
      </p>
      <OwnerList organizations={measure.organizations} />
      {measure.sub_items.length > 0 && (
        <ul lang={CONTENT_LANG}>
          {measure.sub_items.map((s) => (
            <li key={s.id}>
              {s.code} {s.text}
            </li>
          ))}
        </ul>
      )}
      {measure.indicators.length > 0 && (
        <p>
          {t("editor.indicators")}：<span lang={CONTENT_LANG}>{measure.indicators.map((i) => i.name).join("、")}</span>
        </p>
      )}
    </div>
  );
}

function MeasureFields({
  measure,
  errors,
  busy,
  saved,
  run,
}: {
  measure: Measure;
  errors: Record<string, string>;
  busy: boolean;
  saved: boolean;
  run: (op: Op) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(measure.code ?? "");
  const [text, setText] = useState(measure.text);
  const [owners, setOwners] = useState(measure.organizations.map((o) => o.code));
  const [local, setLocal] = useState<string | null>(null);
  useUnsavedChanges(
    code !== (measure.code ?? "") || text !== measure.text || owners.join() !== measure.organizations.map((o) => o.code).join(),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (owners.length === 0) return setLocal(t("editor.ownersRequired"));
    setLocal(null);
    const body = { code: code.trim() || null, text: text.trim(), organizations: owners };
    void run((etag) => measureWrites.update(measure.id, etag, body));
  };
  return (
    <form className="form editor-form" onSubmit={submit} noValidate>
      <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} size={6} />
      <TextAreaField
        label={t("editor.text")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.text}
        lang={CONTENT_LANG}
        rows={4}
      />
      <OwnerChoice idPrefix={`measure-${measure.id}-owner`} value={owners} onChange={setOwners} error={local ?? errors.organizations} />
      <div className="form__actions">
        <SaveButton busy={busy} saved={saved} />
      </div>
    </form>
  );
}

function SubItemRow({
  measureId,
  sub,
  run,
  busy,
}: {
  measureId: number;
  sub: Measure["sub_items"][number];
  run: (op: Op) => Promise<boolean>;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [code, setCode] = useState(sub.code ?? "");
  const [text, setText] = useState(sub.text);
  const name = `${sub.code ?? ""} ${sub.text.slice(0, 16)}`.trim();
  return (
    <li>
      <div className="editor-node__row">
        <span>
          {sub.code && <span className="measure-code">{sub.code}</span>}
          {sub.text}
        </span>
        <EditDeleteActions name={name} lang="" onEdit={() => setEditing((e) => !e)} onDelete={() => setConfirming(true)} />
      </div>
      {confirming && (
        <ConfirmDelete
          name={name}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void run((etag) => measureWrites.deleteSubItem(measureId, sub.id, etag))}
        />
      )}
      {editing && (
        <form
          className="form form--inline editor-form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run((etag) => measureWrites.updateSubItem(measureId, sub.id, etag, { code: code.trim() || null, text: text.trim() })))
              setEditing(false);
          }}
        >
          <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} size={4} />
          <TextField label={t("editor.text")} value={text} onChange={(e) => setText(e.target.value)} className="field--grow" />
          <FormButtons busy={busy} submit={t("form.save")} onCancel={() => setEditing(false)} />
        </form>
      )}
    </li>
  );
}

function AddSubItem({ measureId, run, busy }: { measureId: number; run: (op: Op) => Promise<boolean>; busy: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [text, setText] = useState("");
  if (!open)
    return (
      <button type="button" className="button button--quiet button--small" onClick={() => setOpen(true)}>
        {t("editor.addSubItem")}
      </button>
    );
  return (
    <form
      className="form form--inline editor-form"
      aria-label={t("editor.addSubItem")}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run((etag) => measureWrites.addSubItem(measureId, etag, { code: code.trim() || null, text: text.trim() }))) {
          setOpen(false);
          setCode("");
          setText("");
        }
      }}
    >
      <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} size={4} />
      <TextField
        label={t("editor.text")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="field--grow"
        lang={CONTENT_LANG}
      />
      <FormButtons busy={busy} submit={t("form.create")} onCancel={() => setOpen(false)} />
    </form>
  );
}

function IndicatorRow({
  measureId,
  indicator,
  sub,
  run,
  busy,
}: {
  measureId: number;
  indicator: Indicator;
  sub: string | null;
  run: (op: Op) => Promise<boolean>;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = indicator.name;
  return (
    <li>
      <div className="editor-node__row">
        <span>
          <span lang={CONTENT_LANG}>{indicator.name}</span>
          {sub && <span className="tag">{t("measure.subItem", { code: sub })}</span>} · {t(`comparison.${indicator.comparison}`)}{" "}
          {indicator.target ?? ""} {indicator.unit ?? ""} · {t(`frequency.${indicator.frequency}`)}
          {indicator.due_date && (
            <>
              {" · "}
              {t("measure.dueDate")} <time dateTime={indicator.due_date}>{formatRocDate(indicator.due_date, language)}</time>
            </>
          )}
        </span>
        <EditDeleteActions name={name} onEdit={() => setEditing((e) => !e)} onDelete={() => setConfirming(true)} />
      </div>
      {confirming && (
        <ConfirmDelete
          name={name}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void run((etag) => measureWrites.deleteIndicator(measureId, indicator.id, etag))}
        />
      )}
      {editing && (
        <IndicatorFields
          initial={indicator}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const { sub_item_id: _ignored, ...update } = body;
            void _ignored;
            if (await run((etag) => measureWrites.updateIndicator(measureId, indicator.id, etag, update))) setEditing(false);
          }}
        />
      )}
    </li>
  );
}

function IndicatorForm({ measure, run, busy }: { measure: Measure; run: (op: Op) => Promise<boolean>; busy: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="button button--quiet button--small" onClick={() => setOpen(true)}>
        {t("editor.addIndicator")}
      </button>
    );
  return (
    <IndicatorFields
      subItems={measure.sub_items}
      busy={busy}
      onCancel={() => setOpen(false)}
      onSubmit={async (body) => {
        if (await run((etag) => measureWrites.addIndicator(measure.id, etag, body))) setOpen(false);
      }}
    />
  );
}

function IndicatorFields({
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
  return (
    <form
      className="form form--grid editor-form"
      aria-label={initial ? t("editor.editLabel", { name: initial.name }) : t("editor.addIndicator")}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (due.iso === undefined) return;
        onSubmit({
          name: name.trim(),
          unit: unit.trim() || null,
          target: target.trim() === "" ? null : target.trim(),
          comparison,
          frequency,
          due_date: due.iso ?? null,
          source_phrase: source.trim() || null,
          sub_item_id: subItem ? Number(subItem) : null,
        });
      }}
    >
      <TextField label={t("measure.name")} value={name} onChange={(e) => setName(e.target.value)} lang={CONTENT_LANG} />
      <TextField label={t("editor.target")} value={target} onChange={(e) => setTarget(e.target.value)} inputMode="decimal" size={8} />
      <TextField label={t("editor.unit")} value={unit} onChange={(e) => setUnit(e.target.value)} size={6} />
      <SelectField label={t("measure.comparison")} value={comparison} onChange={(e) => setComparison(e.target.value as Comparison)}>
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
      <RocDateField label={t("editor.dueDate")} value={due} onChange={setDue} />
      <TextField
        label={t("editor.sourcePhrase")}
        value={source}
        onChange={(e) => setSource(e.target.value)}
        lang={CONTENT_LANG}
        className="field--wide"
      />
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
