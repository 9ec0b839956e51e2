import { useTranslation } from "react-i18next";
import type { Indicator, ProgressVersion } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { FileFacts } from "./EvidenceUpload";

/** What one version of a report said: status with its reasons, narrative, values and evidence. */
export function VersionView({ version, indicators }: { version: ProgressVersion; indicators: readonly Indicator[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const names = new Map(indicators.map((i) => [i.id, i.name]));
  return (
    <div className="version-view">
      <dl className="plan-meta">
        <div>
          <dt>{t("progress.workStatus")}</dt>
          <dd>{t(`workStatus.${version.status}`)}</dd>
        </div>
        {version.delay_reason && (
          <div>
            <dt>{t("progress.delayReason")}</dt>
            <dd lang={CONTENT_LANG}>{version.delay_reason}</dd>
          </div>
        )}
        {version.remedy && (
          <div>
            <dt>{t("progress.remedy")}</dt>
            <dd lang={CONTENT_LANG}>{version.remedy}</dd>
          </div>
        )}
        {version.not_applicable_reason && (
          <div>
            <dt>{t("progress.notApplicableReason")}</dt>
            <dd lang={CONTENT_LANG}>{version.not_applicable_reason}</dd>
          </div>
        )}
        {version.narrative && (
          <div>
            <dt>{t("progress.narrative")}</dt>
            <dd lang={CONTENT_LANG} className="pre-line">
              {version.narrative}
            </dd>
          </div>
        )}
      </dl>
      {version.values.length === 0 ? (
        <p>{t("progress.noValues")}</p>
      ) : (
        <table className="data-table">
          <caption>{t("progress.valuesCaption", { n: version.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("progress.indicator")}</th>
              <th scope="col">{t("progress.value")}</th>
              <th scope="col">{t("progress.unit")}</th>
            </tr>
          </thead>
          <tbody>
            {version.values.map((v) => (
              <tr key={v.indicator_id}>
                <th scope="row" lang={CONTENT_LANG}>
                  {names.get(v.indicator_id) ?? v.indicator_key}
                </th>
                <td>{String(Number(v.value))}</td>
                <td lang={CONTENT_LANG}>{v.unit ?? t("common.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {version.evidence.length === 0 ? (
        <p>{t("progress.noEvidence")}</p>
      ) : (
        <ul className="evidence-list" aria-label={t("progress.evidenceLegend")}>
          {version.evidence.map((e) => (
            <li key={`${e.url ?? e.file?.id} ${e.title}`}>
              {e.file ? (
                <>
                  <span lang={CONTENT_LANG}>{e.title}</span>
                  {t("progress.fileSeparator")}
                  <FileFacts file={e.file} />
                </>
              ) : (
                <a href={e.url ?? undefined} rel="noopener noreferrer" target="_blank" lang={CONTENT_LANG}>
                  {e.title}
                </a>
              )}{" "}
              {t("progress.evidenceEffective", { date: formatRocDate(e.effective_date, language) })}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        {t("progress.versionMeta", { n: version.number, by: version.written_by, at: formatRocDateTime(version.updated_at, language) })}
      </p>
    </div>
  );
}

/** Every version, newest first, each folded but the newest. */
export function VersionList({ versions, indicators }: { versions: readonly ProgressVersion[]; indicators: readonly Indicator[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const newestFirst = [...versions].reverse();
  return (
    <section className="panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t("progress.versionsHeading")}</h2>
      {newestFirst.map((v, i) => (
        <details key={v.number} open={i === 0} className="version">
          <summary>
            {t("progress.versionSummary", {
              n: v.number,
              status: t(`workStatus.${v.status}`),
              at: formatRocDateTime(v.updated_at, language),
            })}
          </summary>
          <VersionView version={v} indicators={indicators} />
        </details>
      ))}
    </section>
  );
}

/** The measure a report is on (in the plan's language) and the enterprise reporting (in the reader's). */
export function MeasureLine({ measure, organization }: { measure: string; organization: string }) {
  const { t } = useTranslation();
  return (
    <p>
      <span lang={CONTENT_LANG}>{measure}</span>
      {t("progress.byOrganization", { organization })}
    </p>
  );
}

/** A progress page with no plan to show: there is none yet. */
export function NoPlan({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <div className="state">
      <h1>{title}</h1>
      <p>{t("plan.empty")}</p>
    </div>
  );
}
