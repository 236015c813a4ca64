/**
 * The job queue as a {@link TaskRunner}: each payload becomes one BullMQ job on Redis, run by
 * `seqcast worker` processes on any machine that reaches the server, and the results come back in
 * the payloads' order, equal to a run on this thread.
 *
 * The gatherer reads results from the run's hash (run-keys.ts), where each worker writes a job's
 * result once; queue events only wake it early. So a retried job never doubles a result, and a run
 * can be resumed: a run with the same key finds the results already stored, reports them, and
 * queues only the missing indexes. A run's key is the run id given (`runId`, with `.2`, `.3`, ...
 * for the runner's second, third call of `run`) or, by default, a hash of the task, the payloads
 * and seqcast's version, so running the same command again resumes by itself.
 */
import { createHash } from 'node:crypto';
import type { Job as JobClass, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunOptions, TaskName, TaskRunner } from '../parallel/task-runner.js';
import { OptionError, QueueError, SeqcastError } from '../errors.js';
import { packageVersion } from '../package-version.js';
import { checkRedis, parseRedisUrl, redisOptions, type RedisTarget } from './redis-target.js';
import { QUEUE_NAME, checkRunId, jobId, runKeys, type QueueJobData, type RunKeys } from './run-keys.js';
import { encode, fromWire } from './wire.js';

/** Options of {@link queueRunner}. */
export interface QueueRunnerOptions {
  /** Names the run (its results' hash and its jobs' ids) so that it can be resumed; default: a hash of the task, the payloads and seqcast's version. */
  runId?: string;
  /** Times a failing job is tried before the run fails; default 3. */
  attempts?: number;
  /** Wait before a failed job's next try, in ms; default 1,000. */
  backoffMs?: number;
  /** How long a run's results stay in Redis after its last write, for a resume, in seconds; default 7 days. */
  keepSeconds?: number;
  /** How often the gatherer reads the results hash when no queue event woke it, in ms; default 1,000. */
  pollMs?: number;
  /** Told what the gatherer waits for (no worker connected, results found from an earlier run), for a log. */
  onStatus?: (message: string) => void;
}

const ADD_BATCH = 500;
const SWEEP_MS = 10_000;

/**
 * A runner that sends jobs to the BullMQ queue at `url` (`redis://host:port[/db]`) for
 * `seqcast worker --queue URL` processes to run.
 * @example
 * const runner = await queueRunner('redis://127.0.0.1:6379', { runId: 'nightly' });
 * try { const results = await runner.run('train', jobs, { onResult: (_r, i, done) => console.log(done) }); } finally { await runner.close(); }
 * @throws OptionError (before connecting) when the URL or an option is invalid; QueueError within
 *   seconds when Redis cannot be reached.
 */
export async function queueRunner(url: string, options: QueueRunnerOptions = {}): Promise<TaskRunner> {
  const target = parseRedisUrl(url);
  const settings = checkOptions(options);
  await checkRedis(target);

  const { Job, Queue, QueueEvents } = await import('bullmq'); // loaded when used: `import 'seqcast'` does not pay ~0.5 s for it
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(target, { blocking: false }) });
  const events = new QueueEvents(QUEUE_NAME, { connection: redisOptions(target, { blocking: true }) });
  let connectionError: Error | null = null;
  queue.on('error', (e: Error) => (connectionError = e));
  events.on('error', (e: Error) => (connectionError = e));
  const wakers = new Set<(jobId: string, failed: boolean) => void>();
  events.on('completed', ({ jobId: id }) => wakers.forEach((wake) => wake(id, false)));
  events.on('failed', ({ jobId: id }) => wakers.forEach((wake) => wake(id, true)));
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  } catch (e) {
    await Promise.allSettled([queue.close(), events.close()]);
    throw lost(target, e);
  }
  const redis = (await queue.client) as unknown as Redis;

  let calls = 0;
  let closed = false;
  return {
    where: `queue ${target.display}`,
    async run<P, R>(task: TaskName, payloads: P[], { onResult, signal }: RunOptions<R> = {}): Promise<R[]> {
      if (closed) throw new Error('This queue runner is closed: make a new one with queueRunner(url).');
      if (!Array.isArray(payloads)) throw new OptionError(`run needs an array of payloads, got ${typeof payloads}.`);
      const call = ++calls;
      signal?.throwIfAborted();
      const wire = payloads.map((p) => encode(p)); // refuses what cannot travel before anything is queued
      if (payloads.length === 0) return [];
      const hash = createHash('sha256').update(`${packageVersion()}\0${task}\0${wire.length}`);
      for (const w of wire) hash.update('\0').update(JSON.stringify(w)); // a payload at a time: no one string of every series
      const fingerprint = hash.digest('hex');
      const run =
        settings.runId === undefined ? `${task}-${fingerprint.slice(0, 20)}` : call === 1 ? settings.runId : `${settings.runId}.${call}`;
      const gather = new Gathering<R>({ queue, Job, redis, target, run, task, wire, settings, onResult, signal });
      wakers.add(gather.wake);
      try {
        return await gather.run(fingerprint);
      } catch (e) {
        // a Redis command that gave up (the server went away) says so; the run's own errors pass as they are
        const own = e instanceof SeqcastError || gather.isJobError(e) || (signal?.aborted && e === signal.reason);
        throw connectionError && !own ? lost(target, e) : e;
      } finally {
        wakers.delete(gather.wake);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

interface Settings {
  runId?: string;
  attempts: number;
  backoffMs: number;
  keepSeconds: number;
  pollMs: number;
  onStatus?: (message: string) => void;
}

function checkOptions(options: QueueRunnerOptions): Settings {
  const { runId, attempts = 3, backoffMs = 1000, keepSeconds = 7 * 86_400, pollMs = 1000, onStatus } = options;
  if (runId !== undefined) checkRunId(runId);
  const check = (name: string, value: number, min: number, max: number, example: string): void => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new OptionError(`${name} must be an integer from ${min} to ${max}, got ${value}: use e.g. ${example}.`);
  };
  check('attempts', attempts, 1, 100, '3');
  check('backoffMs', backoffMs, 0, 3_600_000, '1000');
  check('keepSeconds', keepSeconds, 60, 366 * 86_400, `${7 * 86_400} (a week)`);
  check('pollMs', pollMs, 10, 60_000, '1000');
  return { runId, attempts, backoffMs, keepSeconds, pollMs, onStatus };
}

function lost(target: RedisTarget, e: unknown): QueueError {
  const reason = e instanceof Error ? e.message : String(e);
  return new QueueError(
    `Lost the connection to Redis at ${target.display} (${reason}): check the server, then run the same command again to resume.`,
    { cause: e },
  );
}

interface GatheringInput<R> {
  queue: Queue;
  Job: typeof JobClass;
  redis: Redis;
  target: RedisTarget;
  run: string;
  task: TaskName;
  wire: unknown[];
  settings: Settings;
  onResult?: RunOptions<R>['onResult'];
  signal?: AbortSignal;
}

/** One run: queue the missing jobs, then read results from the hash until every index has one (or failed). */
class Gathering<R> {
  private readonly keys: RunKeys;
  private readonly results = new Map<number, R>();
  private readonly failures = new Map<number, Error>();
  private readonly prefix: string;
  private wakeUp: (() => void) | null = null;
  private failedSeen = false;

  constructor(private readonly input: GatheringInput<R>) {
    this.keys = runKeys(input.run);
    this.prefix = `${input.run}-`;
  }

  /** Whether `e` is the error of one of this run's jobs. */
  isJobError(e: unknown): boolean {
    return [...this.failures.values()].includes(e as Error);
  }

  /** Called for each queue event: wakes the loop for this run's jobs. */
  readonly wake = (id: string, failed: boolean): void => {
    if (!id.startsWith(this.prefix)) return;
    if (failed) this.failedSeen = true;
    this.wakeUp?.();
  };

  async run(fingerprint: string): Promise<R[]> {
    const { wire, settings, signal } = this.input;
    const n = wire.length;
    await this.claim(fingerprint);
    await this.collect();
    if (this.results.size > 0) settings.onStatus?.(`${this.results.size} of ${n} results were already stored for run ${this.input.run}.`);
    await this.queueMissing(true);
    let lastSweep = Date.now();
    let lastWorkerCheck = 0;
    while (this.results.size + this.failures.size < n) {
      if (signal?.aborted) {
        await this.withdraw();
        throw signal.reason;
      }
      if (Date.now() - lastWorkerCheck > 30_000) {
        lastWorkerCheck = Date.now();
        if ((await this.input.queue.getWorkersCount()) === 0)
          settings.onStatus?.(
            `No worker is connected to ${this.input.target.display}: start one or more with seqcast worker --queue ${this.input.target.display}.`,
          );
      }
      await this.sleep(settings.pollMs);
      await this.collect();
      if (this.failedSeen || Date.now() - lastSweep > SWEEP_MS) {
        this.failedSeen = false;
        lastSweep = Date.now();
        await this.findFailures();
        await this.queueMissing(false);
      }
    }
    if (this.failures.size > 0) throw this.failures.get(Math.min(...this.failures.keys()))!;
    return wire.map((_, i) => this.results.get(i)!);
  }

  /** Records the run's fingerprint, or refuses a run id already used for other inputs. */
  private async claim(fingerprint: string): Promise<void> {
    const { redis, run, task, wire, settings } = this.input;
    const replies = await redis
      .multi()
      .hsetnx(this.keys.meta, 'fingerprint', fingerprint)
      .hset(this.keys.meta, 'task', task, 'size', String(wire.length))
      .hget(this.keys.meta, 'fingerprint')
      .expire(this.keys.meta, settings.keepSeconds)
      .exec();
    const stored = replies?.[2]?.[1];
    if (stored !== fingerprint)
      throw new OptionError(
        `The run id '${run}' was used for other inputs (another task, data, options or seqcast version): choose a new run id (--run-id), or leave it out to derive one from the inputs.`,
      );
  }

  /** Reads the results the hash has and this run has not, and reports each. */
  private async collect(): Promise<void> {
    const { redis, wire, onResult } = this.input;
    const count = await redis.hlen(this.keys.results);
    if (count <= this.results.size) return;
    const fresh = (await redis.hkeys(this.keys.results))
      .map(Number)
      .filter((i) => Number.isInteger(i) && i >= 0 && i < wire.length && !this.results.has(i))
      .sort((a, b) => a - b);
    if (fresh.length === 0) return;
    const texts = await redis.hmget(this.keys.results, ...fresh.map(String));
    for (const [k, index] of fresh.entries()) {
      const result = fromWire(texts[k]!) as R;
      this.results.set(index, result);
      this.failures.delete(index);
      await onResult?.(result, index, this.results.size);
    }
  }

  /** The indexes with neither a result nor a failure. */
  private missing(): number[] {
    return this.input.wire.map((_, i) => i).filter((i) => !this.results.has(i) && !this.failures.has(i));
  }

  /**
   * Adds the jobs of the missing indexes. At the start, a job left failed (or finished without a
   * stored result) by an earlier run of the same key is removed first, so a resume tries it again;
   * later (`start` false), only jobs that vanished from the queue are added again.
   */
  private async queueMissing(start: boolean): Promise<void> {
    const { queue, redis, run, task, wire, settings } = this.input;
    let indexes = this.missing();
    if (indexes.length === 0) return;
    if (start) {
      const states = await pipelined(
        redis,
        indexes,
        (p, i) => p.zscore(queue.keys.failed, jobId(run, i)).zscore(queue.keys.completed, jobId(run, i)),
        2,
      );
      const stale = indexes.filter((_, k) => states[k].some((s) => s !== null));
      for (const i of stale) await queue.remove(jobId(run, i));
      if (stale.length > 0) await redis.hdel(this.keys.errors, ...stale.map(String));
    } else {
      const exists = await pipelined(redis, indexes, (p, i) => p.exists(queue.toKey(jobId(run, i))), 1);
      indexes = indexes.filter((_, k) => exists[k][0] === 0);
      await this.collect(); // a job removed on completion has stored its result before
      indexes = indexes.filter((i) => !this.results.has(i));
      if (indexes.length > 0) settings.onStatus?.(`${indexes.length} jobs of run ${run} vanished from the queue: adding them again.`);
    }
    const version = packageVersion();
    for (let s = 0; s < indexes.length; s += ADD_BATCH) {
      await queue.addBulk(
        indexes.slice(s, s + ADD_BATCH).map((index) => {
          const data: QueueJobData = { version, task, run, index, keepSeconds: settings.keepSeconds, payload: wire[index] };
          return {
            name: task,
            data,
            opts: {
              jobId: jobId(run, index),
              attempts: settings.attempts,
              backoff: { type: 'fixed', delay: settings.backoffMs },
              removeOnComplete: true, // the result is in the run's hash
              removeOnFail: { age: settings.keepSeconds },
            },
          };
        }),
      );
    }
  }

  /** Records the jobs of missing indexes that failed for good, with their error. */
  private async findFailures(): Promise<void> {
    const { queue, Job, redis, run } = this.input;
    const indexes = this.missing();
    if (indexes.length === 0) return;
    const scores = await pipelined(redis, indexes, (p, i) => p.zscore(queue.keys.failed, jobId(run, i)), 1);
    const failed = indexes.filter((_, k) => scores[k][0] !== null);
    if (failed.length === 0) return;
    await this.collect(); // a result stored before the failure wins
    for (const index of failed) {
      if (this.results.has(index)) continue;
      const stored = await redis.hget(this.keys.errors, String(index));
      const job = await Job.fromId(queue, jobId(run, index));
      this.failures.set(index, jobError(stored, job?.failedReason, jobId(run, index)));
    }
  }

  /** Removes the run's jobs that no worker has taken yet (an aborted run); those running finish and store their results. */
  private async withdraw(): Promise<void> {
    const { queue, run } = this.input;
    for (const index of this.missing()) {
      try {
        await queue.remove(jobId(run, index)); // a locked (running) job is not removed
      } catch {
        // running: it finishes and stores its result, which a resume reads
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.input.signal?.removeEventListener('abort', done);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.input.signal?.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
  }
}

/** The error a failed job ends the run with: its own message, as the pool gives it. */
function jobError(stored: string | null, failedReason: string | undefined, id: string): Error {
  if (stored !== null) {
    try {
      const { message } = JSON.parse(stored) as { message: string };
      if (typeof message === 'string') return new Error(message);
    } catch {
      // not ours: fall through to BullMQ's reason
    }
  }
  return new QueueError(`Job ${id} failed in the queue: ${failedReason ?? 'no reason given'}.`);
}

/** One pipeline of `per` commands per index, in chunks; the values, `per` per index. */
async function pipelined(
  redis: Redis,
  indexes: number[],
  add: (p: ReturnType<Redis['pipeline']>, index: number) => unknown,
  per: number,
): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (let s = 0; s < indexes.length; s += 5000) {
    const p = redis.pipeline();
    for (const i of indexes.slice(s, s + 5000)) add(p, i);
    const replies = (await p.exec()) ?? [];
    for (let k = 0; k < replies.length; k += per) {
      const slice = replies.slice(k, k + per);
      for (const [err] of slice) if (err) throw err;
      out.push(slice.map(([, v]) => v));
    }
  }
  return out;
}
