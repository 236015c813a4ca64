/**
 * What the gatherer (queue-runner.ts) and the workers (queue-worker.ts) agree on in Redis: the
 * BullMQ queue's name, a job's id and data, and the keys of a run.
 *
 * A run is one `TaskRunner.run` call: its jobs are `<run>-<index>` (BullMQ refuses a ':' in a
 * job id) and its results live in one hash, `seqcast:run:<run>:results`, one field per index,
 * written once (HSETNX), so a job that runs twice never gives two rows.
 */
import { OptionError } from '../errors.js';

/** The BullMQ queue every seqcast gatherer and worker uses. */
export const QUEUE_NAME = 'seqcast';

/** What a job carries: the task of worker.ts to run on the payload, and where its result goes. */
export interface QueueJobData {
  /** The seqcast version that made the job; a worker of another version refuses it. */
  version: string;
  /** A task exported by src/parallel/worker.ts (`train`, `candidate`, ...). */
  task: string;
  /** The run's key (see {@link runKeys}). */
  run: string;
  /** The payload's index in the run. */
  index: number;
  /** How long the run's keys are kept after their last write, in seconds. */
  keepSeconds: number;
  /** The payload in the wire format (wire.ts). */
  payload: unknown;
}

/** The Redis keys of one run. */
export interface RunKeys {
  /** Hash: index → the result in the wire format, written once per index (HSETNX). */
  results: string;
  /** Hash: index → `{ name, message }` of the job's last failure. */
  errors: string;
  /** Hash: index → how many times a worker started the job (more than 1 after a retry or a dead worker). */
  executions: string;
  /** Hash: the run's fingerprint (task, inputs, version), its task and size. */
  meta: string;
}

/**
 * The keys of run `run`.
 * @example runKeys('nightly'); // { results: 'seqcast:run:nightly:results', ... }
 * @throws never.
 */
export function runKeys(run: string): RunKeys {
  const base = `${QUEUE_NAME}:run:${run}`;
  return { results: `${base}:results`, errors: `${base}:errors`, executions: `${base}:executions`, meta: `${base}:meta` };
}

/**
 * The BullMQ job id of index `index` of run `run`: deterministic, so adding a job that is already
 * queued or running adds nothing.
 * @example jobId('nightly', 7); // 'nightly-7'
 * @throws never.
 */
export function jobId(run: string, index: number): string {
  return `${run}-${index}`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Checks a run id given by the user (`--run-id`).
 * @example checkRunId('forecast-2026-12-04'); // ok
 * @throws OptionError when it is not 1 to 100 letters, digits, '.', '_' or '-' starting with a letter or digit.
 */
export function checkRunId(runId: string): void {
  if (typeof runId !== 'string' || !RUN_ID.test(runId))
    throw new OptionError(
      `The run id ${JSON.stringify(runId)} must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit: use e.g. forecast-2026-12-04.`,
    );
}
