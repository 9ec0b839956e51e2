import { useTranslation } from "react-i18next";
import type { Indicator } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate } from "../../lib/rocDate";

export interface IndicatorRow {
  indicator: Indicator;
  /** The sub-item code (甲 乙 丙) it belongs to, or null for the measure itself. */
  subItemCode: string | null;
}

function Empty() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t("common.none")}</span>
    </>
  );
}

const formatNumber = (n: number, language: string) =>
  new Intl.NumberFormat(language === "en" ? "en" : "zh-TW", { maximumFractionDigits: 2 }).format(n);

/** A measure's checkable targets: name, unit, target, comparison, frequency, due date. */
export function IndicatorTable({ rows }: { rows: readonly IndicatorRow[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const showOwner = rows.some((r) => r.subItemCode !== null);
  return (
    // biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1).
    <div className="table-scroll" role="region" aria-labelledby="indicators-caption" tabIndex={0}>
      <table className="data-table">
        <caption id="indicators-caption" className="visually-hidden">
          {t("measure.indicatorsCaption")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("measure.name")}</th>
            {showOwner && <th scope="col">{t("measure.indicatorOf")}</th>}
            <th scope="col">{t("measure.target")}</th>
            <th scope="col">{t("measure.unit")}</th>
            <th scope="col">{t("measure.comparison")}</th>
            <th scope="col">{t("measure.frequency")}</th>
            <th scope="col">{t("measure.dueDate")}</th>
            <th scope="col">{t("measure.sourcePhrase")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ indicator: i, subItemCode }) => (
            <tr key={i.id}>
              <th scope="row" lang={CONTENT_LANG}>
                {i.name}
              </th>
              {showOwner && <td>{subItemCode ? t("measure.subItem", { code: subItemCode }) : t("measure.self")}</td>}
              <td className="numeric">{i.target !== null ? formatNumber(i.target, language) : <Empty />}</td>
              <td lang={CONTENT_LANG}>{i.unit ?? <Empty />}</td>
              <td>{t(`comparison.${i.comparison}`)}</td>
              <td>{t(`frequency.${i.frequency}`)}</td>
              <td>{i.due_date ? <time dateTime={i.due_date}>{formatRocDate(i.due_date, language)}</time> : <Empty />}</td>
              <td lang={CONTENT_LANG} className="source-phrase">
                {i.source_phrase ? `「${i.source_phrase}」` : <Empty />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
