import type Bull from 'bull';
import type { Logger } from '../log/logger.js';
import type { ProcessorContext, ProcessorRegistry } from './processor.js';
import type { QueueRegistry } from './queue-registry.js';

/** One finished Job attempt as this node saw it. */
export interface JobOutcome {
  queue: string;
  jobId: string;
  name: string;
  outcome: 'completed' | 'failed';
  /** 1 for the first run; a failed attempt with retries left has `willRetry`. */
  attempt: number;
  willRetry: boolean;
  durationMs: number;
  /** The failure message; untrusted text. */
  error?: string;
}

export interface ConsumerOptions {
  registry: QueueRegistry;
  queues: string[];
  /** Jobs run at once per Queue, whatever their names. */
  concurrency: number;
  processors: ProcessorRegistry;
  log: Logger;
  onOutcome?: (outcome: JobOutcome) => void;
}

export interface StopReport {
  /** `queue/jobId` of Jobs still running at the deadline, left to another node. */
  abandoned: string[];
}

export interface Consumer {
  /**
   * Takes no new Jobs and waits up to `deadlineMs` for running ones. Jobs still running then
   * are abandoned: their signal fires, a failure they report is dropped, their lock is no
   * longer renewed, and another node's stalled check runs them again without using an attempt.
   */
  stop(deadlineMs: number): Promise<StopReport>;
  activeCount(): number;
}

interface Run {
  key: string;
  attempt: number;
  startedAt: number;
  /** Made when the processor first reads its signal, or when the run is aborted first. */
  controller: AbortController | undefined;
  isAbandoned: boolean;
}

/** Aborts a run's signal, whether or not its processor has read it yet. */
function abortRun(run: Run, reason: Error): void {
  run.controller ??= new AbortController();
  run.controller.abort(reason);
}

const STOPPING = 'node stopping';

/** Runs the Jobs of `queues` on this node, each Job by the processor named like the Job. */
export function startConsumer(options: ConsumerOptions): Consumer {
  const { registry, processors, log, onOutcome } = options;
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`concurrency is ${options.concurrency}; expected a whole number from 1`);
  }

  const runs = new WeakMap<Bull.Job, Run>();
  const active = new Map<string, Run>();
  const detachers: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];
  let stopping: Promise<StopReport> | undefined;

  function dispatch(queueName: string, job: Bull.Job): Promise<unknown> {
    const jobId = String(job.id);
    const run: Run = {
      key: `${queueName}/${jobId}`,
      attempt: job.attemptsMade + 1,
      startedAt: performance.now(),
      controller: undefined,
      isAbandoned: false,
    };
    runs.set(job, run);
    active.set(run.key, run);

    return runAttempt(job, run).finally(() => {
      active.delete(run.key);
      if (active.size === 0) for (const wake of idleWaiters.splice(0)) wake();
    });
  }

  function whenIdle(): Promise<void> {
    if (active.size === 0) return Promise.resolve();

    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  async function runAttempt(job: Bull.Job, run: Run): Promise<unknown> {
    const timeoutMs = job.opts.timeout;
    let timer: NodeJS.Timeout | undefined;

    try {
      const processor = processors.get(job.name);
      if (!processor.ok) throw new Error(processor.message);

      const ctx = toContext(job, run);
      // Most Jobs have no timeout: they cost one call, no timer and no race.
      if (!timeoutMs) return await processor.value(ctx);

      // This timer starts before Bull's own timeout timer for the same duration, so it fires
      // first: the Job fails with this message and the processor's signal fires.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`job ${String(job.id)} timed out after ${timeoutMs} ms`);
          abortRun(run, error);
          reject(error);
        }, timeoutMs);
      });
      const work = new Promise((resolve) => resolve(processor.value(ctx)));
      // After a timeout the processor may still reject; that rejection has no reader.
      work.catch(() => undefined);

      return await Promise.race([work, timedOut]);
    } catch (error) {
      // Never settling keeps Bull from failing the Job; its lock expires instead.
      if (run.isAbandoned) return new Promise<never>(() => undefined);
      throw error instanceof Error ? error : new Error(`processor threw ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  function report(
    queueName: string,
    job: Bull.Job | null,
    outcome: JobOutcome['outcome'],
    error?: Error,
  ) {
    if (!job) return;

    const run = runs.get(job);
    const attempts = job.opts.attempts ?? 1;
    const event: JobOutcome = {
      queue: queueName,
      jobId: String(job.id),
      name: job.name,
      outcome,
      attempt: run?.attempt ?? job.attemptsMade + 1,
      willRetry: outcome === 'failed' && job.attemptsMade < attempts && run !== undefined,
      durationMs: run ? Math.round(performance.now() - run.startedAt) : 0,
      ...(error ? { error: error.message } : {}),
    };
    log.debug(`job ${outcome}`, {
      queue: queueName,
      jobId: event.jobId,
      name: event.name,
      attempt: event.attempt,
      durationMs: event.durationMs,
    });
    onOutcome?.(event);
  }

  const queues = options.queues.map((name) => ({ name, queue: registry.get(name) }));
  for (const { name, queue } of queues) {
    const onCompleted = (job: Bull.Job) => report(name, job, 'completed');
    const onFailed = (job: Bull.Job | null, error: Error) => report(name, job, 'failed', error);
    const onStalled = (job: Bull.Job) =>
      log.warn('job stalled; back in wait', { queue: name, jobId: String(job.id) });
    queue.on('completed', onCompleted);
    queue.on('failed', onFailed);
    queue.on('stalled', onStalled);
    detachers.push(() => {
      queue.removeListener('completed', onCompleted);
      queue.removeListener('failed', onFailed);
      queue.removeListener('stalled', onStalled);
    });

    // The returned promise settles only when the Queue closes; failures reach 'error'.
    queue
      .process('*', options.concurrency, (job: Bull.Job) => dispatch(name, job))
      .catch((error: Error) =>
        log.warn('queue stopped processing', { queue: name, error: error.message }),
      );
  }
  log.info('consumer started', { queues: options.queues, concurrency: options.concurrency });

  async function stopAll(deadlineMs: number): Promise<StopReport> {
    log.info('consumer stopping', { activeJobs: active.size, deadlineMs });

    // A local pause takes no new Jobs and settles once this process's Jobs are recorded in
    // Redis. Bull's close(false) would do the same, but close() is memoised: a later
    // close(true) could no longer cut the wait short. If the pause fails (Redis down), the
    // wait falls back to this consumer's own count of running Jobs.
    const drained = Promise.all(queues.map(({ queue }) => queue.pause(true, false))).then(
      whenIdle,
      whenIdle,
    );
    const isDrained = await raceDeadline(drained, deadlineMs);

    const abandoned = [...active.values()];
    for (const run of abandoned) {
      run.isAbandoned = true;
      abortRun(run, new Error(STOPPING));
    }
    if (!isDrained) {
      log.warn('stop deadline passed; jobs left to the stalled check', {
        deadlineMs,
        jobs: abandoned.map((r) => r.key),
      });
    }

    // close(true) also stops renewing the locks of abandoned Jobs.
    await Promise.all(queues.map(({ queue }) => queue.close(true).catch(() => undefined)));
    for (const detach of detachers) detach();
    log.info('consumer stopped', { abandonedJobs: abandoned.length });

    return { abandoned: abandoned.map((r) => r.key) };
  }

  return {
    stop(deadlineMs) {
      stopping ??= stopAll(deadlineMs);
      return stopping;
    },
    activeCount: () => active.size,
  };
}

function toContext(job: Bull.Job, run: Run): ProcessorContext {
  return {
    jobId: String(job.id),
    name: job.name,
    data: job.data as unknown,
    attempt: run.attempt,
    get signal() {
      run.controller ??= new AbortController();
      return run.controller.signal;
    },
    async progress(pct) {
      if (!Number.isFinite(pct)) throw new RangeError(`progress is ${pct}; expected 0-100`);
      await job.progress(Math.min(100, Math.max(0, pct)));
    },
    async log(line) {
      await job.log(line);
    },
  };
}

async function raceDeadline(work: Promise<unknown>, deadlineMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });

  try {
    return await Promise.race([work.then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
