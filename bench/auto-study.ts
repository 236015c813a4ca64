/**
 * How should `auto` choose? A study on the accuracy collection, as a whole (docs/accuracy.md lets
 * defaults be chosen on the collection as a whole, never per series by name). For every series
 * and rolling-origin fold of `npm run bench:accuracy`, every candidate below is scored on the
 * inner folds of the fold's training part (3 inner folds, back to back at its end, as auto's) and
 * forecast from the fold's origin; the JSON it writes lets selection rules (best alone, top k,
 * inner folds 2 or 3, seed ensembles) be compared on the same numbers.
 *
 *   npx tsx bench/auto-study.ts --out /tmp/auto-study.json [--series AirPassengers,lynx] [--workers 2]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCollection } from './accuracy/collection.js';
import { rollingOriginPlan } from '../src/forecast/rolling-origin.js';
import { networkWindow } from '../src/forecast/network-window.js';
import type { BaseForecasterSpec } from '../src/forecast/base-forecaster-spec.js';
import type { CandidateJob } from '../src/forecast/auto.js';
import { createPool } from '../src/parallel/pool.js';
import { poolCandidateRunner } from '../src/parallel/candidates.js';

const { values: args } = parseArgs({
  options: { out: { type: 'string' }, series: { type: 'string' }, workers: { type: 'string' }, only: { type: 'string' } },
});

function candidates(period: number, horizon: number): { label: string; spec: BaseForecasterSpec }[] {
  const window = networkWindow(period);
  const out: { label: string; spec: BaseForecasterSpec }[] = [
    { label: 'naive', spec: { kind: 'naive' } },
    ...(period > 1 ? [{ label: 'snaive', spec: { kind: 'seasonal-naive' as const, period } }] : []),
    { label: 'drift', spec: { kind: 'drift' } },
    { label: 'ets', spec: { kind: 'ets', period } },
    { label: 'theta', spec: { kind: 'theta', period } },
  ];
  for (const seed of [0, 1, 2]) {
    const net = (label: string, spec: object) =>
      out.push({ label: `${label}#${seed}`, spec: { kind: 'network', spec: { window, seed, ...spec } as never } });
    net('mlp-window', { model: 'mlp', normalize: 'window' });
    net('mlp-diff', { model: 'mlp', transform: ['difference', 'standard'] });
    net('mlp-direct', { model: 'mlp', horizon, strategy: 'direct', normalize: 'window' });
    net('mlp-boxcox-diff', { model: 'mlp', transform: ['box-cox', 'difference', 'standard'] });
    if (seed === 0) net('lstm-window', { model: 'lstm', normalize: 'window' });
    if (period > 1) {
      net('mlp-bc-sdiff', { model: 'mlp', transform: ['box-cox', { kind: 'seasonal-difference', period }, 'standard'] });
      net('mlp-direct-bc-sdiff', {
        model: 'mlp',
        horizon,
        strategy: 'direct',
        transform: ['box-cox', { kind: 'seasonal-difference', period }, 'standard'],
      });
    }
  }
  const only = args.only?.split(',');
  return only ? out.filter((c) => only.includes(c.label.split('#')[0])) : out;
}

const collection = readCollection().filter((s) => !args.series || args.series.split(',').includes(s.name));
const pool = createPool({ workers: Number(args.workers ?? 2) });
const runner = poolCandidateRunner(pool);
const rows: unknown[] = [];
try {
  for (const series of collection) {
    const horizon = series.horizon;
    const plan = rollingOriginPlan(series.values.length, { horizon, folds: 3, period: series.period });
    for (const fold of plan.folds) {
      const train = series.values.slice(0, fold.origin);
      const least = Math.max(2 * series.period, 8);
      const inner = [3, 2, 1].map((k) => train.length - k * horizon).filter((o) => o >= least);
      const cands = candidates(series.period, horizon);
      const jobs: CandidateJob[] = [];
      for (const c of cands) {
        for (const origin of inner) jobs.push({ spec: c.spec, series: train, origin, horizon });
        jobs.push({ spec: c.spec, series: series.values, origin: fold.origin, horizon });
      }
      const started = performance.now();
      const outcomes = await runner(jobs);
      let j = 0;
      for (const c of cands) {
        const innerOut = inner.map((origin) => ({ origin, ...outcomes[j++] }));
        const outer = outcomes[j++];
        rows.push({
          series: series.name,
          period: series.period,
          horizon,
          fold: fold.index,
          origin: fold.origin,
          candidate: c.label,
          inner: innerOut,
          outer,
        });
      }
      process.stderr.write(
        `${series.name} fold ${fold.index}: ${jobs.length} jobs, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
  }
} finally {
  await pool.destroy();
}
writeFileSync(args.out ?? 'auto-study.json', JSON.stringify({ date: new Date().toISOString(), rows }));
