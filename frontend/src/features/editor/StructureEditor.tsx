import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors, type Versioned } from "../../api/client";
import { measureWrites, structureQueries, structureWrites } from "../../api/editor";
import { getMeasure } from "../../api/measures";
import { useEnterprises } from "../../api/organizations";
import { invalidatePlan } from "../../api/plans";
import type { DimensionNode, MeasureNode, StrategyNode } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, SaveButton, SavedMark } from "../../components/Conflict";
import { TextAreaField, TextField } from "../../components/Fields";
import { OwnerList } from "../../components/OwnerList";
import { ErrorMessage } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { MeasureEditor } from "./MeasureEditor";
import { stillAsShown } from "./stillAsShown";

interface Ctx {
  planId: number;
  editable: boolean;
  onNotice: (message: string) => void;
}

/** Dimensions → strategies → measures, each with add, edit, move and delete while the plan may change. */
export function StructureEditor({ dimensions, ...ctx }: Ctx & { dimensions: readonly DimensionNode[] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="structure-heading" className="structure">
      <h2 id="structure-heading">{t("editor.structure")}</h2>
      {dimensions.length === 0 && <p className="muted">{t("editor.empty")}</p>}
      <ol className="editor-list">
        {dimensions.map((d, i) => (
          <DimensionBlock key={d.id} dimension={d} index={i} count={dimensions.length} {...ctx} />
        ))}
      </ol>
      {ctx.editable &&
        (adding ? (
          <CodeNameForm
            legend={t("editor.addDimension")}
            onCancel={() => setAdding(false)}
            save={(body) => structureWrites.addDimension(ctx.planId, body)}
            planId={ctx.planId}
            onSaved={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("editor.addDimension")}
          </button>
        ))}
    </section>
  );
}

function label(code: string | null | undefined, name: string): string {
  return code ? `${code} ${name}` : name;
}

function DimensionBlock({ dimension, index, count, ...ctx }: Ctx & { dimension: DimensionNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const name = label(dimension.code, dimension.name);
  return (
    <li className="editor-node editor-node--dimension">
      <NodeHeader
        level={3}
        title={name}
        kind={t("editor.dimension")}
        shown={{ code: dimension.code, name: dimension.name, position: dimension.position }}
        index={index}
        count={count}
        ctx={ctx}
        query={structureQueries.node("dimension", dimension.id)}
        load={() => structureWrites.getDimension(dimension.id)}
        update={(etag, body) => structureWrites.updateDimension(dimension.id, etag, body)}
        remove={(etag) => structureWrites.deleteDimension(dimension.id, etag)}
      />
      <ol className="editor-list">
        {dimension.strategies.map((s, i) => (
          <StrategyBlock key={s.id} strategy={s} index={i} count={dimension.strategies.length} {...ctx} />
        ))}
      </ol>
      {dimension.strategies.length === 0 && <p className="muted">{t("editor.noStrategies")}</p>}
      {ctx.editable &&
        (adding ? (
          <CodeNameForm
            legend={`${t("editor.addStrategy")}：${name}`}
            onCancel={() => setAdding(false)}
            save={(body) => structureWrites.addStrategy(dimension.id, body)}
            planId={ctx.planId}
            onSaved={() => setAdding(false)}
          />
        ) : (
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={`${t("editor.addStrategy")}（${name}）`}
            onClick={() => setAdding(true)}
          >
            {t("editor.addStrategy")}
          </button>
        ))}
    </li>
  );
}

function StrategyBlock({ strategy, index, count, ...ctx }: Ctx & { strategy: StrategyNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const name = label(strategy.code, strategy.name);
  return (
    <li className="editor-node editor-node--strategy">
      <NodeHeader
        level={4}
        title={name}
        kind={t("editor.strategy")}
        shown={{ code: strategy.code, name: strategy.name, position: strategy.position }}
        index={index}
        count={count}
        ctx={ctx}
        query={structureQueries.node("strategy", strategy.id)}
        load={() => structureWrites.getStrategy(strategy.id)}
        update={(etag, body) => structureWrites.updateStrategy(strategy.id, etag, body)}
        remove={(etag) => structureWrites.deleteStrategy(strategy.id, etag)}
      />
      <ol className="editor-list">
        {strategy.measures.map((m, i) => (
          <MeasureRow key={m.id} measure={m} index={i} count={strategy.measures.length} {...ctx} />
        ))}
      </ol>
      {strategy.measures.length === 0 && <p className="muted">{t("editor.noMeasures")}</p>}
      {ctx.editable &&
        (adding ? (
          <NewMeasureForm strategyId={strategy.id} strategyName={name} planId={ctx.planId} onDone={() => setAdding(false)} />
        ) : (
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={`${t("editor.addMeasure")}（${name}）`}
            onClick={() => setAdding(true)}
          >
            {t("editor.addMeasure")}
          </button>
        ))}
    </li>
  );
}

function MeasureRow({ measure, index, count, ...ctx }: Ctx & { measure: MeasureNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const short = measure.text.length > 24 ? `${measure.text.slice(0, 24)}…` : measure.text;
  const name = label(measure.code, short);
  const { act, busy, notice } = useNodeActions({
    planId: ctx.planId,
    shown: {
      code: measure.code,
      text: measure.text,
      position: measure.position,
      organizations: measure.organizations,
      sub_items: measure.sub_items,
      indicators: measure.indicators,
    },
    load: () => getMeasure(measure.id),
    move: (etag, position) => measureWrites.update(measure.id, etag, { position }),
    remove: (etag) => measureWrites.remove(measure.id, etag),
    onDeleted: () => ctx.onNotice(t("editor.deleted", { name })),
    describe: (m) => (
      <p lang={CONTENT_LANG}>
        {m.code && <span className="measure-code">{m.code}</span>}
        {m.text}
      </p>
    ),
  });
  return (
    <li className="editor-node editor-node--measure">
      <div className="editor-node__row">
        <p className="editor-measure" lang={CONTENT_LANG}>
          {measure.code && <span className="measure-code">{measure.code}</span>}
          <span>{measure.text}</span>
        </p>
        <OwnerList organizations={measure.organizations} />
        {ctx.editable && (
          <div className="editor-actions">
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={editing}
              aria-label={t("editor.editLabel", { name })}
              onClick={() => setEditing((e) => !e)}
            >
              {t("form.edit")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === 0 || busy}
              aria-label={t("editor.moveUpLabel", { name })}
              onClick={() => void act("up")}
            >
              {t("editor.moveUp")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === count - 1 || busy}
              aria-label={t("editor.moveDownLabel", { name })}
              onClick={() => void act("down")}
            >
              {t("editor.moveDown")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={t("editor.deleteLabel", { name })}
              onClick={() => setConfirming(true)}
            >
              {t("form.delete")}
            </button>
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmDelete
          name={name}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act("delete").finally(() => setConfirming(false))}
        />
      )}
      {notice}
      {editing && <MeasureEditor measureId={measure.id} planId={ctx.planId} onClose={() => setEditing(false)} />}
    </li>
  );
}

type NodeAction = "up" | "down" | "delete";

interface NodeChange {
  action: NodeAction;
  /** Where a move puts the item: one place from where it was read. */
  position: number;
}

const moved = (action: NodeAction, position: number): NodeChange => ({ action, position: position + (action === "up" ? -1 : 1) });

/**
 * Move and delete, guarded like every other write: the tree carries no ETag per item, so the item
 * is read first and must still be as the tree showed it (for a dimension or strategy those fields
 * are all its ETag covers); the write then sends that read's ETag as If-Match. A difference, or a
 * 412, shows the item as it now is, to act again on it or drop the action.
 */
function useNodeActions<T extends { position: number }>({
  planId,
  shown,
  load,
  move,
  remove,
  onDeleted,
  describe,
}: {
  planId: number;
  shown: Partial<T>;
  load: () => Promise<Versioned<T>>;
  move: (etag: string, position: number) => Promise<unknown>;
  remove: (etag: string) => Promise<unknown>;
  onDeleted: () => void;
  describe: (current: T) => ReactNode;
}) {
  const client = useQueryClient();
  const [reading, setReading] = useState(false);
  const guard = useGuardedMutation<T, NodeChange, unknown>({
    write: (etag, { action, position }) => (action === "delete" ? remove(etag) : move(etag, position)),
    read: load,
    rebase: ({ action }, current) => moved(action, current.position),
    onSaved: (_, { action }) => {
      if (action === "delete") onDeleted();
      invalidatePlan(client, planId);
    },
    onDiscarded: () => invalidatePlan(client, planId),
  });
  const act = async (action: NodeAction): Promise<boolean> => {
    setReading(true);
    const seen = await load().catch(() => null);
    setReading(false);
    if (seen && stillAsShown(shown, seen.data)) return guard.save(seen.etag, moved(action, seen.data.position));
    if (seen) guard.conflictWith(seen, moved(action, seen.data.position));
    invalidatePlan(client, planId); // gone or changed: the tree, read again, shows it
    return false;
  };
  const notice = (
    <>
      <GuardedConflict guard={guard} describe={describe} />
      {guard.error ? <ErrorMessage error={guard.error} /> : null}
    </>
  );
  return { act, busy: reading || guard.busy, notice };
}

export function ConfirmDelete({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="confirm" role="alertdialog" aria-label={t("editor.deleteLabel", { name })}>
      <p>{t("form.confirmDelete", { name })}</p>
      <button type="button" className="button button--danger button--small" disabled={busy} onClick={onConfirm}>
        {t("form.yesDelete")}
      </button>{" "}
      <button type="button" className="button button--quiet button--small" onClick={onCancel}>
        {t("form.cancel")}
      </button>
    </div>
  );
}

interface CodeName {
  code: string;
  name: string;
}

/** A dimension's or strategy's read for its edit form. */
type NodeQuery = ReturnType<typeof structureQueries.node>;

/** The heading of a dimension or strategy with its actions, and its edit form with conflict handling. */
function NodeHeader({
  level,
  title,
  kind,
  shown,
  index,
  count,
  ctx,
  query,
  load,
  update,
  remove,
}: {
  level: 3 | 4;
  title: string;
  kind: string;
  /** The item as the tree showed it: a move or delete goes ahead only if it is still so. */
  shown: CodeName & { position: number };
  index: number;
  count: number;
  ctx: Ctx;
  query: NodeQuery;
  load: () => Promise<Versioned<CodeName & { position: number }>>;
  update: (etag: string, body: Partial<CodeName> & { position?: number }) => Promise<unknown>;
  remove: (etag: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const Heading = `h${level}` as const;
  const { act, busy, notice } = useNodeActions({
    planId: ctx.planId,
    shown,
    load,
    move: (etag, position) => update(etag, { position }),
    remove,
    onDeleted: () => ctx.onNotice(t("editor.deleted", { name: title })),
    describe: (d) => <p lang={CONTENT_LANG}>{label(d.code, d.name)}</p>,
  });
  return (
    <>
      <div className="editor-node__row">
        <Heading className="editor-node__title" lang={CONTENT_LANG}>
          <span className="visually-hidden">{kind} </span>
          {title}
        </Heading>
        {ctx.editable && (
          <div className="editor-actions">
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={editing}
              aria-label={t("editor.editLabel", { name: title })}
              onClick={() => {
                setSaved(false);
                setEditing((e) => !e);
              }}
            >
              {t("form.edit")}
            </button>
            <SavedMark saved={saved} />
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === 0 || busy}
              aria-label={t("editor.moveUpLabel", { name: title })}
              onClick={() => void act("up")}
            >
              {t("editor.moveUp")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === count - 1 || busy}
              aria-label={t("editor.moveDownLabel", { name: title })}
              onClick={() => void act("down")}
            >
              {t("editor.moveDown")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={t("editor.deleteLabel", { name: title })}
              onClick={() => setConfirming(true)}
            >
              {t("form.delete")}
            </button>
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmDelete
          name={title}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act("delete").finally(() => setConfirming(false))}
        />
      )}
      {notice}
      {editing && (
        <EditCodeName
          title={title}
          planId={ctx.planId}
          query={query}
          load={load}
          update={update}
          onSaved={() => setSaved(true)}
          onDone={() => setEditing(false)}
        />
      )}
    </>
  );
}

function EditCodeName({
  title,
  planId,
  query,
  load,
  update,
  onSaved,
  onDone,
}: {
  title: string;
  planId: number;
  query: NodeQuery;
  load: () => Promise<Versioned<CodeName & { position: number }>>;
  update: (etag: string, body: Partial<CodeName>) => Promise<unknown>;
  onSaved: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const loaded = useQuery(query);
  const [draft, setDraft] = useState<CodeName | null>(null);
  const save = useGuardedMutation({
    write: update,
    read: load,
    onSaved: () => {
      invalidatePlan(client, planId);
      void client.invalidateQueries({ queryKey: query.queryKey });
      onSaved();
      onDone();
    },
    onDiscarded: () => {
      setDraft(null);
      void client.invalidateQueries({ queryKey: query.queryKey });
    },
  });
  if (!loaded.data) return loaded.isError ? <ErrorMessage error={loaded.error} /> : null;
  const seen = loaded.data;
  const form = draft ?? { code: seen.data.code, name: seen.data.name };
  const errors = save.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.save(seen.etag, form);
  };
  return (
    <form className="form form--inline editor-form" onSubmit={submit} noValidate aria-label={t("editor.editLabel", { name: title })}>
      <GuardedConflict
        guard={save}
        describe={(current) => (
          <p lang={CONTENT_LANG}>
            {current.code} {current.name}
          </p>
        )}
      />
      {save.error && Object.keys(errors).length === 0 ? <ErrorMessage error={save.error} /> : null}
      <TextField
        label={t("editor.code")}
        value={form.code}
        onChange={(e) => setDraft({ ...form, code: e.target.value })}
        error={errors.code}
        size={6}
      />
      <TextField
        label={t("editor.name")}
        value={form.name}
        onChange={(e) => setDraft({ ...form, name: e.target.value })}
        error={errors.name}
        className="field--grow"
      />
      <div className="form__actions">
        <SaveButton busy={save.busy} saved={save.saved} />
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

function CodeNameForm({
  legend,
  planId,
  save,
  onSaved,
  onCancel,
}: {
  legend: string;
  planId: number;
  save: (body: CodeName) => Promise<unknown>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<CodeName>({ code: "", name: "" });
  const add = useMutation({
    mutationFn: save,
    onSuccess: () => {
      invalidatePlan(client, planId);
      onSaved();
    },
  });
  const errors = fieldErrors(add.error);
  return (
    <form
      className="form form--inline editor-form"
      aria-label={legend}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ code: form.code.trim(), name: form.name.trim() });
      }}
    >
      {add.isError && Object.keys(errors).length === 0 && <ErrorMessage error={add.error} />}
      <TextField
        label={t("editor.code")}
        value={form.code}
        onChange={(e) => setForm({ ...form, code: e.target.value })}
        error={errors.code}
        size={6}
      />
      <TextField
        label={t("editor.name")}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
        error={errors.name}
        className="field--grow"
      />
      <div className="form__actions">
        <button type="submit" className="button" disabled={add.isPending}>
          {t("form.create")}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Enterprise checkboxes: who carries out a measure. */
export function OwnerChoice({
  value,
  onChange,
  error,
  idPrefix,
}: {
  value: readonly string[];
  onChange: (v: string[]) => void;
  error?: string | null;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const enterprises = useEnterprises();
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend>{t("editor.owners")}</legend>
      {(enterprises.data?.items ?? []).map((o) => (
        <div key={o.code} className="field--check">
          <input
            id={`${idPrefix}-${o.code}`}
            type="checkbox"
            checked={value.includes(o.code)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.code] : value.filter((c) => c !== o.code))}
          />
          <label htmlFor={`${idPrefix}-${o.code}`}>{shortName(o, language)}</label>
        </div>
      ))}
      {error && (
        <p className="field__error" id={`${idPrefix}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function NewMeasureForm({
  strategyId,
  strategyName,
  planId,
  onDone,
}: {
  strategyId: number;
  strategyName: string;
  planId: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState("");
  const [text, setText] = useState("");
  const [owners, setOwners] = useState<string[]>([]);
  const [local, setLocal] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => structureWrites.addMeasure(strategyId, { code: code.trim() || null, text: text.trim(), organizations: owners }),
    onSuccess: () => {
      invalidatePlan(client, planId);
      onDone();
    },
  });
  const errors = fieldErrors(add.error);
  return (
    <form
      className="form editor-form"
      aria-label={`${t("editor.addMeasure")}：${strategyName}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const missing = owners.length === 0 ? t("editor.ownersRequired") : null;
        setLocal(missing);
        if (!missing) add.mutate();
      }}
    >
      {add.isError && Object.keys(errors).length === 0 && <ErrorMessage error={add.error} />}
      <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} size={6} />
      <TextAreaField
        label={t("editor.text")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.text}
        lang={CONTENT_LANG}
      />
      <OwnerChoice idPrefix={`new-measure-${strategyId}`} value={owners} onChange={setOwners} error={local ?? errors.organizations} />
      <FormButtons busy={add.isPending} submit={t("form.create")} onCancel={onDone} />
    </form>
  );
}

export function FormButtons({ busy, submit, onCancel, extra }: { busy: boolean; submit: string; onCancel: () => void; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button type="submit" className="button" disabled={busy}>
        {busy ? t("form.saving") : submit}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t("form.cancel")}
      </button>
      {extra}
    </div>
  );
}
