import { useTranslation } from "react-i18next";
import type { ApiToken } from "../../../api/types";
import { ConfirmQuestion } from "../../../components/Confirm";

/** A token row's one action: revoke, after asking (one row asks at a time: the table says which). */
export function RevokeToken({
  token,
  asking,
  busy,
  onAsk,
  onCancel,
  onConfirm,
}: {
  token: ApiToken;
  asking: boolean;
  busy: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const label = t("tokens.revokeLabel", { name: token.name });
  if (!asking)
    return (
      <button type="button" className="button button--quiet button--small" aria-label={label} onClick={onAsk}>
        {t("tokens.revoke")}
      </button>
    );
  return (
    <ConfirmQuestion
      label={label}
      question={t("tokens.confirmRevoke", { name: token.name })}
      yes={t("tokens.yesRevoke")}
      busy={busy}
      danger
      small
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
