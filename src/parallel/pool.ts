/**
 * Independent trainings in worker threads (a piscina pool): backtest folds, a learning-rate
 * sweep's candidates, many series, several seeds. Each job runs {@link trainJob} in a worker, so
 * the numbers are those of a sequential run with the same seeds, bit for bit.
 *
 * Workers load dist/parallel/worker.js after `npm run build`, or src/parallel/worker.ts through
 * tsx-worker.mjs when the sources run under tsx (tests, `npx tsx`). A series is copied once into
 * shared memory and read by every job that uses it; results come back by structured clone
 * (weights and forecasts are small).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { TrainJob, TrainResult } from './worker.js';
import { OptionError } from '../errors.js';
import { MAX_WORKERS } from '../limits.js';

export type { TrainJob, TrainResult } from './worker.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Worker threads; default 2 (or fewer when the machine has fewer cores). */
  workers?: number;
}

/** Options of {@link trainMany}. */
export interface TrainManyOptions extends PoolOptions {
  /** Called as each job finishes, in the order they finish: jobs done so far, all jobs, the job's index. */
  onProgress?: (done: number, total: number, index: number) => void;
}

/**
 * A pool of worker threads that run the tasks of worker.ts (`train`, `fold`). Destroy it when
 * done (`await pool.destroy()`), or the process keeps running.
 *
 * @example
 * const pool = createPool({ workers: 2 });
 * try { await pool.run(job, { name: 'train' }); } finally { await pool.destroy(); }
 * @throws OptionError when `workers` is not an integer from 1 to 64 (MAX_WORKERS); an Error when
 *   neither worker.ts nor worker.js lies next to this file (run `npm run build`).
 */
export function createPool({ workers = Math.min(2, availableParallelism()) }: PoolOptions = {}): Piscina {
  checkWorkers(workers);
  const filename = workerFile();
  return new Piscina({
    filename,
    execArgv: workerExecArgv(process.execArgv),
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  });
}

function checkWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new OptionError(`workers must be an integer from 1 to ${MAX_WORKERS}, got ${workers}: use e.g. 2 (one per core).`);
}

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The process's Node flags without its module loaders (`--import tsx`, `--require ...`), for the
 * workers: their file needs none (worker.js is plain JavaScript; tsx-worker.mjs registers tsx
 * itself), and a worker that inherits tsx's hooks starts ~0.25 s later and runs slower. Other flags
 * (memory limits, say) pass on.
 * @example workerExecArgv(['--import', 'tsx', '--max-old-space-size=4096']) // ['--max-old-space-size=4096']
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i];
    const name = flag.split('=')[0];
    if (!LOADER_FLAGS.has(name)) out.push(flag);
    else if (!flag.includes('=')) i++; // and its value
  }
  return out;
}

/**
 * Runs independent trainings on `workers` threads; resolves with one result per job, in the
 * jobs' order. Each result equals `trainJob(job)` in the main thread (same seed, same weights).
 *
 * @example
 * const jobs = [0, 1, 2, 3].map((seed) => ({ series, split: 1000, spec: { model: 'rnn', epochs: 50, seed } }));
 * const results = await trainMany(jobs, { workers: 2, onProgress: (done, total) => console.log(`${done}/${total}`) });
 * const best = results.reduce((a, b) => (b.mae < a.mae ? b : a));
 * @throws (rejects) when `jobs` is empty or `workers` is not a positive integer, and with the
 *   error of the first job that fails in the jobs' order (e.g. an invalid spec, or
 *   TrainingDivergedError: lower the learning rate); the pool is closed either way.
 */
export async function trainMany(jobs: TrainJob[], { workers, onProgress }: TrainManyOptions = {}): Promise<TrainResult[]> {
  if (!Array.isArray(jobs) || jobs.length === 0)
    throw new Error('trainMany needs at least one job: pass e.g. [{ series, split: 1000, spec: { model: "rnn" } }].');
  const shared = new Map<unknown, Float32Array>();
  return runTasks<TrainJob, TrainResult>(
    'train',
    jobs.map((job) => ({ ...job, series: sharedCopy(job.series, shared) })),
    {
      workers,
      onResult: (_result, index, done) => onProgress?.(done, jobs.length, index),
    },
  );
}

/** Options of {@link runTasks}. */
export interface RunTasksOptions<R> extends PoolOptions {
  /** Called as each task finishes, in the order they finish (awaited before the task counts as done). */
  onResult?: (result: R, index: number, done: number) => void | Promise<void>;
  /** Aborts the tasks not yet finished. */
  signal?: AbortSignal;
}

/**
 * Runs the worker.ts task `name` once per element of `tasks` on a pool made for the call and
 * closed after it; resolves with the results in the tasks' order.
 * @example const results = await runTasks('courseCase', [{ id: 'synthetic-bilstm', seed: 0 }], { workers: 2 });
 * @throws (rejects) with the error of the first task that fails in the tasks' order (see inOrder).
 */
export async function runTasks<T, R>(name: string, tasks: T[], { workers, onResult, signal }: RunTasksOptions<R> = {}): Promise<R[]> {
  if (workers !== undefined) checkWorkers(workers);
  // no more threads than tasks: a thread without a task would only take memory
  const pool = createPool({ workers: workers === undefined ? undefined : Math.min(workers, Math.max(1, tasks.length)) });
  let done = 0;
  try {
    return await inOrder(
      tasks.map(async (task, index) => {
        const result = (await pool.run(task, { name, signal })) as R;
        await onResult?.(result, index, ++done);
        return result;
      }),
    );
  } finally {
    await pool.destroy();
  }
}

/**
 * The values of `promises` once all have settled; when any rejects, the reason of the first in
 * array order, so that the error does not depend on which thread finished first.
 * @example const results = await inOrder(jobs.map((job) => pool.run(job, { name: 'train' })));
 * @throws (rejects) with the first rejection in array order.
 */
export async function inOrder<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * The series in a SharedArrayBuffer, so that every job reads one copy instead of cloning it;
 * one copy per distinct array (`cache`).
 * @example const shared = sharedCopy(series); pool.run({ series: shared, split, spec }, { name: 'train' });
 * @throws never.
 */
export function sharedCopy(series: Float32Array | number[], cache = new Map<unknown, Float32Array>()): Float32Array {
  const cached = cache.get(series);
  if (cached) return cached;
  const copy = new Float32Array(new SharedArrayBuffer(series.length * Float32Array.BYTES_PER_ELEMENT));
  copy.set(series);
  cache.set(series, copy);
  return copy;
}

/**
 * worker.js next to this file (built code), else tsx-worker.mjs, which registers tsx in the worker
 * and loads worker.ts (sources run by tsx: Node 20 does not pass `--import tsx` on to workers).
 */
function workerFile(): string {
  for (const name of ['worker.js', 'tsx-worker.mjs']) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(
    `seqcast's worker file is missing next to ${fileURLToPath(import.meta.url)} (worker.js, or tsx-worker.mjs in the sources): run \`npm run build\`.`,
  );
}
