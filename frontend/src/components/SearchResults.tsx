import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Measure } from "../api/types";
import { CONTENT_LANG } from "../i18n/contentLang";
import { containsLoosely } from "../lib/highlight";
import { dimensionLabel, strategyLabel } from "../lib/planTree";
import { Highlight } from "./Highlight";
import { useMeasureLinkState } from "./MeasureItem";
import { OwnerList } from "./OwnerList";

interface Props {
  measures: readonly Measure[];
  query: string;
}

/** Search hits, each with where it stands in the plan and who owns it. */
export function SearchResults({ measures, query }: Props) {
  const { t } = useTranslation();
  const state = useMeasureLinkState();
  return (
    <ol className="result-list">
      {measures.map((m) => {
        const matchingSubItems = m.sub_items.filter((s) => containsLoosely(s.text, query));
        return (
          <li key={m.id} className="result">
            <p className="result__where">
              <span className="visually-hidden">{t("search.location")}：</span>
              <span lang={CONTENT_LANG}>
                {dimensionLabel(m.dimension)} › {strategyLabel(m.strategy)}
              </span>
            </p>
            <Link to={`/measures/${m.id}`} state={state} className="result__link">
              {m.code && (
                <span className="measure-code" lang={CONTENT_LANG}>
                  {m.code}
                </span>
              )}
              <span lang={CONTENT_LANG}>
                <Highlight text={m.text} query={query} />
              </span>
            </Link>
            {matchingSubItems.length > 0 && (
              <div className="result__subitems">
                <p className="result__label">{t("search.matchingSubItems")}</p>
                <ul lang={CONTENT_LANG}>
                  {matchingSubItems.map((s) => (
                    <li key={s.id}>
                      {s.code && <span className="measure-code">{s.code}</span>}
                      <Highlight text={s.text} query={query} />
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className="result__owners">
              <span className="result__label">{t("search.owners")}</span>
              <OwnerList organizations={m.organizations} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** Links to the pages of a list whose filters live in the URL: the same query, another `page`. */
export function pageLinks(params: URLSearchParams): (page: number) => string {
  return (page) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
}

interface PaginationProps {
  page: number;
  pages: number;
  linkTo: (page: number) => string;
}

export function Pagination({ page, pages, linkTo }: PaginationProps) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("search.pagination")}>
      {page > 1 ? <Link to={linkTo(page - 1)}>{t("search.previous")}</Link> : <span />}
      <span>{t("search.pageOf", { page, pages })}</span>
      {page < pages ? <Link to={linkTo(page + 1)}>{t("search.next")}</Link> : <span />}
    </nav>
  );
}
