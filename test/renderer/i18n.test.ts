import { describe, expect, it } from 'vitest';
import { PAGES } from '../../renderer/app/route.js';
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

  it.each(['en', 'zh'] as const)('titles each page as its menu entry names it (%s)', (lang) => {
    const i18n = createI18n(lang);

    for (const page of PAGES) {
      expect(i18n.t('title', { ns: page })).toMatch(new RegExp(`^${i18n.t(`menu.${page}`)}`));
    }
  });

  it('counts Alerts in the singular and the plural', () => {
    const i18n = createI18n('en');

    expect(i18n.t('firing.count', { ns: 'alerts', shown: 1, count: 1 })).toBe('1 of 1 alert');
    expect(i18n.t('firing.count', { ns: 'alerts', shown: 1, count: 2 })).toBe('1 of 2 alerts');
    const one = { ns: 'alerts', channel: 'ops', status: 'resolved', count: 1 };
    expect(i18n.t('history.notification', one)).toBe('ops: resolved, 1 alert');
    expect(i18n.t('history.notification', { ...one, count: 3 })).toBe('ops: resolved, 3 alerts');

    void i18n.changeLanguage('zh');
    expect(i18n.t('firing.count', { ns: 'alerts', shown: 1, count: 1 })).toBe(
      '共 1 条告警，显示 1 条',
    );
  });

  it('leaves markup in a value as text for React to escape', () => {
    const i18n = createI18n('en');

    expect(i18n.t('detail.title', { ns: 'jobs', id: '<img src=x>' })).toBe('Job <img src=x>');
  });
});
