import { useTranslation } from "react-i18next";

/**
 * The question asked before an action that cannot be taken back (delete, revoke, publish, archive):
 * one place, so every such question reads, looks and is announced the same.
 */
export function ConfirmQuestion({
  label,
  question,
  yes,
  busy,
  danger,
  small,
  onConfirm,
  onCancel,
}: {
  /** Names the question for screen readers: the action and what it acts on. */
  label: string;
  question: string;
  yes: string;
  busy?: boolean;
  danger?: boolean;
  /** Inside a row of a list or table, where full-size buttons would crowd it. */
  small?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const size = small ? " button--small" : "";
  return (
    <div className="confirm" role="alertdialog" aria-label={label}>
      <p>{question}</p>
      <button type="button" className={`button${danger ? " button--danger" : ""}${size}`} disabled={busy} onClick={onConfirm}>
        {yes}
      </button>{" "}
      <button type="button" className={`button button--quiet${size}`} onClick={onCancel}>
        {t("form.cancel")}
      </button>
    </div>
  );
}
