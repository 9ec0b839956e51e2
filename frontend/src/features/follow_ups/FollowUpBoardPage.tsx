import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { followUpQueries } from "../../api/followUps";
import type { FollowUpItem, FollowUpSummary } from "../../api/types";
import { SelectField } from "../../components/Fields";
import { ListTable } from "../../components/ListTable";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { DueText, RoundName, StandingLabel } from "./FollowUpParts";
import { byStanding, STANDINGS } from "./standing";

const COUNTS = ["tracking", "due_soon", "overdue", "awaiting_decision", "released_implemented", "released_not_implemented"] as const;

/** 管考追蹤: every follow-up the reader may read, by standing, with the per-enterprise summary on top. */
export function FollowUpBoardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("followUps.title"));
  const [organization, setOrganization] = useState("");
  const [round, setRound] = useState("");
  const [view, setView] = useState<"board" | "table">("board");
  const roundId = round ? Number(round) : undefined;
  const summary = useQuery(followUpQueries.summary(undefined));
  const list = useQuery(followUpQueries.list({ organization: organization || undefined, round: roundId }));
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorMessage error={summary.error} onRetry={() => void summary.refetch()} />;
  return (
    <div className="follow-up-board">
      <h1>{t("followUps.title")}</h1>
      <p>{t("followUps.intro")}</p>
      <SummaryTable summary={summary.data} round={roundId} />
      <BoardFilters summary={summary.data} organization={organization} round={round} onOrganization={setOrganization} onRound={setRound} />
      <fieldset className="view-switch">
        <legend>{t("followUps.view")}</legend>
        <button type="button" aria-pressed={view === "board"} onClick={() => setView("board")}>
          {t("followUps.viewBoard")}
        </button>{" "}
        <button type="button" aria-pressed={view === "table"} onClick={() => setView("table")}>
          {t("followUps.viewTable")}
        </button>
      </fieldset>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{t("followUps.none")}</p>
      ) : view === "board" ? (
        <Board items={list.data.items} />
      ) : (
        <FollowUpTable items={list.data.items} />
      )}
    </div>
  );
}

function SummaryTable({ summary, round }: { summary: FollowUpSummary; round: number | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const rows = summary.rows.filter((r) => round === undefined || r.round.id === round);
  if (rows.length === 0) return null;
  return (
    <ListTable
      id="follow-up-summary"
      caption={t("followUps.summaryCaption")}
      head={[t("followUps.enterprise"), t("followUps.round"), ...COUNTS.map((c) => t(`followUps.count.${c}`))]}
    >
      {rows.map((r) => (
        <tr key={`${r.organization.id}-${r.round.id}`}>
          <th scope="row">{shortName(r.organization, language)}</th>
          <td>
            <RoundName round={r.round} />
          </td>
          {COUNTS.map((c) => (
            <td key={c} className={c === "overdue" && r.counts[c] > 0 ? "standing--danger" : undefined}>
              {r.counts[c]}
            </td>
          ))}
        </tr>
      ))}
    </ListTable>
  );
}

function BoardFilters({
  summary,
  organization,
  round,
  onOrganization,
  onRound,
}: {
  summary: FollowUpSummary;
  organization: string;
  round: string;
  onOrganization: (code: string) => void;
  onRound: (id: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const organizations = [...new Map(summary.rows.map((r) => [r.organization.code, r.organization])).values()];
  const rounds = [...new Map(summary.rows.map((r) => [r.round.id, r.round])).values()];
  return (
    <div className="filters">
      <SelectField label={t("followUps.enterprise")} value={organization} onChange={(e) => onOrganization(e.target.value)}>
        <option value="">{t("followUps.all")}</option>
        {organizations.map((o) => (
          <option key={o.code} value={o.code}>
            {shortName(o, language)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("followUps.round")} value={round} onChange={(e) => onRound(e.target.value)}>
        <option value="">{t("followUps.all")}</option>
        {rounds.map((r) => (
          <option key={r.id} value={r.id}>
            {t("followUps.roundName", { year: r.year - 1911, kind: t(`followUps.roundKind.${r.kind}`) })}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

function Title({ item }: { item: FollowUpItem }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Link to={`/follow-ups/${item.id}`}>
      {t("followUps.itemTitle", { organization: shortName(item.organization, language), number: item.finding.number })}
    </Link>
  );
}

function Board({ items }: { items: FollowUpItem[] }) {
  const { t } = useTranslation();
  const columns = byStanding(items);
  return (
    <div className="board">
      {STANDINGS.map((standing) => (
        <section key={standing} className={`board__column board__column--${standing}`} aria-labelledby={`column-${standing}`}>
          <h2 id={`column-${standing}`}>
            {t(`followUps.standing.${standing}`)} ({columns[standing].length})
          </h2>
          <ul>
            {columns[standing].map((item) => (
              <li key={item.id} className="board__card">
                <Title item={item} /> <StandingLabel standing={item.standing} />
                <p lang={CONTENT_LANG} className="board__text">
                  {item.finding.text_zh}
                </p>
                <p>
                  <RoundName round={item.finding.round} /> · <DueText item={item} />
                  {item.extension_pending ? ` · ${t("followUps.extensionPending")}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function FollowUpTable({ items }: { items: FollowUpItem[] }) {
  const { t } = useTranslation();
  return (
    <ListTable
      id="follow-up-table"
      caption={t("followUps.tableCaption")}
      head={[
        t("followUps.recommendation"),
        t("followUps.round"),
        t("followUps.standingHead"),
        t("followUps.dueOn"),
        t("followUps.answers"),
      ]}
    >
      {items.map((item) => (
        <tr key={item.id}>
          <th scope="row">
            <Title item={item} />
          </th>
          <td>
            <RoundName round={item.finding.round} />
          </td>
          <td>
            <StandingLabel standing={item.standing} />
          </td>
          <td>
            <DueText item={item} />
          </td>
          <td>{item.answers_count}</td>
        </tr>
      ))}
    </ListTable>
  );
}
