import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";

const MarkUnsaved = createContext<(form: string, dirty: boolean) => void>(() => {});

/**
 * Warns before unsaved changes are lost: a question of its own when the person follows a link
 * inside the app, the browser's own when they close the tab or reload.
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const mark = useCallback(
    (form: string, isDirty: boolean) =>
      setDirty((now) => {
        if (now.has(form) === isDirty) return now;
        const next = new Set(now);
        if (isDirty) next.add(form);
        else next.delete(form);
        return next;
      }),
    [],
  );
  const unsaved = dirty.size > 0;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);
  return (
    <MarkUnsaved.Provider value={mark}>
      {children}
      {blocker.state === "blocked" && <LeaveQuestion onLeave={() => blocker.proceed()} onStay={() => blocker.reset()} />}
    </MarkUnsaved.Provider>
  );
}

/** Tells the guard whether this form holds changes not yet saved. */
export function useUnsavedChanges(dirty: boolean): void {
  const mark = useContext(MarkUnsaved);
  const form = useId();
  useEffect(() => {
    mark(form, dirty);
    return () => mark(form, false);
  }, [mark, form, dirty]);
}

function LeaveQuestion({ onLeave, onStay }: { onLeave: () => void; onStay: () => void }) {
  const { t } = useTranslation();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div className="confirm unsaved-question" role="alertdialog" aria-labelledby="unsaved-title" aria-describedby="unsaved-body">
      <p id="unsaved-title" className="state__title">
        {t("editor.unsavedTitle")}
      </p>
      <p id="unsaved-body">{t("editor.unsavedBody")}</p>
      <button type="button" className="button" ref={stay} onClick={onStay}>
        {t("editor.unsavedStay")}
      </button>{" "}
      <button type="button" className="button button--danger" onClick={onLeave}>
        {t("editor.unsavedLeave")}
      </button>
    </div>
  );
}
