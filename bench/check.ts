/**
 * The benchmark's self-check of its own arithmetic (no timing): the analytic parameter and FLOP
 * counts against seqcast's models, the course split, the run plan and the median. `npm run bench`
 * runs it first and stops when a check fails; alone: `npm run bench:check`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { simpleRnnLab, bilstmLab, convLstm } from '../src/model/course-models.js';
import { MODELS, benchCase, epochShape } from './models.js';
import { forwardFlops, gflops, paramCount, trainFlops } from './flops.js';
import { RunPlan, median } from './engine-cli.js';

/** Each check by what it asserts; a failing one throws an AssertionError. */
const CHECKS: [name: string, check: () => void][] = [
  [
    'paramCount(MODELS[id]) equals the course models’ countParams()',
    () => {
      assert.equal(paramCount(MODELS.rnn), 4961);
      assert.equal(paramCount(MODELS.bilstm), 33601);
      assert.equal(paramCount(MODELS['conv-lstm']), 58049);
      assert.equal(simpleRnnLab().countParams(), paramCount(MODELS.rnn));
      assert.equal(bilstmLab().countParams(), paramCount(MODELS.bilstm));
      assert.equal(convLstm({ filters: 32, units: 64, scale: 200 }).countParams(), paramCount(MODELS['conv-lstm']));
    },
  ],

  [
    'forwardFlops(spec) is 2·M·N·K summed over the products of one window',
    () => {
      // SimpleRNN: 20 steps × (2·40·(1+40) + 2·40·(40+40)), then Dense 2·40·1
      assert.equal(forwardFlops(MODELS.rnn), 20 * (2 * 40 * 41 + 2 * 40 * 80) + 80);
      // BiLSTM: 2 directions × 20 steps × 2·128·(D + 32), D = 1 then 64; Dense 2·64
      assert.equal(forwardFlops(MODELS.bilstm), 2 * 20 * 2 * 128 * 33 + 2 * 20 * 2 * 128 * 96 + 128);
      // Conv1D k3 (30 × 2·3·1·32) + LSTM(64) on 32 and on 64 features, 30 steps; Dense 2·64
      assert.equal(forwardFlops(MODELS['conv-lstm']), 30 * 2 * 3 * 32 + 30 * 2 * 256 * 96 + 30 * 2 * 256 * 128 + 128);
      assert.equal(trainFlops(MODELS.rnn), 3 * forwardFlops(MODELS.rnn));
      assert.equal(gflops(2e9, 1000), 2);
    },
  ],

  [
    'epochShape(benchCase(id)) gives the course split: 980 windows, 31 batches, 1442 predicted',
    () => {
      assert.deepEqual(epochShape(benchCase('rnn')), { windows: 980, batches: 31, predictWindows: 1442 });
      assert.deepEqual(epochShape(benchCase('conv-lstm')), { windows: 970, batches: 31, predictWindows: 1432 });
      assert.throws(() => benchCase('gru'), /Unknown benchmark model 'gru': use one of rnn, bilstm, conv-lstm/);
    },
  ],

  [
    'RunPlan(warmup, runs, budget) drops the warm-up and stops at runs or at the budget',
    () => {
      const timeRun = (plan: RunPlan): void => {
        plan.start();
        plan.stop();
      };
      const byRuns = new RunPlan(2, 3, 1e9);
      while (!byRuns.done) timeRun(byRuns);
      assert.equal(byRuns.made, 5);
      assert.equal(byRuns.timed.length, 3);
      assert.equal(byRuns.cpu.length, 3);
      const byBudget = new RunPlan(0, 100, -1); // every run passes this budget: exactly one is made
      while (!byBudget.done) timeRun(byBudget);
      assert.equal(byBudget.timed.length, 1);
    },
  ],

  [
    'median(values) takes the middle, or the mean of the middle two, and throws on none',
    () => {
      assert.equal(median([3, 1, 2]), 2);
      assert.equal(median([4, 1, 3, 2]), 2.5);
      assert.throws(() => median([]), /no timed runs/);
    },
  ],
];

/**
 * Runs every check and returns their names.
 * @example checkBench(); // ['paramCount(MODELS[id]) equals ...', ...]
 * @throws an Error naming the check that failed, with the assertion's message.
 */
export function checkBench(): string[] {
  for (const [name, check] of CHECKS) {
    try {
      check();
    } catch (err) {
      throw new Error(`bench self-check failed: ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return CHECKS.map(([name]) => name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    for (const name of checkBench()) process.stdout.write(`ok  ${name}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
