/**
 * `npm run bench:global`: does one network trained across the collection's monthly series forecast
 * them better than one network per series? On the 8 monthly series of datasets/collection/
 * (period 12, h = 18, 3 folds: bench/accuracy.ts's protocol, docs/accuracy.md), each method
 * forecasts every fold, scored by MASE with the training part's seasonal naive scale:
 *
 *   snaive, ets                    per series and fold (makeForecaster, forecastFold)
 *   local mlp, local lstm          one network per series and fold (networkForecaster)
 *   global mlp / lstm [ids]        per fold, one network fitted on every series' values before its
 *                                  own origin (backtestGlobal), with and without the one-hot id
 *
 * The networks share one spec, fixed before any result was seen and the same for every series
 * (nothing is tuned on the test folds): window 24 (two seasons, networkWindow(12)), direct
 * horizon 18, each window normalized by its own mean and deviation (RevIN; the best variant of
 * bench/network-transforms.ts), no other transform, 2 layers of 32 units, 100 epochs, Adam at
 * 1e-3, Huber, batches of 32. A local network needs 24 + 18 = 42 training values, so it cannot
 * forecast the short series' (USAccDeaths, ldeaths: 72 values) middle fold (36 values before the
 * origin); a global one can (it needs one window). The table's mean is over the (series, fold)
 * cells every method scored (per series over its folds, then over the series); the JSON also has
 * each method's mean over all of its own cells.
 *
 * Usage: npm run bench:global -- [--seeds 0,1,2] [--folds 3] [--methods snaive,ets,...] [--json [file]]
 * Progress on stderr; the table (or, with a bare --json, one JSON object) on stdout.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Forecaster } from '../src/forecast/forecaster.js';
import { makeForecaster } from '../src/forecast/forecaster-spec.js';
import { networkForecaster } from '../src/forecast/network.js';
import { backtestGlobal } from '../src/forecast/global-backtest.js';
import { forecastFold, rollingOriginPlan, type RollingOriginPlan } from '../src/forecast/rolling-origin.js';
import { networkWindow } from '../src/forecast/network-window.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import { packageVersion } from '../src/package-version.js';
import { readCollection, type CollectionSeries } from './accuracy/collection.js';
import { integer, list } from './options.js';

const PERIOD = 12;
const HORIZON = 18;
const METHODS = ['snaive', 'ets', 'local-mlp', 'local-lstm', 'global-mlp', 'global-mlp-ids', 'global-lstm', 'global-lstm-ids'] as const;
type Method = (typeof METHODS)[number];
const NETWORKS: readonly Method[] = METHODS.filter((m) => m.includes('mlp') || m.includes('lstm'));

/** The networks' one spec (the file's comment), without the model kind and the seed. */
const NETWORK: Omit<NetworkSpecInput, 'model' | 'seed'> = {
  window: networkWindow(PERIOD),
  horizon: HORIZON,
  strategy: 'direct',
  units: 32,
  layers: 2,
  epochs: 100,
  batchSize: 32,
  learningRate: 1e-3,
  optimizer: 'adam',
  loss: 'huber',
};

interface Options {
  seeds: number[];
  folds: number;
  methods: Method[];
  json?: string | true;
}

/** One method's score of one fold of one series (null: not forecast, with the reason). */
interface Cell {
  method: Method;
  seed: number | null;
  series: string;
  fold: number;
  mase: number | null;
  note?: string;
}

function parseArgs(argv: string[]): Options {
  return new Command('bench:global')
    .description(
      'global networks (one across all series) against local ones, seasonal naive and ETS on the monthly series of datasets/collection/',
    )
    .option('--seeds <list>', 'network seeds, comma-separated', seedList, [0])
    .option('--folds <n>', 'rolling origins per series (K)', integer('--folds', 1), 3)
    .option('--methods <list>', `of ${METHODS.join(',')}`, list('--methods', METHODS), [...METHODS])
    .option('--json [file]', 'everything as JSON: to stdout instead of the table, or to file besides it')
    .parse(argv)
    .opts<Options>();
}

function seedList(value: string): number[] {
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) {
    throw new InvalidArgumentError(`--seeds takes comma-separated integers from 0 to 4294967295, e.g. 0,1,2, got '${value}'.`);
  }
  return seeds;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv);
  const monthly = readCollection().filter((s) => s.period === PERIOD);
  const plans = monthly.map((s) => rollingOriginPlan(s.values.length, { horizon: HORIZON, folds: options.folds, period: PERIOD }));
  const cells: Cell[] = [];
  const seconds: Record<string, number[]> = {};
  const say = (line: string): boolean => process.stderr.write(`${line}\n`);
  for (const method of options.methods) {
    const seeds = NETWORKS.includes(method) ? options.seeds : [null];
    for (const seed of seeds) {
      const started = performance.now();
      if (method.startsWith('global')) cells.push(...(await runGlobal(method, seed!, monthly, options.folds)));
      else cells.push(...(await runLocal(method, seed, monthly, plans)));
      const s = (performance.now() - started) / 1000;
      (seconds[method] ??= []).push(s);
      say(`${method}${seed === null ? '' : ` seed ${seed}`}: ${s.toFixed(1)} s`);
    }
  }
  const summary = summarize(cells, options.methods, monthly);
  const result = {
    seqcast: packageVersion(),
    date: new Date().toISOString(),
    series: monthly.map((s) => s.name),
    period: PERIOD,
    horizon: HORIZON,
    folds: options.folds,
    seeds: options.seeds,
    network: NETWORK,
    normalize: 'window',
    summary,
    seconds,
    cells,
  };
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (typeof options.json === 'string') writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(renderTable(summary, seconds, options, monthly, cells));
}

/** snaive, ets or a local network on every fold of every series. */
async function runLocal(method: Method, seed: number | null, monthly: CollectionSeries[], plans: RollingOriginPlan[]): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (let i = 0; i < monthly.length; i++) {
    const series = monthly[i];
    for (const fold of plans[i].folds) {
      const base = { method, seed, series: series.name, fold: fold.index };
      try {
        const r = await forecastFold(makeLocal(method, seed), series.values, fold, { period: PERIOD });
        cells.push({ ...base, mase: r.scores.mase });
      } catch (e) {
        cells.push({ ...base, mase: null, note: (e as Error).message });
      }
    }
  }
  return cells;
}

function makeLocal(method: Method, seed: number | null): Forecaster {
  if (method === 'snaive') return makeForecaster({ kind: 'seasonal-naive', period: PERIOD });
  if (method === 'ets') return makeForecaster({ kind: 'ets', period: PERIOD });
  const model = method === 'local-mlp' ? 'mlp' : 'lstm';
  return networkForecaster({ ...NETWORK, model, seed: seed!, transform: 'none', normalize: 'window' });
}

async function runGlobal(method: Method, seed: number, monthly: CollectionSeries[], folds: number): Promise<Cell[]> {
  const model = method.includes('mlp') ? 'mlp' : 'lstm';
  const ids = method.endsWith('-ids');
  const r = await backtestGlobal(
    monthly.map((s) => s.values),
    { kind: 'global', network: { ...NETWORK, model, seed }, normalize: 'window', ids },
    { horizon: HORIZON, folds, period: PERIOD, ids: monthly.map((s) => s.name) },
  );
  return r.series.flatMap((s) =>
    s.folds.map((f) => ({
      method,
      seed,
      series: monthly[s.index].name,
      fold: f.fold.index,
      mase: f.scores ? f.scores.mase : null,
      ...(f.scores ? {} : { note: f.notes.join(' ') }),
    })),
  );
}

interface MethodSummary {
  method: Method;
  /** Mean MASE on the common cells, per seed (one value for snaive and ets). */
  common: number[];
  /** Mean MASE over the method's own scored cells, per seed. */
  own: number[];
  /** Cells the method could not forecast (summed over seeds). */
  missing: number;
}

/** The (series, fold) cells every method (every seed) scored; means per series over folds, then over series. */
function summarize(cells: Cell[], methods: Method[], monthly: CollectionSeries[]): { commonCells: string[]; methods: MethodSummary[] } {
  const key = (c: Cell): string => `${c.series}#${c.fold}`;
  const all = [...new Set(cells.map(key))];
  const common = all.filter((k) => cells.filter((c) => key(c) === k).every((c) => c.mase !== null && Number.isFinite(c.mase)));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const score = (rows: Cell[]): number => {
    const perSeries = monthly
      .map((s) => rows.filter((c) => c.series === s.name && c.mase !== null && Number.isFinite(c.mase)).map((c) => c.mase!))
      .filter((xs) => xs.length > 0)
      .map(mean);
    return mean(perSeries);
  };
  return {
    commonCells: common,
    methods: methods.map((method) => {
      const mine = cells.filter((c) => c.method === method);
      const seeds = [...new Set(mine.map((c) => c.seed))];
      return {
        method,
        common: seeds.map((s) => score(mine.filter((c) => c.seed === s && common.includes(key(c))))),
        own: seeds.map((s) => score(mine.filter((c) => c.seed === s))),
        missing: mine.filter((c) => c.mase === null).length,
      };
    }),
  };
}

function renderTable(
  summary: ReturnType<typeof summarize>,
  seconds: Record<string, number[]>,
  options: Options,
  monthly: CollectionSeries[],
  cells: Cell[],
): string {
  const f = (x: number): string => x.toFixed(3);
  const spread = (xs: number[]): string =>
    xs.length === 1 ? f(xs[0]) : `${f(xs.reduce((a, b) => a + b, 0) / xs.length)} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
  const lines = [
    `MASE (m = ${PERIOD}) of ${HORIZON}-step forecasts, ${options.folds} folds, ${monthly.length} monthly series; networks: mean (min–max) over seeds ${options.seeds.join(', ')}`,
    `common cells: ${summary.commonCells.length} (series, fold) pairs every method scored`,
    '',
    `${'method'.padEnd(18)}${'common cells'.padEnd(26)}${'own cells'.padEnd(26)}${'missing'.padEnd(9)}seconds per run`,
  ];
  for (const m of summary.methods) {
    const s = seconds[m.method] ?? [];
    lines.push(
      `${m.method.padEnd(18)}${spread(m.common).padEnd(26)}${spread(m.own).padEnd(26)}${String(m.missing).padEnd(9)}${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1)}`,
    );
  }
  const notes = [...new Set(cells.filter((c) => c.note).map((c) => `${c.method} ${c.series} fold ${c.fold}: ${c.note}`))].slice(0, 6);
  if (notes.length > 0) lines.push('', 'not forecast:', ...notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}

await main();
