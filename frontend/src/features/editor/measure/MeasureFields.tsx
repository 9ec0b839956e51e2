import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Measure, measureWrites } from "../../../api/editor";
import { SaveButton } from "../../../components/Conflict";
import { type MeasureInput, MeasureInputs } from "../MeasureInputs";
import { useUnsavedChanges } from "../unsaved";
import type { MeasureWrite } from "./measureWrite";

/** The measure's own code, text and owners; unsaved changes here warn before they are lost. */
export function MeasureFields({
  measure,
  errors,
  saved,
  write,
}: {
  measure: Measure;
  errors: Record<string, string>;
  saved: boolean;
  write: MeasureWrite;
}) {
  const { t } = useTranslation();
  // Compared with the measure as last read, not as first shown: once saved, nothing is unsaved.
  const shown = inputOf(measure);
  const [value, setValue] = useState(shown);
  const [local, setLocal] = useState<string | null>(null);
  useUnsavedChanges(value.code !== shown.code || value.text !== shown.text || value.owners.join() !== shown.owners.join());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.owners.length === 0) return setLocal(t("editor.ownersRequired"));
    setLocal(null);
    const body = { code: value.code.trim() || null, text: value.text.trim(), organizations: value.owners };
    void write.run((etag) => measureWrites.update(measure.id, etag, body));
  };
  return (
    <form className="form editor-form" onSubmit={submit} noValidate>
      <MeasureInputs
        value={value}
        onChange={setValue}
        errors={{ ...errors, organizations: local ?? errors.organizations }}
        idPrefix={`measure-${measure.id}-owner`}
        rows={4}
      />
      <div className="form__actions">
        <SaveButton busy={write.busy} saved={saved} />
      </div>
    </form>
  );
}

function inputOf(measure: Measure): MeasureInput {
  return { code: measure.code ?? "", text: measure.text, owners: measure.organizations.map((o) => o.code) };
}
