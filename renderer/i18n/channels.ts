/** Texts of the channels area, in English and Simplified Chinese (same keys in both). */
export const channels = {
  en: {},
  zh: {},
};
