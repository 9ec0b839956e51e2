import { useTranslation } from "react-i18next";
import { ApiError, fieldErrors } from "../api/client";

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t("common.loading")}
    </p>
  );
}

/** Shows an API problem (title and detail) or any other failure, with a retry button. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const title = problem?.title ?? t("common.errorTitle");
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{title}</p>
      {detail && detail !== title && <p>{detail}</p>}
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.location}.${e.field}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/** A write's failure above its form, unless every problem in it is shown beside its own field. */
export function FormError({ error }: { error: unknown }) {
  if (!error || Object.keys(fieldErrors(error)).length > 0) return null;
  return <ErrorMessage error={error} />;
}
