/**
 * `seqcast worker --queue URL` processes for the tests (the CLI from the sources, as on another
 * machine): their output as lines, a way to wait for one, and a clean stop. Short lock and
 * stalled-check intervals, so a killed worker's job moves to another within seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { startRedis, type TestRedis } from './redis.js';
import { root } from './cli.js';

const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** A `seqcast worker` process, its output as lines, and a way to wait for one. */
export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

export function startWorker(url: string, ...extra: string[]): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsxLoader,
      `${root}/src/cli/main.ts`,
      'worker',
      '--queue',
      url,
      '--lock-duration',
      '2000',
      '--stalled-interval',
      '500',
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SEQCAST_DEBUG: '' } },
  );
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffer = '';
  const onData = (d: Buffer): void => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.pattern.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // 'close', not 'exit': it comes after the last of the output has been read into `lines`
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
  };
}

/**
 * Waits until `read()` (or the value it resolves to) satisfies `enough` (checked every 20 ms) and
 * returns it, or its last value after `timeoutMs`. A worker prints a job's line after storing its result, so the runner can
 * return before the line is read: a test counting lines waits for them with this, then asserts.
 */
export async function eventually<T>(read: () => T | Promise<T>, enough: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (!enough(value) && Date.now() < end) (await new Promise((r) => setTimeout(r, 20)), (value = await read()));
  return value;
}

export async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await w.exited;
}

/** Starts `count` workers on the queue at `url` and waits until each is connected. */
export async function startConnectedWorkers(url: string, count: number): Promise<WorkerProcess[]> {
  const started = Array.from({ length: count }, () => startWorker(url));
  try {
    await Promise.all(started.map((w) => w.waitFor(/waiting for jobs/)));
  } catch (err) {
    await Promise.all(started.map(stopWorker)); // none left running behind a failed start
    throw err;
  }
  return started;
}

/** A test file's queue: its own Redis server and the workers started on it (see {@link queueFixture}). */
export interface QueueFixture {
  /** The server; available once the file's `before` hooks have run. */
  readonly redis: TestRedis;
  /** The workers started and not stopped or forgotten, in start order. */
  readonly workers: readonly WorkerProcess[];
  /** Starts `count` workers and waits until each is connected. */
  startWorkers(count: number): Promise<WorkerProcess[]>;
  /** Stops every worker. */
  stopAll(): Promise<void>;
  /** Drops a worker the test stopped or killed itself from `workers`. */
  forget(w: WorkerProcess): void;
}

/**
 * Registers node:test hooks that start a Redis server before the file's tests and stop its workers
 * and the server after them; returns the handle the tests use.
 * @example const queue = queueFixture(); test('...', async () => { await queue.startWorkers(2); ... queue.redis.url ... });
 */
export function queueFixture(): QueueFixture {
  let redis: TestRedis | null = null;
  let workers: WorkerProcess[] = [];
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await Promise.all(workers.map(stopWorker));
    await redis?.stop();
  });
  return {
    get redis() {
      if (!redis) throw new Error('queueFixture: the Redis server starts in a before hook; use it inside a test.');
      return redis;
    },
    get workers() {
      return workers;
    },
    async startWorkers(count) {
      const started = await startConnectedWorkers(this.redis.url, count);
      workers.push(...started);
      return started;
    },
    async stopAll() {
      await Promise.all(workers.map(stopWorker));
      workers = [];
    },
    forget(w) {
      workers = workers.filter((x) => x !== w);
    },
  };
}
