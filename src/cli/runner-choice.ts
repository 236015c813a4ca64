/**
 * Where the CLI's many-series jobs run: this thread (`--workers 1`), the worker pool on this
 * machine's cores (`--workers N`, default 2 or the cores if fewer), or a job queue shared by
 * several machines (`--queue redis://HOST:PORT`). The one seam for the queue: {@link runnerFor}.
 */
import { availableParallelism } from 'node:os';
import { OptionError } from '../errors.js';
import { createPool } from '../parallel/pool.js';
import { poolRunner, threadRunner, type TaskRunner } from '../parallel/task-runner.js';

/** The flags that choose the runner. */
export interface RunnerChoice {
  /** Worker threads on this machine; default 2 (or the cores, if fewer). */
  workers?: number;
  /** A Redis URL (`redis://HOST:PORT`) whose queue workers run the jobs. */
  queue?: string;
}

/**
 * The runner the flags ask for; close it when done.
 * @example const runner = runnerFor({ workers: 2 }); try { await runner.run('seriesChunk', chunks); } finally { await runner.close(); }
 * @throws OptionError for `queue` (not built yet: the queue's runner plugs in here), and as
 *   createPool for a bad `workers`.
 */
export function runnerFor({ workers, queue }: RunnerChoice): TaskRunner {
  if (queue !== undefined)
    throw new OptionError(
      `--queue ${queue}: running the jobs on a queue is not built yet: drop --queue to run them on this machine (--workers N).`,
    );
  const n = workers ?? Math.min(2, availableParallelism());
  return n === 1 ? threadRunner() : poolRunner(createPool({ workers: n }));
}
