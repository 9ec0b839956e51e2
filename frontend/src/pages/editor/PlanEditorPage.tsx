import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, api, fieldErrors, unwrapWithEtag } from "../../api/client";
import { fetchPlanEtag, invalidatePlan, type PlanUpdate, planWrites, useEditorPlan, useRevisions } from "../../api/editor";
import { usePlanTree } from "../../api/queries";
import type { Plan } from "../../api/types";
import { ConflictNotice, Notice } from "../../components/Conflict";
import { RocDateField, type RocDateValue, rocDateValue, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { HistoryPanel } from "../../components/HistoryPanel";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate, formatRocYear, toRocYear } from "../../lib/rocDate";
import { parseRocYearInput } from "../../lib/rocYear";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { NotFoundPage } from "../NotFoundPage";
import { PlanRetirement } from "./PlanRetirement";
import { StructureEditor } from "./StructureEditor";

export function PlanEditorPage() {
  const { planId } = useParams();
  const id = planId && /^\d+$/.test(planId) ? Number(planId) : undefined;
  if (id === undefined) return <NotFoundPage />;
  return <PlanEditor key={id} planId={id} />;
}

function PlanEditor({ planId }: { planId: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const plan = useEditorPlan(planId);
  const tree = usePlanTree(planId);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(plan.data ? t("editor.editHeading", { title: plan.data.data.title }) : t("editor.heading"));

  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data.data;
  const editable = p.status === "draft" || p.status === "amending";

  return (
    <div className="admin-page plan-editor">
      <p className="breadcrumb-line">
        <Link to="/editor">{t("editor.heading")}</Link>
      </p>
      <h1 lang={CONTENT_LANG}>{p.title}</h1>
      <dl className="plan-meta">
        <div>
          <dt>{t("plan.year")}</dt>
          <dd>{formatRocYear(p.year, language)}</dd>
        </div>
        <div>
          <dt>{t("plan.status")}</dt>
          <dd id="plan-status">{t(`status.${p.status}`)}</dd>
        </div>
        <div>
          <dt>{t("editor.revision")}</dt>
          <dd id="plan-revision">{p.revision > 0 ? t("editor.revisionN", { n: p.revision }) : t("editor.notPublished")}</dd>
        </div>
      </dl>
      <p className="staff-bar">
        <Link to={`/?plan=${p.id}`}>{t("editor.viewInBrowser")}</Link>
        <Link to={`/editor/plans/${p.id}/revisions`}>{t("editor.revisions")}</Link>
        <a href={`/api/v1/plans/${p.id}/export?format=json`} download>
          {t("editor.exportJson")}
        </a>
        <a href={`/api/v1/plans/${p.id}/export?format=xlsx`} download>
          {t("editor.exportXlsx")}
        </a>
      </p>
      {notice && <Notice>{notice}</Notice>}

      <Lifecycle plan={p} onNotice={setNotice} />
      <PlanRetirement plan={p} onNotice={setNotice} />

      {!editable && <p className="state">{t("editor.readOnly")}</p>}
      <PlanFields key={`${plan.data.etag}-${editable}`} plan={p} etag={plan.data.etag} editable={editable} onNotice={setNotice} />

      {tree.isPending ? (
        <Loading />
      ) : tree.isError ? (
        <ErrorMessage error={tree.error} onRetry={() => void tree.refetch()} />
      ) : (
        <StructureEditor planId={p.id} editable={editable} dimensions={tree.data.dimensions} onNotice={setNotice} />
      )}

      <CopyForm plan={p} />
      <HistoryPanel objectType="plan" objectId={p.id} />
    </div>
  );
}

/** Publish a draft; open, then adopt, an amendment (捌). */
function Lifecycle({ plan, onNotice }: { plan: Plan; onNotice: (m: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const revisions = useRevisions(plan.id);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [reason, setReason] = useState("");
  const [date, setDate] = useState<RocDateValue>({ text: "", iso: null });
  const [dateError, setDateError] = useState<string | null>(null);
  const done = () => invalidatePlan(client, plan.id);

  const publish = useMutation({
    mutationFn: async () => planWrites.publish(plan.id, await fetchPlanEtag(plan.id)),
    onSuccess: () => {
      setConfirmPublish(false);
      onNotice(t("editor.published"));
      done();
    },
  });
  const open = useMutation({
    mutationFn: (body: { reason: string; amended_on: string }) => planWrites.openAmendment(plan.id, body),
    onSuccess: (r) => {
      onNotice(t("editor.amendOpened", { n: r.number }));
      setReason("");
      setDate({ text: "", iso: null });
      done();
    },
  });
  const openRevision = revisions.data?.find((r) => r.state === "open");
  const adopt = useMutation({
    mutationFn: (number: number) => planWrites.adopt(plan.id, number),
    onSuccess: (r) => {
      onNotice(t("editor.adopted", { n: r.number }));
      done();
    },
  });

  if (plan.status === "draft") {
    return (
      <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t("editor.publish")}</h2>
        {publish.isError && <ErrorMessage error={publish.error} />}
        {confirmPublish ? (
          <div className="confirm" role="alertdialog" aria-label={t("editor.publish")}>
            <p>{t("editor.publishConfirm")}</p>
            <button type="button" className="button" disabled={publish.isPending} onClick={() => publish.mutate()}>
              {t("editor.publish")}
            </button>{" "}
            <button type="button" className="button button--quiet" onClick={() => setConfirmPublish(false)}>
              {t("form.cancel")}
            </button>
          </div>
        ) : (
          <button type="button" className="button" onClick={() => setConfirmPublish(true)}>
            {t("editor.publish")}
          </button>
        )}
      </section>
    );
  }
  if (plan.status === "amending") {
    return (
      <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t("editor.amendHeading")}</h2>
        {openRevision && (
          <p>
            {t("editor.amendingNotice", {
              n: openRevision.number,
              reason: openRevision.reason,
              date: formatRocDate(openRevision.amended_on, language),
            })}
          </p>
        )}
        {adopt.isError && <ErrorMessage error={adopt.error} />}
        {openRevision && (
          <button type="button" className="button" disabled={adopt.isPending} onClick={() => adopt.mutate(openRevision.number)}>
            {t("editor.adopt", { n: openRevision.number })}
          </button>
        )}
      </section>
    );
  }
  if (plan.status !== "published") return null;
  const errors: Record<string, string> = { ...fieldErrors(open.error), ...(dateError ? { amended_on: dateError } : {}) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!date.iso) {
      setDateError(t("form.invalidDate"));
      return;
    }
    setDateError(null);
    open.mutate({ reason: reason.trim(), amended_on: date.iso });
  };
  return (
    <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t("editor.amendHeading")}</h2>
      {open.isError && Object.keys(fieldErrors(open.error)).length === 0 && <ErrorMessage error={open.error} />}
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("editor.amendReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.reason}
          className="field--wide"
          lang={CONTENT_LANG}
        />
        <RocDateField label={t("editor.amendDate")} value={date} onChange={setDate} error={errors.amended_on} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={open.isPending}>
            {t("editor.amendOpen")}
          </button>
        </div>
      </form>
    </section>
  );
}

function PlanFields({ plan, etag, editable, onNotice }: { plan: Plan; etag: string; editable: boolean; onNotice: (m: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const [title, setTitle] = useState(plan.title);
  const [due, setDue] = useState<RocDateValue>(rocDateValue(plan.report_due_date));
  const [objectives, setObjectives] = useState(plan.objectives);
  const [principles, setPrinciples] = useState(plan.principles.join("\n"));
  const [conflict, setConflict] = useState<{ body: PlanUpdate; current: Plan; etag: string } | null>(null);

  const save = useMutation({
    mutationFn: ({ body, etag: tag }: { body: PlanUpdate; etag: string }) => planWrites.update(plan.id, tag, body),
    onSuccess: () => {
      setConflict(null);
      onNotice(t("editor.saved"));
      invalidatePlan(client, plan.id);
    },
    onError: async (e, { body }) => {
      if (e instanceof ApiError && e.status === 412) {
        const now = unwrapWithEtag(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: plan.id } } }));
        setConflict({ body, current: now.data, etag: now.etag });
      }
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (due.iso === undefined) return;
    save.mutate({
      etag,
      body: {
        title: title.trim(),
        report_due_date: due.iso,
        objectives,
        principles: principles
          .split("\n")
          .map((p) => p.trim())
          .filter(Boolean),
      },
    });
  };
  return (
    <section className="panel form-panel" aria-labelledby="plan-fields-heading">
      <h2 id="plan-fields-heading">{t("editor.planFields")}</h2>
      {conflict && (
        <ConflictNotice
          busy={save.isPending}
          current={
            <dl className="facts" lang={CONTENT_LANG}>
              <dt>{t("editor.title")}</dt>
              <dd>{conflict.current.title}</dd>
              <dt>{t("plan.reportDue")}</dt>
              <dd>{conflict.current.report_due_date ? formatRocDate(conflict.current.report_due_date, language) : "—"}</dd>
              <dt>{t("editor.objectives")}</dt>
              <dd>{conflict.current.objectives || "—"}</dd>
            </dl>
          }
          onReapply={() => save.mutate({ etag: conflict.etag, body: conflict.body })}
          onDiscard={() => {
            setConflict(null);
            save.reset();
            invalidatePlan(client, plan.id);
          }}
        />
      )}
      {save.isError && !conflict && Object.keys(errors).length === 0 && !(save.error instanceof ApiError && save.error.status === 412) && (
        <ErrorMessage error={save.error} />
      )}
      <form className="form form--grid" onSubmit={submit} noValidate>
        <fieldset disabled={!editable} className="form--grid fieldset-plain">
          <legend className="visually-hidden">{t("editor.planFields")}</legend>
          <TextField
            label={t("editor.title")}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            error={errors.title}
            className="field--wide"
            lang={CONTENT_LANG}
          />
          <RocDateField label={t("editor.reportDue")} value={due} onChange={setDue} error={errors.report_due_date} />
          <TextAreaField
            label={t("editor.objectives")}
            value={objectives}
            onChange={(e) => setObjectives(e.target.value)}
            error={errors.objectives}
            className="field--wide"
            lang={CONTENT_LANG}
          />
          <TextAreaField
            label={t("editor.principles")}
            hint={t("editor.principlesHint")}
            value={principles}
            onChange={(e) => setPrinciples(e.target.value)}
            error={errors.principles}
            lang={CONTENT_LANG}
          />
          <div className="form__actions">
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? t("form.saving") : t("form.save")}
            </button>
          </div>
        </fieldset>
      </form>
    </section>
  );
}

function CopyForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [year, setYear] = useState(String(toRocYear(plan.year + 1)));
  const [local, setLocal] = useState<string | null>(null);
  // Under amendment the reviewer chooses; otherwise the adopted content is all there is.
  const [content, setContent] = useState<"adopted" | "working">("adopted");
  const copy = useMutation({
    mutationFn: (y: number) => planWrites.copy(plan.id, { year: y, content }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ["plans"] });
      void navigate(`/editor/plans/${created.id}`);
    },
  });
  return (
    <section className="panel form-panel" aria-labelledby="copy-heading">
      <h2 id="copy-heading">{t("editor.copyHeading")}</h2>
      {copy.isError && Object.keys(fieldErrors(copy.error)).length === 0 && <ErrorMessage error={copy.error} />}
      <form
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const y = parseRocYearInput(year);
          setLocal(y === null ? t("editor.invalidYear") : null);
          if (y !== null) copy.mutate(y);
        }}
      >
        <TextField
          label={t("editor.copyYear")}
          hint={t("editor.yearHint")}
          value={year}
          onChange={(e) => setYear(e.target.value)}
          error={local ?? fieldErrors(copy.error).year}
          inputMode="numeric"
          size={6}
        />
        {plan.status === "amending" && (
          <SelectField
            label={t("editor.copyContent")}
            value={content}
            onChange={(e) => setContent(e.target.value === "working" ? "working" : "adopted")}
          >
            <option value="adopted">{t("editor.copyAdopted", { n: plan.revision })}</option>
            <option value="working">{t("editor.copyWorking")}</option>
          </SelectField>
        )}
        <div className="form__actions">
          <button type="submit" className="button" disabled={copy.isPending}>
            {t("editor.copySubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}
