/**
 * Do target transforms, per-window normalization and direct multi-step networks help a network
 * forecast trending monthly series? For each monthly series of datasets/collection/ (or those
 * named), every variant below is fitted on all but the last 18 values and forecasts those 18 at
 * once (`forecast(train, 18)`), scored by MASE against the in-sample seasonal naive error (m = 12,
 * docs: /work/shared/docs/accuracy.md). The variants are fixed settings, the same for every series
 * (the LSTM defaults: 2 layers of 32 units, window 20, 100 epochs, Adam, Huber); nothing is chosen
 * per series. Networks run for several seeds; the table shows the median and the range.
 *
 *   npx tsx bench/network-transforms.ts                       # the 8 monthly series, seeds 0-2
 *   npx tsx bench/network-transforms.ts --series AirPassengers,co2 --seeds 0-4 --json
 *
 * One origin per series (the last 18 values), as the issue asks: a report, not a tuning loop.
 *
 * Run on 2026-12-04, seeds 0-4, median MASE per series, then the mean over the 8 series:
 *
 *   method                           AirPass.  co2    nottem USAcc. ldeaths UKDriv. gas    wineind  mean
 *   seasonal naive                   2.387     1.464  0.711  0.716  0.492   1.768   3.572  1.034    1.518
 *   naive                            2.158     1.958  3.365  1.531  1.452   1.995   7.295  3.873    2.953
 *   lstm (default)                   2.471     1.236  0.624  1.322  1.215   1.319   3.922  0.992    1.638
 *   transform difference,standard    1.703     0.312  0.651  1.807  1.016   0.843   1.795  1.316    1.180
 *   normalize window                 0.797     0.325  0.601  1.701  0.590   0.907   1.435  1.203    0.945
 *   direct H=18                      2.593     1.720  0.591  1.116  1.484   2.065   3.516  1.232    1.789
 *   direct H=18 + difference + window 1.053    0.406  0.599  2.284  1.373   1.120   1.332  2.563    1.341
 *
 * Differencing or per-window normalization helps most on the trending series (AirPassengers, co2,
 * gas), whose last values lie above the range the standardized network was trained on; direct
 * H=18 alone does not help here (its inputs leave that range just the same). On the short series (USAccDeaths, ldeaths: 54 training
 * values) the seeds scatter widely and seasonal naive stays best.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSeriesInput } from '../src/cli/series-file.js';
import { networkForecaster } from '../src/forecast/network.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../src/forecast/forecaster.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import { mase } from '../src/metrics/errors.js';
import { renderTable } from '../src/cli/table.js';

const H = 18;
const PERIOD = 12;
const COLLECTION = join(import.meta.dirname, '..', 'datasets', 'collection');

/** The variants, fixed for every series. */
const VARIANTS: { label: string; spec: Omit<NetworkSpecInput, 'seed'> }[] = [
  { label: 'lstm (default)', spec: { model: 'lstm' } },
  { label: 'transform difference,standard', spec: { model: 'lstm', transform: ['difference', 'standard'] } },
  { label: 'normalize window', spec: { model: 'lstm', normalize: 'window' } },
  { label: 'direct H=18', spec: { model: 'lstm', horizon: H } },
  {
    label: 'direct H=18 + difference + window',
    spec: { model: 'lstm', horizon: H, transform: ['difference', 'standard'], normalize: 'window' },
  },
];

interface Row {
  series: string;
  method: string;
  /** MASE per seed (one value for a baseline). */
  mase: number[];
  median: number;
  seconds: number;
}

const { values: args } = parseArgs({
  options: { seeds: { type: 'string', default: '0-2' }, series: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const seeds = parseSeeds(args.seeds!);
const index = JSON.parse(readFileSync(join(COLLECTION, 'index.json'), 'utf8')) as {
  series: { name: string; file: string; frequency: string; dateColumn: string; valueColumn: string }[];
};
const wanted = args.series?.split(',');
const chosen = index.series.filter((s) => (wanted ? wanted.includes(s.name) : s.frequency === 'monthly'));
if (chosen.length === 0) throw new Error(`No series named ${args.series}: use names from datasets/collection/index.json.`);

const rows: Row[] = [];
for (const entry of chosen) {
  const { values } = loadSeriesInput({ file: join(COLLECTION, entry.file), column: entry.valueColumn, date: entry.dateColumn });
  const train = values.subarray(0, values.length - H);
  const actual = values.subarray(values.length - H);
  const score = (f: Float32Array): number => mase(actual, f, train, { period: PERIOD });
  for (const [method, make] of [
    ['seasonal naive', () => seasonalNaiveForecaster(PERIOD)],
    ['naive', () => naiveForecaster()],
  ] as [string, () => Forecaster][]) {
    const f = make();
    await f.fit(train);
    const m = score(f.forecast(train, H));
    rows.push({ series: entry.name, method, mase: [m], median: m, seconds: 0 });
  }
  for (const { label, spec } of VARIANTS) {
    const scores: number[] = [];
    const started = performance.now();
    for (const seed of seeds) {
      const f = networkForecaster({ ...spec, seed });
      await f.fit(train);
      scores.push(score(f.forecast(train, H)));
    }
    const row = { series: entry.name, method: label, mase: scores, median: median(scores), seconds: (performance.now() - started) / 1000 };
    rows.push(row);
    process.stderr.write(`${entry.name}: ${label} MASE ${scores.map((s) => s.toFixed(3)).join(', ')} (${row.seconds.toFixed(1)} s)\n`);
  }
}

const methods = [...new Set(rows.map((r) => r.method))];
const means = methods.map((method) => {
  const mine = rows.filter((r) => r.method === method);
  return { method, meanOfMedians: mine.reduce((s, r) => s + r.median, 0) / mine.length };
});
if (args.json) {
  process.stdout.write(JSON.stringify({ horizon: H, period: PERIOD, seeds, rows, means }, null, 2) + '\n');
} else {
  const names = [...new Set(rows.map((r) => r.series))];
  const cell = (series: string, method: string): string => {
    const r = rows.find((x) => x.series === series && x.method === method)!;
    if (r.mase.length === 1) return r.median.toFixed(3);
    return `${r.median.toFixed(3)} (${Math.min(...r.mase).toFixed(2)}–${Math.max(...r.mase).toFixed(2)})`;
  };
  process.stdout.write(
    `MASE (m = ${PERIOD}) of ${H}-step forecasts of the last ${H} values, networks: median (range) over seeds ${seeds.join(', ')}\n`,
  );
  process.stdout.write(
    renderTable(
      [{ header: 'method' }, ...names.map((n) => ({ header: n, align: 'right' as const })), { header: 'mean', align: 'right' }],
      methods.map((m) => [m, ...names.map((n) => cell(n, m)), means.find((x) => x.method === m)!.meanOfMedians.toFixed(3)]),
    ) + '\n',
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function parseSeeds(text: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`--seeds must be a seed or a range such as 0-2, got '${text}'.`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
