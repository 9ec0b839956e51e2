import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMe } from "../../api/auth";
import { fieldErrors, type Versioned } from "../../api/client";
import { afterFollowUpChange, followUpQueries, followUpWrites, readFollowUp } from "../../api/followUps";
import { organizationQueries } from "../../api/organizations";
import type { DecisionOutcome, FollowUpDecisionIn, FollowUpDetail, FollowUpEvidenceIn } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict } from "../../components/Conflict";
import { RocDateField, type RocDateValue, rocDateValue, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { ListTable } from "../../components/ListTable";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName, unitsUnder } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { EvidenceUpload, FileFacts } from "../progress/EvidenceUpload";
import { DueText, RoundName, StandingLabel } from "./FollowUpParts";

type Detail = FollowUpDetail;

/** One follow-up: the recommendation, its deadlines, answers and decisions round by round, and what the reader may do next. */
export function FollowUpPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = Number(useParams().id);
  const found = useQuery(followUpQueries.one(Number.isInteger(id) ? id : undefined));
  const me = useMe();
  const detail = found.data?.data;
  useDocumentTitle(
    detail
      ? t("followUps.itemTitle", { organization: shortName(detail.organization, language), number: detail.finding.number })
      : t("followUps.title"),
  );
  if (found.isPending || me.isPending) return <Loading />;
  if (found.isError) return <ErrorMessage error={found.error} onRetry={() => void found.refetch()} />;
  const current = found.data;
  const d = current.data;
  const can = permissionsOf(me.data);
  const mine = me.data?.organization?.id;
  const headOffice = can.answerFollowUps && mine === d.organization.id;
  const myUnit = can.answerFollowUps ? d.units.find((u) => u.unit.id === mine) : undefined;
  return (
    <div className="follow-up-page">
      <p>
        <Link to="/follow-ups">{t("followUps.back")}</Link>
      </p>
      <h1>{t("followUps.itemTitle", { organization: shortName(d.organization, language), number: d.finding.number })}</h1>
      <p>
        <StandingLabel standing={d.standing} /> · <RoundName round={d.finding.round} /> · {t("followUps.dueOn")} <DueText item={d} />
        {d.release ? ` · ${t(`followUps.release.${d.release}`)}` : ""}
      </p>
      <section aria-labelledby="recommendation">
        <h2 id="recommendation">{t("followUps.recommendation")}</h2>
        <p lang={CONTENT_LANG}>{d.finding.text_zh}</p>
        {d.finding.issued_on ? (
          <p>{t("followUps.issued", { date: formatRocDate(d.finding.issued_on, language), number: d.finding.issue_number ?? "" })}</p>
        ) : null}
      </section>
      <Deadlines detail={d} />
      <Answers current={current} reviewer={can.decideFollowUps} />
      {headOffice && d.state === "tracking" ? <AnswerForm detail={d} /> : null}
      {headOffice && d.state === "awaiting_decision" ? <p>{t("followUps.awaiting")}</p> : null}
      <Extensions detail={d} reviewer={can.decideFollowUps} headOffice={headOffice} />
      <Units detail={d} headOffice={headOffice} myUnit={myUnit?.unit.code} />
    </div>
  );
}

function Deadlines({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section aria-labelledby="deadlines">
      <h2 id="deadlines">{t("followUps.deadlines")}</h2>
      <ListTable
        id="deadline-table"
        caption={t("followUps.deadlinesCaption")}
        head={[t("followUps.number"), t("followUps.dueOn"), t("followUps.cause"), t("followUps.workingDays"), t("followUps.setBy")]}
      >
        {detail.deadlines.map((x) => (
          <tr key={x.number}>
            <th scope="row">{x.number}</th>
            <td>
              {formatRocDate(x.due_on, language)}
              {x.provisional ? ` ${t("followUps.provisional")}` : ""}
            </td>
            <td>{t(`followUps.causes.${x.cause}`)}</td>
            <td>{x.working_days ?? "—"}</td>
            <td>{x.set_by}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

function Answers({ current, reviewer }: { current: Versioned<Detail>; reviewer: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const d = current.data;
  const last = d.answers.at(-1);
  return (
    <section aria-labelledby="answers">
      <h2 id="answers">{t("followUps.answersTitle")}</h2>
      {d.answers.length === 0 ? <p>{t("followUps.noAnswers")}</p> : null}
      {d.answers.map((a) => (
        <article key={a.number} className="follow-up-answer" aria-labelledby={`answer-${a.number}`}>
          <h3 id={`answer-${a.number}`}>{t("followUps.answerNumber", { number: a.number })}</h3>
          <p lang={CONTENT_LANG}>{a.text}</p>
          <p>
            {t("followUps.progress", { percent: a.progress_percent })}
            {a.asks_release ? ` · ${t("followUps.asksRelease")}` : ""}
            {a.late ? ` · ${t("followUps.late")}` : ""} · {formatRocDateTime(a.submitted_at, language)} · {a.written_by}
          </p>
          {a.evidence.length > 0 ? (
            <ul aria-label={t("followUps.evidence")}>
              {a.evidence.map((e) => (
                <li key={`${e.title}-${e.url ?? e.file?.id}`}>
                  {e.title}: {e.file ? <FileFacts file={e.file} /> : <a href={e.url ?? "#"}>{e.url}</a>}
                </li>
              ))}
            </ul>
          ) : null}
          {a.decision ? (
            <p className="follow-up-decision">
              <strong>{t(`followUps.outcome.${a.decision.outcome}`)}</strong>
              {a.decision.reason ? `：${a.decision.reason}` : ""} ({a.decision.decided_by},{" "}
              {formatRocDateTime(a.decision.decided_at, language)})
            </p>
          ) : reviewer && a === last ? (
            <DecisionForm current={current} number={a.number} hasEvidence={a.evidence.length > 0} />
          ) : null}
        </article>
      ))}
    </section>
  );
}

const OUTCOMES: readonly DecisionOutcome[] = ["release_implemented", "release_not_implemented", "continue_tracking"];

function DecisionForm({ current, number, hasEvidence }: { current: Versioned<Detail>; number: number; hasEvidence: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const id = current.data.id;
  const [outcome, setOutcome] = useState<DecisionOutcome>("continue_tracking");
  const [reason, setReason] = useState("");
  const [due, setDue] = useState<RocDateValue>(rocDateValue(null));
  const decide = useGuardedMutation({
    write: (etag, body: FollowUpDecisionIn) => followUpWrites.decide(id, number, etag, body),
    read: () => readFollowUp(id),
    onSaved: (answer) => afterFollowUpChange(client, answer),
    onDiscarded: () => void client.invalidateQueries({ queryKey: ["follow-up", id] }),
  });
  const errors = decide.fieldErrors;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: FollowUpDecisionIn = { outcome, reason };
    if (outcome === "continue_tracking" && due.iso) body.due_on = due.iso;
    void decide.save(current.etag, body);
  };
  return (
    <form className="decision-form" onSubmit={onSubmit} aria-labelledby={`decide-${number}`}>
      <h4 id={`decide-${number}`}>{t("followUps.decideTitle")}</h4>
      <fieldset>
        <legend>{t("followUps.outcomeLegend")}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="radio">
            <input type="radio" name={`outcome-${number}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{" "}
            {t(`followUps.outcome.${o}`)}
          </label>
        ))}
        {errors.outcome ? <p className="field-error">{errors.outcome}</p> : null}
      </fieldset>
      {outcome === "release_implemented" && !hasEvidence ? <p>{t("followUps.needsEvidence")}</p> : null}
      <TextAreaField
        label={t("followUps.reason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason ?? null}
      />
      {outcome === "continue_tracking" ? (
        <RocDateField label={t("followUps.newDeadline")} value={due} onChange={setDue} error={errors.due_on ?? null} />
      ) : null}
      <GuardedConflict guard={decide} describe={() => t("followUps.changedMeanwhile")} />
      <FormError error={decide.error && !Object.keys(errors).length ? decide.error : null} />
      <button type="submit" disabled={decide.busy}>
        {t("followUps.decide")}
      </button>
    </form>
  );
}

function AnswerForm({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [percent, setPercent] = useState("0");
  const [asksRelease, setAsksRelease] = useState(false);
  const [evidence, setEvidence] = useState<(FollowUpEvidenceIn & { filename: string })[]>([]);
  const send = useMutation({
    mutationFn: () =>
      followUpWrites.answer(detail.id, {
        text,
        progress_percent: Number(percent),
        asks_release: asksRelease,
        evidence: evidence.map(({ title, file_id }) => ({ title, file_id })),
      }),
    onSuccess: async (answer) => {
      await afterFollowUpChange(client, answer);
      setText("");
      setEvidence([]);
    },
  });
  const errors = fieldErrors(send.error);
  return (
    <form
      className="answer-form"
      aria-labelledby="answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <h2 id="answer-form">{t("followUps.answerTitle")}</h2>
      <HandlingFields
        label={t("followUps.answerText")}
        text={text}
        percent={percent}
        onText={setText}
        onPercent={setPercent}
        errors={errors}
      />
      <label className="checkbox">
        <input type="checkbox" checked={asksRelease} onChange={(e) => setAsksRelease(e.target.checked)} /> {t("followUps.asksReleaseLabel")}
      </label>
      <EvidenceUpload
        disabled={send.isPending}
        onUploaded={(f) => setEvidence((list) => [...list, { title: f.filename, file_id: f.id, filename: f.filename }])}
      />
      {evidence.length > 0 ? (
        <ul aria-label={t("followUps.evidence")}>
          {evidence.map((e) => (
            <li key={e.file_id}>
              {e.filename}{" "}
              <button type="button" onClick={() => setEvidence((list) => list.filter((x) => x.file_id !== e.file_id))}>
                {t("followUps.removeEvidence", { name: e.filename })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FormError error={send.error && !Object.keys(errors).length ? send.error : null} />
      <button type="submit" disabled={send.isPending}>
        {t("followUps.sendAnswer")}
      </button>
    </form>
  );
}

function Extensions({ detail, reviewer, headOffice }: { detail: Detail; reviewer: boolean; headOffice: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const pending = detail.extensions.some((e) => e.state === "pending");
  return (
    <section aria-labelledby="extensions">
      <h2 id="extensions">{t("followUps.extensions")}</h2>
      {detail.extensions.length === 0 ? <p>{t("followUps.noExtensions")}</p> : null}
      <ul>
        {detail.extensions.map((e) => (
          <li key={e.number}>
            {t("followUps.extensionLine", { number: e.number, date: formatRocDate(e.requested_due_on, language) })}：
            <span lang={CONTENT_LANG}>{e.reason}</span> · {t(`followUps.extensionState.${e.state}`)}
            {e.decision_reason ? `（${e.decision_reason}）` : ""}
            {reviewer && e.state === "pending" ? <ExtensionDecision id={detail.id} number={e.number} /> : null}
          </li>
        ))}
      </ul>
      {headOffice && !pending && detail.state !== "released" ? <ExtensionForm detail={detail} /> : null}
    </section>
  );
}

function ExtensionDecision({ id, number }: { id: number; number: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const decide = useMutation({
    mutationFn: (approve: boolean) => followUpWrites.decideExtension(id, number, approve, reason || null),
    onSuccess: (answer) => afterFollowUpChange(client, answer),
  });
  const errors = fieldErrors(decide.error);
  return (
    <div className="extension-decision">
      <TextAreaField
        label={t("followUps.extensionReason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason ?? null}
      />
      <button type="button" disabled={decide.isPending} onClick={() => decide.mutate(true)}>
        {t("followUps.approveExtension")}
      </button>{" "}
      <button type="button" disabled={decide.isPending} onClick={() => decide.mutate(false)}>
        {t("followUps.refuseExtension")}
      </button>
      <FormError error={decide.error && !Object.keys(errors).length ? decide.error : null} />
    </div>
  );
}

function ExtensionForm({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [due, setDue] = useState<RocDateValue>(rocDateValue(null));
  const ask = useMutation({
    mutationFn: () => followUpWrites.requestExtension(detail.id, reason, due.iso ?? ""),
    onSuccess: (answer) => afterFollowUpChange(client, answer),
  });
  const errors = fieldErrors(ask.error);
  return (
    <form
      aria-labelledby="extension-form"
      onSubmit={(e) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <h3 id="extension-form">{t("followUps.askExtension")}</h3>
      <TextAreaField
        label={t("followUps.extensionWhy")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required
        error={errors.reason ?? null}
      />
      <RocDateField label={t("followUps.requestedDueOn")} value={due} onChange={setDue} required error={errors.requested_due_on ?? null} />
      <FormError error={ask.error && !Object.keys(errors).length ? ask.error : null} />
      <button type="submit" disabled={ask.isPending}>
        {t("followUps.sendExtension")}
      </button>
    </form>
  );
}

function Units({ detail, headOffice, myUnit }: { detail: Detail; headOffice: boolean; myUnit: string | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!headOffice && !myUnit && detail.units.length === 0) return null;
  return (
    <section aria-labelledby="units">
      <h2 id="units">{t("followUps.units")}</h2>
      {detail.units.length === 0 ? <p>{t("followUps.noUnits")}</p> : null}
      {detail.units.map((u) => (
        <article key={u.unit.id} aria-labelledby={`unit-${u.unit.id}`}>
          <h3 id={`unit-${u.unit.id}`}>{shortName(u.unit, language)}</h3>
          {u.request ? <p lang={CONTENT_LANG}>{t("followUps.unitRequest", { request: u.request })}</p> : null}
          {u.text ? (
            <p lang={CONTENT_LANG}>
              {u.text}（{t("followUps.progress", { percent: u.progress_percent ?? 0 })}）
            </p>
          ) : (
            <p>{t("followUps.unitNotYet")}</p>
          )}
          {myUnit === u.unit.code && detail.state !== "released" ? <UnitForm detail={detail} code={u.unit.code} /> : null}
        </article>
      ))}
      {headOffice && detail.state !== "released" ? <HandOffForm detail={detail} /> : null}
    </section>
  );
}

function HandOffForm({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const language = useLanguage();
  const units = useQuery({
    ...organizationQueries.all(),
    select: (all) => unitsUnder(all.items, detail.organization.id),
  });
  const [unit, setUnit] = useState("");
  const [request, setRequest] = useState("");
  const hand = useMutation({
    mutationFn: () => followUpWrites.handToUnit(detail.id, unit, request),
    onSuccess: (answer) => afterFollowUpChange(client, answer),
  });
  const errors = fieldErrors(hand.error);
  return (
    <form
      aria-labelledby="hand-off"
      onSubmit={(e) => {
        e.preventDefault();
        hand.mutate();
      }}
    >
      <h3 id="hand-off">{t("followUps.handOff")}</h3>
      <SelectField
        label={t("followUps.unit")}
        value={unit}
        onChange={(e) => setUnit(e.target.value)}
        required
        disabled={!units.data}
        error={errors.unit ?? null}
      >
        <option value="">{t("followUps.chooseUnit")}</option>
        {(units.data ?? []).map((u) => (
          <option key={u.code} value={u.code}>
            {shortName(u, language)} ({u.code})
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t("followUps.unitAsk")} value={request} onChange={(e) => setRequest(e.target.value)} />
      <FormError error={hand.error && !Object.keys(errors).length ? hand.error : null} />
      <button type="submit" disabled={hand.isPending}>
        {t("followUps.sendHandOff")}
      </button>
    </form>
  );
}

function UnitForm({ detail, code }: { detail: Detail; code: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = detail.units.find((u) => u.unit.code === code);
  const [text, setText] = useState(current?.text ?? "");
  const [percent, setPercent] = useState(String(current?.progress_percent ?? 0));
  const write = useMutation({
    mutationFn: () => followUpWrites.unitHandling(detail.id, code, text, Number(percent)),
    onSuccess: (answer) => afterFollowUpChange(client, answer),
  });
  const errors = fieldErrors(write.error);
  return (
    <form
      aria-labelledby="unit-form"
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate();
      }}
    >
      <h4 id="unit-form">{t("followUps.unitFormTitle")}</h4>
      <HandlingFields
        label={t("followUps.unitText")}
        text={text}
        percent={percent}
        onText={setText}
        onPercent={setPercent}
        errors={errors}
      />
      <FormError error={write.error && !Object.keys(errors).length ? write.error : null} />
      <button type="submit" disabled={write.isPending}>
        {t("followUps.saveUnit")}
      </button>
    </form>
  );
}

/** A handling's text and progress %: the head office's answer and a unit's handling alike. */
function HandlingFields({
  label,
  text,
  percent,
  onText,
  onPercent,
  errors,
}: {
  label: string;
  text: string;
  percent: string;
  onText: (text: string) => void;
  onPercent: (percent: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextAreaField label={label} value={text} onChange={(e) => onText(e.target.value)} required error={errors.text ?? null} />
      <TextField
        label={t("followUps.progressPercent")}
        type="number"
        min={0}
        max={100}
        value={percent}
        onChange={(e) => onPercent(e.target.value)}
        error={errors.progress_percent ?? null}
      />
    </>
  );
}
