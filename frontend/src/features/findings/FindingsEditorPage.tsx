import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMe } from "../../api/auth";
import { fieldErrors } from "../../api/client";
import { findingQueries, findingWrites, invalidateFindings, type Letter } from "../../api/findings";
import type { DraftingRound, Finding, OrganizationRef } from "../../api/types";
import { ConfirmQuestion } from "../../components/Confirm";
import { Notice } from "../../components/Conflict";
import { RocDateField, type RocDateValue, SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { FindingForm } from "./FindingForm";
import { FindingItem } from "./FindingItem";
import { KINDS, useRoundName } from "./FindingParts";

const CLOSED = ["issued", "published"];

/** 查證意見: a round's findings on one enterprise; panel members draft for their assigned enterprises, reviewers decide. */
export function FindingsEditorPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("findings.editorTitle"));
  const [params, setParams] = useSearchParams();
  const drafting = useQuery(findingQueries.drafting());
  const roundName = useRoundName();
  if (drafting.isError) return <ErrorMessage error={drafting.error} onRetry={() => void drafting.refetch()} />;
  if (!drafting.data) return <Loading />;
  const rounds = drafting.data.items;
  const round = rounds.find((r) => r.id === Number(params.get("round"))) ?? rounds[0];
  const enterprise = round?.enterprises.find((e) => e.code === params.get("organization")) ?? round?.enterprises[0];
  return (
    <div className="findings-page">
      <div className="page-heading">
        <h1>{t("findings.editorTitle")}</h1>
      </div>
      <p>{t("findings.editorIntro")}</p>
      {!round || !enterprise ? (
        <p>{t("findings.noRounds")}</p>
      ) : (
        <>
          <div className="form form--inline">
            <SelectField label={t("findings.round")} value={round.id} onChange={(e) => setParams({ round: e.target.value })}>
              {rounds.map((r) => (
                <option key={r.id} value={r.id}>
                  {roundName(r)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t("findings.enterprise")}
              value={enterprise.code}
              onChange={(e) => setParams({ round: String(round.id), organization: e.target.value })}
            >
              {round.enterprises.map((e) => (
                <option key={e.code} value={e.code}>
                  {shortName(e, language)}
                </option>
              ))}
            </SelectField>
          </div>
          <p>{t("findings.roundStatus", { status: t(`roundStatus.${round.status}`) })}</p>
          <EnterpriseFindings key={`${round.id}-${enterprise.code}`} round={round} enterprise={enterprise} />
        </>
      )}
    </div>
  );
}

function EnterpriseFindings({ round, enterprise }: { round: DraftingRound; enterprise: OrganizationRef }) {
  const { t } = useTranslation();
  const can = permissionsOf(useMe().data);
  const findings = useQuery(findingQueries.ofEnterprise(round.id, enterprise.code));
  const open = !CLOSED.includes(round.status);
  if (findings.isError) return <ErrorMessage error={findings.error} onRetry={() => void findings.refetch()} />;
  if (!findings.data) return <Loading />;
  const approved = findings.data.filter((f) => f.status === "approved");
  return (
    <>
      {KINDS.map((kind) => {
        const ofKind = findings.data.filter((f) => f.kind === kind).sort((a, b) => a.number - b.number);
        const heading = t(kind === "strength" ? "findings.strengths" : "findings.recommendations");
        return (
          <section key={kind} className="panel" aria-labelledby={`findings-${kind}`}>
            <h2 id={`findings-${kind}`}>{heading}</h2>
            {ofKind.length === 0 ? (
              <p>{t("findings.none")}</p>
            ) : (
              <ol className="finding-list" aria-labelledby={`findings-${kind}`}>
                {ofKind.map((f) => (
                  <FindingItem key={f.id} finding={f} planId={round.plan_id} decide={can.decideFindings} roundOpen={open} />
                ))}
              </ol>
            )}
          </section>
        );
      })}
      {open && <AddFinding round={round} enterprise={enterprise} />}
      {can.decideFindings && <LetterForm round={round} enterprise={enterprise} approved={approved} />}
      {can.decideFindings && round.status === "issued" && <PublishRound round={round} />}
    </>
  );
}

function AddFinding({ round, enterprise }: { round: DraftingRound; enterprise: OrganizationRef }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const create = useMutation({
    mutationFn: findingWrites.create,
    onSuccess: async () => {
      setAdding(false);
      await invalidateFindings(client);
    },
  });
  return (
    <section className="panel form-panel" aria-labelledby="add-finding">
      <h2 id="add-finding">{t("findings.add")}</h2>
      {adding ? (
        <>
          <FormError error={create.error} />
          <FindingForm
            initial={{ kind: "strength", text_zh: "", text_en: null, measures: [] }}
            planId={round.plan_id}
            organization={enterprise.code}
            busy={create.isPending}
            fieldErrors={fieldErrors(create.error)}
            submit={t("findings.save")}
            onSubmit={(draft) => create.mutate({ ...draft, round_id: round.id, organization: enterprise.code })}
            onCancel={() => setAdding(false)}
          />
        </>
      ) : (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          {t("findings.add")}
        </button>
      )}
    </section>
  );
}

/** 函送: the letter to the enterprise, issuing every approved finding of it in the round at once. */
function LetterForm({ round, enterprise, approved }: { round: DraftingRound; enterprise: OrganizationRef; approved: Finding[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const [issuedOn, setIssuedOn] = useState<RocDateValue>({ text: "", iso: null });
  const [number, setNumber] = useState("");
  const [dueOn, setDueOn] = useState<RocDateValue>({ text: "", iso: null });
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // One key per letter the person means to send: a retry after a lost answer is answered, not sent twice.
  const [key] = useState(() => crypto.randomUUID());
  const issue = useMutation({
    mutationFn: (letter: Letter) => findingWrites.issueLetter(letter, key),
    onSuccess: async () => {
      setConfirming(false);
      await invalidateFindings(client);
    },
  });
  const valid = !!issuedOn.iso && !!number.trim() && dueOn.iso !== undefined;
  const send = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (valid) setConfirming(true);
  };
  const errors = fieldErrors(issue.error);
  return (
    <section className="panel form-panel" aria-labelledby="letter-heading">
      <h2 id="letter-heading">{t("findings.letterHeading")}</h2>
      {issue.isSuccess && <Notice>{t("findings.issuedDone", { count: issue.data.items.length })}</Notice>}
      {approved.length === 0 ? (
        <p>{t("findings.letterNone")}</p>
      ) : (
        <form className="form" onSubmit={send} noValidate>
          <p>{t("findings.letterIntro")}</p>
          <FormError error={issue.error} />
          <RocDateField
            label={t("findings.issuedOn")}
            value={issuedOn}
            onChange={setIssuedOn}
            required
            error={tried && !issuedOn.iso ? t("findings.required") : (errors.issued_on ?? null)}
          />
          <TextField
            label={t("findings.issueNumber")}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            required
            maxLength={100}
            error={tried && !number.trim() ? t("findings.required") : (errors.issue_number ?? null)}
          />
          <RocDateField
            label={t("findings.dueOn")}
            hint={t("findings.dueOnHint")}
            value={dueOn}
            onChange={setDueOn}
            error={errors.due_on ?? null}
          />
          {confirming ? (
            <ConfirmQuestion
              label={t("findings.issue")}
              question={t("findings.issueQuestion", { count: approved.length, name: shortName(enterprise, language) })}
              yes={t("findings.issue")}
              busy={issue.isPending}
              onConfirm={() =>
                issue.mutate({
                  round_id: round.id,
                  organization: enterprise.code,
                  issued_on: issuedOn.iso as string,
                  issue_number: number.trim(),
                  due_on: dueOn.iso ?? null,
                })
              }
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <div className="form__actions">
              <button type="submit" className="button">
                {t("findings.issue")}
              </button>
            </div>
          )}
        </form>
      )}
    </section>
  );
}

/** 公布: once the round's findings are issued, the commission publishes them. */
function PublishRound({ round }: { round: DraftingRound }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const publish = useMutation({
    mutationFn: () => findingWrites.publish(round.id),
    onSuccess: async () => {
      setConfirming(false);
      await invalidateFindings(client);
    },
  });
  return (
    <section className="panel form-panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t("findings.publishHeading")}</h2>
      {publish.isSuccess && <Notice>{t("findings.publishedDone", { count: publish.data.items.length })}</Notice>}
      <FormError error={publish.error} />
      {confirming ? (
        <ConfirmQuestion
          label={t("findings.publish")}
          question={t("findings.publishQuestion")}
          yes={t("findings.publish")}
          busy={publish.isPending}
          onConfirm={() => publish.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t("findings.publish")}
        </button>
      )}
    </section>
  );
}
