import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { fieldErrors } from "../../api/client";
import { planWrites } from "../../api/editor";
import type { Plan } from "../../api/types";
import { SelectField, TextField } from "../../components/Fields";
import { FormError } from "../../components/StateViews";
import { toRocYear } from "../../lib/rocDate";
import { parseRocYearInput } from "../../lib/rocYear";

export function CopyForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [year, setYear] = useState(String(toRocYear(plan.year + 1)));
  const [local, setLocal] = useState<string | null>(null);
  // Under amendment the reviewer chooses; otherwise the adopted content is all there is.
  const [content, setContent] = useState<"adopted" | "working">("adopted");
  const copy = useMutation({
    mutationFn: (y: number) => planWrites.copy(plan.id, { year: y, content }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ["plans"] });
      void navigate(`/editor/plans/${created.id}`);
    },
  });
  return (
    <section className="panel form-panel" aria-labelledby="copy-heading">
      <h2 id="copy-heading">{t("editor.copyHeading")}</h2>
      <FormError error={copy.error} />
      <form
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const y = parseRocYearInput(year);
          setLocal(y === null ? t("editor.invalidYear") : null);
          if (y !== null) copy.mutate(y);
        }}
      >
        <TextField
          label={t("editor.copyYear")}
          hint={t("editor.yearHint")}
          value={year}
          onChange={(e) => setYear(e.target.value)}
          error={local ?? fieldErrors(copy.error).year}
          inputMode="numeric"
          size={6}
        />
        {plan.status === "amending" && (
          <SelectField
            label={t("editor.copyContent")}
            value={content}
            onChange={(e) => setContent(e.target.value === "working" ? "working" : "adopted")}
          >
            <option value="adopted">{t("editor.copyAdopted", { n: plan.revision })}</option>
            <option value="working">{t("editor.copyWorking")}</option>
          </SelectField>
        )}
        <div className="form__actions">
          <button type="submit" className="button" disabled={copy.isPending}>
            {t("editor.copySubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}
