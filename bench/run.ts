/**
 * `npm run bench`: seqcast against TensorFlow.js on the course's SimpleRNN lab model and series.
 *
 *   (a) one training epoch: the train split (1000 values) windowed by 20, batches of 32 with a
 *       shuffle buffer of 1000: 980 windows, 31 steps of forward + backward + SGD momentum;
 *       `--warmup` epochs dropped, then the median over `--runs` epochs;
 *   (b) one sliding-window forecast of the whole series (values 0..1459: 1441 windows of 20,
 *       batches of 32), windows built and results read back; median over `--runs` runs.
 *
 * Usage: npm run bench -- [--runs 5] [--warmup 2] [--json] [--engines seqcast,tfjs]
 * Progress goes to stderr; the table (or, with --json, one JSON object) to stdout.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { losses, optimizers, windowedDataset, syntheticSeries, modelForecast, simpleRnnLab } from '../src/index.js';
import { renderTable } from '../src/cli/table.js';

/** What every engine runs. */
export interface BenchCase {
  /** The training split, series[0 .. split). */
  trainSeries: Float32Array;
  /** The series the forecast slides over (1460 values → 1441 windows of 20). */
  predictSeries: Float32Array;
  window: number;
  batchSize: number;
  shuffleBuffer: number;
  learningRate: number;
  momentum: number;
  seed: number;
}

/** What an engine reports: per-run times after the warm-up, and enough to sanity-check it. */
export interface EngineTimings {
  engine: string;
  /** Version and backend, for the report. */
  detail: string;
  epochMs: number[];
  predictMs: number[];
  batchesPerEpoch: number;
  /** Training loss after the last timed epoch (a NaN would mean a broken run). */
  lastLoss: number;
  /** The last forecast (one value per window). */
  forecast: Float32Array;
}

const MODEL = 'SimpleRNN(40)x2';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** seqcast on the case, timed like the tfjs peer: epochs of one `fit`, then repeated forecasts. */
async function benchSeqcast(c: BenchCase, warmup: number, runs: number): Promise<EngineTimings> {
  const model = simpleRnnLab({ seed: c.seed });
  model.compile({ loss: losses.huber(), optimizer: optimizers.sgd({ learningRate: c.learningRate, momentum: c.momentum }), metrics: ['mae'] });
  const data = windowedDataset(c.trainSeries, { window: c.window, batchSize: c.batchSize, shuffleBuffer: c.shuffleBuffer, seed: c.seed });

  const epochMs: number[] = [];
  let begin = 0;
  let loss = NaN;
  await model.fit(data, {
    epochs: warmup + runs,
    callbacks: [
      {
        onEpochBegin: () => {
          begin = performance.now();
        },
        onEpochEnd: (_epoch, logs) => {
          epochMs.push(performance.now() - begin);
          loss = logs.loss;
        },
      },
    ],
  });

  const predictMs: number[] = [];
  let forecast: Float32Array = new Float32Array(0);
  for (let r = 0; r < warmup + runs; r++) {
    const start = performance.now();
    forecast = modelForecast(model, c.predictSeries, { window: c.window, batchSize: c.batchSize });
    predictMs.push(performance.now() - start);
  }
  return {
    engine: 'seqcast',
    detail: `seqcast ${packageVersion()}, plain TypeScript`,
    epochMs: epochMs.slice(warmup),
    predictMs: predictMs.slice(warmup),
    batchesPerEpoch: data.batches,
    lastLoss: loss,
    forecast,
  };
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!(n >= 1) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'.`);
    return n;
  };
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got '${value}'.`);
    return n;
  };
}

const ENGINES = ['seqcast', 'tfjs'] as const;
type EngineName = (typeof ENGINES)[number];

function engineList(value: string): EngineName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(ENGINES as readonly string[]).includes(n)) throw new InvalidArgumentError(`--engines takes a comma-separated list of ${ENGINES.join(', ')}, got '${n}'.`);
  }
  return names as EngineName[];
}

async function main(): Promise<void> {
  const opts = new Command('bench')
    .description("seqcast against TensorFlow.js on the course's SimpleRNN lab (one epoch; one sliding-window forecast)")
    .option('--runs <n>', 'timed runs per measurement (the median is reported)', positiveInt('--runs'), 5)
    .option('--warmup <n>', 'untimed runs first (JIT warm-up)', nonNegativeInt('--warmup'), 2)
    .option('--engines <list>', 'engines to run', engineList, [...ENGINES])
    .option('--json', 'print one JSON object on stdout instead of the table')
    .parse(process.argv)
    .opts<{ runs: number; warmup: number; engines: EngineName[]; json?: boolean }>();

  const { series } = syntheticSeries();
  const c: BenchCase = {
    trainSeries: series.subarray(0, 1000),
    predictSeries: series.subarray(0, series.length - 1),
    window: 20,
    batchSize: 32,
    shuffleBuffer: 1000,
    learningRate: 1e-6,
    momentum: 0.9,
    seed: 0,
  };
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
  };
  const log = (s: string): boolean => process.stderr.write(s + '\n');
  log(`environment: Node ${environment.node}, ${environment.cpu} (${environment.cores} cores), ${environment.platform}`);

  const results: EngineTimings[] = [];
  for (const engine of opts.engines) {
    log(`${engine}: ${opts.warmup} warm-up + ${opts.runs} timed epochs, then as many forecasts ...`);
    const r = engine === 'seqcast' ? await benchSeqcast(c, opts.warmup, opts.runs) : await (await import('./tfjs-peer.js')).benchTfjs(c, opts.warmup, opts.runs);
    if (!Number.isFinite(r.lastLoss) || !r.forecast.every(Number.isFinite)) throw new Error(`${engine}: the run produced a non-finite loss or forecast, its timings mean nothing.`);
    log(`${engine}: ${r.batchesPerEpoch} batches/epoch, epoch ms ${r.epochMs.map((v) => v.toFixed(0)).join(' ')}, predict ms ${r.predictMs.map((v) => v.toFixed(1)).join(' ')}`);
    results.push(r);
  }

  const summary = results.map((r) => ({
    model: MODEL,
    engine: r.engine,
    detail: r.detail,
    batchesPerEpoch: r.batchesPerEpoch,
    windowsPredicted: r.forecast.length,
    epochMs: { median: median(r.epochMs), runs: r.epochMs },
    predictMs: { median: median(r.predictMs), runs: r.predictMs },
  }));
  const seq = summary.find((s) => s.engine === 'seqcast');
  const tfjs = summary.find((s) => s.engine === 'tfjs');
  const ratio = seq && tfjs ? { epoch: tfjs.epochMs.median / seq.epochMs.median, predict: tfjs.predictMs.median / seq.predictMs.median } : null;

  if (opts.json) {
    const setup = { window: c.window, batchSize: c.batchSize, shuffleBuffer: c.shuffleBuffer, trainValues: c.trainSeries.length, predictValues: c.predictSeries.length, warmup: opts.warmup, runs: opts.runs };
    process.stdout.write(JSON.stringify({ environment, setup, results: summary, ratioTfjsOverSeqcast: ratio }, null, 2) + '\n');
    return;
  }
  const rows: (string | number)[][] = summary.map((s) => [s.model, s.detail, s.epochMs.median, s.predictMs.median]);
  if (ratio) rows.push([MODEL, 'ratio tfjs / seqcast', `${ratio.epoch.toFixed(1)}x`, `${ratio.predict.toFixed(1)}x`]);
  const table = renderTable(
    [
      { header: 'model' },
      { header: 'engine' },
      { header: `epoch ms (median of ${opts.runs})`, align: 'right', decimals: 1 },
      { header: `predict ms (median of ${opts.runs})`, align: 'right', decimals: 1 },
    ],
    rows,
  );
  const first = results[0];
  process.stdout.write(
    `Node ${environment.node}, ${environment.cpu}, ${environment.cores} cores\n` +
      `epoch: ${first.batchesPerEpoch} batches of ${c.batchSize} windows of ${c.window}; predict: ${first.forecast.length} windows of ${c.window}, batches of ${c.batchSize}\n` +
      `${table}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (process.env.SEQCAST_DEBUG === '1' ? err.stack : err.message) : String(err)}\n`);
  process.exitCode = 1;
});
