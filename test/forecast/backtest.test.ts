import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtest, foldPlan, meanScores, runFold, scoreForecast, type FoldResult } from '../../src/forecast/backtest.js';
import { driftForecaster, naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../../src/forecast/forecaster.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { mae, mase, rmse, smape } from '../../src/metrics/errors.js';
import { OptionError } from '../../src/errors.js';

const { series } = syntheticSeries({ length: 120, period: 24, amplitude: 10 });

test('foldPlan(n, { folds, horizon }) puts the folds back to back, the last ending at n', () => {
  assert.deepEqual(foldPlan(100, { folds: 3, horizon: 10 }), [
    { index: 0, origin: 70, end: 80 },
    { index: 1, origin: 80, end: 90 },
    { index: 2, origin: 90, end: 100 },
  ]);
});

test('foldPlan(n) defaults to 3 folds of floor(n × 0.1) values', () => {
  assert.deepEqual(
    foldPlan(105).map((f) => [f.origin, f.end]),
    [
      [75, 85],
      [85, 95],
      [95, 105],
    ],
  );
  assert.deepEqual(foldPlan(50, { folds: 1 }), [{ index: 0, origin: 45, end: 50 }]);
});

test('foldPlan(n, options) throws when the folds do not fit', () => {
  assert.throws(
    () => foldPlan(100, { folds: 5, horizon: 20 }),
    /5 folds of 20 values leave 0 values to train the first fold on, and it needs at least 1, in a series of 100: use fewer folds/,
  );
  assert.throws(() => foldPlan(100, { folds: 3, horizon: 20, minTrain: 41 }), /leave 40 values .* needs at least 41/);
  assert.throws(() => foldPlan(8), /backtest horizon must be a positive integer, got 0 \(10% of 8 values\)/);
  assert.throws(() => foldPlan(100, { folds: 0 }), /backtest folds must be a positive integer, got 0/);
  assert.throws(() => foldPlan(100, { minTrain: 0 }), /backtest minTrain must be a positive integer, got 0/);
});

test("backtest(series, makeForecasters, { mode: 'one-step' }) scores every forecaster's one-step forecasts on every fold", async () => {
  const result = await backtest(series, () => [naiveForecaster(), driftForecaster()], { folds: 3, horizon: 12, mode: 'one-step' });
  assert.equal(result.folds.length, 3);
  const plan = foldPlan(120, { folds: 3, horizon: 12 });
  result.folds.forEach(({ fold, results }, i) => {
    assert.deepEqual(fold, plan[i]);
    assert.deepEqual(
      results.map((r) => r.name),
      ['naive', 'drift'],
    );
    const actual = series.subarray(fold.origin, fold.end);
    const train = series.subarray(0, fold.origin);
    const naive = series.slice(fold.origin - 1, fold.end - 1); // the naive forecast by hand
    assert.deepEqual(results[0].forecast, naive);
    assert.equal(results[0].scores.mae, mae(actual, naive));
    assert.equal(results[0].scores.rmse, rmse(actual, naive));
    assert.equal(results[0].scores.smape, smape(actual, naive));
    assert.equal(results[0].scores.mase, mase(actual, naive, train));
    assert.deepEqual(results[1].forecast, driftForecaster().predictSliding(series.slice(0, fold.end), fold.origin));
  });
  const meanMae = result.folds.reduce((s, f) => s + f.results[1].scores.mae, 0) / 3;
  assert.ok(Math.abs(result.mean[1].scores.mae - meanMae) < 1e-12);
  assert.deepEqual(
    result.mean.map((m) => m.name),
    ['naive', 'drift'],
  );
  assert.deepEqual(result.mean[0].notes, []);
  assert.equal('perStep' in result.mean[0], false, 'no error by step for one-step forecasts');
  assert.equal('stepErrors' in result.folds[0].results[0], false);
});

// A small series scored by hand: two origins (8 and 12), 4 values forecast from each, season 4.
const small = Float32Array.of(1, 3, 2, 4, 2, 5, 3, 6, 4, 6, 5, 8, 6, 9, 7, 10);

test('backtest(series, makeForecasters, { folds, horizon, period }) forecasts each fold at once from its origin: naive repeats the last value, seasonal naive the last season', async () => {
  const result = await backtest(small, () => [naiveForecaster(), seasonalNaiveForecaster(4)], { folds: 2, horizon: 4, period: 4 });
  assert.deepEqual(
    result.folds.map((f) => f.fold),
    [
      { index: 0, origin: 8, end: 12 },
      { index: 1, origin: 12, end: 16 },
    ],
  );
  const [first, second] = result.folds.map((f) => f.results);
  // fold 1: train 1 3 2 4 2 5 3 6, actual 4 6 5 8
  assert.deepEqual([...first[0].forecast], [6, 6, 6, 6]);
  assert.deepEqual([...first[1].forecast], [2, 5, 3, 6]);
  assert.deepEqual(first[0].stepErrors, [2, 0, 1, 2]);
  assert.deepEqual(first[1].stepErrors, [2, 1, 2, 2]);
  // fold 2: train ... 4 6 5 8, actual 6 9 7 10
  assert.deepEqual([...second[0].forecast], [8, 8, 8, 8]);
  assert.deepEqual([...second[1].forecast], [4, 6, 5, 8]);
  assert.deepEqual(second[0].stepErrors, [2, 1, 1, 2]);
  assert.deepEqual(second[1].stepErrors, [2, 3, 2, 2]);
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
  close(first[0].scores.mae, 1.25, 'naive MAE, fold 1');
  close(first[0].scores.rmse, 1.5, 'naive RMSE, fold 1: √(9/4)');
  close(first[0].scores.smape, 50 * (2 / 10 + 0 / 12 + 1 / 11 + 2 / 14), "naive sMAPE, fold 1 (M4's 200/h Σ|e|/(|y|+|ŷ|))");
  close(first[0].scores.mape, 25 * (2 / 4 + 0 / 6 + 1 / 5 + 2 / 8), 'naive MAPE, fold 1');
  // MASE: the in-sample seasonal naive (4) error of each fold's training part, 6/4 and 13/8
  close(first[0].scores.mase, 1.25 / 1.5, 'naive MASE, fold 1');
  close(first[1].scores.mase, 1.75 / 1.5, 'seasonal naive MASE, fold 1');
  close(second[0].scores.mase, 1.5 / 1.625, 'naive MASE, fold 2');
  close(second[1].scores.mase, 2.25 / 1.625, 'seasonal naive MASE, fold 2');
  const [naive, snaive] = result.mean;
  close(naive.scores.mae, (1.25 + 1.5) / 2, 'naive mean MAE');
  close(snaive.scores.mae, (1.75 + 2.25) / 2, 'seasonal naive mean MAE');
  assert.deepEqual(naive.perStep, [2, 0.5, 1, 2], 'naive MAE at steps 1..4, mean over the folds');
  assert.deepEqual(snaive.perStep, [2, 2, 2, 2]);
});

test('backtest(series, makeForecasters) shows a forecaster only the values before each origin, and never calls predictSliding', async () => {
  const seen: string[] = [];
  const spy = (): Forecaster => {
    const naive = naiveForecaster();
    return {
      ...naive,
      name: 'spy',
      async fit(train) {
        seen.push(`fit ${train.length}`);
      },
      predictSliding() {
        throw new Error('predictSliding called');
      },
      forecast(history, h) {
        seen.push(`forecast ${history.length} ${h}`);
        return naive.forecast(history, h);
      },
    };
  };
  await backtest(small, () => [spy()], { folds: 3, horizon: 3 });
  assert.deepEqual(seen, ['fit 7', 'forecast 7 3', 'fit 10', 'forecast 10 3', 'fit 13', 'forecast 13 3']);
});

test('backtest(series, makeForecasters, { mode }) refuses a mode other than multi-step or one-step', async () => {
  await assert.rejects(
    backtest(small, () => [naiveForecaster()], { mode: 'two-step' as never }),
    (e: Error) => e instanceof OptionError && /mode must be 'multi-step' .* or 'one-step' .*, got "two-step"/.test(e.message),
  );
});

test('backtest(series, makeForecasters) makes fresh forecasters for each fold and calls onFold in order', async () => {
  let made = 0;
  const seen: number[] = [];
  await backtest(series, () => (made++, [naiveForecaster()]), { folds: 4, horizon: 5, onFold: (r) => void seen.push(r.fold.index) });
  assert.equal(made, 4);
  assert.deepEqual(seen, [0, 1, 2, 3]);
});

test('backtest(series, makeForecasters) requires the first fold to train at least minHistory + 1 values', async () => {
  await assert.rejects(
    backtest(series, () => [seasonalNaiveForecaster(90)], { folds: 3, horizon: 10 }),
    /leave 90 values to train the first fold on, and it needs at least 91/,
  );
  await assert.rejects(
    backtest(series, () => []),
    /backtest needs at least one forecaster/,
  );
});

test('backtest(series, makeForecasters, { period }) scales mase by the seasonal naive error', async () => {
  const result = await backtest(series, () => [naiveForecaster()], { folds: 2, horizon: 10, period: 24 });
  const { fold, results } = result.folds[1];
  const actual = series.subarray(fold.origin, fold.end);
  assert.equal(results[0].scores.mase, mase(actual, results[0].forecast, series.subarray(0, fold.origin), { period: 24 }));
});

test('backtest(series, ...) reports mape as NaN with a note when an actual value is 0', async () => {
  const withZero = series.slice();
  withZero[115] = 0; // inside the last fold [110, 120)
  const result = await backtest(withZero, () => [naiveForecaster()], { folds: 2, horizon: 10 });
  assert.ok(Number.isFinite(result.folds[0].results[0].scores.mape));
  const last = result.folds[1].results[0];
  assert.ok(Number.isNaN(last.scores.mape));
  assert.match(last.notes[0], /^MAPE is n\/a here: actual\[5\] is 0/);
  assert.equal(result.mean[0].scores.mape, result.folds[0].results[0].scores.mape, 'the mean leaves the undefined fold out');
  assert.deepEqual(result.mean[0].notes, ['mape averages 1 of 2 folds (n/a on fold 2)']);
});

test('runFold(series, forecasters, plan[i]) gives what backtest gives for fold i, networks included', async () => {
  const make = (): Forecaster[] => [
    naiveForecaster(),
    networkForecaster({ model: 'lstm', units: 4, layers: 1, window: 6, epochs: 2, batchSize: 16 }),
  ];
  const options = { folds: 3, horizon: 8 };
  const result = await backtest(series, make, options);
  const plan = foldPlan(series.length, options);
  for (const i of [2, 0]) {
    const alone = await runFold(series, make(), plan[i]);
    assert.deepEqual(alone, result.folds[i]);
  }
});

test("runFold(series, forecasters, fold, { mode: 'one-step' }) never shows a forecaster values past fold.end", async () => {
  let longest = 0;
  const spy: Forecaster = {
    ...naiveForecaster(),
    name: 'spy',
    predictSliding(s, from) {
      longest = Math.max(longest, s.length);
      return naiveForecaster().predictSliding(s, from);
    },
  };
  await runFold(series, [spy], { index: 0, origin: 50, end: 60 }, { mode: 'one-step' });
  assert.equal(longest, 60);
  await assert.rejects(
    runFold(series, [spy], { index: 0, origin: 50, end: 121 }, { mode: 'one-step' }),
    /fold 0 \[50, 121\) does not lie inside the series of 120 values/,
  );
});

test('scoreForecast(actual, predicted, train) marks an undefined mase with a note', () => {
  const { scores, notes } = scoreForecast([1, 2], [1, 3], [5, 5, 5]);
  assert.equal(scores.mae, 0.5);
  assert.ok(Number.isNaN(scores.mase));
  assert.match(notes[0], /^MASE is n\/a here: .*scale is 0/);
});

test('meanScores(folds) is NaN, with a note, for a score undefined on every fold', () => {
  const fold = (index: number): FoldResult => ({
    fold: { index, origin: 10, end: 12 },
    results: [{ name: 'x', forecast: new Float32Array(2), notes: [], scores: { mae: index + 1, rmse: 1, mape: NaN, smape: 1, mase: 1 } }],
  });
  const [mean] = meanScores([fold(0), fold(1)]);
  assert.equal(mean.scores.mae, 1.5);
  assert.ok(Number.isNaN(mean.scores.mape));
  assert.deepEqual(mean.notes, ['mape is n/a on every fold']);
  assert.deepEqual(meanScores([]), []);
});

test('meanScores(folds) averages the error at each step over the folds where it is a number', () => {
  const fold = (index: number, stepErrors: number[]): FoldResult => ({
    fold: { index, origin: 10 + 3 * index, end: 13 + 3 * index },
    results: [{ name: 'x', forecast: new Float32Array(3), stepErrors, notes: [], scores: { mae: 1, rmse: 1, mape: 1, smape: 1, mase: 1 } }],
  });
  const [mean] = meanScores([fold(0, [1, 2, NaN]), fold(1, [3, NaN, NaN]), fold(2, [5, 4, NaN])]);
  assert.deepEqual(mean.perStep, [3, 3, NaN]);
});
