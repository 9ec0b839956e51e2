import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDocumentTitle } from "../lib/useDocumentTitle";

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("common.notFoundTitle"));
  return (
    <div className="state">
      <h1>{t("common.notFoundTitle")}</h1>
      <p>{t("common.notFoundBody")}</p>
      <p>
        <Link to="/">{t("common.backToPlan")}</Link>
      </p>
    </div>
  );
}
