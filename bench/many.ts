/**
 * Many series per second: a long CSV of generated monthly series (and the monthly series of the
 * accuracy collection, datasets/collection/) read with the many-series reader, then forecast with
 * `forecastMany` (each series fitted on all its values, 18 values ahead with 80 and 95 % intervals)
 * on one thread and on the worker pool, with the same outcomes checked; prints series per second
 * for each runner and the process's peak RSS (the pool's threads included).
 *
 *   npm run bench:many -- [--series 3000] [--length 120] [--model ets|snaive|theta] [--workers 2] [--queue redis://HOST:PORT] [--json]
 *
 * `--queue` adds a run on the queue's workers through `runnerFor` (src/cli/runner-choice.ts): start
 * them first (`npx seqcast worker --queue URL`, one per core or machine); to compare 1 and 2 queue
 * workers, run the bench once with each (each run has a run id of its own, so it never resumes an
 * earlier one). Every run's outcomes must equal the first's (checked).
 */
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { parseManySeries } from '../src/data/many-series.js';
import type { ForecasterSpec } from '../src/forecast/forecaster-spec.js';
import { forecastMany } from '../src/forecast/many.js';
import type { SeriesOutcome } from '../src/forecast/series-chunk.js';
import { runnerFor } from '../src/cli/runner-choice.js';
import type { TaskRunner } from '../src/parallel/task-runner.js';
import { readCollection } from './accuracy/collection.js';

const int = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${v}'.`);
  return n;
};
const opts = new Command('bench-many')
  .description('series per second of forecastMany on one thread, the pool and a queue')
  .option('--series <n>', 'generated series', int('--series'), 3000)
  .option('--length <n>', 'values per generated series', int('--length'), 120)
  .option('--model <kind>', 'ets, theta or snaive', 'ets')
  .option('--workers <n>', 'pool threads', int('--workers'), Math.min(2, availableParallelism()))
  .option('--queue <url>', 'also run on the queue workers of this Redis server')
  .option('--skip-local', 'with --queue: the queue run alone (to compare 1 and 2 queue workers without rerunning the local ones)')
  .option('--json', 'print one JSON object')
  .parse()
  .opts<{ series: number; length: number; model: string; workers: number; queue?: string; skipLocal?: boolean; json?: boolean }>();

const SPECS: Record<string, ForecasterSpec> = {
  ets: { kind: 'ets', period: 12 },
  theta: { kind: 'theta', period: 12 },
  snaive: { kind: 'seasonal-naive', period: 12 },
};
const spec = SPECS[opts.model];
if (!spec) throw new InvalidArgumentError(`--model must be one of ${Object.keys(SPECS).join(', ')}, got '${opts.model}'.`);

/** A long CSV of monthly series, rows in a scrambled order (the reader sorts them). */
function generated(count: number, length: number): string {
  const rows: string[] = ['unique_id,ds,y'];
  for (let s = 0; s < count; s++) {
    const n = length - (s % 24);
    for (let i = 0; i < n; i++) {
      const t = (s % 36) + i;
      const v = 100 + (s % 97) + 0.4 * i + 12 * Math.sin((2 * Math.PI * t) / 12) + ((i * 7919 + s * 104729) % 23) / 4;
      rows.push(`g${s},${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(3)}`);
    }
  }
  const body = rows.slice(1);
  for (let i = body.length - 1; i > 0; i--) {
    const j = (i * 2654435761) % (i + 1);
    [body[i], body[j]] = [body[j], body[i]];
  }
  return [rows[0], ...body].join('\n') + '\n';
}

/** A digest of the outcomes, to check that every runner gives the same. */
function digest(outcomes: SeriesOutcome[]): string {
  let h = 0;
  for (const o of outcomes) for (const v of o.forecast?.mean ?? []) h = (Math.imul(h, 31) + Math.round(v * 1000)) | 0;
  return `${outcomes.length}:${h}`;
}

async function timed(runner: TaskRunner, series: { values: Float32Array }[]): Promise<{ seconds: number; digest: string }> {
  const outcomes: SeriesOutcome[] = [];
  const start = performance.now();
  try {
    await forecastMany(series, spec, { runner, horizon: 18, levels: [80, 95], period: 12, onSeries: (o) => void outcomes.push(o) });
  } finally {
    await runner.close();
  }
  return { seconds: (performance.now() - start) / 1000, digest: digest(outcomes) };
}

const t0 = performance.now();
const text = generated(opts.series, opts.length);
const read0 = performance.now();
const input = parseManySeries(text, { id: 'unique_id', date: 'ds', column: 'y', source: 'generated.csv' });
const readSeconds = (performance.now() - read0) / 1000;
const monthly = readCollection().filter((c) => c.period === 12);
const series = [...input.series, ...monthly.map((c) => ({ values: c.values }))];
const rows = text.length;
void t0;

const runs: { where: string; seconds: number; seriesPerSecond: number; digest: string }[] = [];
if (opts.skipLocal && !opts.queue) throw new InvalidArgumentError('--skip-local is for --queue runs: add --queue redis://HOST:PORT.');
const runners: [string, () => Promise<TaskRunner>][] = [
  ...(opts.skipLocal
    ? []
    : ([
        ['1 thread', async () => runnerFor({ workers: 1 })],
        [`pool, ${opts.workers} workers`, async () => runnerFor({ workers: opts.workers })],
      ] as [string, () => Promise<TaskRunner>][])),
  ...(opts.queue
    ? ([[`queue ${opts.queue}`, async () => runnerFor({ queue: opts.queue, runId: `bench-many-${Date.now()}` })]] as [
        string,
        () => Promise<TaskRunner>,
      ][])
    : []),
];
for (const [where, make] of runners) {
  const r = await timed(await make(), series);
  runs.push({ where, seconds: r.seconds, seriesPerSecond: series.length / r.seconds, digest: r.digest });
}
const same = runs.every((r) => r.digest === runs[0].digest);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const result = {
  model: opts.model,
  series: { generated: input.series.length, collection: monthly.length, csvChars: rows, readSeconds },
  runs: runs.map(({ digest: _d, ...r }) => r),
  speedup: runs.length > 1 ? runs[1].seriesPerSecond / runs[0].seriesPerSecond : NaN,
  sameOutcomes: same,
  peakRssMB,
};
if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  process.stdout.write(
    `${series.length} series (${input.series.length} generated of up to ${opts.length} values, ${monthly.length} monthly from the collection), ${opts.model}, 18 ahead with 80/95 % intervals\n`,
  );
  process.stdout.write(`read: ${readSeconds.toFixed(2)} s (${(input.series.length / readSeconds).toFixed(0)} series/s)\n`);
  for (const r of runs) process.stdout.write(`${r.where}: ${r.seconds.toFixed(2)} s, ${r.seriesPerSecond.toFixed(1)} series/s\n`);
  process.stdout.write(
    `${Number.isFinite(result.speedup) ? `speed-up of the pool: ${result.speedup.toFixed(2)}x; ` : ''}same outcomes on every runner: ${same}; peak RSS ${peakRssMB.toFixed(0)} MB\n`,
  );
}
if (!same) process.exitCode = 1;
