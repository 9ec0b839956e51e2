import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../api/auth";
import { fieldErrors } from "../../api/client";
import { useChangeContact, useContacts, useCreateContact } from "../../api/notifications";
import type { Contact, ContactLanguage } from "../../api/types";
import { SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** 聯絡窗口: the signed-in reporter's organisation's contacts, who are e-mailed its follow-ups' news and reminders. */
export function ContactsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("contacts.heading"));
  const me = useMe();
  const code = me.data?.organization?.code;
  const contacts = useContacts(code);
  if (!code) return <p>{t("contacts.noOrganization")}</p>;
  return (
    <div className="admin-page">
      <h1>{t("contacts.heading")}</h1>
      <p>{t("contacts.intro")}</p>
      {contacts.isPending ? (
        <Loading />
      ) : contacts.isError ? (
        <ErrorMessage error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : contacts.data.items.length === 0 ? (
        <p>{t("contacts.empty")}</p>
      ) : (
        <ContactTable code={code} contacts={contacts.data.items} />
      )}
      <AddContact code={code} />
    </div>
  );
}

function ContactTable({ code, contacts }: { code: string; contacts: Contact[] }) {
  const { t } = useTranslation();
  const change = useChangeContact(code);
  const yesNo = (value: boolean) => (value ? t("contacts.yes") : t("contacts.no"));
  return (
    <>
      <FormError error={change.error} />
      <table className="table">
        <caption>{t("contacts.listLabel")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("contacts.name")}</th>
            <th scope="col">{t("contacts.email")}</th>
            <th scope="col">{t("contacts.language")}</th>
            <th scope="col">{t("contacts.receivesReminders")}</th>
            <th scope="col">{t("contacts.active")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("contacts.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.email}</td>
              <td>{t(`contactLanguage.${c.language}`)}</td>
              <td>{yesNo(c.receives_reminders)}</td>
              <td>{yesNo(c.is_active)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  disabled={change.isPending}
                  aria-label={t("contacts.actionOn", {
                    action: c.receives_reminders ? t("contacts.stopReminders") : t("contacts.resumeReminders"),
                    name: c.name,
                  })}
                  onClick={() => change.mutate({ id: c.id, change: { receives_reminders: !c.receives_reminders } })}
                >
                  {c.receives_reminders ? t("contacts.stopReminders") : t("contacts.resumeReminders")}
                </button>{" "}
                <button
                  type="button"
                  className="button button--small"
                  disabled={change.isPending}
                  onClick={() => change.mutate({ id: c.id, change: null })}
                >
                  {t("contacts.remove")}
                  <span className="visually-hidden">：{c.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function AddContact({ code }: { code: string }) {
  const { t } = useTranslation();
  const create = useCreateContact(code);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [language, setLanguage] = useState<ContactLanguage>("zh-TW");
  const errors = fieldErrors(create.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await create.mutateAsync({ name, email, language, receives_reminders: true, is_active: true }).catch(() => undefined);
  };
  return (
    <form className="form" aria-label={t("contacts.add")} onSubmit={submit} noValidate>
      <h2>{t("contacts.add")}</h2>
      <TextField label={t("contacts.name")} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <TextField
        label={t("contacts.email")}
        type="email"
        value={email}
        maxLength={254}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      <SelectField
        label={t("contacts.language")}
        value={language}
        onChange={(e) => setLanguage(e.target.value as ContactLanguage)}
        error={errors.language}
      >
        <option value="zh-TW">{t("contactLanguage.zh-TW")}</option>
        <option value="en">{t("contactLanguage.en")}</option>
      </SelectField>
      <FormError error={create.error} />
      {create.isSuccess && <p role="status">{t("contacts.added")}</p>}
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t("contacts.add")}
      </button>
    </form>
  );
}
