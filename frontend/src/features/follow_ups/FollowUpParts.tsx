import { useTranslation } from "react-i18next";
import type { FollowUpItem } from "../../api/types";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate } from "../../lib/rocDate";
import { daysLeft, type Standing, toneOf } from "./standing";

/** A standing as a label: the words say it; colour only adds to them. */
export function StandingLabel({ standing }: { standing: Standing }) {
  const { t } = useTranslation();
  return <span className={`standing standing--${toneOf(standing)}`}>{t(`followUps.standing.${standing}`)}</span>;
}

/** The deadline in ROC and how far it is: 剩 N 個工作天 / 逾期 N 個工作天. */
export function DueText({ item }: { item: Pick<FollowUpItem, "due_on" | "due_provisional" | "standing" | "working_days_left"> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const left = daysLeft(item);
  return (
    <span className="due">
      {formatRocDate(item.due_on, language)}
      {item.due_provisional ? ` ${t("followUps.provisional")}` : ""}
      {left ? <span className={`due__left standing--${toneOf(item.standing)}`}> {t(left.key, { count: left.count })}</span> : null}
    </span>
  );
}

/** 期中查證 / 期末查證 of a plan year. */
export function RoundName({ round }: { round: { kind: "mid_year" | "year_end"; year: number } }) {
  const { t } = useTranslation();
  return <>{t("followUps.roundName", { year: round.year - 1911, kind: t(`followUps.roundKind.${round.kind}`) })}</>;
}
