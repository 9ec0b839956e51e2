/** Plan content is written in Traditional Chinese whatever the UI language: mark it so. */
export const CONTENT_LANG = "zh-Hant-TW";
