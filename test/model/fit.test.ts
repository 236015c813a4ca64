import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { TrainingDivergedError } from '../../src/model/fit.js';
import { sgd } from '../../src/optim/sgd.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { windowedDataset } from '../../src/data/window.js';
import type { Batch } from '../../src/data/dataset.js';

/** Wraps an optimizer, keeping a copy of the weights as they were before each step. */
function recording(inner: Optimizer): Optimizer & { before: Float32Array[] } {
  const before: Float32Array[] = [];
  return {
    name: inner.name,
    get learningRate() {
      return inner.learningRate;
    },
    set learningRate(lr: number) {
      inner.learningRate = lr;
    },
    before,
    step(params, grads, segments) {
      before.push(params.slice());
      inner.step(params, grads, segments);
    },
    config: () => inner.config(),
  };
}

test('fit() stopping on an infinite loss keeps exactly the weights before the diverging step and attaches the history', async () => {
  // w·10 + b against 0 with lr 1: the weights grow ~200x per step until the loss overflows float32
  const model = sequential([layers.dense(1, { inputShape: [1] })], { seed: 2 });
  const opt = recording(sgd({ learningRate: 1 }));
  model.compile({ loss: 'mse', optimizer: opt, metrics: ['mae'] });
  const batch = { x: Tensor.from([[10]]), y: Tensor.from([[0]]) };
  const err = await model.fit([batch, batch], { epochs: 50 }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TrainingDivergedError, `expected divergence, got ${err}`);
  assert.match(
    err.message,
    /^Training stopped at epoch (\d+), batch (\d+): the loss became (Infinity|NaN) \(learning rate 1\)\. The last good weights are kept; lower the learning rate or scale the data\.$/,
  );
  assert.deepEqual(model.params.values, opt.before.at(-1)); // bit for bit
  assert.ok(model.params.allFinite());
  const epoch = Number(/epoch (\d+)/.exec(err.message)![1]);
  assert.ok(epoch > 1, 'the test should diverge after at least one full epoch');
  assert.deepEqual(err.history.epoch, [...Array(epoch - 1).keys()]);
  assert.equal(err.history.history.loss.length, epoch - 1);
  assert.equal(err.history.history.mae.length, epoch - 1);
  assert.ok(err.history.history.loss.every(Number.isFinite));
});

test('fit() stops when the last step of an epoch leaves NaN weights, restoring the weights before it', async () => {
  const model = sequential([layers.dense(1, { inputShape: [1] })], { seed: 2 });
  let steps = 0;
  const poison = recording({
    name: 'poison',
    learningRate: 0.1,
    step: (p) => void (++steps === 3 ? p.fill(NaN) : p.fill(steps)),
    config: () => ({}),
  });
  model.compile({ loss: 'mse', optimizer: poison });
  const err = await model.fit([{ x: Tensor.from([[1]]), y: Tensor.from([[0]]) }], { epochs: 3 }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TrainingDivergedError);
  assert.match(err.message, /^Training stopped at the end of epoch 3: the weights became NaN or infinite/);
  assert.deepEqual(Array.from(model.params.values), [2, 2]);
  assert.deepEqual(err.history.epoch, [0, 1]);
});

test('fit() on NaN data fails on the first batch and says to check the data, with metrics compiled', async () => {
  const model = sequential([layers.dense(1, { inputShape: [2] })]);
  model.compile({ loss: 'huber', optimizer: sgd(), metrics: ['mae', 'mse'] });
  const before = model.params.values.slice();
  const x = Tensor.from([
    [1, NaN],
    [0, 1],
  ]);
  await assert.rejects(model.fit([{ x, y: Tensor.from([[1], [2]]) }]), (e: unknown) => {
    assert.ok(e instanceof TrainingDivergedError);
    assert.match(e.message, /epoch 1, batch 1: the loss became NaN .*before any update: check the data for NaN/);
    return true;
  });
  assert.deepEqual(model.params.values, before);
});

/** Sum of f(error) over a batch's predictions, and the count. */
function errors(model: ReturnType<typeof sequential>, { x, y }: Batch, f: (e: number) => number): { sum: number; n: number } {
  const p = model.predict(x).data;
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += f(p[i] - y.data[i]);
  return { sum, n: p.length };
}

test('fit() reports val_loss and val_<metric> right for sequence outputs (B, T, 1) and uneven batches', async () => {
  const model = sequential([layers.simpleRNN(4, { returnSequences: true, inputShape: [null, 1] }), layers.dense(1)], { seed: 4 });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.01 }), metrics: ['mae', 'mse'] });
  const seq = (b: number, t: number, k: number): Batch => ({
    x: new Tensor(
      Float32Array.from({ length: b * t }, (_, i) => Math.sin(i + k)),
      [b, t, 1],
    ),
    y: new Tensor(
      Float32Array.from({ length: b * t }, (_, i) => Math.cos(i * k)),
      [b, t, 1],
    ),
  });
  const train = [seq(3, 4, 1)];
  const valid = [seq(3, 4, 2), seq(2, 5, 3)]; // 12 and 10 predicted values, batch sizes 3 and 2
  const history = await model.fit(train, { epochs: 1, validationData: valid });
  const abs = valid.map((b) => errors(model, b, Math.abs));
  const sq = valid.map((b) => errors(model, b, (e) => e * e));
  // Keras: the loss averages batch losses weighted by batch size, a metric averages every value
  const wantLoss = (3 * (sq[0].sum / sq[0].n) + 2 * (sq[1].sum / sq[1].n)) / 5;
  const wantMae = (abs[0].sum + abs[1].sum) / 22;
  const wantMse = (sq[0].sum + sq[1].sum) / 22;
  const h = history.history;
  assert.ok(Math.abs(h.val_loss[0] - wantLoss) < 1e-6, `val_loss ${h.val_loss[0]} vs ${wantLoss}`);
  assert.ok(Math.abs(h.val_mae[0] - wantMae) < 1e-6, `val_mae ${h.val_mae[0]} vs ${wantMae}`);
  assert.ok(Math.abs(h.val_mse[0] - wantMse) < 1e-6, `val_mse ${h.val_mse[0]} vs ${wantMse}`);
  assert.ok(Math.abs(wantMse - wantLoss) > 1e-4, 'the two weightings should differ here, or the test proves nothing');
  const evaluated = model.evaluate(valid);
  assert.ok(Math.abs(evaluated.mae - wantMae) < 1e-6);
});

test('fit() trains a seq2seq model on windowedDataset(series, { sequenceLabels: true })', async () => {
  const series = Float32Array.from({ length: 120 }, (_, i) => Math.sin(i / 5));
  const data = windowedDataset(series, { window: 10, sequenceLabels: true, batchSize: 16, seed: 1 });
  const model = sequential([layers.simpleRNN(8, { returnSequences: true, inputShape: [null, 1] }), layers.dense(1)], { seed: 1 });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05, momentum: 0.9 }), metrics: ['mae'] });
  const history = await model.fit(data, { epochs: 15, validationData: data });
  const { loss, val_mae } = history.history;
  assert.ok(loss[14] < 0.5 * loss[0], `loss ${loss[0]} → ${loss[14]}`);
  assert.ok(Number.isFinite(val_mae[14]));
});
