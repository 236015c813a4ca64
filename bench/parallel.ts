/**
 * Independent trainings on two cores: eight seeds of the lab's SimpleRNN network (two layers of
 * 40 units, window 20, batches of 32, SGD momentum 0.9, on the course's synthetic series, train
 * 0..1000) trained one after another in this thread, then by `trainMany` on 2 worker threads.
 * Prints both wall times, the speedup (target ≥ 1.7×) and whether both runs gave the same weights.
 * The pool's start (threads, module loading) counts in the parallel time.
 *
 *   npx tsx bench/parallel.ts [--jobs 8] [--epochs 40] [--workers 2] [--json]
 *
 * On a machine others use, the load average printed with the numbers says how far to trust them.
 */
import os from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
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
  .option('--epochs <n>', 'epochs of each training', integer('--epochs'), 40)
  .option('--workers <n>', 'worker threads of trainMany', integer('--workers'), 2)
  .option('--json', 'print one JSON object instead of the lines')
  .parse(process.argv)
  .opts<{ jobs: number; epochs: number; workers: number; json?: boolean }>();

const { series } = syntheticSeries();
const jobs: TrainJob[] = Array.from({ length: opts.jobs }, (_, seed) => ({
  series,
  split: 1000,
  spec: { model: 'rnn', units: 40, layers: 2, window: 20, batchSize: 32, optimizer: 'sgd', epochs: opts.epochs, seed },
}));
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

const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const identical = sequential.every((s, i) => same(s.weights, parallel[i].weights) && s.mae === parallel[i].mae);
const speedup = sequentialSeconds / parallelSeconds;
const loadAfter = load();
log(`speedup ${speedup.toFixed(2)}× (target ≥ 1.70×); same weights and MAE as sequential: ${identical ? 'yes' : 'NO'}; load average after ${loadAfter}`);
if (opts.json) {
  console.log(JSON.stringify({
    jobs: opts.jobs, epochs: opts.epochs, workers: opts.workers, cores: os.availableParallelism(),
    sequentialSeconds, parallelSeconds, speedup, identical, loadBefore, loadAfter,
    mae: parallel.map((r) => r.mae),
  }));
}
if (!identical) process.exitCode = 1;
