/** Texts of the profiles area, in English and Simplified Chinese (same keys in both). */
export const profiles = {
  en: {},
  zh: {},
};
