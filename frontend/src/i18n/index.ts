import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { zhTW } from "./zh-TW";

export type Language = "zh-TW" | "en";
export const LANGUAGES: readonly Language[] = ["zh-TW", "en"];
const STORAGE_KEY = "uplift.language";

// The value of <html lang>: BCP 47 with the script, so screen readers pick a Traditional Chinese voice.
const HTML_LANG: Record<Language, string> = { "zh-TW": "zh-Hant-TW", en: "en" };

export const resources = {
  "zh-TW": { translation: zhTW },
  en: { translation: en },
} as const;

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : "zh-TW";
  } catch {
    return "zh-TW";
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : "zh-TW";
}

function applyLanguage(language: Language): void {
  document.documentElement.lang = HTML_LANG[language];
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

export function initI18n(): typeof i18n {
  const language = storedLanguage();
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: "zh-TW",
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
  });
  applyLanguage(language);
  i18n.on("languageChanged", (lng) => {
    if (isLanguage(lng)) applyLanguage(lng);
  });
  return i18n;
}

export { i18n };
