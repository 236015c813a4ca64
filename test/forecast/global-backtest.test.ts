import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../../src/engine/random.js';
import { backtestGlobal } from '../../src/forecast/global-backtest.js';
import { globalNetwork, type GlobalSpec } from '../../src/forecast/global-network.js';
import { rollingOriginPlan, scoreFold } from '../../src/forecast/rolling-origin.js';
import { InputError } from '../../src/errors.js';

const rng = new RandomState(11);
// lengths 16 (too short for a fold), 22 (one fold of the two, too short to train on), 70 and 90
const series = [16, 22, 70, 90].map((n, i) =>
  Float32Array.from({ length: n }, (_, t) => 20 + 5 * i + 4 * Math.sin((2 * Math.PI * t) / 6 + i) + 0.3 * rng.randn()),
);
const spec: GlobalSpec = {
  kind: 'global',
  network: { model: 'mlp', window: 12, horizon: 6, units: 8, layers: 1, epochs: 5 },
  normalize: 'window',
};
const options = { horizon: 6, folds: 2, period: 6, ids: ['w', 'x', 'y', 'z'] };

test('backtestGlobal(series, spec, options) fits one network per fold on each series before its own origin', async () => {
  const r = await backtestGlobal(series, spec, options);
  assert.deepEqual(
    r.series.map((s) => s.folds.map((f) => f.fold.origin)),
    [[], [16], [58, 64], [78, 84]],
  );
  assert.match(r.series[0].note!, /'w' is left out: A series of 16 values is too short for one fold/);
  assert.match(r.notes.join('\n'), /'x' is scored on 1 of 2 folds/);
  // fold 0: y and z (x has no fold 0); fold 1: y and z again, x's 16 values being fewer than
  // window 12 + 6 targets, yet x is forecast from the others' network (one window is enough)
  assert.deepEqual(
    r.fits.map((f) => [f.index, f.trained, f.skipped]),
    [
      [0, 2, 0],
      [1, 2, 1],
    ],
  );
  assert.match(
    r.notes.join('\n'),
    /fold 1: 1 series had too few values before their origin to train on; they were forecast from the others' network/,
  );
  assert.equal(r.series[1].folds[0].forecast!.length, 6);
  // the last fold, by hand: one global network on each series' values before its last origin
  const trains = series.map((s, i) => (i === 0 ? new Float32Array(0) : s.subarray(0, s.length - 6)));
  const g = globalNetwork(spec);
  await g.fitMany(trains, { ids: options.ids });
  for (const i of [1, 2, 3]) {
    const fold = rollingOriginPlan(series[i].length, options).folds.at(-1)!;
    const forecast = g.forecast(trains[i], 6, i);
    const row = r.series[i].folds.at(-1)!;
    assert.deepEqual(row.forecast, forecast);
    assert.equal(row.scores!.mase, scoreFold(series[i], fold, forecast, 6).scores.mase);
  }
  const manual = r.series.filter((s) => Number.isFinite(s.mase)).map((s) => s.mase);
  assert.equal(r.scored, 3);
  assert.ok(Math.abs(r.meanMase - manual.reduce((a, b) => a + b, 0) / 3) < 1e-12);
  const again = await backtestGlobal(series, spec, options);
  assert.deepEqual(again.series, r.series, 'deterministic for a seed');
});

test('backtestGlobal refuses no series and series all too short for a fold', async () => {
  await assert.rejects(backtestGlobal([], spec, options), /backtestGlobal needs at least one series, got none/);
  await assert.rejects(
    backtestGlobal([new Float32Array(10)], spec, options),
    (e: unknown) => e instanceof InputError && /no series is long enough for one fold of 6 values/.test(e.message),
  );
  await assert.rejects(backtestGlobal(series, spec, { ...options, ids: ['a'] }), /ids names 1 series but fitMany got 4/);
});

test('backtestGlobal leaves out a fold no series can train on, and scores the others', async () => {
  // 28 and 29 values, 2 folds of 6: fold 0's training parts (16, 17) are shorter than window 12 + 6
  // targets for both series, fold 1's (22, 23) are not
  const short = [series[2].slice(0, 28), series[3].slice(0, 29)];
  const r = await backtestGlobal(short, spec, { horizon: 6, folds: 2, period: 6 });
  assert.deepEqual(
    r.fits.map((f) => f.index),
    [1],
  );
  assert.match(
    r.notes.join('\n'),
    /fold 0 is left out: no series has 18 values \(window 12 and its targets\) before its origin to train on/,
  );
  assert.deepEqual(
    r.series.map((s) => s.folds.map((f) => [f.fold.index, f.fold.origin, f.scores !== null])),
    [[[1, 22, true]], [[1, 23, true]]],
  );
  // the one fold equals a direct fit on the same training parts
  const g = globalNetwork(spec);
  await g.fitMany([short[0].subarray(0, 22), short[1].subarray(0, 23)]);
  assert.deepEqual(r.series[1].folds[0].forecast, g.forecast(short[1].subarray(0, 23), 6, 1));
  // no fold at all to train on: one InputError
  await assert.rejects(
    backtestGlobal([series[2].slice(0, 20)], spec, { horizon: 6, folds: 1, period: 6 }),
    (e: unknown) => e instanceof InputError && /no fold has a series long enough to train on/.test((e as Error).message),
  );
});
