import { useTranslation } from "react-i18next";
import { useEnterprises } from "../../api/organizations";
import { ConfirmQuestion } from "../../components/Confirm";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";

/** Deleting an item of the plan, asked first. */
export function ConfirmDelete({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmQuestion
      label={t("editor.deleteLabel", { name })}
      question={t("form.confirmDelete", { name })}
      yes={t("form.yesDelete")}
      busy={busy}
      danger
      small
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}

/** Edit and delete for a row inside the measure editor (a sub-item, an indicator). */
export function EditDeleteActions({
  name,
  lang,
  onEdit,
  onDelete,
}: {
  name: string;
  lang?: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="editor-actions" lang={lang}>
      <button type="button" className="button button--quiet button--small" aria-label={t("editor.editLabel", { name })} onClick={onEdit}>
        {t("form.edit")}
      </button>
      <button
        type="button"
        className="button button--quiet button--small"
        aria-label={t("editor.deleteLabel", { name })}
        onClick={onDelete}
      >
        {t("form.delete")}
      </button>
    </div>
  );
}

export function OwnerChoice({
  value,
  onChange,
  error,
  idPrefix,
}: {
  value: readonly string[];
  onChange: (v: string[]) => void;
  error?: string | null;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const enterprises = useEnterprises();
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend>{t("editor.owners")}</legend>
      {(enterprises.data?.items ?? []).map((o) => (
        <div key={o.code} className="field--check">
          <input
            id={`${idPrefix}-${o.code}`}
            type="checkbox"
            checked={value.includes(o.code)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.code] : value.filter((c) => c !== o.code))}
          />
          <label htmlFor={`${idPrefix}-${o.code}`}>{shortName(o, language)}</label>
        </div>
      ))}
      {error && (
        <p className="field__error" id={`${idPrefix}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
