/**
 * `auto`'s inner backtest on worker threads: a {@link CandidateRunner} that sends each candidate
 * job (fit one forecaster on a training part, forecast h values) to a piscina pool, so the
 * candidates of a series run on every core. The series goes once into shared memory; each job is
 * the same pure function a sequential run calls (`runCandidate`), so the choice and the forecasts
 * do not depend on the number of workers.
 */
import type { Piscina } from 'piscina';
import type { CandidateJob, CandidateOutcome, CandidateRunner } from '../forecast/auto.js';
import { inOrder, sharedCopy } from './pool.js';

/**
 * A runner that runs candidate jobs on `pool` (made by createPool; the caller destroys it).
 * @example
 * const pool = createPool({ workers: 2 });
 * const auto = autoForecaster({ period: 12, horizon: 18 }, poolCandidateRunner(pool));
 * try { await auto.fit(train); } finally { await pool.destroy(); }
 * @throws (the runner rejects) when a worker fails for a reason other than the candidate's own
 *   (a candidate that cannot fit is an outcome with an error, not a rejection), or the signal aborts.
 */
export function poolCandidateRunner(pool: Piscina): CandidateRunner {
  return async (jobs: CandidateJob[], signal?: AbortSignal): Promise<CandidateOutcome[]> => {
    const shared = new Map<unknown, Float32Array>();
    return inOrder(
      jobs.map(
        (job) => pool.run({ ...job, series: sharedCopy(job.series, shared) }, { name: 'candidate', signal }) as Promise<CandidateOutcome>,
      ),
    );
  };
}
