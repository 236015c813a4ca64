/**
 * Independent trainings on two cores: eight seeds of the lab's SimpleRNN network (two layers of
 * 40 units, window 20, batches of 32, SGD momentum 0.9, on the course's synthetic series, train
 * 0..1000) trained one after another in this thread, then by `trainMany` on 2 worker threads.
 * Prints both wall times, the speedup (target ≥ 1.7×) and whether both runs gave the same weights.
 * The pool's start (threads, module loading) counts in the parallel time.
 *
 *   npx tsx bench/parallel.ts [--jobs 8] [--epochs 100] [--workers 2] [--json]
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
import { syntheticSeries } from '../src/data/synthetic.js';
import { trainMany } from '../src/parallel/pool.js';
import { trainJob, type TrainJob, type TrainResult } from '../src/parallel/worker.js';

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
  .option('--json', 'print one JSON object instead of the lines')
  .option('--no-ceiling', 'skip the separate-processes yardstick')
  .addOption(new Option('--child <seeds>', 'internal: train these seeds one after another and exit').hideHelp())
  .parse(process.argv)
  .opts<{ jobs: number; epochs: number; workers: number; json?: boolean; ceiling: boolean; child?: string }>();

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
  const times = await Promise.all(shares.filter((s) => s.length > 0).map((share) => new Promise<number>((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--jobs', String(opts.jobs), '--epochs', String(opts.epochs), '--child', share.join(',')];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`a yardstick process exited with code ${code}`))));
  })));
  return Math.max(...times);
}

const log = (line: string): void => void (opts.json ? process.stderr.write(`${line}\n`) : console.log(line));
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const loadBefore = load();
log(`${opts.jobs} trainings × ${opts.epochs} epochs; ${os.availableParallelism()} cores; load average ${loadBefore}`);

let t = performance.now();
const sequential: TrainResult[] = [];
for (const job of jobs) sequential.push(await trainJob(job));
const sequentialSeconds = (performance.now() - t) / 1000;
log(`sequential (main thread):   ${sequentialSeconds.toFixed(2)} s`);

t = performance.now();
const parallel = await trainMany(jobs, { workers: opts.workers });
const parallelSeconds = (performance.now() - t) / 1000;
log(`trainMany (${opts.workers} workers):      ${parallelSeconds.toFixed(2)} s`);

let ceilingSeconds: number | null = null;
if (opts.ceiling) {
  ceilingSeconds = await separateProcesses(opts.workers);
  log(`yardstick: ${opts.workers} separate processes at once (start-up left out): ${ceilingSeconds.toFixed(2)} s (${(sequentialSeconds / ceilingSeconds).toFixed(2)}× over sequential: what this machine's cores give)`);
}

const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const identical = sequential.every((s, i) => same(s.weights, parallel[i].weights) && s.mae === parallel[i].mae);
const speedup = sequentialSeconds / parallelSeconds;
const loadAfter = load();
log(`speedup ${speedup.toFixed(2)}× (target ≥ 1.70×); same weights and MAE as sequential: ${identical ? 'yes' : 'NO'}; load average after ${loadAfter}`);
if (opts.json) {
  console.log(JSON.stringify({
    jobs: opts.jobs, epochs: opts.epochs, workers: opts.workers, cores: os.availableParallelism(),
    sequentialSeconds, parallelSeconds, speedup, identical, loadBefore, loadAfter,
    ceilingSeconds, ceilingSpeedup: ceilingSeconds === null ? null : sequentialSeconds / ceilingSeconds,
    mae: parallel.map((r) => r.mae),
  }));
}
if (!identical) process.exitCode = 1;
