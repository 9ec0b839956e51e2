import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseRocDateInput, toRocInput } from "../lib/rocDate";

interface FieldShell {
  label: string;
  hint?: string;
  error?: string | null;
  className?: string;
}

/** A label, the control, a hint and the field's own error, wired with aria-describedby. */
function Shell({ id, label, hint, error, className, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className={`field${className ? ` ${className}` : ""}${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField({ label, hint, error, className, id: givenId, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} className={className}>
      <input id={id} {...input} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </Shell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  className,
  id: givenId,
  ...input
}: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} className={className}>
      <textarea id={id} rows={3} {...input} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </Shell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  id: givenId,
  children,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} className={className}>
      <select id={id} {...select} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
        {children}
      </select>
    </Shell>
  );
}

/** The text of a ROC date input and the ISO date it means (null: empty; undefined: not a date). */
export interface RocDateValue {
  text: string;
  iso: string | null | undefined;
}

export function rocDateValue(iso: string | null | undefined): RocDateValue {
  return { text: iso ? toRocInput(iso) : "", iso: iso ?? null };
}

export function readRocDate(text: string): RocDateValue {
  return { text, iso: text.trim() ? (parseRocDateInput(text) ?? undefined) : null };
}

/** A date typed the ROC way (115/03/15, 115年3月15日); says so at once when it is not a date. */
export function RocDateField({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  id: givenId,
  required,
}: FieldShell & { value: RocDateValue; onChange: (value: RocDateValue) => void; id?: string; required?: boolean }) {
  const { t } = useTranslation();
  const [touched, setTouched] = useState(false);
  const auto = useId();
  const id = givenId ?? auto;
  const invalid = touched && value.iso === undefined ? t("form.invalidDate") : null;
  const shown = error ?? invalid;
  return (
    <Shell id={id} label={label} hint={hint ?? t("form.dateHint")} error={shown} className={className}>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="off"
        value={value.text}
        required={required}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy(id, hint ?? t("form.dateHint"), shown)}
        onChange={(e) => onChange(readRocDate(e.target.value))}
        onBlur={() => setTouched(true)}
      />
    </Shell>
  );
}
