import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger.js';
import { buildLedgerReport } from '../../main/scheduler/ledger-report.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import { compileCron } from '../../shared/cron.js';
import { ScheduleSchema, type ScheduleInput } from '../../shared/schedule.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import { openObserver, standaloneTarget, type Observer } from './support/observer.js';
import { fireTimesBetween, tickJobsOf, waitForDrain } from './support/ticks.js';

const QUEUE = 'edits';
const EVERY_SECOND = '* * * * * *';
const EVERY_TWO_SECONDS = '*/2 * * * * *';
/** How long a node may take to apply an edit it is told about by pub/sub, in ms. */
const PUBSUB_BOUND_MS = 1_000;
/** The schedule watcher's revision poll, which heals a lost change message, in ms. */
const HEAL_INTERVAL_MS = 2_000;

const BULK_IDS = Array.from({ length: 20 }, (_, i) => `bulk-${String(i + 1).padStart(2, '0')}`);
const DELETED_BULK_IDS = BULK_IDS.slice(0, 10);
const KEPT_BULK_IDS = BULK_IDS.slice(10);

const byTime = (a: number, b: number) => a - b;

function scheduleInput(id: string, cron: string, data: Record<string, unknown>): ScheduleInput {
  return {
    id,
    name: id,
    cron,
    queue: QUEUE,
    job: 'echo',
    data,
    options: { keepCompleted: 10_000 },
  };
}

/** One edit: when it was sent, when the call returned, and when every node had applied it. */
interface Edit {
  startMs: number;
  doneMs: number;
  effectMs: number;
}

describe('schedule edits on running nodes', () => {
  let redis: TestRedis | undefined;
  let observer: Observer | undefined;
  const nodes: DipperNode[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const prefix = uniquePrefix('edits');
    observer = openObserver(standaloneTarget(redis.port), prefix);
    for (const nodeId of ['edit-a', 'edit-b']) {
      nodes.push(
        await startNode({
          target: standaloneTarget(redis.port),
          prefix,
          processors: createProcessorRegistry(builtinProcessors()),
          log: createLogger(`test.${nodeId}`),
          nodeId,
          queues: [QUEUE],
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await observer?.close();
    await redis?.stop();
  }, 60_000);

  function must(): Observer {
    if (!observer) throw new Error('beforeAll did not finish');
    return observer;
  }

  /** Ids of the enabled schedules in the store, sorted. */
  async function enabledIds(): Promise<string[]> {
    return (await must().store.list())
      .filter((s) => s.enabled)
      .map((s) => s.id)
      .sort();
  }

  function armedOnEveryNode(wanted: readonly string[]): boolean {
    const key = wanted.join(',');
    return nodes.every((n) => n.producer.armedIds().join(',') === key);
  }

  /** Applies `change`, then waits until every node's timer tracks exactly the enabled ids. */
  async function edit(change: () => Promise<void>, boundMs = PUBSUB_BOUND_MS): Promise<Edit> {
    const startMs = Date.now();
    await change();
    const doneMs = Date.now();
    const wanted = await enabledIds();
    await waitFor(() => armedOnEveryNode(wanted), `nodes to arm [${wanted.join(',')}]`, 10_000, 10);
    const effectMs = Date.now();

    expect(effectMs - doneMs).toBeLessThan(boundMs);
    return { startMs, doneMs, effectMs };
  }

  async function save(id: string, cron: string, data: Record<string, unknown>): Promise<void> {
    const saved = await must().store.save(scheduleInput(id, cron, data), 'create');
    expect(saved.ok).toBe(true);
  }

  async function update(id: string, patch: Partial<ScheduleInput>): Promise<void> {
    const updated = await must().store.update(id, patch);
    expect(updated.ok).toBe(true);
  }

  async function remove(id: string): Promise<void> {
    const removed = await must().store.remove(id);
    expect(removed.ok).toBe(true);
  }

  /** Waits until `id` has `count` produced ticks due after `afterMs` in its ledger. */
  async function waitForTicks(id: string, afterMs: number, count: number): Promise<void> {
    await waitFor(
      async () => {
        const events = await must().tickStore.readLedger(id, 10_000);
        return events.filter((e) => e.event === 'produced' && e.tickMs > afterMs).length >= count;
      },
      `${count} ticks of ${id} after ${new Date(afterMs).toISOString()}`,
      15_000,
      100,
    );
  }

  describe('when schedules are edited while they tick every second', () => {
    it('applies every edit on every node within 1 s and never produces a tick twice or after a delete or disable', async () => {
      const obs = must();

      const created = await edit(async () => {
        await save('s-a', EVERY_SECOND, { v: 1 });
        await save('s-b', EVERY_SECOND, { v: 1 });
      });
      await waitForTicks('s-a', created.effectMs, 2);
      await waitForTicks('s-b', created.effectMs, 2);

      const cronChanged = await edit(() => update('s-a', { cron: EVERY_TWO_SECONDS }));
      await waitForTicks('s-a', cronChanged.doneMs + 1_000, 2);

      const payloadChanged = await edit(() => update('s-b', { data: { v: 2 } }));
      await waitForTicks('s-b', payloadChanged.doneMs + 1_000, 2);

      const disabledA = await edit(() => update('s-a', { enabled: false }));
      await waitForTicks('s-b', disabledA.effectMs, 2);

      const enabledA = await edit(() => update('s-a', { enabled: true }));
      await waitForTicks('s-a', enabledA.effectMs, 1);

      const deletedB = await edit(() => remove('s-b'));
      await waitForTicks('s-a', deletedB.effectMs, 2);

      const recreatedB = await edit(() => save('s-b', EVERY_SECOND, { v: 3 }));
      await waitForTicks('s-b', recreatedB.effectMs, 2);

      const bulkCreated = await edit(async () => {
        for (const id of BULK_IDS) await save(id, EVERY_SECOND, { bulk: id });
      });
      for (const id of BULK_IDS) await waitForTicks(id, bulkCreated.effectMs, 1);

      const bulkDeleted = await edit(async () => {
        for (const id of DELETED_BULK_IDS) await remove(id);
      });
      await waitForTicks('s-a', bulkDeleted.effectMs, 1);
      await waitForTicks(KEPT_BULK_IDS[0] ?? '', bulkDeleted.effectMs, 2);

      const allDisabled = await edit(async () => {
        for (const id of ['s-a', 's-b', ...KEPT_BULK_IDS]) await update(id, { enabled: false });
      });
      expect(await enabledIds()).toEqual([]);
      await waitForDrain(obs, [QUEUE], ['s-a', 's-b', ...KEPT_BULK_IDS], allDisabled.effectMs);

      const completed = await obs.queue(QUEUE).getCompleted(0, -1);
      const jobsOf = (id: string) => tickJobsOf(completed, id);
      // Ticks in (fromMs, toMs]: the jobs there, and what the cron says should be there.
      const ticksIn = (id: string, fromMs: number, toMs: number) =>
        jobsOf(id)
          .filter((j) => j.fireMs > fromMs && j.fireMs <= toMs)
          .map((j) => j.fireMs);
      const cronIn = (cron: string, fromMs: number, toMs: number) =>
        fireTimesBetween(cron, 'UTC', fromMs + 1, toMs);
      const aTicks = jobsOf('s-a').map((j) => j.fireMs);
      const bTicks = jobsOf('s-b').map((j) => j.fireMs);

      // Nothing is produced twice: one `produced` and one `completed` event per tick, and the
      // ledger's ticks are exactly the completed Bull jobs (s-b's ledger restarted on re-create).
      for (const id of ['s-a', 's-b', ...KEPT_BULK_IDS]) {
        const since = id === 's-b' ? recreatedB.startMs : 0;
        // Only s-b's own ticks: a job of the deleted s-b that finished after the delete writes
        // its outcome into the new ledger. That is a known bug, pinned by the last test below.
        const events = (await obs.tickStore.readLedger(id, 10_000)).filter((e) => e.tickMs > since);
        const produced = events.filter((e) => e.event === 'produced').map((e) => e.tickMs);
        const done = events.filter((e) => e.event === 'completed').map((e) => e.tickMs);

        const twice = events.filter(
          (e) => e.event === 'produced' && produced.filter((t) => t === e.tickMs).length > 1,
        );

        expect(produced.length).toBeGreaterThan(0);
        expect(twice).toEqual([]);
        expect([...done].sort(byTime)).toEqual([...produced].sort(byTime));
        expect([...produced].sort(byTime)).toEqual(
          jobsOf(id)
            .map((j) => j.fireMs)
            .filter((t) => t > since),
        );
      }

      // Cron change: every second before it, every even second from 1 s after it.
      const beforeChange = [created.effectMs, cronChanged.startMs - 1_000] as const;
      const afterChange = [cronChanged.doneMs + 1_000, disabledA.startMs - 1_000] as const;
      expect(cronIn(EVERY_SECOND, ...beforeChange).length).toBeGreaterThanOrEqual(1);
      expect(ticksIn('s-a', ...beforeChange)).toEqual(cronIn(EVERY_SECOND, ...beforeChange));
      expect(cronIn(EVERY_TWO_SECONDS, ...afterChange).length).toBeGreaterThanOrEqual(1);
      expect(ticksIn('s-a', ...afterChange)).toEqual(cronIn(EVERY_TWO_SECONDS, ...afterChange));

      // Payload change: jobs due before the edit carry the old data, from 1 s after it the new.
      for (const job of jobsOf('s-b')) {
        if (job.fireMs <= payloadChanged.startMs) expect(job.data).toEqual({ v: 1 });
        if (job.fireMs > payloadChanged.doneMs + 1_000 && job.fireMs <= deletedB.startMs) {
          expect(job.data).toEqual({ v: 2 });
        }
        if (job.fireMs > recreatedB.startMs) expect(job.data).toEqual({ v: 3 });
        expect(job.returnvalue).toEqual(job.data);
      }

      // Disabled, deleted: no tick due after the edit took effect, until re-enabled or re-created,
      // and re-enabling does not back-fill the ticks of the disabled time.
      expect(ticksIn('s-a', disabledA.effectMs, enabledA.startMs)).toEqual([]);
      expect(ticksIn('s-b', deletedB.effectMs, recreatedB.startMs)).toEqual([]);
      for (const id of DELETED_BULK_IDS) {
        expect(ticksIn(id, bulkDeleted.effectMs, Number.MAX_SAFE_INTEGER)).toEqual([]);
        expect(jobsOf(id).length).toBeGreaterThan(0);
      }
      for (const id of ['s-a', 's-b', ...KEPT_BULK_IDS]) {
        expect(ticksIn(id, allDisabled.effectMs, Number.MAX_SAFE_INTEGER)).toEqual([]);
      }
      expect(aTicks.some((t) => t > enabledA.doneMs)).toBe(true);
      expect(bTicks.some((t) => t > recreatedB.doneMs)).toBe(true);
      expect(await obs.queue(QUEUE).getFailedCount()).toBe(0);
    }, 90_000);
  });

  describe('when a change message is lost', () => {
    it('picks up a schedule written without a message within the heal interval', async () => {
      const obs = must();
      const schedule = ScheduleSchema.parse(scheduleInput('healed', EVERY_SECOND, { v: 'healed' }));

      // Written the way a store whose PUBLISH never arrived leaves Redis: hash and revision only.
      const added = await edit(async () => {
        await obs.client.hset(obs.keys.schedules, schedule.id, JSON.stringify(schedule));
        await obs.client.incr(obs.keys.schedulesRev);
      }, HEAL_INTERVAL_MS + 500);
      expect(nodes.map((n) => n.producer.armedIds())).toEqual([['healed'], ['healed']]);
      await waitForTicks('healed', added.effectMs, 1);

      await edit(async () => {
        await obs.client.hdel(obs.keys.schedules, schedule.id);
        await obs.client.incr(obs.keys.schedulesRev);
      }, HEAL_INTERVAL_MS + 500);
      expect(nodes.map((n) => n.producer.armedIds())).toEqual([[], []]);
    }, 30_000);
  });

  describe('when a schedule is deleted while one of its jobs runs, then created again', () => {
    // `remove` deletes the ledger; the running job's outcome, written after that, must not
    // start a new ledger that the re-created schedule would inherit (outcomes use NOMKSTREAM).
    it('starts the re-created schedule with a ledger of its own ticks only', async () => {
      const obs = must();
      const queue = obs.queue(QUEUE);
      await edit(() => save('reborn', EVERY_SECOND, { sleepMs: 1_500 }));
      const running = await waitFor(
        async () => (await queue.getActive()).find((j) => String(j.id).startsWith('tick.reborn.')),
        'a job of the schedule running',
      );

      await edit(() => remove('reborn'));
      await waitFor(
        async () => (await queue.getJob(running.id))?.finishedOn,
        'the running job to finish',
      );
      const recreated = await edit(() => save('reborn', EVERY_SECOND, { v: 'reborn' }));
      await waitForTicks('reborn', recreated.effectMs, 2);
      await edit(() => update('reborn', { enabled: false }));
      await waitForDrain(obs, [QUEUE], ['reborn'], Date.now());

      const events = await obs.tickStore.readLedger('reborn', 10_000);
      const report = buildLedgerReport('reborn', events, compileCron(EVERY_SECOND, 'UTC'));
      expect(report.missed).toBe(0);
      expect(events.filter((e) => e.tickMs <= recreated.startMs)).toEqual([]);
    }, 30_000);
  });
});
