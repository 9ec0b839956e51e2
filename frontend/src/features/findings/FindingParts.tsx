import { useTranslation } from "react-i18next";
import type { DraftingRound, Finding, FindingKind } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate, formatRocDateTime, formatRocYear } from "../../lib/rocDate";

export const KINDS: readonly FindingKind[] = ["strength", "recommendation"];

/** 建議事項 3, Strength 1: a finding's name in its list. */
export function useFindingName() {
  const { t } = useTranslation();
  return (f: Pick<Finding, "kind" | "number">) => t("findings.numbered", { kind: t(`findingKind.${f.kind}`), n: f.number });
}

/** 107年度期末查證: a round's name. */
export function useRoundName() {
  const { t } = useTranslation();
  const language = useLanguage();
  return (round: Pick<DraftingRound, "year" | "kind">) =>
    t("findings.roundOption", { year: formatRocYear(round.year, language), kind: t(`roundKind.${round.kind}`) });
}

/** A finding as readers see it: its text, measures, letter and corrections (the issued text kept). */
export function FindingBody({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <p className="finding__text" lang={CONTENT_LANG}>
        {finding.text_zh}
      </p>
      {finding.text_en && (
        <p className="finding__text" lang="en">
          {finding.text_en}
        </p>
      )}
      {finding.measures.length > 0 && (
        <p className="finding__measures">
          {t("findings.measures")}：
          <span lang={CONTENT_LANG}>{finding.measures.map((m) => `${m.code ?? ""} ${m.text}`.trim()).join("；")}</span>
        </p>
      )}
      {finding.issued_on && (
        <p className="finding__letter">
          {t("findings.issued", { date: formatRocDate(finding.issued_on, language), number: finding.issue_number })}
        </p>
      )}
      {finding.corrections.length > 0 && (
        <div className="finding__corrections">
          <p>{t("findings.corrections")}</p>
          <ul>
            {finding.corrections.map((c) => (
              <li key={c.number}>
                {t("findings.correction", { n: c.number, date: formatRocDateTime(c.corrected_at, language), reason: c.reason })}
              </li>
            ))}
          </ul>
          <p>
            {t("findings.issuedText")}：<span lang={CONTENT_LANG}>{finding.issued_text_zh}</span>
          </p>
        </div>
      )}
    </>
  );
}
