import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReportState } from "../api/types";
import type { GuardedMutation } from "../api/useGuardedMutation";
import { CONTENT_LANG } from "../i18n/contentLang";
import { ConfirmQuestion } from "./Confirm";
import { GuardedConflict } from "./Conflict";
import { TextAreaField } from "./Fields";
import { FormError } from "./StateViews";

/** What a reviewer decides on a submitted document: return it with a comment, or accept it. */
export type Decision = { kind: "return"; comment: string } | { kind: "accept" };

/**
 * The review step every submitted document goes through (a progress report, a results report): a
 * comment to return it with, or acceptance after a question; each sent with the ETag of the version
 * the reviewer read. Once decided the document is no longer submitted and the page drops this part.
 */
export function ReviewDecision<T extends { state?: ReportState | null; version: number | null }, R>({
  guard,
  etag,
  acceptQuestion,
}: {
  guard: GuardedMutation<T, Decision, R>;
  etag: string;
  acceptQuestion: string;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const [empty, setEmpty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const sendReturn = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!comment.trim());
    if (comment.trim()) void guard.save(etag, { kind: "return", comment: comment.trim() });
  };
  return (
    <section className="panel form-panel" aria-labelledby="review-heading">
      <h2 id="review-heading">{t("progress.reviewActions")}</h2>
      <GuardedConflict
        guard={guard}
        describe={(r) => <p>{r.state ? t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version }) : ""}</p>}
      />
      <FormError error={guard.error} />
      <form className="form" onSubmit={sendReturn} noValidate aria-labelledby="return-heading">
        <h3 id="return-heading">{t("progress.returnHeading")}</h3>
        <TextAreaField
          label={t("progress.returnComment")}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          error={empty ? t("progress.check.required") : (guard.fieldErrors.comment ?? null)}
          required
          maxLength={2000}
          lang={CONTENT_LANG}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={guard.busy}>
            {t("progress.returnButton")}
          </button>
        </div>
      </form>
      <div className="form__actions">
        {confirming ? (
          <ConfirmQuestion
            label={t("progress.accept")}
            question={acceptQuestion}
            yes={t("progress.accept")}
            busy={guard.busy}
            onConfirm={() => void guard.save(etag, { kind: "accept" })}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {t("progress.accept")}
          </button>
        )}
      </div>
    </section>
  );
}
