import { useTranslation } from "react-i18next";

/** The scopes a new token gets: only those the person holds are offered. */
export function ScopeChoice({
  scopes,
  value,
  onChange,
  error,
}: {
  scopes: readonly string[];
  value: readonly string[];
  onChange: (scopes: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? "scopes-error" : undefined}>
      <legend>{t("tokens.scopes")}</legend>
      {scopes.map((s) => (
        <div key={s} className="field--check">
          <input
            id={`scope-${s}`}
            type="checkbox"
            checked={value.includes(s)}
            onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
          />
          <label htmlFor={`scope-${s}`}>
            <code>{s}</code>
          </label>
        </div>
      ))}
      {error && (
        <p className="field__error" id="scopes-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
