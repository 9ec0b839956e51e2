import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useMe } from "../../api/auth";
import type { PlanRecord, RevisionChange } from "../../api/editor";
import { useEnterprises } from "../../api/organizations";
import { usePlan, useRevision, useRevisionChanges, useRevisions } from "../../api/plans";
import { ChangeList } from "../../components/ChangeList";
import { SelectField } from "../../components/Fields";
import { NotFoundPage } from "../../components/NotFoundPage";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { objectTypeLabel } from "../../lib/auditLabels";
import { displayValue } from "../../lib/diff";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

export function RevisionsPage() {
  const { planId } = useParams();
  const id = planId && /^\d+$/.test(planId) ? Number(planId) : undefined;
  if (id === undefined) return <NotFoundPage />;
  return <Revisions planId={id} />;
}

function positive(v: string | null): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : null;
}

function Revisions({ planId }: { planId: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const can = permissionsOf(useMe().data);
  const plan = usePlan(planId);
  const revisions = useRevisions(planId);
  const [params, setParams] = useSearchParams();
  const viewing = positive(params.get("view"));
  const from = positive(params.get("from"));
  const to = positive(params.get("to"));
  useDocumentTitle(plan.data ? `${t("revisions.heading")}：${plan.data.title}` : t("revisions.heading"));

  const list = revisions.data ?? [];
  const [a, setA] = useState<string>(from ? String(from) : "");
  const [b, setB] = useState<string>(to ? String(to) : "");

  return (
    <div className="admin-page">
      <p className="breadcrumb-line">
        {can.editPlans ? (
          <Link to={`/editor/plans/${planId}`}>{t("revisions.backToEditor")}</Link>
        ) : (
          <Link to={`/?plan=${planId}`}>{t("common.backToPlan")}</Link>
        )}
      </p>
      <h1>
        {t("revisions.heading")}
        {plan.data && (
          <>
            ：<span lang={CONTENT_LANG}>{plan.data.title}</span>
          </>
        )}
      </h1>
      {revisions.isPending ? (
        <Loading />
      ) : revisions.isError ? (
        <ErrorMessage error={revisions.error} onRetry={() => void revisions.refetch()} />
      ) : list.length === 0 ? (
        <p className="state">{t("revisions.none")}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t("revisions.list")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("revisions.number")}</th>
                  <th scope="col">{t("revisions.reason")}</th>
                  <th scope="col">{t("revisions.amendedOn")}</th>
                  <th scope="col">{t("revisions.state")}</th>
                  <th scope="col">{t("revisions.adoptedAt")}</th>
                  <th scope="col">{t("form.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.number}>
                    <th scope="row">{t("editor.revisionN", { n: r.number })}</th>
                    <td lang={CONTENT_LANG}>{r.reason}</td>
                    <td>{formatRocDate(r.amended_on, language)}</td>
                    <td>{r.state === "open" ? t("revisions.open") : t("revisions.adopted")}</td>
                    <td>{r.adopted_at ? formatRocDateTime(r.adopted_at, language) : "—"}</td>
                    <td>
                      <Link to={`?view=${r.number}${from && to ? `&from=${from}&to=${to}` : ""}`}>
                        {t("revisions.view", { n: r.number })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {list.length > 1 && (
            <section aria-labelledby="compare-heading">
              <h2 id="compare-heading">{t("revisions.compareHeading")}</h2>
              <form
                className="filters"
                onSubmit={(e) => {
                  e.preventDefault();
                  const next = new URLSearchParams(params);
                  if (a) next.set("from", a);
                  if (b) next.set("to", b);
                  setParams(next);
                }}
              >
                <SelectField label={t("revisions.from")} value={a} onChange={(e) => setA(e.target.value)}>
                  <option value="">—</option>
                  {list.map((r) => (
                    <option key={r.number} value={r.number}>
                      {t("editor.revisionN", { n: r.number })}
                    </option>
                  ))}
                </SelectField>
                <SelectField label={t("revisions.to")} value={b} onChange={(e) => setB(e.target.value)}>
                  <option value="">—</option>
                  {list.map((r) => (
                    <option key={r.number} value={r.number}>
                      {t("editor.revisionN", { n: r.number })}
                    </option>
                  ))}
                </SelectField>
                <div className="form__actions">
                  <button type="submit" className="button">
                    {t("revisions.compare")}
                  </button>
                </div>
              </form>
              {from && to && <Changes planId={planId} since={from} number={to} />}
            </section>
          )}

          {viewing && <Snapshot planId={planId} number={viewing} />}
        </>
      )}
    </div>
  );
}

function Changes({ planId, since, number }: { planId: number; since: number; number: number }) {
  const { t } = useTranslation();
  const changes = useRevisionChanges(planId, number, since);
  return (
    <section aria-labelledby="changes-heading" className="panel">
      <h3 id="changes-heading">{t("revisions.changesHeading", { a: since, b: number })}</h3>
      {changes.isPending ? (
        <Loading />
      ) : changes.isError ? (
        <ErrorMessage error={changes.error} />
      ) : changes.data.changes.length === 0 ? (
        <p className="muted">{t("revisions.changesEmpty")}</p>
      ) : (
        <ol className="revision-changes">
          {changes.data.changes.map((c) => (
            <ChangeItem key={`${c.entity}-${c.key}`} change={c} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ChangeItem({ change }: { change: RevisionChange }) {
  const { t } = useTranslation();
  const title = `${t(`revisions.${change.change as "added" | "removed" | "changed"}`)} ${objectTypeLabel(t, change.entity)}`;
  const fields = (change.fields ?? []).map((f) => ({
    path: f.field,
    kind: "changed" as const,
    before: displayValue(f.before),
    after: displayValue(f.after),
  }));
  return (
    <li className={`revision-change revision-change--${change.change}`}>
      <p>
        <span className={`tag tag--${change.change}`}>{title}</span> <span lang={CONTENT_LANG}>{change.label}</span>
      </p>
      {fields.length > 0 && <ChangeList changes={fields} caption={`${title} ${change.label}`} />}
    </li>
  );
}

function Snapshot({ planId, number }: { planId: number; number: number }) {
  const { t } = useTranslation();
  const revision = useRevision(planId, number);
  return (
    <section aria-labelledby="snapshot-heading" className="panel snapshot">
      <h2 id="snapshot-heading">{t("revisions.snapshotHeading", { n: number })}</h2>
      {revision.isPending ? (
        <Loading />
      ) : revision.isError ? (
        <ErrorMessage error={revision.error} />
      ) : (
        <PlanRecordView plan={revision.data.plan} />
      )}
    </section>
  );
}

function PlanRecordView({ plan }: { plan: PlanRecord }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const enterprises = useEnterprises();
  const names = new Map((enterprises.data?.items ?? []).map((o) => [o.code, shortName(o, language)]));
  return (
    <div lang={CONTENT_LANG}>
      <p className="snapshot__title">{plan.title}</p>
      {(plan.dimensions ?? []).length === 0 && <p className="muted">{t("editor.empty")}</p>}
      <ol className="snapshot-tree">
        {(plan.dimensions ?? []).map((d, i) => (
          <li key={d.key ?? i}>
            <strong>
              {d.code} {d.name}
            </strong>
            <ol>
              {(d.strategies ?? []).map((s, j) => (
                <li key={s.key ?? j}>
                  {s.code} {s.name}
                  <ul>
                    {(s.measures ?? []).map((m, k) => (
                      <li key={m.key ?? k}>
                        {m.code && <span className="measure-code">{m.code}</span>}
                        {m.text} <span className="muted">（{(m.owners ?? []).map((c) => names.get(c) ?? c).join("、")}）</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
