/** Texts of the audit area, in English and Simplified Chinese (same keys in both). */
export const audit = {
  en: {},
  zh: {},
};
