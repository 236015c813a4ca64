import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitScaler, scalerFromJSON } from '../../src/data/scaling.js';

test("fitScaler('standard', train) uses the mean and the population standard deviation", () => {
  // [1, 2, 3, 4]: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
  const scaler = fitScaler('standard', [1, 2, 3, 4]);
  assert.equal(scaler.offset, 2.5);
  assert.equal(scaler.scale, Math.sqrt(1.25));
  const z = scaler.transform([2.5, 2.5 + Math.sqrt(1.25)]);
  assert.deepEqual(Array.from(z), [0, 1]);
});

test("fitScaler('minmax', train) maps the training range onto [0, 1]", () => {
  const scaler = fitScaler('minmax', Float32Array.of(2, 6, 4));
  assert.deepEqual(scaler.toJSON(), { kind: 'minmax', offset: 2, scale: 4 });
  assert.deepEqual(Array.from(scaler.transform([2, 4, 6, 10])), [0, 0.5, 1, 2]); // values outside train go outside [0, 1]
});

test("fitScaler('none', train) is the identity", () => {
  const scaler = fitScaler('none', [5, 7]);
  assert.deepEqual(scaler.toJSON(), { kind: 'none', offset: 0, scale: 1 });
  assert.deepEqual(Array.from(scaler.transform([3, -1])), [3, -1]);
});

test('fitScaler(kind, train) on constant data uses scale 1 instead of dividing by zero', () => {
  for (const kind of ['standard', 'minmax'] as const) {
    const scaler = fitScaler(kind, [7, 7, 7]);
    assert.equal(scaler.scale, 1, kind);
    assert.equal(scaler.offset, 7, kind);
    assert.deepEqual(Array.from(scaler.transform([7, 8])), [0, 1], kind);
  }
});

test('scaler.inverse(scaler.transform(x)) gives x back', () => {
  const train = Float32Array.from({ length: 200 }, (_, i) => 1000 + 30 * Math.sin(i / 7));
  for (const kind of ['standard', 'minmax', 'none'] as const) {
    const scaler = fitScaler(kind, train);
    const back = scaler.inverse(scaler.transform(train));
    for (let i = 0; i < train.length; i++) assert.ok(Math.abs(back[i] - train[i]) < 1e-3, `${kind} at ${i}: ${back[i]} vs ${train[i]}`);
  }
});

test("fitScaler('standard', train) stays accurate far from 0 (two-pass float64)", () => {
  // values 1e8 + {0, 1}: the one-pass Σx² − n·mean² in float64 loses the variance entirely here
  const scaler = fitScaler('standard', Float64Array.of(1e8, 1e8 + 1, 1e8, 1e8 + 1));
  assert.equal(scaler.offset, 1e8 + 0.5);
  assert.equal(scaler.scale, 0.5);
});

test('fitScaler(kind, train) throws on a bad kind, empty data and NaN', () => {
  assert.throws(() => fitScaler('robust' as never, [1]), /fitScaler: unknown scaling "robust": use 'standard', 'minmax' or 'none'/);
  assert.throws(() => fitScaler('standard', []), /fitScaler got an empty training series/);
  assert.throws(() => fitScaler('minmax', [1, NaN]), /fitScaler: train\[1\] is NaN; fill or drop missing values/);
});

test('scalerFromJSON(scaler.toJSON()) rebuilds the same scaler', () => {
  const scaler = fitScaler('standard', [3, 9, 4, 1]);
  const json = JSON.parse(JSON.stringify(scaler));
  const back = scalerFromJSON(json);
  assert.deepEqual(back.toJSON(), scaler.toJSON());
  assert.deepEqual(back.transform([1, 2, 3]), scaler.transform([1, 2, 3]));
});

test('scalerFromJSON(json) names the bad field', () => {
  assert.throws(() => scalerFromJSON(null), /scalerFromJSON got null: expected \{ kind/);
  assert.throws(() => scalerFromJSON([1]), /scalerFromJSON got an array/);
  assert.throws(() => scalerFromJSON({ kind: 'zscore', offset: 0, scale: 1 }), /kind is "zscore", not one of standard, minmax, none/);
  assert.throws(() => scalerFromJSON({ kind: 'standard', offset: '3', scale: 1 }), /offset is "3", not a finite number/);
  assert.throws(() => scalerFromJSON({ kind: 'minmax', offset: 0, scale: 0 }), /scale is 0, not a positive finite number/);
  assert.throws(() => scalerFromJSON({ kind: 'none', offset: 2, scale: 1 }), /a 'none' scaler has offset 0 and scale 1/);
});
