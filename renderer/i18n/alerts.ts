/** Texts of the alerts area, in English and Simplified Chinese (same keys in both). */
export const alerts = {
  en: {},
  zh: {},
};
