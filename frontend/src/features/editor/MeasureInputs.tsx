import { useTranslation } from "react-i18next";
import { TextAreaField, TextField } from "../../components/Fields";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { OwnerChoice } from "./formParts";

export interface MeasureInput {
  code: string;
  text: string;
  owners: string[];
}

/** A measure's code, text and owning enterprises: the same inputs to add a measure and to change one. */
export function MeasureInputs({
  value,
  onChange,
  errors,
  idPrefix,
  rows,
}: {
  value: MeasureInput;
  onChange: (value: MeasureInput) => void;
  /** By field (code, text, organizations), from the server or checked here first. */
  errors: Record<string, string | null | undefined>;
  idPrefix: string;
  rows?: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t("editor.code")}
        value={value.code}
        onChange={(e) => onChange({ ...value, code: e.target.value })}
        error={errors.code}
        size={6}
      />
      <TextAreaField
        label={t("editor.text")}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
        error={errors.text}
        lang={CONTENT_LANG}
        rows={rows}
      />
      <OwnerChoice
        idPrefix={idPrefix}
        value={value.owners}
        onChange={(owners) => onChange({ ...value, owners })}
        error={errors.organizations}
      />
    </>
  );
}
