import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { MeasureNode } from "../api/types";
import { CONTENT_LANG } from "../i18n/contentLang";
import { useLanguage } from "../i18n/useLanguage";
import { joinNames, shortName } from "../lib/organizations";
import { countIndicators } from "../lib/planTree";

/** Where a measure link came from, so the detail page can lead back to the same view. */
export interface FromState {
  from: string;
}

export function useMeasureLinkState(): FromState {
  const location = useLocation();
  return { from: location.search };
}

/** One measure in a list: its number, its text and what it carries. */
export function MeasureItem({ measure, ownerCode }: { measure: MeasureNode; ownerCode?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const state = useMeasureLinkState();
  const indicators = countIndicators(measure);
  const partners = measure.organizations.filter((o) => o.code !== ownerCode);
  return (
    <li className="measure-item">
      <Link to={`/measures/${measure.id}`} state={state} className="measure-item__link">
        <span className="measure-code" lang={CONTENT_LANG}>
          {measure.code ?? <span aria-hidden="true">•</span>}
        </span>
        <span className="measure-item__text" lang={CONTENT_LANG}>
          {measure.text}
        </span>
      </Link>
      {(indicators > 0 || measure.sub_items.length > 0 || (ownerCode && partners.length > 0)) && (
        <p className="measure-item__tags">
          {measure.sub_items.length > 0 && <span className="tag">{t("browse.subItemBadge", { count: measure.sub_items.length })}</span>}
          {indicators > 0 && <span className="tag tag--indicator">{t("browse.indicatorBadge", { count: indicators })}</span>}
          {ownerCode && partners.length > 0 && (
            <span className="tag tag--shared">
              {t("browse.sharedWith", {
                names: joinNames(
                  partners.map((o) => shortName(o, language)),
                  language,
                ),
              })}
            </span>
          )}
        </p>
      )}
    </li>
  );
}
