import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useEnterprises } from "../../api/organizations";
import { planQueries } from "../../api/plans";
import { progressQueries, type ReportFilters } from "../../api/progress";
import type { PlanTree, ReportState, WorkStatus } from "../../api/types";
import { SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocDateTime, formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { periodName } from "./labels";
import { PERIOD_PATTERN } from "./periods";
import { NoPlan } from "./ReportParts";
import { WORK_STATUSES } from "./reportForm";

const STATES: readonly ReportState[] = ["submitted", "returned", "accepted"];

/** Measure key → "code text", to name each report's measure. */
export function measureNames(tree: PlanTree | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of tree?.dimensions ?? []) {
    for (const s of d.strategies) for (const m of s.measures) out.set(m.key, `${m.code ?? ""} ${m.text}`.trim());
  }
  return out;
}

/** 進度審查: the reports the enterprises submitted, filtered by enterprise, state, work status and period. */
export function ReviewListPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("progress.reviewTitle"));
  const [params, setParams] = useSearchParams();
  const plans = useQuery(planQueries.all());
  const featured = useQuery(planQueries.featured());
  const enterprises = useEnterprises();
  const planId = Number(params.get("plan")) || featured.data?.id;
  const filters: ReportFilters = {
    planId,
    organization: params.get("organization") ?? undefined,
    state: (params.get("state") ?? "submitted") as ReportState,
    status: (params.get("status") || undefined) as WorkStatus | undefined,
    period: params.get("period") ?? undefined,
    page: Number(params.get("page")) || 1,
  };
  const tree = useQuery(planQueries.tree(planId));
  const list = useQuery({ ...progressQueries.page(filters), enabled: planId !== undefined });
  const [period, setPeriod] = useState(filters.period ?? "");
  const periodInvalid = period !== "" && !PERIOD_PATTERN.test(period);
  const names = measureNames(tree.data);

  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    setParams(next);
  };
  const applyPeriod = (e: FormEvent) => {
    e.preventDefault();
    if (!periodInvalid) change("period", period.trim());
  };
  if (featured.isPending || plans.isPending) return <Loading />;
  if (planId === undefined) {
    return <NoPlan title={t("progress.reviewTitle")} />;
  }
  return (
    <div className="progress-page">
      <h1>{t("progress.reviewTitle")}</h1>
      <p>{t("progress.reviewIntro")}</p>
      <p>
        <Link to={`/review/plans/${planId}/dashboard`}>{t("dashboard.title")}</Link>
      </p>
      <form className="filters" onSubmit={applyPeriod} aria-label={t("progress.filters")}>
        <SelectField label={t("plan.selectLabel")} value={planId ?? ""} onChange={(e) => change("plan", e.target.value)}>
          {(plans.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {formatRocYear(p.year, language)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("progress.organization")}
          value={filters.organization ?? ""}
          onChange={(e) => change("organization", e.target.value)}
        >
          <option value="">{t("progress.allOrganizations")}</option>
          {(enterprises.data?.items ?? []).map((o) => (
            <option key={o.code} value={o.code}>
              {shortName(o, language)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("progress.state")} value={filters.state} onChange={(e) => change("state", e.target.value)}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`reportState.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("progress.workStatus")} value={filters.status ?? ""} onChange={(e) => change("status", e.target.value)}>
          <option value="">{t("progress.anyStatus")}</option>
          {WORK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`workStatus.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("progress.periodFilter")}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          error={periodInvalid ? t("progress.check.period") : null}
          maxLength={8}
          autoComplete="off"
        />
        <div className="form__actions">
          <button type="submit" className="button">
            {t("progress.apply")}
          </button>
        </div>
      </form>
      {list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p role="status">{t("progress.noReports")}</p>
      ) : (
        <>
          {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1). */}
          <div className="table-scroll" role="region" aria-labelledby="review-caption" tabIndex={0}>
            <table className="data-table">
              <caption id="review-caption">{t("progress.listCaption", { total: list.data.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("progress.measure")}</th>
                  <th scope="col">{t("progress.organization")}</th>
                  <th scope="col">{t("progress.period")}</th>
                  <th scope="col">{t("progress.workStatus")}</th>
                  <th scope="col">{t("progress.state")}</th>
                  <th scope="col">{t("progress.dueDate")}</th>
                  <th scope="col">{t("progress.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" lang={CONTENT_LANG}>
                      <Link to={`/review/reports/${r.id}`}>{names.get(r.measure_key) ?? r.measure_key}</Link>
                    </th>
                    <td>{shortName(r.organization, language)}</td>
                    <td>{periodName(t, r.period)}</td>
                    <td>{t(`workStatus.${r.current.status}`)}</td>
                    <td>{t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version })}</td>
                    <td>{formatRocDate(r.due_date, language)}</td>
                    <td>{formatRocDateTime(r.updated_at, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t("progress.pageOf", { page: filters.page })}>
            {(filters.page ?? 1) > 1 && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setParams({ ...Object.fromEntries(params), page: String((filters.page ?? 1) - 1) })}
              >
                {t("progress.previous")}
              </button>
            )}{" "}
            {(filters.page ?? 1) * list.data.page_size < list.data.total && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setParams({ ...Object.fromEntries(params), page: String((filters.page ?? 1) + 1) })}
              >
                {t("progress.next")}
              </button>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
