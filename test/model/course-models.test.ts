import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bilstmLab, convLstm, dnn, simpleRnnLab } from '../../src/model/course-models.js';
import { modelForecast } from '../../src/forecast/model-forecast.js';
import { Tensor } from '../../src/engine/tensor.js';

// Keras counts: Conv1D k·C·F + F; LSTM 4·(I·U + U·U + U); Dense I·O + O
const conv = (k: number, c: number, f: number) => k * c * f + f;
const lstm = (i: number, u: number) => 4 * (i * u + u * u + u);
const dense = (i: number, o: number) => i * o + o;

test("simpleRnnLab(), bilstmLab() and convLstm(options) have the parameter counts of the course's Keras models", () => {
  assert.equal(simpleRnnLab().countParams(), 4961);
  assert.equal(bilstmLab().countParams(), 2 * lstm(1, 32) + 2 * lstm(64, 32) + dense(64, 1));
  assert.equal(
    convLstm({ filters: 64, units: 64, dense: [30, 10], scale: 400 }).countParams(),
    conv(3, 1, 64) + lstm(64, 64) + lstm(64, 64) + dense(64, 30) + dense(30, 10) + dense(10, 1),
  );
  const seq2seq = convLstm({ filters: 60, kernelSize: 5, units: 60, dense: [30, 10], scale: 400, sequenceToSequence: true });
  assert.equal(seq2seq.countParams(), conv(5, 1, 60) + 2 * lstm(60, 60) + dense(60, 30) + dense(30, 10) + dense(10, 1)); // 60,591
  assert.match(seq2seq.summary(), /Total params: 60,591/);
});

test("dnn({ window, units }) is the course's Dense stack: relu hidden layers, a linear output, windows of shape (W)", () => {
  const lab = dnn({ window: 20, units: [10, 10] });
  assert.equal(lab.countParams(), dense(20, 10) + dense(10, 10) + dense(10, 1)); // 331, as the week-2 lab's summary
  assert.equal(dnn({ window: 60, units: [20, 10] }).countParams(), dense(60, 20) + dense(20, 10) + dense(10, 1)); // 1,441
  assert.deepEqual(lab.predict(new Tensor(new Float32Array(3 * 20), [3, 20])).shape, [3, 1]);
  assert.throws(() => lab.predict(new Tensor(new Float32Array(3 * 21), [3, 21])), /expects input of shape/);
  assert.equal(dnn({ window: 5, units: [] }).countParams(), dense(5, 1), 'no hidden layer: the linear model of the week-2 lesson');
  assert.deepEqual(
    lab.layers.map((l) => (l.config() as { activation?: string }).activation),
    ['relu', 'relu', 'linear'],
  );
});

test('convLstm({ sequenceToSequence }) takes (B, W) windows by default and (B, W, 1) with one output per step when set', () => {
  const vector = convLstm({ filters: 4, units: 3 });
  assert.deepEqual(vector.predict(new Tensor(new Float32Array(2 * 7), [2, 7])).shape, [2, 1]);
  const seq = convLstm({ filters: 4, units: 3, dense: [2], sequenceToSequence: true });
  assert.deepEqual(seq.inputShape, [null, 1]);
  assert.deepEqual(seq.predict(new Tensor(new Float32Array(2 * 7), [2, 7, 1])).shape, [2, 7, 1]);
  assert.throws(() => seq.predict(new Tensor(new Float32Array(2 * 7), [2, 7])), /expects input of shape/);
});

test("modelForecast(seq2seq model, series, { window }) feeds (N, W, 1) windows and keeps each window's last step, as rnn_forecast[..., -1, 0]", () => {
  const model = convLstm({ seed: 1, filters: 3, units: 4, dense: [2], scale: 10, sequenceToSequence: true });
  const series = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i / 2));
  const window = 6;
  const forecast = modelForecast(model, series, { window, batchSize: 4 });
  assert.equal(forecast.length, series.length - window + 1);
  for (const i of [0, 4, 9]) {
    const y = model.predict(new Tensor(series.slice(i, i + window), [1, window, 1])); // (1, W, 1)
    assert.equal(forecast[i], y.data[window - 1], `window ${i}`);
  }
});
