/**
 * How should `auto` choose among its candidates? A study that keeps the test folds out of the
 * decision (docs/accuracy.md: nothing is chosen by looking at the test folds).
 *
 * `--region validation` cuts the last K·h values off every series of the accuracy collection and
 * runs the collection's protocol on what is left: K folds back to back just before the test folds,
 * each seeing only the values before its origin. `--region test` runs the test folds themselves
 * (for the record, after a rule has been chosen on the validation folds). `--collection validation`
 * reads the validation set instead (datasets/validation/: 85 monthly and quarterly series outside
 * the collection), whose folds are its series' last K blocks: it has no test folds to keep out.
 *
 * For every series and fold it does what auto does with up to 5 inner folds (the candidates of
 * autoCandidates(), ETS's and ARIMA's forms chosen once on the fold's training part) and also
 * fits every candidate on the whole training part to forecast the fold: so every selection rule
 * below (best alone, best few, fixed combinations, 3 or 5 inner folds) is scored on the same numbers.
 *
 *   npx tsx bench/auto-study.ts --region validation --out /tmp/study-val.json [--series AirPassengers,lynx] [--workers 2]
 *     [--collection validation]   the validation set's series (their last K blocks) in place of the collection's
 *     [--network-steps 100]   the networks' budget in place of AUTO_NETWORK_STEPS (to choose it here)
 *     [--network-seeds 2]     the seeds each network candidate averages (auto's networkSeeds; default AUTO_DEFAULTS.all's)
 *     [--one-inner-fold]      each fold trains on its last max(2m, 8) + h + ⌊h/2⌋ values only: room for one
 *                             inner fold, as a short series has (the rules below are then scored there)
 *   npx tsx bench/auto-study.ts --score /tmp/study-val.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCollection, VALIDATION_DIR } from './accuracy/collection.js';
import { rollingOriginPlan } from '../src/forecast/rolling-origin.js';
import {
  autoCandidates,
  innerFolds,
  maseScale,
  type AutoCandidate,
  type CandidateJob,
  type CandidateOutcome,
} from '../src/forecast/auto.js';
import { combineForecasts, type Combination } from '../src/forecast/mean-forecaster.js';
import { mae } from '../src/metrics/errors.js';
import { createPool } from '../src/parallel/pool.js';
import { poolCandidateRunner } from '../src/parallel/candidates.js';

/** The most inner folds studied (rules with fewer take the last ones: the same origins auto uses). */
const MAX_INNER = 5;
const FOLDS = 3;

interface StudyCandidate {
  label: string;
  kind: string;
  baseline: boolean;
  /** One forecast (or null: failed) per inner fold, earliest first. */
  inner: (number[] | null)[];
  /** The forecast of the fold from the whole training part, or null when it failed. */
  outer: number[] | null;
}

interface StudyRow {
  series: string;
  period: number;
  horizon: number;
  fold: number;
  origin: number;
  /** The fold's values, and the MASE scale of its training part. */
  actual: number[];
  scale: number;
  /** The inner folds (origin, horizon), earliest first, with each one's actual values and MASE scale. */
  inner: { origin: number; horizon: number; actual: number[]; scale: number }[];
  candidates: StudyCandidate[];
}

const { values: args } = parseArgs({
  options: {
    region: { type: 'string', default: 'validation' },
    collection: { type: 'string', default: 'accuracy' },
    out: { type: 'string' },
    score: { type: 'string' },
    series: { type: 'string' },
    workers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '0' },
    'network-steps': { type: 'string' },
    'network-seeds': { type: 'string' },
    'one-inner-fold': { type: 'boolean', default: false },
  },
});

/** --network-seeds, or undefined: auto's default. */
function networkSeeds(): number | undefined {
  return args['network-seeds'] === undefined ? undefined : Number(args['network-seeds']);
}

/** The candidates with the networks' budget from --network-steps (AUTO_NETWORK_STEPS without it). */
function withNetworkSteps(candidates: AutoCandidate[]): AutoCandidate[] {
  const steps = args['network-steps'];
  if (steps === undefined) return candidates;
  const maxSteps = Number(steps);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new Error(`--network-steps is a positive integer, got ${steps}`);
  const budget = (spec: AutoCandidate['spec']): AutoCandidate['spec'] =>
    spec.kind === 'mean'
      ? { ...spec, of: spec.of.map(budget) }
      : spec.kind === 'network'
        ? { ...spec, spec: { ...spec.spec, maxSteps } }
        : spec;
  return candidates.map((c) => ({ ...c, spec: budget(c.spec) }));
}

if (args.score) score(JSON.parse(readFileSync(args.score, 'utf8')).rows as StudyRow[]);
else await study();

async function study(): Promise<void> {
  if (args.region !== 'validation' && args.region !== 'test') throw new Error('--region is validation or test');
  if (args.collection !== 'accuracy' && args.collection !== 'validation') throw new Error('--collection is accuracy or validation');
  const ownSet = args.collection === 'validation'; // no test folds: its folds are the series' last blocks
  const pool = createPool({ workers: Number(args.workers) });
  const runner = poolCandidateRunner(pool);
  const rows: StudyRow[] = [];
  try {
    const collection = ownSet ? readCollection(VALIDATION_DIR) : readCollection();
    for (const series of collection.filter((s) => !args.series || args.series.split(',').includes(s.name))) {
      const { period, horizon } = series;
      const values =
        args.region === 'validation' && !ownSet ? series.values.slice(0, series.values.length - FOLDS * horizon) : series.values;
      let plan;
      try {
        plan = rollingOriginPlan(values.length, { horizon, folds: FOLDS, period });
      } catch (e) {
        process.stderr.write(`${series.name}: left out (${(e as Error).message})\n`);
        continue;
      }
      for (const fold of plan.folds) {
        const started = performance.now();
        // with --one-inner-fold, only the part of the history that leaves room for one inner fold
        const from = args['one-inner-fold'] ? Math.max(0, fold.origin - (Math.max(2 * period, 8) + horizon + Math.floor(horizon / 2))) : 0;
        const train = values.slice(from, fold.origin);
        const history = values.slice(from, fold.end); // the outer jobs read history[0, train.length)
        const inner = innerFolds(train.length, { period, horizon, innerFolds: MAX_INNER });
        // the networks' window as auto sets it with 5 inner folds: from the first of them
        const cands = withNetworkSteps(
          autoCandidates({ period, horizon, seed: Number(args.seed), networkSeeds: networkSeeds() }, inner[0].origin),
        );
        const innerJobs = (c: AutoCandidate): CandidateJob[] => inner.map((f) => ({ spec: c.spec, series: train, ...f }));
        // pass 1: every candidate forecasts the fold from all of train (ETS, ARIMA choose their form here);
        // the other candidates' inner folds too
        const first = await runner([
          ...cands.map((c) => ({ spec: c.spec, series: history, origin: train.length, horizon })),
          ...cands.filter((c) => !c.formOnce).flatMap(innerJobs),
        ]);
        const formed = cands.filter((c) => c.formOnce).map((c) => ({ ...c, spec: first[cands.indexOf(c)].form ?? c.spec }));
        const second = await runner(formed.flatMap(innerJobs));
        let i = cands.length;
        let j = 0;
        const take = (outs: CandidateOutcome[], at: number): (number[] | null)[] => inner.map((_, k) => outs[at + k].forecast);
        const candidates = cands.map((c, ci): StudyCandidate => {
          let innerForecasts: (number[] | null)[];
          if (c.formOnce) {
            innerForecasts = take(second, j);
            j += inner.length;
          } else {
            innerForecasts = take(first, i);
            i += inner.length;
          }
          return { label: c.label, kind: c.spec.kind, baseline: c.baseline, inner: innerForecasts, outer: first[ci].forecast };
        });
        rows.push({
          series: series.name,
          period,
          horizon,
          fold: fold.index,
          origin: fold.origin,
          actual: Array.from(values.subarray(fold.origin, fold.end)),
          scale: maseScale(train, period),
          inner: inner.map((f) => ({
            ...f,
            actual: Array.from(train.subarray(f.origin, f.origin + f.horizon)),
            scale: maseScale(train.subarray(0, f.origin), period),
          })),
          candidates,
        });
        process.stderr.write(`${series.name} fold ${fold.index}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
    }
  } finally {
    await pool.destroy();
  }
  writeFileSync(
    args.out ?? 'auto-study.json',
    JSON.stringify({
      date: new Date().toISOString(),
      region: ownSet ? 'validation set' : args.region,
      seed: Number(args.seed),
      networkSteps: args['network-steps'] === undefined ? null : Number(args['network-steps']),
      networkSeeds: networkSeeds() ?? null,
      oneInnerFold: args['one-inner-fold'],
      rows,
    }),
  );
}

type Combine = Combination;

/** A selection rule: which candidates' outer forecasts to combine, from the inner folds alone. */
interface Rule {
  name: string;
  pick(row: StudyRow): { members: StudyCandidate[]; combine: Combine };
}

function combine(forecasts: number[][], how: Combine): number[] {
  return Array.from(combineForecasts(forecasts, how));
}

/** The inner folds a rule with K folds reads: the last K (auto's own origins for K = 3). */
function lastFolds(row: StudyRow, K: number): number[] {
  return row.inner.map((_, k) => k).slice(-K);
}

function innerScore(row: StudyRow, forecasts: (number[] | null)[], folds: number[]): number | null {
  let sum = 0;
  for (const k of folds) {
    const f = forecasts[k];
    if (!f || !f.every(Number.isFinite)) return null;
    sum += mae(row.inner[k].actual, f) / row.inner[k].scale;
  }
  return sum / folds.length;
}

/**
 * auto's rule: rank by inner MASE; the combination of the top k ≤ maxK that scores best on the
 * same folds (`fixedK`: always the top maxK); too short for one fold of h: ETS.
 */
function ranked(pool: (c: StudyCandidate) => boolean, K: number, maxK: number, how: Combine, fixedK: boolean, etsWhenShort: boolean): Rule {
  const name = `${pool.name === 'net' ? 'networks: ' : pool.name === 'noNet' ? 'statistical: ' : ''}${fixedK ? `top ${maxK}` : `best k ≤ ${maxK}`} (${how}), ${K} inner folds`;
  return {
    name,
    pick(row) {
      const folds = lastFolds(row, K);
      if (etsWhenShort && row.inner[folds[0]].horizon < row.horizon) {
        const ets = row.candidates.find((c) => c.kind === 'ets' && c.outer);
        if (ets) return { members: [ets], combine: 'mean' };
      }
      const scored = row.candidates
        .filter(pool)
        .map((c) => ({ c, s: innerScore(row, c.inner, folds) }))
        .filter((x): x is { c: StudyCandidate; s: number } => x.s !== null && x.c.outer !== null)
        .sort((a, b) => a.s - b.s);
      if (scored.length === 0) return { members: row.candidates.filter((c) => c.label === 'naive'), combine: 'mean' };
      let best = { k: 1, s: scored[0].s };
      const top = Math.min(maxK, scored.length);
      if (fixedK) best = { k: top, s: 0 };
      else
        for (let k = 2; k <= top; k++) {
          const comb = row.inner.map((_, fk) =>
            folds.includes(fk)
              ? combine(
                  scored.slice(0, k).map((x) => x.c.inner[fk]!),
                  how,
                )
              : null,
          );
          const score = innerScore(row, comb, folds)!;
          if (score < best.s) best = { k, s: score };
        }
      return { members: scored.slice(0, best.k).map((x) => x.c), combine: how };
    },
  };
}

function fixed(name: string, labels: (c: StudyCandidate) => boolean, how: Combine): Rule {
  return {
    name,
    pick(row) {
      const members = row.candidates.filter((c) => labels(c) && c.outer);
      return { members, combine: how };
    },
  };
}

function score(rows: StudyRow[]): void {
  const any = (): boolean => true;
  const net = (c: StudyCandidate): boolean => c.kind === 'mean';
  const stat = (c: StudyCandidate): boolean => !c.baseline && c.kind !== 'mean';
  const noNet = (c: StudyCandidate): boolean => c.kind !== 'mean';
  const rules: Rule[] = [
    ranked(any, 5, 5, 'median', true, true), // auto's rule (AUTO_DEFAULTS.all) first: the others are counted against it
    ranked(any, 3, 3, 'mean', false, true),
    ranked(any, 5, 3, 'mean', false, true),
    ranked(any, 3, 1, 'mean', false, true),
    ranked(any, 5, 1, 'mean', false, true),
    ranked(any, 3, 3, 'mean', true, true),
    ranked(any, 5, 3, 'mean', true, true),
    ranked(any, 3, 5, 'median', true, true),
    fixed('median of every model (no baselines)', (c) => !c.baseline, 'median'),
    fixed('ETS alone', (c) => c.kind === 'ets', 'mean'),
    fixed('mean of the statistical models', stat, 'mean'),
    fixed('median of the statistical models', stat, 'median'),
    ranked(net, 3, 3, 'mean', false, false),
    ranked(net, 5, 3, 'mean', false, false),
    ranked(net, 3, 1, 'mean', false, false),
    fixed('mean of the networks', net, 'mean'),
    ranked(noNet, 3, 3, 'mean', false, true),
    ranked(noNet, 5, 3, 'mean', false, true),
    ranked(noNet, 3, 3, 'mean', true, true),
    ranked(noNet, 5, 5, 'median', true, true),
    ranked(noNet, 5, 3, 'median', true, true),
  ];
  const names = [...new Set(rows.map((r) => r.series))];
  console.log(
    `${rows.length} folds of ${names.length} series; per rule: the mean over the series of the mean MASE over its folds, ` +
      `their geometric mean, the series it beats auto's rule on (${rules[0].name}) and the MASE per series`,
  );
  let autos: number[] = [];
  for (const rule of rules) {
    const perSeries = names.map((name) => {
      const mine = rows.filter((r) => r.series === name);
      const m = mine.map((r) => {
        const { members, combine: how } = rule.pick(r);
        return (
          mae(
            r.actual,
            combine(
              members.map((c) => c.outer!),
              how,
            ),
          ) / r.scale
        );
      });
      return m.reduce((s, x) => s + x, 0) / m.length;
    });
    const mean = perSeries.reduce((s, x) => s + x, 0) / perSeries.length;
    const geometric = Math.exp(perSeries.reduce((s, x) => s + Math.log(x), 0) / perSeries.length);
    if (rule === rules[0]) autos = perSeries;
    const beats = `${perSeries.filter((x, i) => x < autos[i]).length}/${names.length}`.padStart(7);
    console.log(
      `${mean.toFixed(3)}  ${geometric.toFixed(3)} ${beats}  ${rule.name.padEnd(48)} ${perSeries.map((x) => x.toFixed(2)).join(' ')}`,
    );
  }
  console.log(`series: ${names.join(' ')}`);
}
