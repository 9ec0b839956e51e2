import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../../api/auth";
import type { Versioned } from "../../api/client";
import { invalidateResults, readDueDate, resultsQueries, resultsWrites } from "../../api/results";
import type { ResultsDueDate } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, SavedMark } from "../../components/Conflict";
import { RocDateField, rocDateValue } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDate } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { NoPlan } from "../progress/ReportParts";
import { DueDateText, PlanSelect, TimelinessText, usePlanChoice } from "./ResultsParts";

/** 成果報告審查: every enterprise of the plan, its report's state and whether it is late; the due date is set here. */
export function ResultsReviewPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("results.reviewTitle"));
  const choice = usePlanChoice();
  const list = useQuery(resultsQueries.list(choice.chosen));
  const due = useQuery(resultsQueries.dueDate(choice.chosen));
  // Administrators read the list and the due date; reviewers set it.
  const mayDecide = permissionsOf(useMe().data).reviewProgress;
  if (choice.featured.isPending || choice.plans.isPending) return <Loading />;
  if (choice.chosen === undefined) return <NoPlan title={t("results.reviewTitle")} />;
  const planId = choice.chosen;
  return (
    <div className="progress-page">
      <div className="page-heading">
        <h1>{t("results.reviewTitle")}</h1>
        <PlanSelect choice={choice} />
      </div>
      <p>{t("results.reviewIntro")}</p>
      {due.isError ? (
        <ErrorMessage error={due.error} onRetry={() => void due.refetch()} />
      ) : due.data && !mayDecide ? (
        <p>
          {t("results.dueDate")}：<DueDateText iso={due.data.data.due_date} />
        </p>
      ) : due.data ? (
        <DueDateForm key={due.data.etag} current={due.data} />
      ) : (
        <Loading />
      )}
      {list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading />
      ) : (
        // biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1).
        <div className="table-scroll" role="region" aria-labelledby="results-caption" tabIndex={0}>
          <table className="data-table">
            <caption id="results-caption">{t("results.reviewTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("results.enterprise")}</th>
                <th scope="col">{t("results.state")}</th>
                <th scope="col">{t("results.submittedOn")}</th>
                <th scope="col">{t("results.dueDate")}</th>
                <th scope="col">{t("results.timeliness")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => {
                const name = shortName(r.organization, language);
                return (
                  <tr key={r.organization.code} className={r.late ? "row--late" : undefined}>
                    <th scope="row">
                      {r.state ? (
                        <Link
                          to={`/results-review/${planId}/${encodeURIComponent(r.organization.code)}`}
                          aria-label={t("results.open", { organization: name })}
                        >
                          {name}
                        </Link>
                      ) : (
                        name
                      )}
                    </th>
                    <td>
                      {r.state
                        ? t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version })
                        : t("results.notSubmitted")}
                    </td>
                    <td>{r.submitted_on ? formatRocDate(r.submitted_on, language) : t("results.notSubmitted")}</td>
                    <td>
                      <DueDateText iso={r.due_date} />
                    </td>
                    <td>
                      <TimelinessText row={r} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function DueDateForm({ current }: { current: Versioned<ResultsDueDate> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const planId = current.data.plan_id;
  const [value, setValue] = useState(rocDateValue(current.data.due_date));
  const guard = useGuardedMutation({
    write: (etag, due: string | null) => resultsWrites.setDueDate(planId, etag, due),
    read: () => readDueDate(planId),
    onSaved: () => invalidateResults(client),
    onDiscarded: () => void invalidateResults(client),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (value.iso !== undefined) void guard.save(current.etag, value.iso);
  };
  return (
    <section className="panel form-panel" aria-labelledby="due-heading">
      <h2 id="due-heading">{t("results.dueHeading")}</h2>
      <GuardedConflict guard={guard} describe={(d) => <DueDateText iso={d.due_date} />} />
      <FormError error={guard.fieldErrors.due_date ? null : guard.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <RocDateField
          label={t("results.dueDate")}
          hint={t("results.dueHint")}
          value={value}
          onChange={setValue}
          error={guard.fieldErrors.due_date ?? null}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={guard.busy}>
            {guard.busy ? t("form.saving") : t("results.saveDue")}
          </button>
          <SavedMark saved={guard.saved} />
        </div>
      </form>
    </section>
  );
}
