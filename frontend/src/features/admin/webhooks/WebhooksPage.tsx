import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../../api/auth";
import { useWebhooks } from "../../../api/deliveries";
import type { Me } from "../../../api/types";
import { Notice } from "../../../components/Conflict";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { SecretOnce } from "../tokens/SecretOnce";
import { CreateWebhookForm } from "./CreateWebhookForm";
import { WebhookTable } from "./WebhookTable";

/** 網路掛鉤: administrators see and make any subscription (the commission's too), an enterprise's reporter its own organisation's. */
export function WebhooksPage() {
  const me = useMe().data;
  return me ? <WebhooksOfAccount me={me} /> : null;
}

interface Shown {
  url: string;
  secret: string;
}

function WebhooksOfAccount({ me }: { me: Me }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const webhooks = useWebhooks();
  const [secret, setSecret] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const admin = me.role === "administrator";
  useDocumentTitle(t("webhooks.heading"));

  const show = (shown: Shown) => {
    setNotice(null);
    setSecret(shown);
  };

  return (
    <div className="admin-page">
      <h1>{t("webhooks.heading")}</h1>
      <p>{admin || !me.organization ? t("webhooks.introAdmin") : t("webhooks.introOrg", { org: shortName(me.organization, language) })}</p>
      <p>{t("webhooks.signing")}</p>
      {notice && <Notice>{notice}</Notice>}

      {secret ? (
        <SecretOnce
          secret={secret.secret}
          heading={t("webhooks.secretHeading", { url: secret.url })}
          warning={t("webhooks.secretWarning")}
          label={t("webhooks.secretLabel")}
          onDone={() => setSecret(null)}
        />
      ) : (
        <CreateWebhookForm chooseOrganization={admin} onCreated={show} />
      )}

      <section aria-labelledby="webhook-list-heading">
        <h2 id="webhook-list-heading">{t("webhooks.list")}</h2>
        {webhooks.isPending ? (
          <Loading />
        ) : webhooks.isError ? (
          <ErrorMessage error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        ) : webhooks.data.items.length === 0 ? (
          <p className="state">{t("webhooks.empty")}</p>
        ) : (
          <WebhookTable
            webhooks={webhooks.data.items}
            onRotated={show}
            onDeleted={(url) => {
              setSecret(null);
              setNotice(t("webhooks.deletedMessage", { url }));
            }}
          />
        )}
      </section>
    </div>
  );
}
