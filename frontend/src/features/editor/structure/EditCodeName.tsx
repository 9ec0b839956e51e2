import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Versioned } from "../../../api/client";
import { invalidatePlan } from "../../../api/plans";
import { useGuardedMutation } from "../../../api/useGuardedMutation";
import { GuardedConflict, SaveButton } from "../../../components/Conflict";
import { TextField } from "../../../components/Fields";
import { ErrorMessage } from "../../../components/StateViews";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { useUnsavedChanges } from "../unsaved";
import type { CodeName, NodeQuery } from "./context";

export function EditCodeName({
  title,
  planId,
  query,
  load,
  update,
  onSaved,
  onDone,
}: {
  title: string;
  planId: number;
  query: NodeQuery;
  load: () => Promise<Versioned<CodeName & { position: number }>>;
  update: (etag: string, body: Partial<CodeName>) => Promise<unknown>;
  onSaved: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const loaded = useQuery(query);
  const [draft, setDraft] = useState<CodeName | null>(null);
  useUnsavedChanges(draft !== null && (draft.code !== loaded.data?.data.code || draft.name !== loaded.data?.data.name));
  const save = useGuardedMutation({
    write: update,
    read: load,
    onSaved: () => {
      void invalidatePlan(client, planId);
      void client.invalidateQueries({ queryKey: query.queryKey });
      onSaved();
      onDone();
    },
    onDiscarded: () => {
      setDraft(null);
      void client.invalidateQueries({ queryKey: query.queryKey });
    },
  });
  if (!loaded.data) return loaded.isError ? <ErrorMessage error={loaded.error} /> : null;
  const seen = loaded.data;
  const form = draft ?? { code: seen.data.code, name: seen.data.name };
  const errors = save.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.save(seen.etag, form);
  };
  return (
    <form className="form form--inline editor-form" onSubmit={submit} noValidate aria-label={t("editor.editLabel", { name: title })}>
      <GuardedConflict
        guard={save}
        describe={(current) => (
          <p lang={CONTENT_LANG}>
            {current.code} {current.name}
          </p>
        )}
      />
      {save.error && Object.keys(errors).length === 0 ? <ErrorMessage error={save.error} /> : null}
      <TextField
        label={t("editor.code")}
        value={form.code}
        onChange={(e) => setDraft({ ...form, code: e.target.value })}
        error={errors.code}
        size={6}
      />
      <TextField
        label={t("editor.name")}
        value={form.name}
        onChange={(e) => setDraft({ ...form, name: e.target.value })}
        error={errors.name}
        className="field--grow"
      />
      <div className="form__actions">
        <SaveButton busy={save.busy} saved={save.saved} />
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
