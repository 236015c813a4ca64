import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkForecaster, networkForecasterFromModel, type NetworkForecaster } from '../../src/forecast/network.js';
import { readRunMetadata } from '../../src/forecast/run-metadata.js';
import { loadModel, saveModel } from '../../src/model/save-node.js';
import { makeTransform } from '../../src/data/transforms/registry.js';
import { ModelFileError } from '../../src/errors.js';
import { modelForecast } from '../../src/forecast/model-forecast.js';
import { scalerFromJSON, type ScalerJSON } from '../../src/data/scaling.js';
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
    horizon: 1,
    strategy: 'recursive',
    transform: ['standard'],
    normalize: 'none',
  });
  assert.equal(f.transform, null);
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
  const fitted = f.transform!.toJSON() as ScalerJSON;
  assert.ok(Math.abs(fitted.offset - sum / SPLIT) < 1e-9);
  assert.equal(fitted.kind, 'standard');
  assert.equal(report.history, f.history);
  assert.equal(report.history.history.loss.length, 3);
  assert.ok(report.history.history.loss[2] < report.history.history.loss[0], 'the loss falls');
});

test('networkForecaster({ maxSteps }) trains the whole epochs that reach the budget, the same network as that many epochs', async () => {
  // 240 values, window 10: 230 windows, 15 batches of 16 per epoch; 20 steps take 2 epochs
  const capped = networkForecaster({ ...small, epochs: 50, maxSteps: 20 });
  await capped.fit(train);
  assert.equal(capped.history!.history.loss.length, 2);
  const two = networkForecaster({ ...small, epochs: 2 });
  await two.fit(train);
  assert.deepEqual(capped.forecast(train, 5), two.forecast(train, 5));
  const roomy = networkForecaster({ ...small, maxSteps: 10_000 }); // the budget is past the 3 epochs
  await roomy.fit(train);
  assert.equal(roomy.history!.history.loss.length, 3);
});

test('networkForecaster(spec).predictSliding(series, from) is modelForecast on scaled windows, inverted', async () => {
  const f = networkForecaster(small);
  await f.fit(train);
  const scaler = scalerFromJSON(f.transform!.toJSON());
  const expected = scaler.inverse(modelForecast(f.model, scaler.transform(series.slice(SPLIT - 10, -1)), { window: 10 }));
  assert.deepEqual(f.predictSliding(series, SPLIT), expected);
});

test('networkForecaster(spec).forecast(history, h) feeds each forecast back in', async () => {
  const f = networkForecaster(small);
  await f.fit(train);
  const scaler = scalerFromJSON(f.transform!.toJSON());
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

test('networkForecasterFromModel(model, spec, transform JSON or scaler) forecasts as the trained forecaster', async () => {
  const f = networkForecaster({ ...small, scaling: 'minmax' });
  await f.fit(train);
  const spec = JSON.parse(JSON.stringify(f.spec));
  const g = networkForecasterFromModel(f.model, spec, JSON.parse(JSON.stringify(f.transform)));
  assert.equal(g.transform!.kind, 'minmax');
  assert.deepEqual(g.predictSliding(series, SPLIT), f.predictSliding(series, SPLIT));
  assert.deepEqual(g.forecast(series, 5), f.forecast(series, 5));
  const h = networkForecasterFromModel(f.model, spec, scalerFromJSON(f.transform!.toJSON())); // a fitted Scaler
  assert.deepEqual(h.forecast(series, 5), f.forecast(series, 5));
  const t = networkForecasterFromModel(f.model, spec, f.transform!); // the fitted transform itself
  assert.deepEqual(t.forecast(series, 5), f.forecast(series, 5));
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
    /Not a fitted transform's state: transform has scale -1, expected a positive number/,
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

// --- direct multi-step networks, target transforms, per-window normalization ---

/** The model's outputs for one window (already transformed), as plain numbers. */
const outputs = (f: NetworkForecaster, window: ArrayLike<number>): number[] =>
  Array.from(f.model.predict(new Tensor(Float32Array.from(window), [1, window.length])).data);

test('networkForecaster({ horizon: 4 }) is direct: forecast(history, h ≤ 4) is one prediction, predictSliding its first output', async () => {
  const f = networkForecaster({ ...small, horizon: 4 });
  assert.equal(f.spec.strategy, 'direct');
  assert.deepEqual(f.model.layers.at(-1)!.outputShape, [4]);
  await f.fit(train);
  const scaler = scalerFromJSON(f.transform!.toJSON());
  const out = outputs(f, scaler.transform(train.subarray(SPLIT - 10)));
  assert.equal(out.length, 4);
  assert.deepEqual(f.forecast(train, 4), scaler.inverse(out));
  assert.deepEqual(f.forecast(train, 2), scaler.inverse(out.slice(0, 2)), 'h < H: the first h outputs');
  // one step: the first output of each window's prediction (batched, so to float32 rounding)
  const sliding = f.predictSliding(series, SPLIT);
  assert.equal(sliding.length, series.length - SPLIT);
  assert.ok(Math.abs(sliding[0] - scaler.inverse([out[0]])[0]) < 1e-4);
  const later = outputs(f, scaler.transform(series.subarray(SPLIT + 20, SPLIT + 30)));
  assert.ok(Math.abs(sliding[30] - scaler.inverse([later[0]])[0]) < 1e-4);
});

test('networkForecaster({ horizon: 4 }).forecast(history, 10) chains blocks of 4, each window ending with the block before', async () => {
  const f = networkForecaster({ ...small, horizon: 4 });
  await f.fit(train);
  const scaler = scalerFromJSON(f.transform!.toJSON());
  const z = Array.from(scaler.transform(train.subarray(SPLIT - 10)));
  while (z.length < 10 + 10) z.push(...outputs(f, z.slice(z.length - 10)));
  const expected = scaler.inverse(z.slice(10, 20));
  const got = f.forecast(train, 10);
  assert.equal(got.length, 10);
  for (let k = 0; k < 10; k++) assert.ok(Math.abs(got[k] - expected[k]) < 1e-4, `step ${k}: ${got[k]} vs ${expected[k]}`);
  assert.deepEqual(got.subarray(0, 4), f.forecast(train, 4), 'the first block is the 4-step forecast');
});

test('networkForecaster({ horizon: 4, strategy: "recursive" }) trains a one-step network and feeds it back', async () => {
  const f = networkForecaster({ ...small, horizon: 4, strategy: 'recursive' });
  assert.deepEqual(f.model.layers.at(-1)!.outputShape, [1]);
  await f.fit(train);
  const g = networkForecaster(small);
  await g.fit(train);
  assert.deepEqual(f.forecast(train, 6), g.forecast(train, 6), 'the horizon does not change a recursive network');
});

test('networkForecaster({ transform: ["difference", "standard"] }) trains on scaled differences and inverts each forecast', async () => {
  const f = networkForecaster({ ...small, transform: ['difference', 'standard'] });
  assert.equal(f.minHistory, 11, 'window + the difference’s lag');
  await f.fit(train);
  const fitted = f.transform!.toJSON();
  assert.equal(fitted.kind, 'chain');
  const scale = (fitted as { transforms: ScalerJSON[] }).transforms[1];
  const diffs = Array.from({ length: SPLIT - 1 }, (_, i) => train[i + 1] - train[i]);
  assert.ok(Math.abs(scale.offset - diffs.reduce((a, b) => a + b, 0) / diffs.length) < 1e-4, 'scaled with the training differences');
  // one step: the last actual value plus the unscaled forecast difference
  const sliding = f.predictSliding(series, SPLIT);
  for (const k of [0, 17, 59]) {
    const t = SPLIT + k;
    const window = Array.from({ length: 10 }, (_, i) => (series[t - 10 + i] - series[t - 11 + i] - scale.offset) / scale.scale);
    const expected = series[t - 1] + (outputs(f, window)[0] * scale.scale + scale.offset);
    assert.ok(Math.abs(sliding[k] - expected) < 1e-3, `point ${t}: ${sliding[k]} vs ${expected}`);
  }
  // multi-step: the last value plus the cumulative sums of the forecast differences
  const steps = f.forecast(train, 3);
  const z = Array.from({ length: 10 }, (_, i) => (train[SPLIT - 10 + i] - train[SPLIT - 11 + i] - scale.offset) / scale.scale);
  let level = train[SPLIT - 1];
  for (let k = 0; k < 3; k++) {
    const d = outputs(f, z.slice(k, k + 10))[0];
    z.push(d);
    level += d * scale.scale + scale.offset;
    assert.ok(Math.abs(steps[k] - level) < 1e-3, `step ${k}: ${steps[k]} vs ${level}`);
  }
  await assert.rejects(
    networkForecaster({ ...small, transform: ['difference', 'standard'] }).fit(train.subarray(0, 11)),
    /gru: the training part has 11 values but the transform chain \[difference, standard scaling\] takes 1 of them, so window 10 needs at least 12 \(1 for the transform, one window and the value after it\)/,
  );
});

test('networkForecaster({ normalize: "window", transform: "none" }) forecasts a shifted and scaled series shifted and scaled', async () => {
  const f = networkForecaster({ ...small, horizon: 3, transform: 'none', normalize: 'window' });
  await f.fit(train);
  const moved = series.map((v) => 10 * v + 5000);
  const a = f.predictSliding(series, SPLIT);
  const b = f.predictSliding(moved, SPLIT);
  for (let k = 0; k < a.length; k++)
    assert.ok(Math.abs(b[k] - (10 * a[k] + 5000)) < 0.02, `point ${SPLIT + k}: ${b[k]} vs ${10 * a[k] + 5000}`);
  const c = f.forecast(series, 7);
  const d = f.forecast(moved, 7);
  for (let k = 0; k < 7; k++) assert.ok(Math.abs(d[k] - (10 * c[k] + 5000)) < 0.02, `step ${k}`);
  // and the network trains on the normalized windows: their targets are O(1), not O(series)
  assert.ok(f.history!.history.loss[0] < 5, `loss ${f.history!.history.loss[0]}`);
});

test('a direct, differenced, normalized network saved with its spec and fitted transform loads and forecasts the same', async () => {
  const f = networkForecaster({ ...small, horizon: 5, transform: ['difference', 'standard'], normalize: 'window' });
  await f.fit(train);
  const dir = join(mkdtempSync(join(tmpdir(), 'seqcast-network-')), 'model');
  await saveModel(f.model, dir, { metadata: { spec: f.spec, transform: f.transform!.toJSON(), split: SPLIT } });
  const loaded = await loadModel(dir);
  const meta = readRunMetadata(loaded.metadata);
  const g = networkForecasterFromModel(loaded, meta.spec!, meta.transform!);
  assert.equal(g.minHistory, 11);
  assert.deepEqual(g.predictSliding(series, SPLIT), f.predictSliding(series, SPLIT));
  assert.deepEqual(g.forecast(series, 12), f.forecast(series, 12));
});

test('a model saved before transforms (a spec without them, a scaler in the metadata) still loads and forecasts the same', async () => {
  const f = networkForecaster({ ...small, scaling: 'minmax' });
  await f.fit(train);
  const { horizon: _h, strategy: _s, transform: _t, normalize: _n, ...oldSpec } = f.spec;
  const dir = join(mkdtempSync(join(tmpdir(), 'seqcast-network-')), 'model');
  await saveModel(f.model, dir, { metadata: { spec: oldSpec, scaler: f.transform!.toJSON(), split: SPLIT } });
  const loaded = await loadModel(dir);
  const meta = readRunMetadata(loaded.metadata);
  assert.deepEqual(meta.transform, f.transform!.toJSON(), 'the scaler is the transform');
  const g = networkForecasterFromModel(loaded, meta.spec!, meta.transform!);
  assert.deepEqual(g.spec, f.spec, 'the old spec resolves to the same spec');
  assert.deepEqual(g.predictSliding(series, SPLIT), f.predictSliding(series, SPLIT));
  assert.deepEqual(g.forecast(series, 6), f.forecast(series, 6));
});

test('networkForecasterFromModel refuses a transform or an output that is not the spec’s', async () => {
  const f = networkForecaster({ ...small, transform: ['difference', 'standard'] });
  await f.fit(train);
  assert.throws(
    () => networkForecasterFromModel(f.model, f.spec, { kind: 'standard', offset: 0, scale: 1 }),
    (e: Error) =>
      e instanceof ModelFileError &&
      /the fitted transform is \[standard\] but the spec's transform is \[difference, standard\]/.test(e.message),
  );
  assert.throws(
    () => networkForecasterFromModel(f.model, { ...f.spec, horizon: 3, strategy: 'direct' }, f.transform!),
    /the model outputs 1 value\(s\) per window, but the spec's network \(direct, horizon 3\) outputs 3/,
  );
  assert.throws(() => networkForecasterFromModel(f.model, f.spec, makeTransform(['difference', 'standard'])), /is not fitted/);
});
