import { useTranslation } from "react-i18next";
import type { Indicator } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { comparisonText, inferredNote } from "../../lib/indicatorText";
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

/**
 * A measure's checkable targets: name, unit, target, comparison, frequency, due date. A value the
 * transcription inferred rather than read from the plan is tagged 推定, its reason beside the source text.
 */
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
          {rows.map(({ indicator: i, subItemCode }) => {
            const note = inferredNote(i, t);
            return (
              <tr key={i.id}>
                <th scope="row">
                  <span lang={CONTENT_LANG}>{i.name}</span>
                  {note && (
                    <>
                      {" "}
                      <span className="tag tag--inferred">{t("measure.inferred")}</span>
                    </>
                  )}
                </th>
                {showOwner && <td>{subItemCode ? t("measure.subItem", { code: subItemCode }) : t("measure.self")}</td>}
                <td className="numeric">{i.target !== null ? formatNumber(i.target, language) : <Empty />}</td>
                <td lang={CONTENT_LANG}>{i.unit ?? <Empty />}</td>
                <td>{comparisonText(i, t, (n) => formatNumber(n, language))}</td>
                <td>{t(`frequency.${i.frequency}`)}</td>
                <td>{i.due_date ? <time dateTime={i.due_date}>{formatRocDate(i.due_date, language)}</time> : <Empty />}</td>
                <td className="source-phrase">
                  {i.source_phrase ? <span lang={CONTENT_LANG}>{`「${i.source_phrase}」`}</span> : <Empty />}
                  {note && <p className="inferred-note">{note}</p>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
