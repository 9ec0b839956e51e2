import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../api/client";
import { structureWrites } from "../../../api/editor";
import { invalidatePlan } from "../../../api/plans";
import { TextAreaField, TextField } from "../../../components/Fields";
import { ErrorMessage } from "../../../components/StateViews";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { FormButtons, OwnerChoice } from "./formParts";

export function NewMeasureForm({
  strategyId,
  strategyName,
  planId,
  onDone,
}: {
  strategyId: number;
  strategyName: string;
  planId: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState("");
  const [text, setText] = useState("");
  const [owners, setOwners] = useState<string[]>([]);
  const [local, setLocal] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => structureWrites.addMeasure(strategyId, { code: code.trim() || null, text: text.trim(), organizations: owners }),
    onSuccess: () => {
      void invalidatePlan(client, planId);
      onDone();
    },
  });
  const errors = fieldErrors(add.error);
  return (
    <form
      className="form editor-form"
      aria-label={`${t("editor.addMeasure")}：${strategyName}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const missing = owners.length === 0 ? t("editor.ownersRequired") : null;
        setLocal(missing);
        if (!missing) add.mutate();
      }}
    >
      {add.isError && Object.keys(errors).length === 0 && <ErrorMessage error={add.error} />}
      <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} size={6} />
      <TextAreaField
        label={t("editor.text")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.text}
        lang={CONTENT_LANG}
      />
      <OwnerChoice idPrefix={`new-measure-${strategyId}`} value={owners} onChange={setOwners} error={local ?? errors.organizations} />
      <FormButtons busy={add.isPending} submit={t("form.create")} onCancel={onDone} />
    </form>
  );
}
