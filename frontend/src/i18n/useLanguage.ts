import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language } from "./index";

/** The UI language, re-rendering the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : "zh-TW";
}
