import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { fieldErrors } from "../../api/client";
import { planWrites, useCreatePlan } from "../../api/editor";
import { useOrganizations } from "../../api/organizations";
import { usePlans } from "../../api/plans";
import { Notice } from "../../components/Conflict";
import { RocDateField, type RocDateValue, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocYear } from "../../lib/rocDate";
import { parseRocYearInput } from "../../lib/rocYear";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { ImportProblems } from "./ProblemList";

export function EditorHomePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const plans = usePlans();
  // What the page that sent us here has to say, e.g. that a draft was deleted.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  useDocumentTitle(t("editor.heading"));
  const sorted = [...(plans.data?.items ?? [])].sort((a, b) => b.year - a.year);

  return (
    <div className="admin-page">
      <h1>{t("editor.heading")}</h1>
      <p>{t("editor.intro")}</p>
      {notice && <Notice>{notice}</Notice>}

      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">{t("editor.plans")}</h2>
        {plans.isPending ? (
          <Loading />
        ) : plans.isError ? (
          <ErrorMessage error={plans.error} onRetry={() => void plans.refetch()} />
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t("editor.plans")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("plan.year")}</th>
                  <th scope="col">{t("editor.title")}</th>
                  <th scope="col">{t("plan.status")}</th>
                  <th scope="col">{t("editor.revision")}</th>
                  <th scope="col">{t("form.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((p) => (
                  <tr key={p.id}>
                    <td>{formatRocYear(p.year, language)}</td>
                    <th scope="row" lang={CONTENT_LANG}>
                      <Link to={`/editor/plans/${p.id}`}>{p.title}</Link>
                    </th>
                    <td>{t(`status.${p.status}`)}</td>
                    <td>{p.revision > 0 ? t("editor.revisionN", { n: p.revision }) : t("editor.notPublished")}</td>
                    <td>
                      <Link to={`/?plan=${p.id}`} aria-label={`${t("editor.view")} ${p.title}`}>
                        {t("editor.view")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CreatePlanForm />
      <ImportForm />
    </div>
  );
}

function CreatePlanForm() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const create = useCreatePlan();
  const organizations = useOrganizations();
  const [year, setYear] = useState("");
  const [title, setTitle] = useState("");
  const [issuer, setIssuer] = useState("MOEACA");
  const [due, setDue] = useState<RocDateValue>({ text: "", iso: null });
  const [objectives, setObjectives] = useState("");
  const [coreValues, setCoreValues] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...local };
  const issuers = (organizations.data?.items ?? []).filter((o) => o.kind !== "enterprise");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gregorian = parseRocYearInput(year);
    const problems: Record<string, string> = {};
    if (gregorian === null) problems.year = t("editor.invalidYear");
    if (due.iso === undefined) problems.report_due_date = t("form.invalidDate");
    setLocal(problems);
    if (Object.keys(problems).length || gregorian === null) return;
    create.mutate(
      {
        year: gregorian,
        title: title.trim(),
        issuer,
        report_due_date: due.iso ?? null,
        objectives,
        core_values: coreValues
          .split("\n")
          .map((p) => p.trim())
          .filter(Boolean),
      },
      { onSuccess: (plan) => void navigate(`/editor/plans/${plan.id}`) },
    );
  };

  return (
    <section className="panel form-panel" aria-labelledby="create-plan-heading">
      <h2 id="create-plan-heading">{t("editor.createHeading")}</h2>
      <FormError error={create.error} />
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("editor.year")}
          hint={t("editor.yearHint")}
          value={year}
          onChange={(e) => setYear(e.target.value)}
          error={errors.year}
          inputMode="numeric"
          required
        />
        <TextField
          label={t("editor.title")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title}
          required
          className="field--wide"
        />
        <SelectField label={t("editor.issuer")} value={issuer} onChange={(e) => setIssuer(e.target.value)} error={errors.issuer}>
          {issuers.map((o) => (
            <option key={o.code} value={o.code}>
              {shortName(o, language)}
            </option>
          ))}
        </SelectField>
        <RocDateField label={t("editor.reportDue")} value={due} onChange={setDue} error={errors.report_due_date} />
        <TextAreaField
          label={t("editor.objectives")}
          value={objectives}
          onChange={(e) => setObjectives(e.target.value)}
          error={errors.objectives}
          className="field--wide"
        />
        <TextAreaField
          label={t("editor.coreValues")}
          hint={t("editor.coreValuesHint")}
          value={coreValues}
          onChange={(e) => setCoreValues(e.target.value)}
          error={errors.core_values}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("editor.createHeading")}
          </button>
        </div>
      </form>
    </section>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const upload = useMutation({
    mutationFn: (f: File) => planWrites.importFile(f),
    onSuccess: (plan) => {
      void client.invalidateQueries({ queryKey: ["plans"] });
      void navigate(`/editor/plans/${plan.id}`);
    },
  });
  return (
    <section className="panel form-panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t("editor.importHeading")}</h2>
      {upload.isError && <ImportProblems error={upload.error} />}
      <form
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setMissing(!file);
          if (file) upload.mutate(file);
        }}
      >
        <div className={`field${missing ? " field--invalid" : ""}`}>
          <label htmlFor="import-file">{t("editor.importFile")}</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={missing ? "import-file-error" : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          {missing && (
            <p className="field__error" id="import-file-error">
              {t("editor.importChoose")}
            </p>
          )}
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={upload.isPending}>
            {t("editor.importSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}
