import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { RocDateField, type RocDateValue, readRocDate, rocDateValue } from "./Fields";

export interface FilterFormState<K extends string> {
  /** The applied filters: the page's address, so a filtered list can be linked to. */
  params: URLSearchParams;
  /** What the fields hold, applied or not. */
  form: Record<K, string>;
  set: (key: K) => (event: { target: { value: string } }) => void;
  since: RocDateValue;
  setSince: (value: RocDateValue) => void;
  until: RocDateValue;
  setUntil: (value: RocDateValue) => void;
  apply: (event: FormEvent) => void;
  clear: () => void;
}

function blank<K extends string>(keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, ""])) as Record<K, string>;
}

/**
 * A list's filters, kept in the page's address once applied: text and select fields named by
 * `keys`, and a since–until pair of ROC dates (`since`, `until`). Applying with a date that is
 * not a date does nothing (its field says why); clearing empties the fields and the address.
 * `onChange` runs whenever the applied filters change, e.g. to close a detail they hid.
 */
export function useFilterForm<K extends string>(keys: readonly K[], onChange?: () => void): FilterFormState<K> {
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<Record<K, string>>(() => {
    const filled = blank(keys);
    for (const k of keys) filled[k] = params.get(k) ?? "";
    return filled;
  });
  const [since, setSince] = useState<RocDateValue>(() => rocDateValue(params.get("since")));
  const [until, setUntil] = useState<RocDateValue>(() => rocDateValue(params.get("until")));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (since.iso === undefined || until.iso === undefined) return;
    const next = new URLSearchParams();
    for (const k of keys) if (form[k].trim()) next.set(k, form[k].trim());
    if (since.iso) next.set("since", since.iso);
    if (until.iso) next.set("until", until.iso);
    onChange?.();
    setParams(next);
  };

  const clear = () => {
    setForm(blank(keys));
    setSince(readRocDate(""));
    setUntil(readRocDate(""));
    onChange?.();
    setParams(new URLSearchParams());
  };

  return {
    params,
    form,
    set: (k) => (e) => setForm((f) => ({ ...f, [k]: e.target.value })),
    since,
    setSince,
    until,
    setUntil,
    apply,
    clear,
  };
}

/** The form of `useFilterForm`: the page's own fields, then the dates, then 套用 and 清除. */
export function FilterForm<K extends string>({
  label,
  filter,
  sinceLabel,
  untilLabel,
  children,
}: {
  label: string;
  filter: FilterFormState<K>;
  sinceLabel: string;
  untilLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form className="filters" aria-label={label} onSubmit={filter.apply} noValidate>
      {children}
      <RocDateField label={sinceLabel} value={filter.since} onChange={filter.setSince} />
      <RocDateField label={untilLabel} value={filter.until} onChange={filter.setUntil} />
      <div className="form__actions">
        <button type="submit" className="button">
          {t("form.apply")}
        </button>
        <button type="button" className="button button--quiet" onClick={filter.clear}>
          {t("form.clear")}
        </button>
      </div>
    </form>
  );
}
