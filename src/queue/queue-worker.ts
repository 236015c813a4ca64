/**
 * A worker of the job queue: takes seqcast's jobs from the BullMQ queue on Redis, runs the task of
 * src/parallel/worker.ts each names (`train`, `candidate`, ...) and stores the result under its
 * index in the run's results hash, once (HSETNX).
 *
 * The tasks run on a pool of `concurrency` worker threads (createPool), not on this thread: a
 * training can keep a thread busy for minutes, and this thread must stay free to renew the jobs'
 * locks, or BullMQ would take a job for stalled and hand it to another worker while it still runs.
 * A worker that dies (killed, its machine lost) stops renewing its locks; after `lockDuration`
 * another worker's stalled check (every `stalledInterval`) puts the job back in the queue, up to
 * `maxStalledCount` times.
 */
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import * as tasks from '../parallel/worker.js';
import { createPool } from '../parallel/pool.js';
import { OptionError } from '../errors.js';
import { MAX_WORKERS } from '../limits.js';
import { packageVersion } from '../package-version.js';
import { checkRedis, parseRedisUrl, redisOptions } from './redis-target.js';
import { QUEUE_NAME, runKeys, type QueueJobData } from './run-keys.js';
import { decode, toWire } from './wire.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** Jobs run at once, each on a thread of its own; default 1 (one per core is the most that pays). */
  concurrency?: number;
  /** How long a job stays locked to this worker without a renewal (it renews every half of it), in ms; default 30,000. */
  lockDuration?: number;
  /** How often this worker looks for jobs whose worker stopped renewing their lock, in ms; default 30,000. */
  stalledInterval?: number;
  /** How many times a job may be put back after its worker stopped before it fails; default 1. */
  maxStalledCount?: number;
  /** Told what the worker does, for a log: each job started, done or failed, and connection trouble. */
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** What a running worker reports. */
export type QueueWorkerEvent =
  | { kind: 'started'; jobId: string; task: string; attempt: number }
  | { kind: 'done'; jobId: string; task: string; seconds: number; stored: boolean }
  | { kind: 'failed'; jobId: string; task: string; message: string; attempt: number; attempts: number }
  | { kind: 'stalled'; jobId: string }
  | { kind: 'error'; message: string };

/** A running queue worker. */
export interface QueueWorker {
  /** The queue it works for: 'redis://127.0.0.1:6379/0'. */
  readonly where: string;
  /**
   * Stops taking jobs and resolves once the jobs in hand are finished and stored, the threads and
   * connections closed. `force` stops at once: the jobs in hand go back to the queue after their
   * lock expires, and another worker runs them.
   */
  close(force?: boolean): Promise<void>;
}

/**
 * Connects to the queue at `url` and runs its jobs until closed.
 * @example
 * const worker = await startQueueWorker('redis://127.0.0.1:6379', { concurrency: 2 });
 * process.once('SIGTERM', () => void worker.close());
 * @throws OptionError when the URL or an option is invalid; QueueError within seconds when Redis
 *   cannot be reached.
 */
export async function startQueueWorker(url: string, options: QueueWorkerOptions = {}): Promise<QueueWorker> {
  const target = parseRedisUrl(url);
  const { concurrency = 1, lockDuration = 30_000, stalledInterval = 30_000, maxStalledCount = 1, onEvent } = options;
  checkInteger('concurrency', concurrency, 1, MAX_WORKERS, '2');
  checkInteger('lockDuration', lockDuration, 1000, 86_400_000, '30000 (ms)');
  checkInteger('stalledInterval', stalledInterval, 100, 86_400_000, '30000 (ms)');
  checkInteger('maxStalledCount', maxStalledCount, 0, 1000, '1');
  await checkRedis(target);

  // loaded when used: `import 'seqcast'` and the other commands do not pay ~0.7 s for them
  const [{ Worker, UnrecoverableError }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  const version = packageVersion();
  const redis = new Redis(redisOptions(target, { blocking: true }));
  redis.on('error', () => {}); // ioredis reconnects by itself; the Worker's 'error' event reports the trouble once
  const pool = createPool({ workers: concurrency });

  const processor = async (job: Job): Promise<string> => {
    const data = checkJobData(job.data, version, UnrecoverableError);
    const keys = runKeys(data.run);
    const field = String(data.index);
    const attempt = job.attemptsMade + 1;
    if ((await redis.hexists(keys.results, field)) === 1) return 'stored before'; // e.g. its first worker stored it, then died
    await redis.multi().hincrby(keys.executions, field, 1).expire(keys.executions, data.keepSeconds).exec();
    onEvent?.({ kind: 'started', jobId: job.id!, task: data.task, attempt });
    const started = performance.now();
    try {
      const result = await pool.run(decode(data.payload), { name: data.task });
      const [[, stored]] = (await redis
        .multi()
        .hsetnx(keys.results, field, toWire(result))
        .expire(keys.results, data.keepSeconds)
        .exec()) as [[Error | null, number]];
      onEvent?.({ kind: 'done', jobId: job.id!, task: data.task, seconds: (performance.now() - started) / 1000, stored: stored === 1 });
      return stored === 1 ? 'stored' : 'stored before';
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const attempts = job.opts.attempts ?? 1;
      await redis
        .multi()
        .hset(keys.errors, field, JSON.stringify({ name: error.name, message: error.message }))
        .expire(keys.errors, data.keepSeconds)
        .exec();
      onEvent?.({ kind: 'failed', jobId: job.id!, task: data.task, message: error.message, attempt, attempts });
      throw error;
    }
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: redisOptions(target, { blocking: true }),
    concurrency,
    lockDuration,
    stalledInterval,
    maxStalledCount,
    name: `seqcast ${version} ${hostname()} pid ${process.pid}`,
  });
  let lastError = '';
  worker.on('error', (e: Error) => {
    if (e.message === lastError) return; // a lost connection repeats its error at every retry
    lastError = e.message;
    onEvent?.({ kind: 'error', message: e.message });
  });
  worker.on('stalled', (jobId: string) => onEvent?.({ kind: 'stalled', jobId }));
  try {
    await worker.waitUntilReady();
  } catch (e) {
    await Promise.allSettled([worker.close(true), pool.destroy(), redis.quit()]);
    throw e;
  }

  let closing: Promise<void> | null = null;
  return {
    where: target.display,
    close(force = false) {
      if (closing && !force) return closing;
      const previous = closing;
      closing = (async () => {
        await worker.close(force);
        await previous?.catch(() => {});
        await pool.destroy();
        redis.disconnect();
      })();
      return closing;
    },
  };
}

/**
 * The job's data, checked: a job of another seqcast version, naming a task worker.ts does not
 * export, or malformed, fails at once (UnrecoverableError: retrying it elsewhere cannot help).
 */
function checkJobData(data: unknown, version: string, UnrecoverableError: new (message: string) => Error): QueueJobData {
  const d = data as Partial<QueueJobData> | null;
  if (!d || typeof d !== 'object' || typeof d.task !== 'string' || typeof d.run !== 'string' || !Number.isInteger(d.index))
    throw new UnrecoverableError('This job was not made by seqcast (its data has no task, run and index): add jobs with seqcast.');
  if (d.version !== version)
    throw new UnrecoverableError(
      `This job was made by seqcast ${d.version}, and this worker is seqcast ${version}: run the same version on the gatherer and every worker.`,
    );
  if (!isTask(d.task)) throw new UnrecoverableError(`Unknown task '${d.task}': this worker runs ${taskNames().join(', ')}.`);
  const keepSeconds = Number.isInteger(d.keepSeconds) && d.keepSeconds! > 0 ? d.keepSeconds! : 7 * 86_400;
  return { ...(d as QueueJobData), keepSeconds };
}

/** The task functions worker.ts exports (all but its helpers named `...Job`). */
function taskNames(): string[] {
  return Object.keys(tasks).filter(isTask);
}

function isTask(name: string): boolean {
  return Object.hasOwn(tasks, name) && typeof (tasks as Record<string, unknown>)[name] === 'function' && !name.endsWith('Job');
}

function checkInteger(name: string, value: number, min: number, max: number, example: string): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new OptionError(`${name} must be an integer from ${min} to ${max}, got ${value}: use e.g. ${example}.`);
}
