/** Texts of the schedules area, in English and Simplified Chinese (same keys in both). */
export const schedules = {
  en: {},
  zh: {},
};
