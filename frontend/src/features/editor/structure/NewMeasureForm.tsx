import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../api/client";
import { structureWrites } from "../../../api/editor";
import { invalidatePlan } from "../../../api/plans";
import { FormButtons } from "../../../components/FormButtons";
import { FormError } from "../../../components/StateViews";
import { type MeasureInput, MeasureInputs } from "../MeasureInputs";

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
  const [value, setValue] = useState<MeasureInput>({ code: "", text: "", owners: [] });
  const [local, setLocal] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      structureWrites.addMeasure(strategyId, { code: value.code.trim() || null, text: value.text.trim(), organizations: value.owners }),
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
        const missing = value.owners.length === 0 ? t("editor.ownersRequired") : null;
        setLocal(missing);
        if (!missing) add.mutate();
      }}
    >
      <FormError error={add.error} />
      <MeasureInputs
        value={value}
        onChange={setValue}
        errors={{ ...errors, organizations: local ?? errors.organizations }}
        idPrefix={`new-measure-${strategyId}`}
      />
      <FormButtons busy={add.isPending} submit={t("form.create")} onCancel={onDone} />
    </form>
  );
}
