import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPool, sharedCopy, trainMany, workerExecArgv } from '../../src/parallel/pool.js';
import { trainJob, type TrainJob } from '../../src/parallel/worker.js';
import { syntheticSeries } from '../../src/data/synthetic.js';

const { series } = syntheticSeries({ length: 240 });
const jobs: TrainJob[] = [0, 1].map((seed) => ({ series, split: 180, spec: { model: 'rnn', units: 8, epochs: 2, seed } }));

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('trainMany(jobs, { workers: 2 }) gives the same weights, history and mae as trainJob in this thread, bit for bit', async () => {
  const parallel = await trainMany(jobs, { workers: 2 });
  assert.equal(parallel.length, 2);
  for (let i = 0; i < jobs.length; i++) {
    const sequential = await trainJob(jobs[i]);
    assert.equal(parallel[i].weights.length, sequential.weights.length);
    assert.ok(bytes(parallel[i].weights).equals(bytes(sequential.weights)), `job ${i}: the weights differ`);
    assert.deepEqual(parallel[i].history, sequential.history);
    assert.equal(parallel[i].mae, sequential.mae);
    assert.ok(Number.isFinite(parallel[i].mae) && parallel[i].seconds > 0);
  }
  // different seeds train different networks: the results are not one result copied
  assert.ok(!bytes(parallel[0].weights).equals(bytes(parallel[1].weights)));
});

test('trainMany(jobs, { onProgress }) reports each job as it finishes and keeps the jobs’ order', async () => {
  const calls: [number, number, number][] = [];
  const results = await trainMany([...jobs, { ...jobs[0], series: Array.from(series) }], {
    workers: 2,
    onProgress: (done, total, index) => calls.push([done, total, index]),
  });
  assert.deepEqual(
    calls.map(([done, total]) => [done, total]),
    [
      [1, 3],
      [2, 3],
      [3, 3],
    ],
  );
  assert.deepEqual(calls.map(([, , index]) => index).sort(), [0, 1, 2]);
  // job 2 is job 0 with the series as number[]: the same training
  assert.ok(bytes(results[2].weights).equals(bytes(results[0].weights)));
});

test('trainMany(jobs) rejects with the failing job’s error and closes its pool', async () => {
  await assert.rejects(
    trainMany([jobs[0], { ...jobs[1], spec: { model: 'rnn', units: -3 } }], { workers: 2 }),
    /units must be an integer from 1 to 4096, got -3/,
  );
  await assert.rejects(
    trainMany([{ ...jobs[0], split: 5 }], { workers: 1 }),
    /the training part has 5 values but window 20 needs at least 21/,
  );
});

test('trainMany(jobs, options) throws on no jobs and on a bad worker count', async () => {
  await assert.rejects(trainMany([]), /trainMany needs at least one job/);
  await assert.rejects(trainMany(jobs, { workers: 0 }), /workers must be an integer from 1 to 64, got 0: use e.g. 2/);
  assert.throws(() => createPool({ workers: 1.5 }), /workers must be an integer from 1 to 64, got 1.5/);
  // a thread per core is the most that helps: 1,000 would take ~40 GB before doing anything
  assert.throws(() => createPool({ workers: 1000 }), /^OptionError: workers must be an integer from 1 to 64, got 1000: use e\.g\. 2/);
});

test('trainJob(job) throws on a split outside the series', async () => {
  await assert.rejects(
    trainJob({ ...jobs[0], split: 241 }),
    /split must be an integer in \[1, 240\] \(the first validation index\), got 241/,
  );
});

test('trainJob(job) scores NaN when nothing is left to validate on', async () => {
  const r = await trainJob({ series: series.subarray(0, 60), split: 60, spec: { model: 'rnn', units: 4, epochs: 1 } });
  assert.ok(Number.isNaN(r.mae));
  assert.equal(r.history.epoch.length, 1);
});

test('sharedCopy(series, cache) copies each distinct series once into shared memory', () => {
  const cache = new Map<unknown, Float32Array>();
  const a = sharedCopy(series, cache);
  assert.ok(a.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(a), Array.from(series));
  assert.equal(sharedCopy(series, cache), a);
  assert.notEqual(sharedCopy(series.slice(), cache), a);
});

test("workerExecArgv(execArgv) drops the module loaders (tsx's --import and --require, in both spellings) and keeps every other flag", () => {
  const tsx = ['--require', '/x/tsx/dist/preflight.cjs', '--import', 'file:///x/tsx/dist/loader.mjs'];
  assert.deepEqual(workerExecArgv(tsx), []);
  assert.deepEqual(
    workerExecArgv([
      '--max-old-space-size=4096',
      ...tsx,
      '--import=tsx',
      '-r',
      'dotenv/config',
      '--loader',
      'ts-node/esm',
      '--no-warnings',
    ]),
    ['--max-old-space-size=4096', '--no-warnings'],
  );
  assert.deepEqual(workerExecArgv([]), []);
});
