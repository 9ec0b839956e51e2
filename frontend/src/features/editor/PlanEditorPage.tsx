import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useEditorPlan, usePlanTree } from "../../api/plans";
import { Notice } from "../../components/Conflict";
import { HistoryPanel } from "../../components/HistoryPanel";
import { NotFoundPage } from "../../components/NotFoundPage";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { CopyForm } from "./CopyForm";
import { Lifecycle } from "./Lifecycle";
import { PlanFields, usePlanFieldsSave } from "./PlanFields";
import { PlanRetirement } from "./PlanRetirement";
import { StructureEditor } from "./structure/StructureEditor";
import { UnsavedChangesGuard } from "./unsaved";

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
  // Here, not in the form: the form restarts with each new ETag, and 「已儲存」 must outlive that.
  const saveFields = usePlanFieldsSave(planId);
  useDocumentTitle(plan.data ? t("editor.editHeading", { title: plan.data.data.title }) : t("editor.heading"));

  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data.data;
  const editable = p.status === "draft" || p.status === "amending";

  return (
    <UnsavedChangesGuard>
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

        <Lifecycle plan={p} etag={plan.data.etag} onNotice={setNotice} />
        <PlanRetirement plan={p} etag={plan.data.etag} onNotice={setNotice} />

        {!editable && <p className="state">{t("editor.readOnly")}</p>}
        <PlanFields key={`${plan.data.etag}-${editable}`} plan={p} etag={plan.data.etag} editable={editable} save={saveFields} />

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
    </UnsavedChangesGuard>
  );
}
