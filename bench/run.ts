/**
 * `npm run bench`: seqcast against TensorFlow.js (cpu and wasm backends) and PyTorch on the
 * course's models and synthetic series. See docs/benchmarks.md for what is measured and how to
 * read it.
 *
 * It first runs the self-check of its own arithmetic (bench/check.ts) and stops if it fails.
 * Each (model, engine) pair runs in a process of its own (bench/seqcast.ts, bench/tfjs-peer.ts,
 * bench/torch_peer.py), one after another, so neither times nor memory high-water marks mix; each
 * prints one JSON result, collected here into one table per model and the acceptance summary.
 *
 * Usage: npm run bench -- [--models rnn,bilstm,conv-lstm] [--engines seqcast,seqcast-ts,torch,tfjs-wasm,tfjs-cpu]
 *                         [--runs 5] [--peer-runs 2] [--warmup 3] [--budget 40] [--clock wall|cpu] [--no-parallel] [--json [file]]
 * Progress goes to stderr; the tables (or, with a bare --json, one JSON object) to stdout.
 */
import os from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MODEL_IDS, SETUP, parseModelId, type ModelId } from './models.js';
import type { EngineResult } from './engine-cli.js';
import { evaluateTargets, modelReport, renderModelTable, renderTargets, type Clock, type ModelReport } from './report.js';
import { checkBench } from './check.js';
import { integer, list } from './options.js';

/** Every engine; `seqcast-ts` (seqcast on its plain-TypeScript reference kernels) only when asked for. */
const ENGINES = ['seqcast', 'seqcast-ts', 'torch', 'tfjs-wasm', 'tfjs-cpu'] as const;
type EngineName = (typeof ENGINES)[number];
const DEFAULT_ENGINES: EngineName[] = ['seqcast', 'torch', 'tfjs-wasm', 'tfjs-cpu'];
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

interface RunOptions {
  models: ModelId[];
  engines: EngineName[];
  runs: number;
  peerRuns: number;
  warmup: number;
  budget: number;
  python: string;
  clock: Clock;
  json?: string | true;
  parallel: boolean;
}

/** What bench/parallel.ts prints with --json. */
interface ParallelResult {
  jobs: number;
  epochs: number;
  workers: number;
  sequentialSeconds: number;
  parallelSeconds: number;
  speedup: number;
  identical: boolean;
  /** The same jobs in separate processes at once (null when skipped). */
  ceilingSeconds: number | null;
  ceilingSpeedup: number | null;
  /** Each round's speedup (the figures above are medians over the rounds). */
  rounds: { speedup: number; ceilingSpeedup: number | null }[];
}

function positive(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a positive number, got '${value}'.`);
    return n;
  };
}

function parseArgs(argv: string[]): RunOptions {
  return new Command('bench')
    .description(
      "seqcast against TensorFlow.js (cpu, wasm) and PyTorch on the course's models: one training epoch, one whole-series prediction, memory, GFLOP/s",
    )
    .option('--models <list>', `models to run: ${MODEL_IDS.join(',')}`, list('--models', MODEL_IDS), [...MODEL_IDS])
    .option('--engines <list>', `engines to run, of ${ENGINES.join(',')}`, list('--engines', ENGINES), DEFAULT_ENGINES)
    .option('--runs <n>', 'timed runs per measurement for seqcast and torch (median reported)', integer('--runs', 1), 5)
    .option('--peer-runs <n>', 'timed runs per measurement for the slow tfjs peers', integer('--peer-runs', 1), 2)
    .option('--warmup <n>', 'untimed runs before each measurement', integer('--warmup', 0), SETUP.warmup)
    .option('--budget <seconds>', "soft limit on each measurement's timed runs (at least one run is made)", positive('--budget'), 40)
    .addOption(
      new Option('--clock <clock>', 'time that ratios, GFLOP/s and targets use: wall, or the process CPU time (fairer on a busy machine)')
        .choices(['wall', 'cpu'])
        .default('wall'),
    )
    .option(
      '--python <path>',
      'the Python that has torch (Debian: apt-get install -y python3-torch libopenblas0-pthread)',
      '/usr/bin/python3',
    )
    .option('--no-parallel', 'skip the two-core measurement (8 trainings one after another vs on 2 worker threads)')
    .option('--json [file]', 'write the results as JSON: to stdout instead of the tables, or to file besides them')
    .parse(argv)
    .opts<RunOptions>();
}

/** The command that runs one engine on one model, printing its result as JSON. */
function engineCommand(engine: EngineName, model: ModelId, o: RunOptions): { cmd: string; args: string[] } {
  const runs = engine.startsWith('tfjs') ? o.peerRuns : o.runs;
  const common = ['--model', model, '--runs', String(runs), '--warmup', String(o.warmup), '--budget', String(o.budget), '--json'];
  const ts = (file: string, ...extra: string[]) => ({
    cmd: process.execPath,
    args: ['--import', 'tsx', BENCH_DIR + file, ...extra, ...common],
  });
  switch (engine) {
    case 'seqcast':
      return ts('seqcast.ts');
    case 'seqcast-ts':
      return ts('seqcast.ts', '--kernels', 'ts');
    case 'tfjs-cpu':
      return ts('tfjs-peer.ts', '--backend', 'cpu');
    case 'tfjs-wasm':
      return ts('tfjs-peer.ts', '--backend', 'wasm');
    case 'torch':
      return { cmd: o.python, args: [BENCH_DIR + 'torch_peer.py', ...common] };
  }
}

/** Noise the peers print that says nothing about the run. */
const NOISE = [/^Orthogonal initializer is being called/, /^=+$/, /^Hi, looks like you are running TensorFlow\.js/, /^\s*$/];

/** Runs one engine in a child process; resolves to its result, or rejects with its stderr. */
function runEngine(engine: EngineName, model: ModelId, o: RunOptions, log: (s: string) => void): Promise<EngineResult> {
  const { cmd, args } = engineCommand(engine, model, o);
  // one thread for every engine's math libraries (tfjs and seqcast are single-threaded anyway)
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = ''; // stderr after its last newline, passed on once the line is complete
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const lines = (partial + s).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (!NOISE.some((re) => re.test(line))) log(`  ${line}`);
    });
    child.on('error', (err) => reject(new Error(`could not start ${cmd}: ${err.message}`)));
    child.on('close', (code) => {
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `${engine} exited with code ${code}${line ? '' : ' and printed no result'}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line) as EngineResult);
    });
  });
}

/** Whether the Python can import torch; null when it can, else why not. */
function torchMissing(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${python} did not start (${r.error.message})`;
  return r.status === 0 ? null : `${python} cannot import torch`;
}

/** bench/parallel.ts in a child process (it needs both cores to itself). */
function runParallel(log: (s: string) => void): Promise<ParallelResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BENCH_DIR + 'parallel.ts', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      for (const line of s.split('\n')) if (line.trim() !== '') log(`  ${line}`);
    });
    child.on('error', (err) => reject(err));
    child.on('close', (code) => {
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (!line) reject(new Error(`bench/parallel.ts exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve(JSON.parse(line) as ParallelResult);
    });
  });
}

/** The two-core line of the acceptance summary. */
function renderParallel(p: ParallelResult): string {
  const verdict = p.speedup >= 1.7 && p.identical ? 'PASS' : 'FAIL';
  return (
    `  ${verdict}  ${p.jobs} trainings (SimpleRNN lab, ${p.epochs} epochs) on ${p.workers} workers ≥ 1.7x faster than one after another: ` +
    `${p.sequentialSeconds.toFixed(1)} s → ${p.parallelSeconds.toFixed(1)} s, ${p.speedup.toFixed(2)}x (median of ${p.rounds.length} rounds: ${p.rounds.map((r) => r.speedup.toFixed(2)).join(', ')}); same weights as sequential: ${p.identical ? 'yes' : 'NO'}` +
    (p.ceilingSpeedup === null
      ? ''
      : `\n        (yardstick: the same jobs in ${p.workers} separate processes at once, start-up left out, ${p.ceilingSeconds!.toFixed(1)} s, ${p.ceilingSpeedup.toFixed(2)}x: what this machine's cores give)`)
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv);
  const log = (s: string): boolean => process.stderr.write(s + '\n');
  log(`self-check: ${checkBench().length} checks of the parameter and FLOP counts, the split and the run plan passed`);
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
  };
  log(`environment: Node ${environment.node}, ${environment.cpu} (${environment.cores} cores), ${environment.platform}`);
  const notes: string[] = [];
  let engines = o.engines;
  if (engines.includes('torch')) {
    const why = torchMissing(o.python);
    if (why) {
      notes.push(`PyTorch skipped: ${why}. Install it with: apt-get install -y python3-torch libopenblas0-pthread (or pass --python).`);
      engines = engines.filter((e) => e !== 'torch');
    }
  }
  notes.forEach((n) => log(n));

  const loadBefore = os.loadavg()[0];
  const started = performance.now();
  const reports: ModelReport[] = [];
  for (const model of o.models.map(parseModelId)) {
    const results: EngineResult[] = [];
    const failed: { engine: string; error: string }[] = [];
    for (const engine of engines) {
      log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${model} on ${engine} ...`);
      try {
        results.push(await runEngine(engine, model, o, log));
      } catch (err) {
        failed.push({ engine, error: err instanceof Error ? err.message : String(err) });
        log(`  ${engine} FAILED: ${failed[failed.length - 1].error}`);
      }
    }
    reports.push(modelReport(model, results, failed, o.clock));
  }
  let parallel: ParallelResult | null = null;
  if (o.parallel) {
    log(
      `[${((performance.now() - started) / 1000).toFixed(0)} s] 8 independent trainings: one after another, then on 2 worker threads ...`,
    );
    try {
      parallel = await runParallel(log);
    } catch (err) {
      log(`  parallel FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  }
  const targets = evaluateTargets(reports);
  const wallSeconds = (performance.now() - started) / 1000;
  const load = { before: loadBefore, after: os.loadavg()[0] };
  log(`[${wallSeconds.toFixed(0)} s] done`);
  if (reports.some((r) => r.problems.length > 0 || r.failed.length > 0)) process.exitCode = 1;

  const setup = { ...SETUP, warmup: o.warmup, runs: o.runs, peerRuns: o.peerRuns, budgetSeconds: o.budget, clock: o.clock, wallSeconds };
  const json =
    JSON.stringify({ environment: { ...environment, loadAverage1m: load }, setup, notes, models: reports, targets, parallel }, null, 2) +
    '\n';
  if (o.json === true) {
    process.stdout.write(json);
    return;
  }
  if (typeof o.json === 'string') writeFileSync(o.json, json);
  const header = [
    `Node ${environment.node}, ${environment.cpu}, ${environment.cores} cores, ${environment.platform}`,
    `Training: series[0..${SETUP.split}), batches of ${SETUP.batchSize}, shuffled, Huber, SGD momentum ${SETUP.momentum}; epoch = median after ${o.warmup} warm-up. ` +
      `Predict: every window of the whole series, batches of ${SETUP.batchSize}. (runs) = timed runs in the median.`,
    `Ratios are peer time / seqcast time (above 1: seqcast is faster), on ${o.clock === 'cpu' ? 'process CPU' : 'wall-clock'} time, as are GFLOP/s (matrix products only: see docs/benchmarks.md).`,
    `Load average (1 min) ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${environment.cores} cores` +
      (Math.max(load.before, load.after) > environment.cores / 2
        ? ': other work was running, wall times are inflated (compare the CPU ms column).'
        : '.'),
    ...notes,
  ];
  process.stdout.write(
    [
      ...header,
      '',
      ...reports.map((r) => renderModelTable(r) + '\n'),
      renderTargets(targets, o.clock),
      ...(parallel ? [renderParallel(parallel)] : []),
      `(bench wall time ${wallSeconds.toFixed(0)} s)`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (process.env.SEQCAST_DEBUG === '1' ? err.stack : err.message) : String(err)}\n`);
  process.exitCode = 1;
});
