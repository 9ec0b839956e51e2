import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Organization } from "../../api/types";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { MAX_QUERY_LENGTH } from "./browseParams";

const DEBOUNCE_MS = 300;

interface Props {
  organizations: readonly Organization[];
  organizationCounts: ReadonlyMap<string, number>;
  org: string | null;
  q: string;
  onOrgChange: (org: string | null) => void;
  /** `push` is true when a new search starts (a history entry), false while it is refined. */
  onQueryChange: (q: string, push: boolean) => void;
  onClear: () => void;
}

/** The enterprise filter and the debounced search box; their values live in the URL. */
export function BrowseFilters({ organizations, organizationCounts, org, q, onOrgChange, onQueryChange, onClear }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [text, setText] = useState(q);
  // The last query this box sent, to tell our own URL updates from the back button's.
  const sent = useRef(q);
  // The latest callback: the debounced send must not act on the URL state of an older render
  // (an enterprise chosen while typing would otherwise be dropped).
  const onQueryChangeRef = useRef(onQueryChange);
  useEffect(() => {
    onQueryChangeRef.current = onQueryChange;
  });

  useEffect(() => {
    if (q !== sent.current) {
      sent.current = q;
      setText(q);
    }
  }, [q]);

  const send = (value: string) => {
    const trimmed = value.trim().slice(0, MAX_QUERY_LENGTH);
    if (trimmed === sent.current) return;
    const push = sent.current === "";
    sent.current = trimmed;
    onQueryChangeRef.current(trimmed, push);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of text restarts the wait; `send` reads the latest state through the ref.
  useEffect(() => {
    const timer = window.setTimeout(() => send(text), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(text);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers the ministry uses; role="search" says the same.
    <form className="filters" role="search" aria-label={t("browse.filtersLabel")} onSubmit={submit}>
      <div className="field">
        <label htmlFor="filter-org">{t("browse.organization")}</label>
        <select id="filter-org" value={org ?? ""} onChange={(e) => onOrgChange(e.target.value || null)}>
          <option value="">{t("browse.allOrganizations")}</option>
          {organizations.map((o) => {
            const count = organizationCounts.get(o.code);
            return (
              <option key={o.code} value={o.code}>
                {shortName(o, language)}
                {count !== undefined ? ` (${count})` : ""}
              </option>
            );
          })}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor="filter-q">{t("browse.search")}</label>
        <input
          id="filter-q"
          type="search"
          value={text}
          maxLength={MAX_QUERY_LENGTH}
          placeholder={t("browse.searchHint")}
          autoComplete="off"
          enterKeyHint="search"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {(org || q) && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            sent.current = "";
            setText("");
            onClear();
          }}
        >
          {t("browse.clear")}
        </button>
      )}
    </form>
  );
}
