import { useTranslation } from "react-i18next";
import { currentLanguage } from "../i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = currentLanguage() === "zh-TW" ? "en" : "zh-TW";
  return (
    <button
      type="button"
      className="language-switch"
      lang={next === "en" ? "en" : "zh-Hant-TW"}
      aria-label={t("app.switchLanguageLabel")}
      onClick={() => void i18n.changeLanguage(next)}
    >
      {t("app.switchLanguage")}
    </button>
  );
}
