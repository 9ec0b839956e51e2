import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { roundQueries } from "../../api/rounds";
import type { RoundSummary } from "../../api/types";
import { ListTable } from "../../components/ListTable";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { joinNames, shortName } from "../../lib/organizations";
import { formatRocDate, formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** The verification rounds the person may read, by plan year: reviewers every one, a panel member those they sit on, an enterprise those covering it. */
export function RoundsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("rounds.title"));
  const rounds = useQuery(roundQueries.list());
  const labels = useRoundLabels();
  if (rounds.isPending) return <Loading />;
  if (rounds.isError) return <ErrorMessage error={rounds.error} onRetry={() => void rounds.refetch()} />;
  return (
    <div className="progress-page">
      <h1>{t("rounds.title")}</h1>
      {rounds.data.items.length === 0 ? (
        <p>{t("rounds.none")}</p>
      ) : (
        <ListTable
          id="rounds-caption"
          caption={t("rounds.listCaption")}
          head={[
            t("rounds.year"),
            t("rounds.kindLabel"),
            t("rounds.statusLabel"),
            t("rounds.dates"),
            t("rounds.enterprises"),
            t("rounds.panelSize"),
          ]}
        >
          {rounds.data.items.map((round) => (
            <tr key={round.id}>
              <td>{formatRocYear(round.plan_year, language)}</td>
              <td>
                <Link to={`/rounds/${round.id}`}>{labels.name(round)}</Link>
              </td>
              <td>
                <StatusBadge status={round.status} />
              </td>
              <td>{labels.dates(round)}</td>
              <td>
                {joinNames(
                  round.enterprises.map((e) => shortName(e, language)),
                  language,
                )}
              </td>
              <td>{round.counts.panel}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </div>
  );
}

/** A round's name (107年度 期中查證) and its dates, in the reader's language. */
export function useRoundLabels() {
  const { t } = useTranslation();
  const language = useLanguage();
  return {
    name: (round: Pick<RoundSummary, "plan_year" | "kind">) =>
      `${formatRocYear(round.plan_year, language)} ${t(`rounds.kind.${round.kind}`)}`,
    dates: (round: Pick<RoundSummary, "starts_on" | "ends_on">) => {
      if (!round.starts_on) return t("rounds.notSet");
      const start = formatRocDate(round.starts_on, language);
      return round.ends_on && round.ends_on !== round.starts_on ? `${start} – ${formatRocDate(round.ends_on, language)}` : start;
    },
  };
}

export function StatusBadge({ status }: { status: RoundSummary["status"] }) {
  const { t } = useTranslation();
  return <span className={`tag round-status round-status--${status}`}>{t(`rounds.status.${status}`)}</span>;
}
