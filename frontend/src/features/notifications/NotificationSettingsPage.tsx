import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../api/auth";
import { fieldErrors } from "../../api/client";
import { useNotificationSettings, useSaveNotificationSettings } from "../../api/notifications";
import type { DigestFrequency, NotificationSettingsUpdate } from "../../api/types";
import { SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** 通知設定: the signed-in person's e-mail, and a reviewer's digest frequency. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("notificationSettings.heading"));
  const me = useMe();
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  const [email, setEmail] = useState("");
  const [digest, setDigest] = useState<DigestFrequency>("daily");
  useEffect(() => {
    if (!settings.data) return;
    setEmail(settings.data.data.email ?? "");
    setDigest(settings.data.data.digest_frequency);
  }, [settings.data]);
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} />;
  const reviewer = me.data?.role === "reviewer";
  const errors = fieldErrors(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const change: NotificationSettingsUpdate = { email: email.trim() || null };
    if (reviewer) change.digest_frequency = digest;
    await save.mutateAsync({ etag: settings.data.etag, change }).catch(() => undefined);
  };
  return (
    <div className="admin-page">
      <h1>{t("notificationSettings.heading")}</h1>
      <p>{t("notificationSettings.intro")}</p>
      <form className="form" aria-label={t("notificationSettings.heading")} onSubmit={submit} noValidate>
        <TextField
          label={t("notificationSettings.email")}
          type="email"
          value={email}
          maxLength={254}
          hint={t("notificationSettings.emailHint")}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        {reviewer ? (
          <SelectField
            label={t("notificationSettings.digest")}
            value={digest}
            onChange={(e) => setDigest(e.target.value as DigestFrequency)}
          >
            <option value="daily">{t("notificationSettings.daily")}</option>
            <option value="weekly">{t("notificationSettings.weekly")}</option>
            <option value="off">{t("notificationSettings.off")}</option>
          </SelectField>
        ) : (
          <p>{t("notificationSettings.reviewersOnly")}</p>
        )}
        <FormError error={save.error} />
        {save.isSuccess && <p role="status">{t("notificationSettings.saved")}</p>}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t("notificationSettings.save")}
        </button>
      </form>
    </div>
  );
}
