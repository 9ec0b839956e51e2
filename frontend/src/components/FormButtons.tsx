import { useTranslation } from "react-i18next";

/** Submit (「儲存中…」 while it writes) and cancel, at the foot of a form that opens in place. */
export function FormButtons({ busy, submit, onCancel }: { busy: boolean; submit: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button type="submit" className="button" disabled={busy}>
        {busy ? t("form.saving") : submit}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t("form.cancel")}
      </button>
    </div>
  );
}
