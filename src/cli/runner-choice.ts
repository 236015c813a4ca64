/**
 * Where the CLI's many-series jobs run: this thread (`--workers 1`), the worker pool on this
 * machine's cores (`--workers N`, default 2 or the cores if fewer), or a job queue shared by
 * several machines (`--queue redis://HOST:PORT`). The one seam for the queue: {@link runnerFor}.
 */
import { availableParallelism } from 'node:os';
import { OptionError } from '../errors.js';
import { createPool } from '../parallel/pool.js';
import { poolRunner, threadRunner, type TaskRunner } from '../parallel/task-runner.js';
import { queueRunner } from '../queue/queue-runner.js';

/** The flags that choose the runner. */
export interface RunnerChoice {
  /** Worker threads on this machine; default 2 (or the cores, if fewer). */
  workers?: number;
  /** A Redis URL (`redis://HOST:PORT`) whose queue workers (`seqcast worker --queue`) run the jobs. */
  queue?: string;
  /** The queue run's id (`--run-id`): the same id resumes a run; default a digest of the jobs (see queue-runner.ts). */
  runId?: string;
}

/**
 * The runner the flags ask for; close it when done.
 * @example const runner = await runnerFor({ workers: 2 }); try { await runner.run('seriesChunk', chunks); } finally { await runner.close(); }
 * @throws OptionError for `queue` with `workers` (the queue's workers choose their own
 *   --concurrency) or a bad Redis URL, QueueError when the server cannot be reached, and as
 *   createPool for a bad `workers`.
 */
export async function runnerFor({ workers, queue, runId }: RunnerChoice): Promise<TaskRunner> {
  if (queue !== undefined) {
    if (workers !== undefined)
      throw new OptionError(
        `--queue and --workers cannot be combined: the jobs run on the queue's workers, which choose their own --concurrency; drop --workers.`,
      );
    return queueRunner(queue, { ...(runId !== undefined ? { runId } : {}), onStatus: (m) => process.stderr.write(`seqcast: ${m}\n`) });
  }
  if (runId !== undefined) throw new OptionError('--run-id names a queue run: use it with --queue redis://HOST:PORT, or drop it.');
  const n = workers ?? Math.min(2, availableParallelism());
  return n === 1 ? threadRunner() : poolRunner(createPool({ workers: n }));
}
