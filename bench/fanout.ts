// Fan-out: Redis commands per tick with five nodes against one node, same schedules, same
// window, counted by Redis itself (INFO commandstats, scripts' inner commands included).
// Run: node --import tsx bench/fanout.ts
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { startNode, type DipperNode } from '../main/node/node.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import { ScheduleSchema } from '../shared/schedule.js';
import { report, startBenchRedis, totalCommands, until } from './support.js';

const SCHEDULES = Number(process.env.FANOUT_SCHEDULES ?? 100);
const WINDOW_MS = Number(process.env.FANOUT_WINDOW_MS ?? 10_000);
const log = createLogger('bench');
type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

async function commandsPerTick(redis: BenchRedis, nodeCount: number, consume: boolean) {
  const prefix = `fanout-${nodeCount}-${consume ? 'c' : 'p'}`;
  const keys = dipperKeys(prefix);
  for (let i = 0; i < SCHEDULES; i++) {
    const s = ScheduleSchema.parse({
      id: `f-${i}`,
      name: `f ${i}`,
      cron: '* * * * * *',
      queue: 'fanout',
      job: 'noop',
      options: { attempts: 1, keepCompleted: 10, keepFailed: 10 },
    });
    await redis.admin.hset(keys.schedules, s.id, JSON.stringify(s));
  }

  let produced = 0;
  const nodes: DipperNode[] = [];
  for (let n = 0; n < nodeCount; n++) {
    nodes.push(
      await startNode({
        target: redis.target,
        prefix,
        log,
        nodeId: `node-${n}`,
        queues: consume ? ['fanout'] : [],
        processors: createProcessorRegistry({ noop: async () => null }),
        onProduced: () => (produced += 1),
      }),
    );
  }
  // Let every node see every other before counting, so ownership has settled.
  await until(
    () => nodes.every((node) => node.membership.members().length === nodeCount),
    20_000,
    50,
  );
  await new Promise((r) => setTimeout(r, 3_000));

  await redis.admin.config('RESETSTAT');
  const before = produced;
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const commands = await totalCommands(redis.admin);
  const ticks = produced - before;
  await Promise.all(nodes.map((node) => node.stop()));

  return { commands, ticks, perTick: commands / Math.max(1, ticks) };
}

const redis = await startBenchRedis();
try {
  for (const consume of [false, true]) {
    const one = await commandsPerTick(redis, 1, consume);
    const five = await commandsPerTick(redis, 5, consume);
    report(consume ? 'fanout (producing and consuming)' : 'fanout (producing)', {
      schedules: SCHEDULES,
      windowMs: WINDOW_MS,
      oneNodeCommandsPerTick: one.perTick,
      fiveNodesCommandsPerTick: five.perTick,
      oneNodeTicks: one.ticks,
      fiveNodesTicks: five.ticks,
      ratio: five.perTick / one.perTick,
    });
  }
} finally {
  await redis.stop();
}
