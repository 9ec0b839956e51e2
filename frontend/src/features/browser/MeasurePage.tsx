import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { useMeasure } from "../../api/measures";
import { usePlan } from "../../api/plans";
import { HistoryPanel } from "../../components/HistoryPanel";
import type { FromState } from "../../components/MeasureItem";
import { NotFoundPage } from "../../components/NotFoundPage";
import { OwnerList } from "../../components/OwnerList";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { joinNames, shortName } from "../../lib/organizations";
import { dimensionLabel, strategyLabel } from "../../lib/planTree";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { AmendmentNotice } from "./AmendmentNotice";
import { type IndicatorRow, IndicatorTable } from "./IndicatorTable";

function backSearch(state: unknown): string {
  const from = (state as Partial<FromState> | null)?.from;
  return typeof from === "string" && from.startsWith("?") ? from : "";
}

export function MeasurePage() {
  const { measureId } = useParams();
  const id = measureId && /^\d+$/.test(measureId) ? Number(measureId) : undefined;
  if (id === undefined) return <NotFoundPage />;
  return <MeasureDetail id={id} />;
}

function MeasureDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const location = useLocation();
  const measure = useMeasure(id);
  const plan = usePlan(measure.data?.plan_id);
  const heading = useRef<HTMLHeadingElement>(null);

  const m = measure.data;
  const owners = m
    ? joinNames(
        m.organizations.map((o) => shortName(o, language)),
        language,
      )
    : "";
  const title = m ? (m.code ? t("measure.heading", { owners, code: m.code }) : t("measure.headingUnnumbered", { owners })) : undefined;
  useDocumentTitle(title);

  // A new page: move focus to its heading so a screen reader starts there.
  const loadedId = m?.id;
  useEffect(() => {
    if (loadedId !== undefined) heading.current?.focus();
  }, [loadedId]);

  const back = `/${backSearch(location.state) || (m ? `?plan=${m.plan_id}` : "")}`;

  if (measure.isPending) return <Loading />;
  if (measure.isError) {
    return (
      <>
        <ErrorMessage error={measure.error} onRetry={() => void measure.refetch()} />
        <p>
          <Link to="/">{t("common.backToPlan")}</Link>
        </p>
      </>
    );
  }

  const data = measure.data;
  const rows: IndicatorRow[] = [
    ...data.indicators.map((indicator) => ({ indicator, subItemCode: null })),
    ...data.sub_items.flatMap((s) => s.indicators.map((indicator) => ({ indicator, subItemCode: s.code ?? "" }))),
  ];

  return (
    <article className="measure">
      <nav aria-label={t("measure.breadcrumb")} className="breadcrumb">
        <ol>
          <li>
            <Link to={back} lang={CONTENT_LANG}>
              {plan.data?.title ?? t("common.backToPlan")}
            </Link>
          </li>
          <li lang={CONTENT_LANG}>{dimensionLabel(data.dimension)}</li>
          <li lang={CONTENT_LANG}>{strategyLabel(data.strategy)}</li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      {plan.data && <AmendmentNotice plan={plan.data} />}

      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>

      <p className="measure__text" lang={CONTENT_LANG}>
        {data.text}
      </p>

      <dl className="measure__facts">
        <div>
          <dt>{t("measure.owners")}</dt>
          <dd>
            <OwnerList organizations={data.organizations} />
          </dd>
        </div>
        <div>
          <dt>{t("measure.dimension")}</dt>
          <dd lang={CONTENT_LANG}>{dimensionLabel(data.dimension)}</dd>
        </div>
        <div>
          <dt>{t("measure.strategy")}</dt>
          <dd lang={CONTENT_LANG}>{strategyLabel(data.strategy)}</dd>
        </div>
      </dl>

      <section aria-labelledby="subitems-heading">
        <h2 id="subitems-heading">{t("measure.subItems")}</h2>
        {data.sub_items.length === 0 ? (
          <p className="muted">{t("measure.noSubItems")}</p>
        ) : (
          <ol className="sub-items" lang={CONTENT_LANG}>
            {data.sub_items.map((s) => (
              <li key={s.id}>
                {s.code && <span className="measure-code">{s.code}</span>}
                <span>{s.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t("measure.indicators")}</h2>
        {rows.length === 0 ? <p className="muted">{t("measure.noIndicators")}</p> : <IndicatorTable rows={rows} />}
      </section>

      <HistoryPanel objectType="measure" objectId={data.id} />

      <p className="back-link">
        <Link to={back}>← {t("common.backToPlan")}</Link>
      </p>
    </article>
  );
}
