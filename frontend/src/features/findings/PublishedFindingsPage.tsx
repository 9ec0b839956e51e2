import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { findingQueries } from "../../api/findings";
import type { Finding } from "../../api/types";
import { SelectField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { FindingBody, KINDS, useFindingName, useRoundName } from "./FindingParts";

/** 查證結果: the published findings, by plan year, round and enterprise; no sign-in needed. */
export function PublishedFindingsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("findings.publishedTitle"));
  const [params, setParams] = useSearchParams();
  const published = useQuery(findingQueries.published());
  const name = useFindingName();
  const roundName = useRoundName();
  if (published.isError) return <ErrorMessage error={published.error} onRetry={() => void published.refetch()} />;
  if (!published.data) return <Loading />;
  const years = [...new Set(published.data.map((f) => f.round.year))].sort((a, b) => b - a);
  const year = Number(params.get("year")) || years[0];
  const rounds = groupBy(
    published.data.filter((f) => f.round.year === year),
    (f) => f.round.id,
  );
  return (
    <div className="findings-page">
      <div className="page-heading">
        <h1>{t("findings.publishedTitle")}</h1>
        {years.length > 0 && (
          <SelectField label={t("findings.year")} value={year} onChange={(e) => setParams({ year: e.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {formatRocYear(y, language)}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <p>{t("findings.publishedIntro")}</p>
      {years.length === 0 && <p>{t("findings.noPublished")}</p>}
      {rounds.map(({ first: { round }, items }) => {
        const enterprises = groupBy(items, (f) => f.organization.code);
        return (
          <section key={round.id} className="panel" aria-labelledby={`round-${round.id}`}>
            <h2 id={`round-${round.id}`}>{roundName(round)}</h2>
            {enterprises.map(({ first: { organization }, items: own }) => (
              <section key={organization.code} aria-labelledby={`round-${round.id}-${organization.code}`}>
                <h3 id={`round-${round.id}-${organization.code}`}>{shortName(organization, language)}</h3>
                {KINDS.map((kind) => {
                  const ofKind = own.filter((f) => f.kind === kind).sort((a, b) => a.number - b.number);
                  if (ofKind.length === 0) return null;
                  return (
                    <div key={kind}>
                      <h4>{t(kind === "strength" ? "findings.strengths" : "findings.recommendations")}</h4>
                      <ol className="finding-list">
                        {ofKind.map((f) => (
                          <li key={f.id} className="finding">
                            <p className="finding__name">{name(f)}</p>
                            <FindingBody finding={f} />
                          </li>
                        ))}
                      </ol>
                    </div>
                  );
                })}
              </section>
            ))}
          </section>
        );
      })}
    </div>
  );
}

/** Findings grouped by a key, in the order each key first appears, each group with its first finding. */
function groupBy<K>(findings: Finding[], key: (f: Finding) => K): { first: Finding; items: Finding[] }[] {
  const groups = new Map<K, { first: Finding; items: Finding[] }>();
  for (const f of findings) {
    const group = groups.get(key(f));
    if (group) group.items.push(f);
    else groups.set(key(f), { first: f, items: [f] });
  }
  return [...groups.values()];
}
