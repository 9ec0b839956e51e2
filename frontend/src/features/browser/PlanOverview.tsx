import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Plan, PlanSummary } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocYear } from "../../lib/rocDate";
import { AmendmentNotice } from "./AmendmentNotice";

interface Props {
  plan: Plan;
  plans: readonly PlanSummary[];
  onSelectPlan: (planId: number) => void;
  orgLink: (code: string) => string;
}

/** The plan's title, dates, counts and basis: what a reader needs before the measures. */
export function PlanOverview({ plan, plans, onSelectPlan, orgLink }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const counts = plan.counts;
  const items: [number, string][] = [
    [counts.dimensions, t("counts.dimensions")],
    [counts.strategies, t("counts.strategies")],
    [counts.measures, t("counts.measures")],
    [counts.sub_items, t("counts.subItems")],
    [counts.indicators, t("counts.indicators")],
  ];

  return (
    <>
      <div className="plan-heading">
        <h1 id="plan-title" lang={CONTENT_LANG}>
          {plan.title}
        </h1>
        {plans.length > 1 && (
          <div className="field field--inline">
            <label htmlFor="plan-select">{t("plan.selectLabel")}</label>
            <select id="plan-select" value={plan.id} onChange={(e) => onSelectPlan(Number(e.target.value))}>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {formatRocYear(p.year, language)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>

      <dl className="plan-meta">
        <div>
          <dt>{t("plan.year")}</dt>
          <dd>{formatRocYear(plan.year, language)}</dd>
        </div>
        <div>
          <dt>{t("plan.issuer")}</dt>
          <dd>{language === "en" ? plan.issuer.name_en : plan.issuer.name_zh}</dd>
        </div>
        {plan.report_due_date && (
          <div>
            <dt>{t("plan.reportDue")}</dt>
            <dd>
              <time dateTime={plan.report_due_date}>{formatRocDate(plan.report_due_date, language)}</time>
            </dd>
          </div>
        )}
        <div>
          <dt>{t("plan.status")}</dt>
          <dd>{t(`status.${plan.status}`)}</dd>
        </div>
      </dl>
      <AmendmentNotice plan={plan} />

      <section aria-labelledby="overview-heading" className="panel">
        <h2 id="overview-heading">{t("plan.overview")}</h2>
        <ul className="count-list" aria-label={t("plan.countsLabel")}>
          {items.map(([n, label]) => (
            <li key={label}>
              <span className="count-list__number">{n}</span> <span className="count-list__label">{label}</span>
            </li>
          ))}
        </ul>
        {counts.by_organization.length > 0 && (
          <>
            <h3 className="subheading">{t("plan.byOrganization")}</h3>
            <ul className="org-counts">
              {counts.by_organization.map(({ organization, measures }) => (
                <li key={organization.code}>
                  <Link to={orgLink(organization.code)}>
                    <span>{shortName(organization, language)}</span>
                    <span className="org-counts__number">{measures}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <details className="plan-basis">
          <summary>{t("plan.basisAndObjectives")}</summary>
          <div>
            <h3 className="subheading">{t("plan.basis")}</h3>
            <ul lang={CONTENT_LANG}>
              {plan.bases.map((b) => (
                <li key={`${b.issuer}-${b.document_number ?? b.title}`}>{b.text}</li>
              ))}
            </ul>
            <h3 className="subheading">{t("plan.objectives")}</h3>
            <p lang={CONTENT_LANG}>{plan.objectives}</p>
            {plan.core_values.length > 0 && (
              <>
                <h3 className="subheading">{t("plan.coreValues")}</h3>
                <ul className="inline-list" lang={CONTENT_LANG}>
                  {plan.core_values.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </details>
      </section>
    </>
  );
}
