import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * A 412: someone changed the item since it was read. Shows what it is now and lets the person
 * apply their change again on top of it, or drop it; nothing is overwritten silently.
 */
export function ConflictNotice({
  current,
  onReapply,
  onDiscard,
  busy,
}: {
  current: ReactNode;
  onReapply: () => void;
  onDiscard: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="state state--conflict" role="alert" tabIndex={-1} ref={ref}>
      <p className="state__title">{t("form.conflictTitle")}</p>
      <p>{t("form.conflictBody")}</p>
      <div className="conflict__current">
        <p className="conflict__label">{t("form.conflictCurrent")}</p>
        {current}
      </div>
      <div className="form__actions">
        <button type="button" className="button" onClick={onReapply} disabled={busy}>
          {t("form.reapply")}
        </button>
        <button type="button" className="button button--quiet" onClick={onDiscard} disabled={busy}>
          {t("form.discard")}
        </button>
      </div>
    </div>
  );
}

/** A polite line that a change was saved, read out by screen readers. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** 「已儲存」 beside a save button once its write went through; a live region, so it is read out. */
export function SavedMark({ saved }: { saved: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="saved-mark" role="status">
      {saved ? t("form.saved") : ""}
    </span>
  );
}

/** A form's submit button, 「儲存中…」 while it writes and 「已儲存」 beside it after. */
export function SaveButton({ busy, saved, label }: { busy: boolean; saved: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t("form.saving") : (label ?? t("form.save"))}
      </button>
      <SavedMark saved={saved} />
    </>
  );
}

/** The conflict notice of a guarded write, when it has one. */
export function GuardedConflict<T, C>({
  guard,
  describe,
}: {
  guard: { conflict: { current: { data: T }; change: C } | null; busy: boolean; reapply: () => unknown; discard: () => void };
  describe: (current: T) => ReactNode;
}) {
  if (!guard.conflict) return null;
  return (
    <ConflictNotice
      busy={guard.busy}
      current={describe(guard.conflict.current.data)}
      onReapply={() => void guard.reapply()}
      onDiscard={guard.discard}
    />
  );
}
