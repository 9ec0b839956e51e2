import { useTranslation } from "react-i18next";
import { useEnterprises } from "../../../api/organizations";
import { SelectField, TextField } from "../../../components/Fields";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";
import type { StructureFilter } from "./filter";

/** Words and an enterprise that narrow the editor's tree as they are typed. */
export function StructureFilterForm({ filter, onChange }: { filter: StructureFilter; onChange: (filter: StructureFilter) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const enterprises = useEnterprises();
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers the ministry uses; role="search" says the same.
    <form
      className="form form--inline structure__filter"
      role="search"
      aria-label={t("editor.filterLabel")}
      onSubmit={(e) => e.preventDefault()}
    >
      <TextField
        label={t("editor.filterText")}
        hint={t("editor.filterHint")}
        type="search"
        value={filter.q}
        onChange={(e) => onChange({ ...filter, q: e.target.value })}
        className="field--grow"
      />
      <SelectField
        label={t("editor.filterEnterprise")}
        value={filter.organization}
        onChange={(e) => onChange({ ...filter, organization: e.target.value })}
      >
        <option value="">{t("editor.filterAll")}</option>
        {(enterprises.data?.items ?? []).map((o) => (
          <option key={o.code} value={o.code}>
            {shortName(o, language)}
          </option>
        ))}
      </SelectField>
    </form>
  );
}
