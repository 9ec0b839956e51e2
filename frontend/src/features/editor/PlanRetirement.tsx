import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { planWrites, readPlan } from "../../api/editor";
import { invalidatePlan } from "../../api/plans";
import type { Plan } from "../../api/types";
import { type GuardedMutation, useGuardedMutation } from "../../api/useGuardedMutation";
import { ConfirmQuestion } from "../../components/Confirm";
import { GuardedConflict } from "../../components/Conflict";
import { ErrorMessage } from "../../components/StateViews";
import { PlanVersion } from "./PlanVersion";

/** Delete a draft that was never public, or archive a published plan so the home page moves on. */
export function PlanRetirement({ plan, etag, onNotice }: { plan: Plan; etag: string; onNotice: (m: string) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const read = () => readPlan(plan.id);

  const remove = useGuardedMutation({
    write: (seen: string) => planWrites.remove(plan.id, seen),
    read,
    onSaved: () => {
      void client.invalidateQueries({ queryKey: ["plans"] });
      client.removeQueries({ queryKey: ["editor-plan", plan.id] });
      void navigate("/editor", { state: { notice: t("editor.draftDeleted") } });
    },
  });
  const archive = useGuardedMutation({
    write: (seen: string) => planWrites.archive(plan.id, seen),
    read,
    onSaved: () => {
      onNotice(t("editor.archived"));
      void invalidatePlan(client, plan.id);
    },
    onDiscarded: () => invalidatePlan(client, plan.id),
  });

  if (plan.status === "draft") {
    return (
      <ConfirmedAction
        heading={t("editor.deleteHeading")}
        action={t("editor.deleteDraft")}
        question={t("editor.deleteConfirm")}
        danger
        guard={remove}
        onConfirm={() => void remove.save(etag, undefined)}
      />
    );
  }
  if (plan.status === "published") {
    return (
      <ConfirmedAction
        heading={t("editor.archiveHeading")}
        hint={t("editor.archiveHint")}
        action={t("editor.archive")}
        question={t("editor.archiveConfirm")}
        guard={archive}
        onConfirm={() => void archive.save(etag, undefined)}
      />
    );
  }
  return null;
}

interface ConfirmedActionProps {
  heading: string;
  hint?: string;
  action: string;
  question: string;
  danger?: boolean;
  guard: GuardedMutation<Plan, unknown, unknown>;
  onConfirm: () => void;
}

/** A panel whose one action asks first: the button opens a question, which acts or cancels. */
function ConfirmedAction({ heading, hint, action, question, danger, guard, onConfirm }: ConfirmedActionProps) {
  const headingId = useId();
  const [asking, setAsking] = useState(false);
  const buttonClass = danger ? "button button--danger" : "button";
  return (
    <section className="panel lifecycle" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {hint && <p>{hint}</p>}
      <GuardedConflict guard={guard} describe={(p) => <PlanVersion plan={p} />} />
      {guard.error ? <ErrorMessage error={guard.error} /> : null}
      {asking ? (
        <ConfirmQuestion
          label={action}
          question={question}
          yes={action}
          busy={guard.busy}
          danger={danger}
          onConfirm={onConfirm}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <button type="button" className={buttonClass} onClick={() => setAsking(true)}>
          {action}
        </button>
      )}
    </section>
  );
}
