import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scalingFromJSON, scalingTransform } from '../../../src/data/transforms/scale.js';
import { transformFromJSON } from '../../../src/data/transforms/registry.js';
import { fitScaler } from '../../../src/data/scaling.js';
import { syntheticSeries } from '../../../src/data/synthetic.js';
import { InputError, ModelFileError, OptionError, SeqcastError } from '../../../src/errors.js';

const { series } = syntheticSeries(); // the course's series: its numbers depend on the scaler's
const SPLIT = 1000;

test("scalingTransform(kind) gives fitScaler's numbers bit for bit: fit, transform, inverse, JSON", () => {
  for (const kind of ['standard', 'minmax', 'none'] as const) {
    const train = series.subarray(0, SPLIT);
    const scaler = fitScaler(kind, train);
    const t = scalingTransform(kind).fit(train);
    assert.deepEqual(t.toJSON(), scaler.toJSON(), kind);
    const z = t.transform(series);
    assert.deepEqual(z, scaler.transform(series), kind);
    assert.deepEqual(t.inverseForecast(train, z.subarray(SPLIT)), scaler.inverse(z.subarray(SPLIT)), kind);
    assert.deepEqual(t.inverseSliding(series, SPLIT, z.subarray(SPLIT)), scaler.inverse(z.subarray(SPLIT)), kind);
  }
});

test('a ScalerJSON saved with a model before transforms existed is a transform state', () => {
  const saved = JSON.parse(JSON.stringify(fitScaler('standard', series.subarray(0, SPLIT)).toJSON()));
  const t = transformFromJSON(saved);
  assert.equal(t.kind, 'standard');
  assert.equal(t.name, 'standard scaling');
  assert.deepEqual(t.transform(series), fitScaler('standard', series.subarray(0, SPLIT)).transform(series));
});

test("scalingTransform('none') is the identity and needs no fit", () => {
  const t = scalingTransform('none');
  assert.equal(t.fitted, true);
  assert.deepEqual(Array.from(t.transform([3, -1])), [3, -1]);
  assert.deepEqual(t.toJSON(), { kind: 'none', offset: 0, scale: 1 });
});

test('scalingTransform checks its kind, its training part and its state', () => {
  assert.throws(
    () => scalingTransform('robust' as never),
    (e: Error) => e instanceof OptionError && /unknown scaling "robust"/.test(e.message),
  );
  assert.throws(
    () => scalingTransform('standard').fit([]),
    (e: Error) => e instanceof InputError && /needs at least 1 training value, got 0/.test(e.message),
  );
  assert.throws(
    () => scalingTransform('minmax').transform([1]),
    (e: Error) => e instanceof SeqcastError && /call fit\(train\) first/.test(e.message),
  );
  assert.throws(
    () => scalingFromJSON({ kind: 'standard', offset: 1, scale: -2 }),
    (e: Error) => e instanceof ModelFileError && /scale is -2/.test(e.message),
  );
});
