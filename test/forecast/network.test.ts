import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { networkForecaster, networkForecasterFromModel } from '../../src/forecast/network.js';
import { modelForecast } from '../../src/forecast/model-forecast.js';
import { scalerFromJSON } from '../../src/data/scaling.js';
import { TrainingDivergedError } from '../../src/model/fit.js';
import { sequential } from '../../src/model/sequential.js';
import * as layers from '../../src/layers/index.js';
import { Tensor } from '../../src/engine/tensor.js';
import { mae } from '../../src/metrics/errors.js';
import { naiveForecaster } from '../../src/forecast/forecaster.js';

const { series } = syntheticSeries({ length: 300, period: 50, amplitude: 20, noiseLevel: 1 });
const SPLIT = 240;
const train = series.slice(0, SPLIT);
const small = { model: 'gru', units: 8, layers: 1, window: 10, epochs: 3, batchSize: 16 } as const;

test('networkForecaster(spec) fills the defaults and has a model before fit', () => {
  const f = networkForecaster({ model: 'lstm' });
  assert.equal(f.name, 'lstm');
  assert.equal(f.minHistory, 20);
  assert.deepEqual(f.spec, {
    model: 'lstm',
    units: 32,
    layers: 2,
    window: 20,
    epochs: 100,
    batchSize: 32,
    learningRate: 1e-3,
    optimizer: 'adam',
    loss: 'huber',
    scaling: 'standard',
    seed: 0,
    shuffleBuffer: 1000,
  });
  assert.equal(f.scaler, null);
  assert.equal(f.history, null);
  assert.match(f.model.summary(), /Total params: 12,705/); // LSTM 4·32·(1 + 32 + 1) = 4,352, LSTM 4·32·(32 + 32 + 1) = 8,320, dense 33
});

test('networkForecaster(spec).predictSliding and .forecast throw before fit', () => {
  const f = networkForecaster(small);
  assert.throws(() => f.predictSliding(series, SPLIT), /gru: predictSliding needs a trained network: call fit\(train\) first/);
  assert.throws(() => f.forecast(series, 3), /gru: forecast needs a trained network/);
});

test('networkForecaster(spec).fit(train) scales with the training part only and trains spec.epochs epochs', async () => {
  const f = networkForecaster(small);
  const report = await f.fit(train);
  let sum = 0;
  for (const v of train) sum += v;
  assert.ok(Math.abs(f.scaler!.offset - sum / SPLIT) < 1e-9);
  assert.equal(f.scaler!.kind, 'standard');
  assert.equal(report.history, f.history);
  assert.equal(report.history.history.loss.length, 3);
  assert.ok(report.history.history.loss[2] < report.history.history.loss[0], 'the loss falls');
});

test('networkForecaster(spec).predictSliding(series, from) is modelForecast on scaled windows, inverted', async () => {
  const f = networkForecaster(small);
  await f.fit(train);
  const scaler = f.scaler!;
  const expected = scaler.inverse(modelForecast(f.model, scaler.transform(series.slice(SPLIT - 10, -1)), { window: 10 }));
  assert.deepEqual(f.predictSliding(series, SPLIT), expected);
});

test('networkForecaster(spec).forecast(history, h) feeds each forecast back in', async () => {
  const f = networkForecaster(small);
  await f.fit(train);
  const scaler = f.scaler!;
  const values = Array.from(scaler.transform(series.subarray(SPLIT - 10, SPLIT)));
  for (let j = 0; j < 4; j++) values.push(f.model.predict(Tensor.from([values.slice(j, j + 10)])).data[0]);
  const expected = scaler.inverse(values.slice(10));
  const got = f.forecast(series.subarray(0, SPLIT), 4);
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(got[j] - expected[j]) < 1e-4, `step ${j}: ${got[j]} vs ${expected[j]}`);
});

test('networkForecaster(spec) trained 30 epochs beats the naive forecast on the course series', async () => {
  // the course's split and SimpleRNN(40)×2; naive MAE 5.9379 (the course's number); this run gives 5.41
  const course = syntheticSeries().series;
  const f = networkForecaster({ model: 'rnn', units: 40, optimizer: 'sgd', epochs: 30 });
  await f.fit(course.subarray(0, 1000));
  const actual = course.subarray(1000);
  const net = mae(actual, f.predictSliding(course, 1000));
  const naive = mae(actual, naiveForecaster().predictSliding(course, 1000));
  assert.ok(net < naive - 0.3, `network MAE ${net} vs naive ${naive}`);
});

test('networkForecasterFromModel(model, spec, scaler JSON) forecasts as the trained forecaster', async () => {
  const f = networkForecaster({ ...small, scaling: 'minmax' });
  await f.fit(train);
  const spec = JSON.parse(JSON.stringify(f.spec));
  const g = networkForecasterFromModel(f.model, spec, JSON.parse(JSON.stringify(f.scaler)));
  assert.equal(g.scaler!.kind, 'minmax');
  assert.deepEqual(g.predictSliding(series, SPLIT), f.predictSliding(series, SPLIT));
  assert.deepEqual(g.forecast(series, 5), f.forecast(series, 5));
  const h = networkForecasterFromModel(f.model, spec, scalerFromJSON(f.scaler!.toJSON()));
  assert.deepEqual(h.forecast(series, 5), f.forecast(series, 5));
});

test('networkForecasterFromModel(model, spec, scaler) rejects a model that takes other windows and a bad scaler', () => {
  const fixed = sequential([layers.dense(1, { inputShape: [8] })]);
  assert.throws(
    () => networkForecasterFromModel(fixed, small, { kind: 'none', offset: 0, scale: 1 }),
    /takes input of shape \[8\] per example, but the spec's windows are \[10\]/,
  );
  const f = networkForecaster(small);
  assert.throws(
    () => networkForecasterFromModel(f.model, small, { kind: 'standard', offset: 0, scale: -1 } as never),
    /scale is -1, not a positive finite number/,
  );
  assert.throws(
    () => networkForecasterFromModel(f.model, { ...small, units: -3 }, { kind: 'none', offset: 0, scale: 1 }),
    /units must be an integer from 1 to 4096, got -3/,
  );
});

test('networkForecaster(spec).fit(train, { callbacks }) calls the callbacks', async () => {
  const epochs: number[] = [];
  await networkForecaster(small).fit(train, { callbacks: [{ onEpochEnd: (e) => void epochs.push(e) }] });
  assert.deepEqual(epochs, [0, 1, 2]);
});

test('networkForecaster(spec).fit(train, { signal }) stops when the signal aborts', async () => {
  const controller = new AbortController();
  let batches = 0;
  const stopper = { onBatchEnd: () => void (++batches === 2 && controller.abort(new Error('stopped by the user'))) };
  await assert.rejects(networkForecaster(small).fit(train, { callbacks: [stopper], signal: controller.signal }), /stopped by the user/);
  assert.equal(batches, 2);
  await assert.rejects(networkForecaster(small).fit(train, { signal: AbortSignal.abort(new Error('already')) }), /already/);
  // an abort from a timer reaches a running fit: it yields to the event loop between batches
  const timed = new AbortController();
  setTimeout(() => timed.abort(new Error('timer')), 0);
  await assert.rejects(networkForecaster({ ...small, epochs: 10_000 }).fit(train, { signal: timed.signal }), /timer/);
});

test('networkForecaster(spec).fit(train) with a huge learning rate throws TrainingDivergedError and keeps the history', async () => {
  const f = networkForecaster({ ...small, optimizer: 'sgd', learningRate: 1e8, loss: 'mse', epochs: 20 });
  await assert.rejects(f.fit(train), TrainingDivergedError);
  assert.ok(f.history !== null, 'the epochs before the divergence are kept');
});
