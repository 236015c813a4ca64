import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelForecast } from '../../src/forecast/model-forecast.js';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { InputError, OptionError } from '../../src/errors.js';

const model = sequential([layers.expandDims(-1, { inputShape: [null] }), layers.simpleRNN(4), layers.dense(1)], { seed: 1 });
const series = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 7));

test('modelForecast(model, series, { window }) windows one batch at a time and gives what predict gives on all windows', () => {
  const window = 10;
  const n = series.length - window + 1;
  const x = new Float32Array(n * window);
  for (let i = 0; i < n; i++) x.set(series.subarray(i, i + window), i * window);
  const all = model.predict(new Tensor(x, [n, window]), { batchSize: 32 }).data;
  for (const batchSize of [32, 7, 1000])
    assert.deepEqual(modelForecast(model, series, { window, batchSize }), all, `batchSize ${batchSize}`);
});

test('modelForecast() says what is wrong with its arguments', () => {
  assert.throws(
    () => modelForecast(model, series, { window: 0 }),
    (e: unknown) => e instanceof OptionError && /window must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(
    () => modelForecast(model, series, undefined as never),
    /^OptionError: modelForecast window must be a positive integer, got undefined/,
  );
  assert.throws(
    () => modelForecast(model, series, { window: 10, batchSize: 0 }),
    /^OptionError: modelForecast batchSize must be a positive integer/,
  );
  assert.throws(() => modelForecast(model, null as never, { window: 10 }), /^InputError: modelForecast needs a series of numbers/);
  assert.throws(
    () => modelForecast(model, series.subarray(0, 5), { window: 10 }),
    (e: unknown) => e instanceof InputError && /needs at least 10 values/.test(e.message),
  );
  assert.throws(() => modelForecast(model, [1, 2, NaN, 4], { window: 2 }), /^InputError: modelForecast: the series has NaN at index 2/);
});
