/** Texts of the rules area, in English and Simplified Chinese (same keys in both). */
export const rules = {
  en: {},
  zh: {},
};
