import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { fetchPlanEtag, invalidatePlan, planWrites } from "../../api/editor";
import type { Plan } from "../../api/types";
import { ErrorMessage } from "../../components/StateViews";

/** Delete a draft that was never public, or archive a published plan so the home page moves on. */
export function PlanRetirement({ plan, onNotice }: { plan: Plan; onNotice: (m: string) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();

  const remove = useMutation({
    mutationFn: async () => planWrites.remove(plan.id, await fetchPlanEtag(plan.id)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["plans"] });
      client.removeQueries({ queryKey: ["editor-plan", plan.id] });
      void navigate("/editor", { state: { notice: t("editor.draftDeleted") } });
    },
  });
  const archive = useMutation({
    mutationFn: async () => planWrites.archive(plan.id, await fetchPlanEtag(plan.id)),
    onSuccess: () => {
      onNotice(t("editor.archived"));
      invalidatePlan(client, plan.id);
    },
  });

  if (plan.status === "draft") {
    return (
      <ConfirmedAction
        heading={t("editor.deleteHeading")}
        action={t("editor.deleteDraft")}
        question={t("editor.deleteConfirm")}
        danger
        mutation={remove}
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
        mutation={archive}
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
  mutation: { mutate: () => void; isPending: boolean; isError: boolean; error: unknown };
}

/** A panel whose one action asks first: the button opens a question, which acts or cancels. */
function ConfirmedAction({ heading, hint, action, question, danger, mutation }: ConfirmedActionProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [asking, setAsking] = useState(false);
  const buttonClass = danger ? "button button--danger" : "button";
  return (
    <section className="panel lifecycle" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {hint && <p>{hint}</p>}
      {mutation.isError && <ErrorMessage error={mutation.error} />}
      {asking ? (
        <div className="confirm" role="alertdialog" aria-label={action}>
          <p>{question}</p>
          <button type="button" className={buttonClass} disabled={mutation.isPending} onClick={() => mutation.mutate()}>
            {action}
          </button>{" "}
          <button type="button" className="button button--quiet" onClick={() => setAsking(false)}>
            {t("form.cancel")}
          </button>
        </div>
      ) : (
        <button type="button" className={buttonClass} onClick={() => setAsking(true)}>
          {action}
        </button>
      )}
    </section>
  );
}
