import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../api/client";
import { invalidatePlan } from "../../../api/plans";
import { TextField } from "../../../components/Fields";
import { ErrorMessage } from "../../../components/StateViews";
import type { CodeName } from "./context";

export function CodeNameForm({
  legend,
  planId,
  save,
  onSaved,
  onCancel,
}: {
  legend: string;
  planId: number;
  save: (body: CodeName) => Promise<{ id: number }>;
  /** With what was created: a new group opens, ready for what goes in it. */
  onSaved: (created: { id: number }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<CodeName>({ code: "", name: "" });
  const add = useMutation({
    mutationFn: save,
    onSuccess: (created) => {
      void invalidatePlan(client, planId);
      onSaved(created);
    },
  });
  const errors = fieldErrors(add.error);
  return (
    <form
      className="form form--inline editor-form"
      aria-label={legend}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ code: form.code.trim(), name: form.name.trim() });
      }}
    >
      {add.isError && Object.keys(errors).length === 0 && <ErrorMessage error={add.error} />}
      <TextField
        label={t("editor.code")}
        value={form.code}
        onChange={(e) => setForm({ ...form, code: e.target.value })}
        error={errors.code}
        size={6}
      />
      <TextField
        label={t("editor.name")}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
        error={errors.name}
        className="field--grow"
      />
      <div className="form__actions">
        <button type="submit" className="button" disabled={add.isPending}>
          {t("form.create")}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Enterprise checkboxes: who carries out a measure. */
