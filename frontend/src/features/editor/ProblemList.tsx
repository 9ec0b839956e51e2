import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components/StateViews";

/** Every problem of a rejected import, each with where it is (sheet!cell or a JSON path). */
export function ImportProblems({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  if (errors.length === 0) return <ErrorMessage error={error} />;
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{t("editor.importProblems", { count: errors.length })}</p>
      {error instanceof ApiError && error.problem?.detail && <p>{error.problem.detail}</p>}
      <ol className="problem-list">
        {errors.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one field may have several problems; the server's order is their identity.
          <li key={`${e.field}-${i}`}>
            <code>{e.field}</code>: {e.message}
          </li>
        ))}
      </ol>
    </div>
  );
}
