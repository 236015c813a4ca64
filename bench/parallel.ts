/**
 * Independent trainings on two cores: eight seeds of the lab's SimpleRNN network (two layers of
 * 40 units, window 20, batches of 32, SGD momentum 0.9, on the course's synthetic series, train
 * 0..1000) trained one after another in this thread, then by `trainMany` on 2 worker threads.
 * Prints both wall times, the speedup (target ≥ 1.7×) and whether both runs gave the same weights.
 * The pool's start (threads, module loading) counts in the parallel time. `--rounds` (default 3)
 * repeats the measurement, each round both ways in turn, and the speedup is the median of the
 * rounds': on a virtual machine one measurement swings by ±20 %.
 *
 *   npx tsx bench/parallel.ts [--jobs 8] [--epochs 100] [--workers 2] [--rounds 3] [--code built|sources] [--json]
 *
 * Both runs use the built code in dist/ by default, as an installed seqcast runs (`npm run bench`
 * builds it first): its workers load plain JavaScript. `--code sources` runs src/ through tsx,
 * whose workers first register tsx and transpile the sources (~0.4 s more pool start here).
 *
 * As a yardstick it also runs the same jobs split over `--workers` separate processes at once
 * (no threads, no pool): what the machine's cores give when nothing is shared. On a virtual machine
 * whose cores share a physical core or memory, that ceiling is itself below 2x.
 * On a machine others use, the load average printed with the numbers says how far to trust them.
 */
import os from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { TrainJob, TrainResult } from '../src/parallel/worker.js';

function integer(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${v}'.`);
    return n;
  };
}

const opts = new Command('bench-parallel')
  .description('eight independent trainings: one after another vs trainMany on worker threads')
  .option('--jobs <n>', 'trainings (seeds 0..n-1)', integer('--jobs'), 8)
  .option('--epochs <n>', 'epochs of each training', integer('--epochs'), 100)
  .option('--workers <n>', 'worker threads of trainMany', integer('--workers'), 2)
  .option(
    '--rounds <n>',
    'measurements (each: sequential, then trainMany, then the yardstick); the speedup is their median',
    integer('--rounds'),
    3,
  )
  .option('--json', 'print one JSON object instead of the lines')
  .addOption(
    new Option('--code <which>', 'built: dist/ as installed (npm run build); sources: src/ through tsx')
      .choices(['built', 'sources'])
      .default('built'),
  )
  .option('--no-ceiling', 'skip the separate-processes yardstick')
  .addOption(new Option('--child <seeds>', 'internal: train these seeds one after another and exit').hideHelp())
  .parse(process.argv)
  .opts<{
    jobs: number;
    epochs: number;
    workers: number;
    rounds: number;
    code: 'built' | 'sources';
    json?: boolean;
    ceiling: boolean;
    child?: string;
  }>();

const ROOT = new URL('../', import.meta.url);
/** The newest modification time of a .ts file under `dir`. */
function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .reduce((t, e) => Math.max(t, statSync(`${e.parentPath}/${e.name}`).mtimeMs), 0);
}
if (opts.code === 'built') {
  const built = fileURLToPath(new URL('dist/parallel/worker.js', ROOT));
  if (!existsSync(built))
    throw new Error('bench/parallel: dist/ is missing: run `npm run build` (npm run bench does), or pass --code sources.');
  if (statSync(built).mtimeMs < newestSource(fileURLToPath(new URL('src', ROOT)))) {
    throw new Error('bench/parallel: dist/ is older than src/: run `npm run build` (npm run bench does), or pass --code sources.');
  }
}
const from = opts.code === 'built' ? '../dist' : '../src';
const ext = opts.code === 'built' ? 'js' : 'ts';
const { syntheticSeries } = (await import(`${from}/data/synthetic.${ext}`)) as typeof import('../src/data/synthetic.js');
const { trainMany } = (await import(`${from}/parallel/pool.${ext}`)) as typeof import('../src/parallel/pool.js');
const { trainJob } = (await import(`${from}/parallel/worker.${ext}`)) as typeof import('../src/parallel/worker.js');

const { series } = syntheticSeries();
const jobs: TrainJob[] = Array.from({ length: opts.jobs }, (_, seed) => ({
  series,
  split: 1000,
  spec: { model: 'rnn', units: 40, layers: 2, window: 20, batchSize: 32, optimizer: 'sgd', epochs: opts.epochs, seed },
}));
if (opts.child !== undefined) {
  const start = performance.now();
  for (const seed of opts.child.split(',').map(Number)) await trainJob(jobs[seed]);
  console.log((performance.now() - start) / 1000);
  process.exit(0);
}

/**
 * The jobs dealt round-robin to `n` child processes started together; resolves with the longest
 * child's training time (its start-up left out, so this is the cores' share alone).
 */
async function separateProcesses(n: number): Promise<number> {
  const shares = Array.from({ length: n }, (_, k) => jobs.map((_, i) => i).filter((i) => i % n === k));
  const times = await Promise.all(
    shares
      .filter((s) => s.length > 0)
      .map(
        (share) =>
          new Promise<number>((resolve, reject) => {
            const args = [
              '--import',
              'tsx',
              fileURLToPath(import.meta.url),
              '--jobs',
              String(opts.jobs),
              '--epochs',
              String(opts.epochs),
              '--code',
              opts.code,
              '--child',
              share.join(','),
            ];
            const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
            child.on('error', reject);
            child.on('close', (code) =>
              code === 0 ? resolve(Number(out.trim())) : reject(new Error(`a yardstick process exited with code ${code}`)),
            );
          }),
      ),
  );
  return Math.max(...times);
}

const log = (line: string): void => void (opts.json ? process.stderr.write(`${line}\n`) : console.log(line));
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const loadBefore = load();
log(
  `${opts.jobs} trainings × ${opts.epochs} epochs; ${os.availableParallelism()} cores; ${opts.code === 'built' ? 'built code (dist/)' : 'sources through tsx (src/)'}; load average ${loadBefore}`,
);

const same = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const median = (xs: number[]): number => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** One round: the jobs one after another, then on the pool, then (optionally) in separate processes. */
interface Round {
  sequentialSeconds: number;
  parallelSeconds: number;
  speedup: number;
  ceilingSeconds: number | null;
  ceilingSpeedup: number | null;
  identical: boolean;
}

// rounds alternate the two ways, so a slow spell of the host hits both rather than one
const rounds: Round[] = [];
let reference: TrainResult[] | null = null;
for (let r = 1; r <= opts.rounds; r++) {
  let t = performance.now();
  const sequential: TrainResult[] = [];
  for (const job of jobs) sequential.push(await trainJob(job));
  const sequentialSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const parallel = await trainMany(jobs, { workers: opts.workers });
  const parallelSeconds = (performance.now() - t) / 1000;
  const ceilingSeconds = opts.ceiling ? await separateProcesses(opts.workers) : null;
  reference ??= sequential;
  const identical = reference.every(
    (s, i) => same(s.weights, parallel[i].weights) && same(s.weights, sequential[i].weights) && s.mae === parallel[i].mae,
  );
  const round: Round = {
    sequentialSeconds,
    parallelSeconds,
    speedup: sequentialSeconds / parallelSeconds,
    ceilingSeconds,
    ceilingSpeedup: ceilingSeconds === null ? null : sequentialSeconds / ceilingSeconds,
    identical,
  };
  rounds.push(round);
  log(
    `round ${r}/${opts.rounds}: sequential ${sequentialSeconds.toFixed(2)} s, trainMany (${opts.workers} workers) ${parallelSeconds.toFixed(2)} s: ${round.speedup.toFixed(2)}×` +
      (ceilingSeconds === null
        ? ''
        : `; yardstick, ${opts.workers} separate processes at once (start-up left out): ${ceilingSeconds.toFixed(2)} s, ${round.ceilingSpeedup!.toFixed(2)}×`),
  );
}

const identical = rounds.every((r) => r.identical);
const speedup = median(rounds.map((r) => r.speedup));
const ceilings = rounds.flatMap((r) => (r.ceilingSpeedup === null ? [] : [r.ceilingSpeedup]));
const ceilingSpeedup = ceilings.length ? median(ceilings) : null;
const loadAfter = load();
log(
  `speedup, median of ${rounds.length} rounds: ${speedup.toFixed(2)}× (target ≥ 1.70×; rounds ${rounds.map((r) => r.speedup.toFixed(2)).join(', ')})` +
    (ceilingSpeedup === null ? '' : `; the machine's own two cores (yardstick) gave ${ceilingSpeedup.toFixed(2)}×`) +
    `; same weights and MAE as sequential: ${identical ? 'yes' : 'NO'}; load average after ${loadAfter}`,
);
if (opts.json) {
  console.log(
    JSON.stringify({
      jobs: opts.jobs,
      epochs: opts.epochs,
      workers: opts.workers,
      code: opts.code,
      cores: os.availableParallelism(),
      sequentialSeconds: median(rounds.map((r) => r.sequentialSeconds)),
      parallelSeconds: median(rounds.map((r) => r.parallelSeconds)),
      speedup,
      identical,
      loadBefore,
      loadAfter,
      ceilingSeconds: opts.ceiling ? median(rounds.map((r) => r.ceilingSeconds!)) : null,
      ceilingSpeedup,
      rounds,
      mae: reference!.map((r) => r.mae),
    }),
  );
}
if (!identical) process.exitCode = 1;
