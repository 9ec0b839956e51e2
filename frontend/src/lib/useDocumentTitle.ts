import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Names the browser tab after the page, then the product: what a screen reader announces first. */
export function useDocumentTitle(title: string | undefined) {
  const { t } = useTranslation();
  const product = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} | ${product}` : product;
  }, [title, product]);
}
