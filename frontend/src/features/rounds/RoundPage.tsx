import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMe } from "../../api/auth";
import type { Versioned } from "../../api/client";
import { afterRoundChange, readRound, readVisit, roundQueries, roundWrites, type StatusChange } from "../../api/rounds";
import type { PanelMember, PanelMemberKind, RoundDetail, RoundPatch, Visit, VisitPatch } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, Notice, SaveButton } from "../../components/Conflict";
import { RocDateField, type RocDateValue, rocDateValue, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { FormButtons } from "../../components/FormButtons";
import { ListTable } from "../../components/ListTable";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { joinNames, shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { StatusBadge, useRoundLabels } from "./RoundsPage";

const STATUSES = ["planned", "notified", "in_progress", "drafting", "signed_off", "issued", "published"] as const;
const KINDS: PanelMemberKind[] = ["commission", "expert", "delegate"];

/** A round: its verification plan (查證計畫), progress, panel (查證小組) and visits (訪查行程). */
export function RoundPage() {
  const labels = useRoundLabels();
  const id = Number(useParams().roundId);
  const detail = useQuery(roundQueries.detail(Number.isInteger(id) ? id : undefined));
  useDocumentTitle(detail.data ? labels.name(detail.data.data) : undefined);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  return <Round current={detail.data} />;
}

function Round({ current }: { current: Versioned<RoundDetail> }) {
  const { t } = useTranslation();
  const labels = useRoundLabels();
  const round = current.data;
  return (
    <div className="progress-page round-page">
      <p className="breadcrumb">
        <Link to="/rounds">{t("rounds.title")}</Link>
      </p>
      <h1>{labels.name(round)}</h1>
      <p>
        <StatusBadge status={round.status} />
      </p>
      <PlanSection current={current} />
      <ProgressSection current={current} />
      <PanelSection round={round} />
      <VisitsSection round={round} />
    </div>
  );
}

function useNames(round: RoundDetail) {
  const language = useLanguage();
  const names = new Map(round.enterprises.map((e) => [e.code, shortName(e, language)]));
  return (code: string) => names.get(code) ?? code;
}

function useCan() {
  return permissionsOf(useMe().data);
}

// 查證計畫

interface PlanForm {
  items: string;
  starts_on: RocDateValue;
  ends_on: RocDateValue;
  place: string;
  agenda: string;
  participants: string;
  follow_up_working_days: string;
}

function planForm(round: RoundDetail): PlanForm {
  return {
    items: round.items.join("\n"),
    starts_on: rocDateValue(round.starts_on),
    ends_on: rocDateValue(round.ends_on),
    place: round.place,
    agenda: round.agenda,
    participants: round.participants,
    follow_up_working_days: round.follow_up_working_days?.toString() ?? "",
  };
}

function planPatch(form: PlanForm): RoundPatch {
  const days = form.follow_up_working_days.trim();
  return {
    items: form.items
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
    starts_on: form.starts_on.iso ?? null,
    ends_on: form.ends_on.iso ?? null,
    place: form.place,
    agenda: form.agenda,
    participants: form.participants,
    follow_up_working_days: days ? Number(days) : null,
  };
}

function PlanSection({ current }: { current: Versioned<RoundDetail> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = useRoundLabels();
  const client = useQueryClient();
  const can = useCan();
  const round = current.data;
  const [form, setForm] = useState<PlanForm | null>(null);
  const save = useGuardedMutation({
    write: (etag, body: RoundPatch) => roundWrites.update(round.id, etag, body),
    read: () => readRound(round.id),
    onSaved: async () => {
      await afterRoundChange(client, round.id);
      setForm(null);
    },
    onDiscarded: () => void afterRoundChange(client, round.id),
  });
  const editable = can.manageRounds && !["issued", "published"].includes(round.status);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) void save.save(current.etag, planPatch(form));
  };
  return (
    <section className="panel" aria-labelledby="round-plan">
      <h2 id="round-plan">{t("rounds.plan")}</h2>
      <GuardedConflict guard={save} describe={(r: RoundDetail) => <p>{labels.dates(r)}</p>} />
      {form ? (
        <form onSubmit={submit} noValidate>
          <FormError error={save.error} />
          <TextAreaField
            label={t("rounds.items")}
            hint={t("rounds.itemsHint")}
            value={form.items}
            onChange={(e) => setForm({ ...form, items: e.target.value })}
            error={save.fieldErrors.items}
          />
          <RocDateField
            label={t("rounds.startsOn")}
            value={form.starts_on}
            onChange={(v) => setForm({ ...form, starts_on: v })}
            error={save.fieldErrors.starts_on}
          />
          <RocDateField
            label={t("rounds.endsOn")}
            value={form.ends_on}
            onChange={(v) => setForm({ ...form, ends_on: v })}
            error={save.fieldErrors.ends_on}
          />
          <TextField
            label={t("rounds.place")}
            value={form.place}
            maxLength={200}
            onChange={(e) => setForm({ ...form, place: e.target.value })}
          />
          <TextAreaField label={t("rounds.agenda")} value={form.agenda} onChange={(e) => setForm({ ...form, agenda: e.target.value })} />
          <TextAreaField
            label={t("rounds.participants")}
            value={form.participants}
            onChange={(e) => setForm({ ...form, participants: e.target.value })}
          />
          <TextField
            label={t("rounds.followUpDays")}
            inputMode="numeric"
            value={form.follow_up_working_days}
            onChange={(e) => setForm({ ...form, follow_up_working_days: e.target.value })}
            error={save.fieldErrors.follow_up_working_days}
          />
          <FormButtons busy={save.busy} submit={t("rounds.savePlan")} onCancel={() => setForm(null)} />
        </form>
      ) : (
        <>
          <dl className="plan-meta">
            <dt>{t("rounds.items")}</dt>
            <dd lang={CONTENT_LANG}>{round.items.length ? round.items.join("、") : t("rounds.notSet")}</dd>
            <dt>{t("rounds.dates")}</dt>
            <dd>{labels.dates(round)}</dd>
            <dt>{t("rounds.place")}</dt>
            <dd lang={CONTENT_LANG}>{round.place || t("rounds.notSet")}</dd>
            <dt>{t("rounds.agenda")}</dt>
            <dd lang={CONTENT_LANG}>{round.agenda || t("rounds.notSet")}</dd>
            <dt>{t("rounds.participants")}</dt>
            <dd lang={CONTENT_LANG}>{round.participants || t("rounds.notSet")}</dd>
            <dt>{t("rounds.followUpDays")}</dt>
            <dd>{round.follow_up_working_days ?? t("rounds.notSet")}</dd>
            <dt>{t("rounds.enterprises")}</dt>
            <dd>
              {joinNames(
                round.enterprises.map((e) => shortName(e, language)),
                language,
              )}
            </dd>
          </dl>
          {save.saved && <Notice>{t("form.saved")}</Notice>}
          {editable && (
            <button type="button" className="button" onClick={() => setForm(planForm(round))}>
              {t("rounds.editPlan")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

// 進度

function ProgressSection({ current }: { current: Versioned<RoundDetail> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const can = useCan();
  const round = current.data;
  const next = round.next_statuses[0];
  const [notifiedOn, setNotifiedOn] = useState<RocDateValue>(rocDateValue(null));
  const [number, setNumber] = useState("");
  const move = useGuardedMutation({
    write: (etag, body: StatusChange) => roundWrites.status(round.id, etag, body),
    read: () => readRound(round.id),
    onSaved: () => afterRoundChange(client, round.id),
    onDiscarded: () => void afterRoundChange(client, round.id),
  });
  const reached = STATUSES.indexOf(round.status);
  const notify = (e: FormEvent) => {
    e.preventDefault();
    void move.save(current.etag, { status: "notified", notified_on: notifiedOn.iso ?? undefined, notice_number: number });
  };
  return (
    <section className="panel" aria-labelledby="round-progress">
      <h2 id="round-progress">{t("rounds.progress")}</h2>
      <ol className="round-steps">
        {STATUSES.map((status, index) => {
          const at = round.status_history[status];
          return (
            <li
              key={status}
              className={index <= reached ? "round-steps__done" : undefined}
              aria-current={status === round.status ? "step" : undefined}
            >
              {t(`rounds.status.${status}`)}
              {at && <span className="round-steps__at">（{formatRocDateTime(at, language)}）</span>}
            </li>
          );
        })}
      </ol>
      {round.notified_on && (
        <p>{t("rounds.notice", { date: formatRocDate(round.notified_on, language), number: round.notice_number ?? "" })}</p>
      )}
      <GuardedConflict guard={move} describe={(r: RoundDetail) => <p>{t(`rounds.status.${r.status}`)}</p>} />
      <FormError error={move.error} />
      {can.manageRounds && next === "notified" && (
        <form onSubmit={notify} noValidate aria-label={t("rounds.notifyForm")}>
          <RocDateField
            label={t("rounds.notifiedOn")}
            value={notifiedOn}
            onChange={setNotifiedOn}
            error={move.fieldErrors.notified_on}
            required
          />
          <TextField
            label={t("rounds.noticeNumber")}
            value={number}
            maxLength={100}
            required
            onChange={(e) => setNumber(e.target.value)}
            error={move.fieldErrors.notice_number}
          />
          <SaveButton busy={move.busy} saved={move.saved} label={t("rounds.notify")} />
        </form>
      )}
      {can.manageRounds && next && next !== "notified" && next !== "published" && (
        <button type="button" className="button" disabled={move.busy} onClick={() => void move.save(current.etag, { status: next })}>
          {t("rounds.moveTo", { status: t(`rounds.status.${next}`) })}
        </button>
      )}
      {can.manageRounds && next === "published" && <p>{t("rounds.publishHint")}</p>}
    </section>
  );
}

// 查證小組

function PanelSection({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const name = useNames(round);
  const can = useCan();
  const me = useMe().data;
  const open = !["issued", "published"].includes(round.status);
  return (
    <section className="panel" aria-labelledby="round-panel">
      <h2 id="round-panel">{t("rounds.panel")}</h2>
      {round.panel.length === 0 ? (
        <p>{t("rounds.noPanel")}</p>
      ) : (
        <ListTable
          id="panel-caption"
          caption={t("rounds.panelCaption")}
          head={[t("rounds.memberName"), t("rounds.memberKind"), t("rounds.assignments"), t("rounds.conflicts")]}
        >
          {round.panel.map((member) => (
            <tr key={member.id}>
              <th scope="row">
                <span lang={CONTENT_LANG}>{member.name}</span>
                {member.affiliation && (
                  <span className="muted" lang={CONTENT_LANG}>
                    （{member.affiliation}）
                  </span>
                )}
              </th>
              <td>
                {t(`rounds.memberKinds.${member.kind}`)}
                {member.delegated_by && <> {t("rounds.delegatedBy", { enterprise: name(member.delegated_by) })}</>}
              </td>
              <td>{member.assignments.map(name).join("、") || "—"}</td>
              <td>
                {member.conflicts.length === 0
                  ? "—"
                  : member.conflicts.map((c) => (
                      <p key={c.id}>
                        {t("rounds.conflictWith", { enterprise: name(c.organization) })}
                        <span lang={CONTENT_LANG}>{c.reason}</span>
                      </p>
                    ))}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {open &&
        round.panel
          .filter((m) => m.username && m.username === me?.username && !can.manageRounds)
          .map((m) => <ConflictForms key={m.id} round={round} member={m} />)}
      {can.manageRounds && open && (
        <>
          {round.panel.map((m) => (
            <AssignmentForm key={m.id} round={round} member={m} />
          ))}
          <AddMemberForm round={round} />
        </>
      )}
    </section>
  );
}

function ConflictForms({ round, member }: { round: RoundDetail; member: PanelMember }) {
  const { t } = useTranslation();
  const name = useNames(round);
  const client = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const declare = useMutation({
    mutationFn: (code: string) => roundWrites.declareConflict(round.id, member.id, code, reason),
    onSuccess: async () => {
      setOpen(null);
      setReason("");
      await afterRoundChange(client, round.id);
    },
  });
  return (
    <div className="round-conflicts">
      <h3 className="subheading">{t("rounds.myEnterprises")}</h3>
      {declare.isSuccess && <Notice>{t("rounds.conflictDeclared")}</Notice>}
      <ul>
        {member.assignments.map((code) => (
          <li key={code}>
            {name(code)}{" "}
            {open !== code && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setOpen(code)}
                aria-label={t("rounds.declareFor", { enterprise: name(code) })}
              >
                {t("rounds.declare")}
              </button>
            )}
            {open === code && (
              <form
                noValidate
                aria-label={t("rounds.declareFor", { enterprise: name(code) })}
                onSubmit={(e) => {
                  e.preventDefault();
                  declare.mutate(code);
                }}
              >
                {declare.error ? <ErrorMessage error={declare.error} /> : null}
                <TextAreaField
                  label={t("rounds.conflictReason")}
                  value={reason}
                  maxLength={2000}
                  required
                  onChange={(e) => setReason(e.target.value)}
                />
                <FormButtons busy={declare.isPending} submit={t("rounds.declare")} onCancel={() => setOpen(null)} />
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AssignmentForm({ round, member }: { round: RoundDetail; member: PanelMember }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(member.assignments);
  const assign = useMutation({
    mutationFn: () => roundWrites.assign(round.id, member.id, chosen),
    onSuccess: () => afterRoundChange(client, round.id),
  });
  return (
    <form
      className="round-assign"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate();
      }}
    >
      <fieldset>
        <legend>{t("rounds.assignFor", { name: member.name })}</legend>
        {assign.error ? <ErrorMessage error={assign.error} /> : null}
        {round.enterprises.map((e) => (
          <label key={e.code} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(e.code)}
              onChange={(event) => setChosen(event.target.checked ? [...chosen, e.code] : chosen.filter((c) => c !== e.code))}
            />{" "}
            {shortName(e, language)}
          </label>
        ))}
        <SaveButton busy={assign.isPending} saved={assign.isSuccess} label={t("rounds.saveAssignments")} />
      </fieldset>
    </form>
  );
}

function AddMemberForm({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const [kind, setKind] = useState<PanelMemberKind>("expert");
  const [name, setName] = useState("");
  const [affiliation, setAffiliation] = useState("");
  const [delegatedBy, setDelegatedBy] = useState("");
  const [username, setUsername] = useState("");
  const add = useMutation({
    mutationFn: () =>
      roundWrites.addMember(round.id, {
        kind,
        name,
        affiliation,
        delegated_by: kind === "delegate" ? delegatedBy || null : null,
        username: username.trim() || null,
      }),
    onSuccess: async () => {
      setName("");
      setAffiliation("");
      setUsername("");
      await afterRoundChange(client, round.id);
    },
  });
  return (
    <form
      noValidate
      aria-labelledby="add-member"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-member" className="subheading">
        {t("rounds.addMember")}
      </h3>
      {add.error ? <ErrorMessage error={add.error} /> : null}
      {add.isSuccess && <Notice>{t("rounds.memberAdded")}</Notice>}
      <SelectField label={t("rounds.memberKind")} value={kind} onChange={(e) => setKind(e.target.value as PanelMemberKind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`rounds.memberKinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t("rounds.memberName")} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
      <TextField label={t("rounds.affiliation")} value={affiliation} maxLength={200} onChange={(e) => setAffiliation(e.target.value)} />
      {kind === "delegate" && (
        <SelectField label={t("rounds.delegatingEnterprise")} value={delegatedBy} onChange={(e) => setDelegatedBy(e.target.value)}>
          <option value="">{t("rounds.choose")}</option>
          {round.enterprises.map((e) => (
            <option key={e.code} value={e.code}>
              {shortName(e, language)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={t("rounds.username")}
        hint={t("rounds.usernameHint")}
        value={username}
        maxLength={64}
        onChange={(e) => setUsername(e.target.value)}
      />
      <button type="submit" className="button" disabled={add.isPending}>
        {t("rounds.addMember")}
      </button>
    </form>
  );
}

// 訪查行程

function VisitsSection({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const name = useNames(round);
  const can = useCan();
  const client = useQueryClient();
  const open = can.manageRounds && !["issued", "published"].includes(round.status);
  const remove = useMutation({
    mutationFn: (visitId: number) => roundWrites.removeVisit(round.id, visitId),
    onSuccess: () => afterRoundChange(client, round.id),
  });
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <section className="panel" aria-labelledby="round-visits">
      <h2 id="round-visits">{t("rounds.visits")}</h2>
      {remove.error ? <ErrorMessage error={remove.error} /> : null}
      {round.visits.length === 0 ? (
        <p>{t("rounds.noVisits")}</p>
      ) : (
        <ListTable
          id="visits-caption"
          caption={t("rounds.visitsCaption")}
          head={[
            t("rounds.visitDate"),
            t("rounds.enterprise"),
            t("rounds.place"),
            t("rounds.units"),
            t("rounds.note"),
            ...(open ? [t("rounds.actions")] : []),
          ]}
        >
          {round.visits.map((visit) => (
            <tr key={visit.id}>
              <td>{formatRocDate(visit.visit_date, language)}</td>
              <td>{name(visit.organization)}</td>
              <td lang={CONTENT_LANG}>{visit.place}</td>
              <td>{visit.units.join("、") || "—"}</td>
              <td lang={CONTENT_LANG}>{visit.note}</td>
              {open && (
                <td>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => setEditing(visit.id)}
                    aria-label={t("rounds.editVisit", { enterprise: name(visit.organization) })}
                  >
                    {t("rounds.edit")}
                  </button>{" "}
                  <button
                    type="button"
                    className="button button--quiet"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(visit.id)}
                    aria-label={t("rounds.removeVisit", { enterprise: name(visit.organization) })}
                  >
                    {t("rounds.remove")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </ListTable>
      )}
      {open && editing !== null && <EditVisitForm key={editing} round={round} visitId={editing} onDone={() => setEditing(null)} />}
      {open && <AddVisitForm round={round} />}
    </section>
  );
}

function AddVisitForm({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const [organization, setOrganization] = useState(round.enterprises[0]?.code ?? "");
  const [day, setDay] = useState<RocDateValue>(rocDateValue(null));
  const [place, setPlace] = useState("");
  const [note, setNote] = useState("");
  const [units, setUnits] = useState("");
  const add = useMutation({
    mutationFn: () =>
      roundWrites.addVisit(round.id, {
        organization,
        visit_date: day.iso ?? "",
        place,
        note,
        units: unitCodes(units),
      }),
    onSuccess: async () => {
      setPlace("");
      setNote("");
      setUnits("");
      await afterRoundChange(client, round.id);
    },
  });
  return (
    <form
      noValidate
      aria-labelledby="add-visit"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-visit" className="subheading">
        {t("rounds.addVisit")}
      </h3>
      {add.error ? <ErrorMessage error={add.error} /> : null}
      <SelectField label={t("rounds.enterprise")} value={organization} onChange={(e) => setOrganization(e.target.value)}>
        {round.enterprises.map((e) => (
          <option key={e.code} value={e.code}>
            {shortName(e, language)}
          </option>
        ))}
      </SelectField>
      <RocDateField label={t("rounds.visitDate")} value={day} onChange={setDay} required />
      <TextField label={t("rounds.place")} value={place} maxLength={200} onChange={(e) => setPlace(e.target.value)} />
      <TextField label={t("rounds.units")} hint={t("rounds.unitsHint")} value={units} onChange={(e) => setUnits(e.target.value)} />
      <TextAreaField label={t("rounds.note")} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button" disabled={add.isPending}>
        {t("rounds.addVisit")}
      </button>
    </form>
  );
}

function unitCodes(text: string): string[] {
  return text
    .split(/[,，、\s]+/)
    .map((u) => u.trim())
    .filter(Boolean);
}

/** A visit changed with If-Match: its day, place, note and units. */
function EditVisitForm({ round, visitId, onDone }: { round: RoundDetail; visitId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const read = useQuery({ queryKey: ["round-visit", round.id, visitId], staleTime: 0, queryFn: () => readVisit(round.id, visitId) });
  const [form, setForm] = useState<{ day: RocDateValue; place: string; note: string; units: string } | null>(null);
  const save = useGuardedMutation({
    write: (etag, body: VisitPatch) => roundWrites.updateVisit(round.id, visitId, etag, body),
    read: () => readVisit(round.id, visitId),
    onSaved: async () => {
      await afterRoundChange(client, round.id);
      onDone();
    },
    onDiscarded: onDone,
  });
  if (read.isPending) return <Loading />;
  if (read.isError) return <ErrorMessage error={read.error} />;
  const visit = read.data.data;
  const shown = form ?? { day: rocDateValue(visit.visit_date), place: visit.place, note: visit.note, units: visit.units.join(", ") };
  const set = (change: Partial<typeof shown>) => setForm({ ...shown, ...change });
  return (
    <form
      noValidate
      aria-labelledby="edit-visit"
      onSubmit={(e) => {
        e.preventDefault();
        void save.save(read.data.etag, {
          visit_date: shown.day.iso ?? "",
          place: shown.place,
          note: shown.note,
          units: unitCodes(shown.units),
        });
      }}
    >
      <h3 id="edit-visit" className="subheading">
        {t("rounds.editVisitTitle", { date: formatRocDate(visit.visit_date, language) })}
      </h3>
      <GuardedConflict guard={save} describe={(v: Visit) => <p>{formatRocDate(v.visit_date, language)}</p>} />
      <FormError error={save.error} />
      <RocDateField label={t("rounds.visitDate")} value={shown.day} onChange={(day) => set({ day })} error={save.fieldErrors.visit_date} />
      <TextField label={t("rounds.place")} value={shown.place} maxLength={200} onChange={(e) => set({ place: e.target.value })} />
      <TextField
        label={t("rounds.units")}
        hint={t("rounds.unitsHint")}
        value={shown.units}
        onChange={(e) => set({ units: e.target.value })}
        error={Object.entries(save.fieldErrors).find(([k]) => k.startsWith("units"))?.[1]}
      />
      <TextAreaField label={t("rounds.note")} value={shown.note} onChange={(e) => set({ note: e.target.value })} />
      <FormButtons busy={save.busy} submit={t("rounds.saveVisit")} onCancel={onDone} />
    </form>
  );
}
