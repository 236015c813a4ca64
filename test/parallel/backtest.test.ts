import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtestParallel } from '../../src/parallel/backtest.js';
import { backtest, type FoldResult } from '../../src/forecast/backtest.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';
import { syntheticSeries } from '../../src/data/synthetic.js';

const { series } = syntheticSeries({ length: 200, period: 24, amplitude: 10 });
const specs: ForecasterSpec[] = [
  { kind: 'naive' },
  { kind: 'seasonal-naive', period: 24 },
  { kind: 'network', spec: { model: 'gru', units: 6, epochs: 2, window: 10, seed: 4 } },
];

test('backtestParallel(series, forecasters, { workers: 2 }) equals backtest(series, () => forecasters.map(makeForecaster)) in shape and numbers', async () => {
  const options = { folds: 3, horizon: 20, period: 24 };
  const seen: number[] = [];
  const parallel = await backtestParallel(series, specs, {
    ...options,
    workers: 2,
    onFold: (r: FoldResult) => void seen.push(r.fold.index),
  });
  const sequential = await backtest(series, () => specs.map(makeForecaster), options);
  assert.deepEqual(parallel, sequential);
  assert.deepEqual(
    parallel.folds.map((f) => f.fold.index),
    [0, 1, 2],
  );
  assert.deepEqual(seen.sort(), [0, 1, 2]);
  assert.equal(parallel.folds[2].results[2].name, 'gru');
  // multi-step by default: each fold forecast at once from its origin, the MAE at each step
  assert.deepEqual([...parallel.folds[0].results[0].forecast], new Array(20).fill(series[139]), 'naive: the last training value');
  assert.deepEqual(
    parallel.mean.map((m) => m.perStep?.length),
    [20, 20, 20],
  );
});

test("backtestParallel(series, forecasters, { mode: 'one-step', workers: 2 }) equals the sequential one-step backtest", async () => {
  const options = { folds: 2, horizon: 15, period: 24, mode: 'one-step' as const };
  const parallel = await backtestParallel(series, specs, { ...options, workers: 2 });
  assert.deepEqual(parallel, await backtest(series, () => specs.map(makeForecaster), options));
  assert.deepEqual([...parallel.folds[1].results[0].forecast], [...series.subarray(184, 199)], 'naive one-step: the series shifted');
  assert.equal(parallel.mean[0].perStep, undefined);
});

test('backtestParallel(series, forecasters, options) throws before starting threads on bad input', async () => {
  await assert.rejects(backtestParallel(series, []), /needs at least one forecaster spec/);
  await assert.rejects(
    backtestParallel(series, [{ kind: 'naive' }], { callbacks: () => [] } as never),
    /cannot run training callbacks: .* Use onFold for progress/,
  );
  await assert.rejects(
    backtestParallel(series, [{ kind: 'moving-average', window: 0 }]),
    /movingAverageForecaster window must be a positive integer, got 0/,
  );
  await assert.rejects(backtestParallel(series, [{ kind: 'naive' }], { folds: 5, horizon: 50 }), /5 folds of 50 values leave 0 values/);
  await assert.rejects(backtestParallel(series, [{ kind: 'naive' }], { mode: 'both' as never }), /mode must be 'multi-step'/);
});

test('backtestParallel(series, forecasters, options) rejects with a fold’s training error', async () => {
  await assert.rejects(
    backtestParallel(series, [{ kind: 'network', spec: { model: 'rnn', window: 150, epochs: 1 } }], { folds: 2, horizon: 50, minTrain: 5 }),
    /rnn: the training part has 100 values but window 150 needs at least 151/,
  );
});
