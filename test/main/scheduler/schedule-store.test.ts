import { describe, expect, it } from 'vitest';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { uniquePrefix, useTestRedis } from '../../harness/redis.js';
import { quietLog } from '../queues/queue-harness.js';

describe('createScheduleStore watermarks', () => {
  const db = useTestRedis();

  function setup() {
    const keys = dipperKeys(uniquePrefix('store'));
    const store = createScheduleStore(db.client, keys, quietLog);
    const watermark = async (id: string) =>
      Number(((await db.client.hget(keys.watermarks, id)) ?? '0').split(':')[0]);
    return { store, watermark };
  }

  const base = {
    id: 'nightly',
    name: 'Nightly',
    cron: '30 2 * * *',
    tz: 'Europe/Berlin',
    queue: 'q',
    job: 'echo',
  };
  const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('starts a new schedule at its creation: the watermark is Redis time then', async () => {
    const { store, watermark } = setup();
    const before = Date.now();

    await store.save(base, 'create');

    expect(await watermark('nightly')).toBeGreaterThanOrEqual(before - 1_000);
  });

  it('moves the watermark to the edit when the cron, zone or offset changes', async () => {
    const { store, watermark } = setup();
    await store.save(base, 'create');
    const created = await watermark('nightly');
    await later(30);

    await store.save({ ...base, data: { v: 2 } }, 'update');
    expect(await watermark('nightly')).toBe(created);

    await store.save({ ...base, data: { v: 2 }, cron: '*/20 * * * * *' }, 'update');
    const retimed = await watermark('nightly');
    expect(retimed).toBeGreaterThan(created);
    await later(30);

    await store.save({ ...base, cron: '*/20 * * * * *', tz: 'UTC' }, 'update');
    expect(await watermark('nightly')).toBeGreaterThan(retimed);
  });

  it('records when a schedule starts at an edit: created, enabled again, re-timed', async () => {
    const { store } = setup();
    await store.save(base, 'create');
    const created = (await store.startedAt(['nightly'])).get('nightly') ?? 0;
    await later(30);

    await store.update('nightly', { enabled: false });
    await store.update('nightly', { data: { v: 2 } });
    expect((await store.startedAt(['nightly'])).get('nightly')).toBe(created);

    await store.update('nightly', { enabled: true });
    const enabled = (await store.startedAt(['nightly', 'other'])).get('nightly') ?? 0;
    expect(enabled).toBeGreaterThan(created);
    expect(await store.startedAt(['other'])).toEqual(new Map());

    await store.remove('nightly');
    expect(await store.startedAt(['nightly'])).toEqual(new Map());
  });
});
