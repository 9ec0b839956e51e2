import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useEnterprises } from "../../api/organizations";
import { planQueries } from "../../api/plans";
import { progressQueries, type ReportFilters } from "../../api/progress";
import type { ReportState, WorkStatus } from "../../api/types";
import { SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { PERIOD_PATTERN } from "./periods";
import { NoPlan } from "./ReportParts";
import { measureNames, ReportTable } from "./ReportTable";
import { WORK_STATUSES } from "./reportForm";

const STATES: readonly ReportState[] = ["submitted", "returned", "accepted"];

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
    level: "enterprise", // units' reports are reviewed by their head office (督導所屬)
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
          <ReportTable
            id="review-caption"
            caption={t("progress.listCaption", { total: list.data.total })}
            reports={list.data.items}
            names={names}
            linkBase="/review/reports/"
            organizationLabel={t("progress.organization")}
          />
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
