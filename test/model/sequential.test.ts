import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { Dense } from '../../src/layers/dense.js';
import { sequential } from '../../src/model/sequential.js';
import { simpleRnnLab } from '../../src/model/course-models.js';
import { sgd } from '../../src/optim/sgd.js';
import { huber, mse } from '../../src/losses/losses.js';
import { learningRateScheduler, type Callback } from '../../src/model/callbacks.js';
import { TrainingDivergedError } from '../../src/model/fit.js';
import type { Batch } from '../../src/data/dataset.js';

/** The course's RNN lab model. */
const labModel = (seed = 0) => simpleRnnLab({ seed });

/** y = 2·x0 − x1 + 0.5 on a fixed grid, in batches of 4. */
function linearData(): Batch[] {
  const xs: number[][] = [];
  for (let i = 0; i < 16; i++) xs.push([((i % 4) - 1.5) / 2, (Math.floor(i / 4) - 1.5) / 2]);
  const batches: Batch[] = [];
  for (let b = 0; b < 4; b++) {
    const rows = xs.slice(b * 4, b * 4 + 4);
    batches.push({ x: Tensor.from(rows), y: Tensor.from(rows.map(([a, c]) => [2 * a - c + 0.5])) });
  }
  return batches;
}

test('summary() of the lab model prints the shapes and parameter counts Keras prints', () => {
  const s = labModel().summary();
  assert.match(s, /lambda \(Lambda\)\s+\(None, None, 1\)\s+0/);
  assert.match(s, /simple_rnn(_\d+)? \(SimpleRNN\)\s+\(None, None, 40\)\s+1680/);
  assert.match(s, /\(SimpleRNN\)\s+\(None, 40\)\s+3240/);
  assert.match(s, /\(Dense\)\s+\(None, 1\)\s+41/);
  assert.match(s, /Total params: 4,961/);
});

test('summary() cuts a long layer name as Keras does, so the columns stay apart', () => {
  const s = sequential([
    layers.expandDims(-1, { inputShape: [null] }),
    layers.bidirectional(layers.lstm(32, { name: 'a_long_lstm_name' })),
    layers.dense(1),
  ]).summary();
  const line = s.split('\n').find((l) => l.includes('(Bidirectio'))!;
  assert.match(line, /^ \S.{26} \(None, 64\)\s+8704$/, line);
});

test('sequential(layers, { seed }) gives the same weights for the same seed, others for another', () => {
  const a = labModel(7).params.values;
  const b = labModel(7).params.values;
  const c = labModel(8).params.values;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('sequential() rejects layers whose shapes do not fit together, naming the layer', () => {
  assert.throws(() => sequential([layers.dense(3, { inputShape: [4] }), layers.simpleRNN(5)]), /SimpleRNN/);
  assert.throws(() => sequential([layers.simpleRNN(5, { inputShape: [null] })]), /expects input of shape/);
  assert.throws(
    () => sequential([layers.dense(1, { inputShape: [2] }), layers.dense(1, { inputShape: [1] })]),
    /only the first layer takes one/,
  );
});

test('sequential(layers, { onLayerBuilt }) sees each layer built, in order, before the weights exist, and can stop the build', () => {
  const seen: string[] = [];
  const model = sequential([layers.dense(3, { inputShape: [2], name: 'a' }), layers.dense(1, { name: 'b' })], {
    onLayerBuilt: (layer, i) => seen.push(`${i} ${layer.name} ${layer.params.map((p) => p.shape.join('x')).join(' ')}`),
  });
  assert.deepEqual(seen, ['0 a 2x3 3', '1 b 3x1 1']);
  assert.equal(model.countParams(), 13);
  const stopped = sequential([layers.dense(2), layers.dense(1, { name: 'last' })], {
    onLayerBuilt: (layer) => {
      if (layer.name === 'last') throw new Error('refused');
    },
  });
  assert.throws(() => stopped.build([4]), /^Error: refused$/);
  assert.equal(stopped.built, false);
});

test('predict() checks the input shape against the built model', () => {
  const model = sequential([layers.dense(1, { inputShape: [3] })]);
  assert.deepEqual(
    model.predict(
      Tensor.from([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).shape,
    [2, 1],
  );
  assert.throws(() => model.predict(Tensor.from([[1, 2]])), /expects input of shape \(None, 3\) but got \[1, 2\]/);
});

test('predict() in batches equals one big batch', () => {
  const model = labModel(3);
  const x = new Tensor(
    Float32Array.from({ length: 70 * 20 }, (_, i) => Math.sin(i / 7)),
    [70, 20],
  );
  const whole = model.predict(x, { batchSize: 70 });
  const parts = model.predict(x, { batchSize: 32 });
  assert.deepEqual(parts.shape, [70, 1]);
  for (let i = 0; i < 70; i++) assert.ok(Math.abs(whole.data[i] - parts.data[i]) < 1e-4);
});

test('fit() before compile() throws, saying to compile', async () => {
  await assert.rejects(labModel().fit(linearData()), /Call model.compile\(\{ loss, optimizer \}\) before fit/);
});

test('fit() learns a linear map and reports loss, metrics, validation and lr per epoch', async () => {
  const model = sequential([layers.dense(1, { inputShape: [2] })], { seed: 1 });
  model.compile({ loss: mse(), optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), metrics: ['mae', 'mse'] });
  const data = linearData();
  const history = await model.fit(data, { epochs: 60, validationData: data });
  assert.deepEqual(history.epoch, [...Array(60).keys()]);
  for (const key of ['loss', 'mae', 'mse', 'val_loss', 'val_mae', 'val_mse', 'lr']) assert.equal(history.history[key].length, 60, key);
  assert.ok(history.history.loss[59] < 1e-4 * history.history.loss[0], `loss ${history.history.loss[0]} → ${history.history.loss[59]}`);
  const [w0, w1, b] = model.params.values;
  assert.ok(Math.abs(w0 - 2) < 0.01 && Math.abs(w1 + 1) < 0.01 && Math.abs(b - 0.5) < 0.01, `weights ${w0}, ${w1}, ${b}`);
  const evaluated = model.evaluate(data);
  assert.ok(Math.abs(evaluated.loss - history.history.val_loss[59]) < 1e-9);
});

test("fit() calls the callbacks in order and learningRateScheduler sets each epoch's rate", async () => {
  const model = sequential([layers.dense(1, { inputShape: [2] })]);
  model.compile({ loss: huber(), optimizer: sgd({ learningRate: 0.5 }) });
  const calls: string[] = [];
  const spy: Callback = {
    onTrainBegin: (_m, params) => void calls.push(`train ${params.epochs}`),
    onEpochBegin: (e) => void calls.push(`epoch ${e}`),
    onBatchEnd: (b) => void calls.push(`batch ${b}`),
    onEpochEnd: (e, logs) => void calls.push(`end ${e} ${logs.lr}`),
    onTrainEnd: () => void calls.push('done'),
  };
  const data = linearData().slice(0, 2);
  const history = await model.fit(data, { epochs: 3, callbacks: [learningRateScheduler((e) => 1e-3 * 10 ** e), spy] });
  assert.deepEqual(history.history.lr, [1e-3, 1e-2, 1e-1]);
  assert.deepEqual(calls, [
    'train 3', // the epochs it will run, as Keras's callback params
    'epoch 0',
    'batch 0',
    'batch 1',
    'end 0 0.001',
    'epoch 1',
    'batch 0',
    'batch 1',
    'end 1 0.01',
    'epoch 2',
    'batch 0',
    'batch 1',
    'end 2 0.1',
    'done',
  ]);
});

test('model.stopTraining set by a callback ends fit() after that epoch', async () => {
  const model = sequential([layers.dense(1, { inputShape: [2] })]);
  model.compile({ loss: 'mse', optimizer: sgd() });
  const history = await model.fit(linearData(), { epochs: 10, callbacks: [{ onEpochEnd: (e, _l, m) => void (m.stopTraining = e === 2) }] });
  assert.equal(history.epoch.length, 3);
});

test('fit() stops with a clear message when the loss becomes NaN, keeping finite weights', async () => {
  const model = labModel(0);
  model.compile({ loss: mse(), optimizer: sgd({ learningRate: 1e6, momentum: 0.9 }) });
  const x = new Tensor(
    Float32Array.from({ length: 8 * 10 }, (_, i) => 50 * Math.sin(i)),
    [8, 10],
  );
  const y = new Tensor(
    Float32Array.from({ length: 8 }, (_, i) => 100 * i),
    [8, 1],
  );
  // the explosion check (an epoch 10× above the start) would stop it first: off, to reach NaN
  const err = await model.fit([{ x, y }], { epochs: 50, divergenceFactor: Infinity }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TrainingDivergedError, `expected divergence, got ${err}`);
  assert.match(err.message, /the loss became (NaN|Infinity).*last good weights are kept; lower the learning rate/);
  assert.ok(model.params.allFinite());
  assert.ok(Number.isFinite(model.evaluate([{ x, y }]).loss));
});

/** Runs an ES module's source in a fresh Node process (through tsx, so it imports src/ directly) and returns its stdout. */
async function runInFreshNode(source: string): Promise<string> {
  const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', source]);
  return stdout.trim();
}

const src = (path: string): string => JSON.stringify(new URL(`../../src/${path}`, import.meta.url).href);

test('model.save(dir) works with the package entry imported (src/index.ts), and loadModel reads the model back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqcast-save-'));
  try {
    const out = await runInFreshNode(`
      const { sequential, layers, loadModel } = await import(${src('index.ts')});
      const model = sequential([layers.dense(2, { inputShape: [3] }), layers.dense(1)], { seed: 4 });
      await model.save(${JSON.stringify(join(dir, 'm'))}, { metadata: { window: 20 } });
      const loaded = await loadModel(${JSON.stringify(join(dir, 'm'))});
      console.log(JSON.stringify({ same: loaded.params.values.every((v, i) => v === model.params.values[i]), metadata: loaded.metadata }));
    `);
    assert.deepEqual(JSON.parse(out), { same: true, metadata: { window: 20 } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('model.save(dir) without the Node saver loaded (as in a browser) throws, pointing to modelToFiles', async () => {
  const out = await runInFreshNode(`
    const { sequential } = await import(${src('model/sequential.ts')});
    const { dense } = await import(${src('layers/dense.ts')});
    const model = sequential([dense(1, { inputShape: [2] })]);
    console.log(await model.save(${JSON.stringify(join(tmpdir(), 'seqcast-never-written'))}).then(() => 'saved', (e) => e.message));
  `);
  assert.match(
    out,
    /^model\.save\(dir\) needs Node\.js \(a file system\): in a browser use modelToFiles\(model\)\. In Node, import seqcast's entry point/,
  );
});

test('the whole lab model backpropagates: analytic gradients match finite differences', () => {
  const model = labModel(5);
  model.compile({ loss: huber(), optimizer: sgd() });
  const x = new Tensor(
    Float32Array.from({ length: 3 * 6 }, (_, i) => 0.3 * Math.sin(i * 1.3)),
    [3, 6],
  );
  const y = Tensor.from([[20], [-10], [5]]);
  const lossAt = (): number => model.loss.compute(y, model.forward(x, false)).item();
  const pred = model.forward(x, true).variable();
  const l = model.loss.compute(y, pred);
  l.backward();
  model.params.zeroGrad();
  model.backward(new Tensor(pred.grad!, pred.shape));
  const { values, grads } = model.params;
  // every 37th weight: all tensors of all layers get sampled
  for (let i = 0; i < values.length; i += 37) {
    const w = values[i];
    const eps = 1e-2;
    values[i] = w + eps;
    const up = lossAt();
    values[i] = w - eps;
    const down = lossAt();
    values[i] = w;
    const numeric = (up - down) / (2 * eps);
    assert.ok(Math.abs(grads[i] - numeric) <= 2e-3 + 2e-2 * Math.abs(numeric), `weight ${i}: analytic ${grads[i]} vs numeric ${numeric}`);
  }
});

test("backward(dy, false) gives the same parameter gradients to the bit, without the input's (which training never reads)", () => {
  for (const make of [
    () =>
      sequential([layers.dense(5, { activation: 'relu', inputShape: [3] }), layers.dense(4, { activation: 'tanh' }), layers.dense(2)], {
        seed: 4,
      }),
    () => labModel(2),
  ]) {
    const model = make();
    const rows = model.inputShape!.length === 1 ? [6, 3] : [6, 5];
    const x = new Tensor(
      Float32Array.from({ length: rows[0] * rows[1] }, (_, i) => Math.sin(i * 1.7)),
      rows,
    );
    const y = model.forward(x, true);
    const dy = new Tensor(
      Float32Array.from({ length: y.size }, (_, i) => Math.cos(i * 0.9)),
      y.shape,
    );
    model.params.zeroGrad();
    const dx = model.backward(dy);
    const full = model.params.grads.slice();
    model.params.zeroGrad();
    const skipped = model.backward(dy, false);
    assert.deepEqual(model.params.grads, full);
    // a Dense first layer skips the input's gradient; others (the lab model's Lambda) may give it anyway
    if (model.layers[0] instanceof Dense) assert.equal(skipped, null);
    assert.ok(full.some((g) => g !== 0) && dx.size === x.size);
  }
});
