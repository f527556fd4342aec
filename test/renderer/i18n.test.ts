import { describe, expect, it } from 'vitest';
import { createI18n, NAMESPACES } from '../../renderer/i18n/index.js';

/** Every leaf key of a texts object, dotted: `header.kind.sandbox`. */
function keysOf(texts: object, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? keysOf(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function emptyTexts(texts: object, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? emptyTexts(value as object, `${prefix}${key}.`)
      : typeof value === 'string' && value.trim() !== ''
        ? []
        : [`${prefix}${key}`],
  );
}

describe('i18n', () => {
  it.each(Object.keys(NAMESPACES))('has the same keys in English and Chinese in %s', (name) => {
    const { en, zh } = NAMESPACES[name as keyof typeof NAMESPACES];

    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
  });

  it.each(Object.keys(NAMESPACES))('has no empty text in %s', (name) => {
    const { en, zh } = NAMESPACES[name as keyof typeof NAMESPACES];

    expect([...emptyTexts(en), ...emptyTexts(zh)]).toEqual([]);
  });

  it('finds the keys by namespace in both languages', () => {
    const i18n = createI18n('en');
    expect(i18n.t('menu.jobs')).toBe('Jobs');
    expect(i18n.t('pauseModal.title', { ns: 'queues', queue: 'emails' })).toBe('Pause emails');

    void i18n.changeLanguage('zh');
    expect(i18n.t('menu.jobs')).toBe('任务');
  });

  it('leaves markup in a value as text for React to escape', () => {
    const i18n = createI18n('en');

    expect(i18n.t('detail.title', { ns: 'jobs', id: '<img src=x>' })).toBe('Job <img src=x>');
  });
});
