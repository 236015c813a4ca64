import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeFolds, type FoldOutcome } from '../../src/forecast/rolling-origin-summary.js';

const ok = (series: string, method: string, fold: number, mase: number, smape: number): FoldOutcome => ({
  series,
  method,
  fold,
  scores: { mase, smape },
});

test('summarizeFolds(outcomes) averages over the folds of each series, then over the series (not over all folds at once)', () => {
  const { perSeries, perMethod } = summarizeFolds([
    ok('a', 'naive', 0, 1, 10),
    ok('a', 'naive', 1, 3, 30),
    ok('b', 'naive', 2, 5, 50),
    ok('a', 'ets', 0, 0.5, 5),
    ok('a', 'ets', 1, 0.5, 5),
    ok('b', 'ets', 2, 2, 20),
  ]);
  assert.deepEqual(
    perSeries.map((s) => [s.series, s.method, s.mase, s.smape, s.folds]),
    [
      ['a', 'naive', 2, 20, 2],
      ['a', 'ets', 0.5, 5, 2],
      ['b', 'naive', 5, 50, 1],
      ['b', 'ets', 2, 20, 1],
    ],
  );
  assert.deepEqual(perMethod, [
    { method: 'naive', mase: 3.5, smape: 35, series: 2, notes: [] }, // a pooled mean would be 3
    { method: 'ets', mase: 1.25, smape: 12.5, series: 2, notes: [] },
  ]);
});

test('summarizeFolds leaves out a failed fold and a series with no fold scored, and names them', () => {
  const { perSeries, perMethod } = summarizeFolds([
    ok('a', 'lstm', 0, 1, 10),
    { series: 'a', method: 'lstm', fold: 1, error: 'window 24 needs at least 25 values' },
    { series: 'b', method: 'lstm', fold: 0, error: 'diverged' },
    ok('c', 'lstm', 0, 3, 30),
    ok('c', 'lstm', 1, NaN, 40), // MASE undefined (an exact naive scale)
  ]);
  assert.deepEqual(perSeries[0].notes, ['fold 1: window 24 needs at least 25 values']);
  assert.equal(perSeries[0].folds, 1);
  assert.ok(Number.isNaN(perSeries[1].mase) && perSeries[1].folds === 0);
  assert.deepEqual(perSeries[2].notes, ['fold 1: MASE or sMAPE undefined']);
  assert.deepEqual(perMethod, [
    {
      method: 'lstm',
      mase: 2,
      smape: 20,
      series: 2,
      notes: [
        'a: fold 1: window 24 needs at least 25 values',
        'b: no fold scored (fold 0: diverged)',
        'c: fold 1: MASE or sMAPE undefined',
      ],
    },
  ]);
  assert.deepEqual(summarizeFolds([]), { perSeries: [], perMethod: [] });
});
