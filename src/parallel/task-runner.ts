/**
 * One contract for where independent jobs run: this thread, the worker pool on this machine's
 * cores, or a job queue shared by several machines. A job is one call of a task of worker.ts
 * (`train`, `fold`, `candidate`, ...), a pure function of plain JSON and typed arrays, so every
 * runner gives the same results, in the payloads' order, whatever runs them.
 */
import type { Piscina } from 'piscina';
import * as tasks from './worker.js';
import { inOrder } from './pool.js';

/** The tasks a runner can run: the functions worker.ts exports for the pool. */
export type TaskName = 'train' | 'fold' | 'courseCase' | 'candidate' | 'seriesChunk';

/** Options of {@link TaskRunner.run}. */
export interface RunOptions<R> {
  /** Called as each job finishes, in the order they finish: its result, its index in the payloads, and how many are done. */
  onResult?: (result: R, index: number, done: number) => void | Promise<void>;
  /** Aborts the jobs not yet finished; `run` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs named tasks over payloads somewhere and gives back their results in the payloads' order.
 * @example
 * const runner = poolRunner(createPool({ workers: 2 }));
 * try { const results = await runner.run('fold', folds); } finally { await runner.close(); }
 */
export interface TaskRunner {
  /** Where the jobs run, for messages: 'this thread', '2 workers', 'queue redis://…'. */
  readonly where: string;
  /**
   * One job per payload; resolves with the results in the payloads' order.
   * @throws (rejects) with the first failing job's error in the payloads' order.
   */
  run<P, R>(task: TaskName, payloads: P[], options?: RunOptions<R>): Promise<R[]>;
  /** Releases what the runner holds (threads, connections); it cannot run again afterwards. */
  close(): Promise<void>;
}

/**
 * A runner that calls the tasks in this thread, one job after another: the sequential reference.
 * @example const [result] = await threadRunner().run('train', [{ series, split: 1000, spec: { model: 'rnn' } }]);
 */
export function threadRunner(): TaskRunner {
  return {
    where: 'this thread',
    async run<P, R>(task: TaskName, payloads: P[], { onResult, signal }: RunOptions<R> = {}): Promise<R[]> {
      const run = tasks[task] as unknown as (payload: P) => Promise<R>;
      const results: R[] = [];
      for (const [index, payload] of payloads.entries()) {
        signal?.throwIfAborted();
        const result = await run(payload);
        results.push(result);
        await onResult?.(result, index, index + 1);
      }
      return results;
    },
    async close() {},
  };
}

/**
 * A runner on a piscina pool made by `createPool` (typed arrays go by structured clone; share big
 * series with `sharedCopy` first). `close()` destroys the pool.
 * @example
 * const runner = poolRunner(createPool({ workers: 2 }));
 * try { await runner.run('courseCase', [{ id: 'synthetic-bilstm', seed: 0 }]); } finally { await runner.close(); }
 */
export function poolRunner(pool: Piscina): TaskRunner {
  return {
    where: `${pool.options.maxThreads} worker${pool.options.maxThreads === 1 ? '' : 's'}`,
    async run<P, R>(task: TaskName, payloads: P[], { onResult, signal }: RunOptions<R> = {}): Promise<R[]> {
      let done = 0;
      return inOrder(
        payloads.map(async (payload, index) => {
          const result = (await pool.run(payload, { name: task, signal })) as R;
          await onResult?.(result, index, ++done);
          return result;
        }),
      );
    },
    close: () => pool.destroy(),
  };
}
