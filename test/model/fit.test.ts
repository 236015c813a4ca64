import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { DIVERGENCE_FACTOR, TrainingDivergedError } from '../../src/model/fit.js';
import { learningRateScheduler } from '../../src/model/callbacks.js';
import { simpleRnnLab } from '../../src/model/course-models.js';
import { huber } from '../../src/losses/losses.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { InputError, OptionError, SeqcastError, TrainingError } from '../../src/errors.js';
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
  // the explosion check (an epoch 10× above the start) would stop it at epoch 1: off, to reach Infinity
  const err = await model.fit([batch, batch], { epochs: 50, divergenceFactor: Infinity }).then(
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
  const err = await model.fit([{ x: Tensor.from([[1]]), y: Tensor.from([[0]]) }], { epochs: 3, divergenceFactor: Infinity }).then(
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

/** w·x + b on x = 1 against 0 with MSE: SGD at rate lr multiplies the prediction by (1 − 4·lr) per step. */
function line(): ReturnType<typeof sequential> {
  const model = sequential([layers.dense(1, { inputShape: [1] })], { seed: 2 });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }) });
  return model;
}
const ones: Batch[] = Array.from({ length: 4 }, () => ({ x: Tensor.from([[1]]), y: Tensor.from([[0]]) }));

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => null,
    (e: unknown) => e,
  );
}

test("fit() stops when an epoch's loss explodes past 10× its start, keeping the weights from before that epoch", async () => {
  const model = line();
  // two calm epochs (×0.6 per step), then ×−11 per step: the third epoch ends ~100× above the start
  const schedule = learningRateScheduler((epoch) => (epoch < 2 ? 0.1 : 3));
  let afterEpoch2: Float32Array | null = null;
  const keep = { onEpochEnd: (epoch: number) => void (epoch === 1 && (afterEpoch2 = model.params.values.slice())) };
  const err = await failure(model.fit(ones, { epochs: 10, callbacks: [schedule, keep] }));
  assert.ok(err instanceof TrainingDivergedError, `expected divergence, got ${err}`);
  assert.ok(err instanceof TrainingError && err instanceof SeqcastError);
  assert.equal(err.kind, 'exploded');
  const m =
    /^Training stopped at the end of epoch 3: the loss exploded from (\S+) at the start to (\S+), more than 10× higher, with learning rate 3\. The weights from the end of epoch 2 are kept; lower the learning rate, e\.g\. to 0\.01\.$/.exec(
      err.message,
    );
  assert.ok(m, err.message);
  assert.ok(Number(m[2]) > 10 * Number(m[1]));
  assert.deepEqual(model.params.values, afterEpoch2); // bit for bit
  assert.deepEqual(err.history.epoch, [0, 1]);
  assert.ok(err.history.history.loss.every((l) => l < Number(m[1])));
});

test("fit() exploding in its first epoch keeps the untrained weights and suggests Adam's default rate for adam", async () => {
  const model = sequential([layers.dense(1, { inputShape: [1] })], { seed: 2 });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 3 }) });
  const untrained = model.params.values.slice();
  const err = await failure(model.fit(ones, { epochs: 5 }));
  assert.ok(err instanceof TrainingDivergedError);
  assert.match(
    err.message,
    /^Training stopped at the end of epoch 1: .* The untrained weights are kept; lower the learning rate, e\.g\. to 0\.01\.$/,
  );
  assert.deepEqual(model.params.values, untrained);
  assert.deepEqual(err.history.epoch, []);

  const { adam } = await import('../../src/optim/adam.js');
  const lstm = sequential([layers.expandDims(-1, { inputShape: [null] }), layers.lstm(8), layers.dense(1)], { seed: 0 });
  lstm.compile({ loss: 'huber', optimizer: adam({ learningRate: 1000 }) });
  const { series } = syntheticSeries();
  const scaled = series.subarray(0, 400).map((v) => (v - 50) / 15);
  const adamErr = await failure(lstm.fit(windowedDataset(scaled, { window: 20, seed: 0 }), { epochs: 3 }));
  assert.ok(adamErr instanceof TrainingDivergedError, `expected divergence, got ${adamErr}`);
  assert.match(adamErr.message, /exploded .* with learning rate 1000\..*lower the learning rate, e\.g\. to 0\.001 \(Adam's default\)\.$/);
});

test('fit({ divergenceFactor }) moves the bar, Infinity turns it off, and a factor of 1 or less is an OptionError', async () => {
  const steep = learningRateScheduler((epoch) => (epoch < 2 ? 0.1 : 3));
  const err = await failure(line().fit(ones, { epochs: 10, callbacks: [steep], divergenceFactor: 1e6 }));
  assert.ok(err instanceof TrainingDivergedError);
  assert.match(err.message, /^Training stopped at the end of epoch 4: .*more than 1000000× higher/);
  const off = await failure(line().fit(ones, { epochs: 10, callbacks: [steep], divergenceFactor: Infinity }));
  assert.ok(off instanceof TrainingDivergedError && off.kind === 'not-finite', `expected NaN or Infinity, got ${off}`);
  assert.equal(DIVERGENCE_FACTOR, 10);
  for (const bad of [1, 0, -5, NaN, '10']) {
    await assert.rejects(line().fit(ones, { divergenceFactor: bad as number }), (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.match(
        e.message,
        /^fit divergenceFactor must be a number above 1, got .*: use e\.g\. 10, or Infinity to turn the check off\.$/,
      );
      return true;
    });
  }
});

test('fit() measures the start against predicting 0 too, so an easy first batch does not set the bar', async () => {
  // the untrained model predicts 0: the first batch's loss is 1e-4, the second's 100
  const model = sequential([layers.dense(1, { inputShape: [1] })], { seed: 0 });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.001 }) });
  model.params.values.fill(0);
  const data: Batch[] = [
    { x: Tensor.from([[1]]), y: Tensor.from([[0.01]]) },
    { x: Tensor.from([[1]]), y: Tensor.from([[10]]) },
  ];
  const history = await model.fit(data, { epochs: 3 });
  assert.ok(history.history.loss[0] > 10 * 1e-4, 'the epoch must end above 10× the first batch, or the test proves nothing');
  assert.equal(history.epoch.length, 3);
});

test("fit() with the demo's settings, a gradient-clipped run and Adam at its default rate never trips the divergence check", async () => {
  const { series } = syntheticSeries();
  const demo = simpleRnnLab({ seed: 2 });
  demo.compile({ loss: huber(), optimizer: sgd({ learningRate: 1e-6, momentum: 0.9 }), metrics: ['mae'] });
  const train = windowedDataset(series.subarray(0, 1000), { window: 20, batchSize: 32, shuffleBuffer: 1000, seed: 2 });
  const history = await demo.fit(train, { epochs: 3 });
  assert.equal(history.epoch.length, 3);
  for (const clipNorm of [1, undefined]) {
    const net = networkForecaster({
      model: 'lstm',
      units: 8,
      layers: 1,
      epochs: 3,
      clipNorm,
      ...(clipNorm ? { optimizer: 'sgd', learningRate: 0.1 } : {}),
    });
    const { history: h } = await net.fit(series.subarray(0, 600));
    assert.equal(h.epoch.length, 3, `clipNorm ${clipNorm}`);
  }
});

test('fit() and evaluate() say what a batch must be when the data is not batches of Tensors', async () => {
  const model = sequential([layers.dense(1, { inputShape: [3] })]);
  model.compile({ loss: 'mse', optimizer: sgd() });
  const x = Tensor.from([[1, 2, 3]]);
  const y = Tensor.from([[1]]);
  const cases: [unknown, RegExp][] = [
    [null, /^fit needs batches: an iterable of \{ x, y \} Tensors such as windowedDataset\(series, \{ window: 20 \}\), got null\.$/],
    [5, /^fit needs batches: .*got the number 5\.$/],
    ['abc', /^fit needs batches: .*got the string "abc"\.$/],
    [[1, 2], /^fit batch 1 is the number 1, not \{ x, y \}: each batch holds x \(batch, window\) or \(batch, window, features\) and y/],
    [[{ x: [[1, 2, 3]], y: [1] }], /^fit batch 1: x is an Array of 1, not a Tensor: .*wrap values with Tensor\.from\(values, shape\)\.$/],
    [[{ x }], /^fit batch 1: y is undefined, not a Tensor/],
    [[{ x: Tensor.from([1, 2, 3]), y }], /^fit batch 1: x has shape \[3\], without a batch axis/],
    [
      [
        {
          x: Tensor.from([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          y,
        },
      ],
      /^fit batch 1: x holds 2 example\(s\) \(shape \[2, 3\]\) but y 1 \(shape \[1, 1\]\): give one label row per example\.$/,
    ],
    [
      [{ x: Tensor.from([[1, 2]]), y }],
      /^Model 'sequential' expects input of shape \(None, 3\) but got \[1, 2\]: check the window size and the number of features\.$/,
    ],
    [[{ x, y: Tensor.from([[1, 2]]) }], /^Loss: targets of shape \[1, 2\] do not match predictions of shape \[1, 1\]/],
  ];
  for (const [data, message] of cases) {
    await assert.rejects(model.fit(data as Batch[]), (e: unknown) => {
      assert.ok(e instanceof InputError, `${JSON.stringify(data)}: ${e}`);
      assert.match(e.message, message);
      return true;
    });
  }
  assert.throws(() => model.evaluate([{ x: [[1, 2, 3]], y } as unknown as Batch]), /^InputError: evaluate batch 1: x is an Array of 1/);
  await assert.rejects(
    model.fit([{ x, y }], null as never),
    /^OptionError: fit options must be an object such as \{ epochs: 100 \}, got null\.$/,
  );
  await assert.rejects(model.fit([{ x, y }], { epochs: 0 }), /^OptionError: fit epochs must be a positive integer, got 0/);
  await assert.rejects(model.fit([]), /^TrainingError: fit got no batches/);
  assert.throws(
    () => new Tensor([1, 2, 3] as never, [3]),
    /^InputError: Tensor data must be a Float32Array, got an Array: use Tensor\.from/,
  );
  assert.throws(() => model.predict([[1, 2, 3]] as never), /^InputError: predict needs a Tensor of examples/);
});
