import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '../../src/engine/tensor.js';
import { RandomState } from '../../src/engine/random.js';
import * as layers from '../../src/layers/index.js';
import { registerLambda } from '../../src/layers/lambda.js';
import type { Layer } from '../../src/layers/layer.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { modelFromFiles, modelToFiles, type ModelFiles } from '../../src/model/serialize.js';
import { loadModel, saveModel } from '../../src/model/save-node.js';
import { huber } from '../../src/losses/losses.js';
import { sgd } from '../../src/optim/sgd.js';
import { rmsprop } from '../../src/optim/rmsprop.js';
import { adam } from '../../src/optim/adam.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import type { Batch } from '../../src/data/dataset.js';

const root = await mkdtemp(join(tmpdir(), 'seqcast-serialize-'));
after(() => rm(root, { recursive: true, force: true }));
let dirCount = 0;
/** A fresh path under the test's temporary directory (not created). */
const freshDir = (): string => join(root, `m${dirCount++}`);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Builds a model and moves every weight off its seeded initial value, so only weights.bin can restore them. */
function model(ls: Layer[], seed = 1): Sequential {
  const m = sequential(ls, { seed });
  const rng = new RandomState(seed + 100);
  const v = m.params.values;
  for (let i = 0; i < v.length; i++) v[i] += 0.1 * rng.randn();
  return m;
}

/** A fixed input batch of shape (B, ...shape), values in [-1, 1). */
function input(shape: number[], batch = 3): Tensor {
  const rng = new RandomState(7);
  const size = batch * shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: size }, () => rng.uniform(-1, 1)),
    [batch, ...shape],
  );
}

const bits = (t: Tensor): Buffer => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

/** Round trip through the pure functions; checks predict bits, summary and that a second save gives the same files. */
function assertRoundTrip(m: Sequential, x: Tensor): Sequential {
  const files = modelToFiles(m, { sha256 });
  const loaded = modelFromFiles(files['model.json'], files['weights.bin'], { sha256 });
  assert.deepEqual(bits(loaded.predict(x)), bits(m.predict(x)), 'predict differs after the round trip');
  assert.equal(loaded.summary(), m.summary());
  const again = modelToFiles(loaded, { sha256 });
  assert.equal(again['model.json'], files['model.json']);
  assert.deepEqual(Buffer.from(again['weights.bin']), Buffer.from(files['weights.bin']));
  return loaded;
}

/** The model's files with model.json edited by `edit`. */
function edited(files: ModelFiles, edit: (manifest: any) => void): string {
  const manifest = JSON.parse(files['model.json']);
  edit(manifest);
  return JSON.stringify(manifest);
}

const seqInput = (T = 6, F = 2) => input([T, F]);

test('modelFromFiles(modelToFiles(model)) round-trips dense layers bit for bit', () => {
  assertRoundTrip(
    model([
      layers.dense(4, { activation: 'relu', inputShape: [3] }),
      layers.dense(2, { useBias: false }),
      layers.dense(1, { activation: 'tanh' }),
    ]),
    input([3]),
  );
});

test('modelFromFiles(modelToFiles(model)) round-trips simpleRNN with every option', () => {
  assertRoundTrip(
    model([
      layers.simpleRNN(4, { returnSequences: true, goBackwards: true, activation: 'relu', inputShape: [null, 2] }),
      layers.simpleRNN(3, { useBias: false }),
      layers.dense(1),
    ]),
    seqInput(),
  );
});

test('modelFromFiles(modelToFiles(model)) round-trips lstm with every option', () => {
  assertRoundTrip(
    model([
      layers.lstm(4, { returnSequences: true, unitForgetBias: false, inputShape: [6, 2] }),
      layers.lstm(3, { goBackwards: true, recurrentActivation: 'tanh', activation: 'relu' }),
      layers.dense(1),
    ]),
    seqInput(),
  );
});

test('modelFromFiles(modelToFiles(model)) round-trips gru with resetAfter true and false', () => {
  for (const resetAfter of [true, false]) {
    assertRoundTrip(
      model([
        layers.gru(4, { resetAfter, returnSequences: true, inputShape: [null, 2] }),
        layers.gru(2, { resetAfter, useBias: false }),
        layers.dense(1),
      ]),
      seqInput(),
    );
  }
});

test('modelFromFiles(modelToFiles(model)) round-trips bidirectional in every merge mode', () => {
  for (const mergeMode of ['concat', 'sum', 'ave', 'mul'] as const) {
    const m = model([
      layers.bidirectional(layers.lstm(3, { returnSequences: true }), { mergeMode, inputShape: [null, 2] }),
      layers.bidirectional(layers.gru(2, { resetAfter: false, returnSequences: true }), { mergeMode }),
      layers.bidirectional(layers.simpleRNN(2, { goBackwards: true }), { mergeMode }),
      layers.dense(1),
    ]);
    assertRoundTrip(m, seqInput());
  }
});

test("modelToFiles(model) names a bidirectional layer's duplicate tensors by copy, in buffer order", () => {
  const m = model([layers.bidirectional(layers.lstm(2, { name: 'enc' }), { inputShape: [null, 1] })]);
  const tensors = JSON.parse(modelToFiles(m)['model.json']).weights.tensors;
  assert.deepEqual(
    tensors.map((t: any) => t.name),
    [
      'forward_enc/kernel',
      'forward_enc/recurrent_kernel',
      'forward_enc/bias',
      'backward_enc/kernel',
      'backward_enc/recurrent_kernel',
      'backward_enc/bias',
    ],
  );
  assert.deepEqual(
    tensors.map((t: any) => t.offset),
    [0, 8, 24, 32, 40, 56],
  );
  assert.deepEqual(new Set(tensors.map((t: any) => t.layer)), new Set([m.layers[0].name]));
});

test('modelFromFiles(modelToFiles(model)) round-trips conv1d with every padding, strides and dilation', () => {
  for (const padding of ['valid', 'same', 'causal'] as const) {
    assertRoundTrip(
      model([
        layers.conv1d(3, { kernelSize: 2, padding, strides: 2, inputShape: [null, 2] }),
        layers.conv1d(2, { kernelSize: 2, padding, dilationRate: 2, activation: 'relu', useBias: false }),
        layers.dense(1),
      ]),
      input([12, 2]),
    );
  }
});

test('modelFromFiles(modelToFiles(model)) round-trips dropout, expandDims, scale and a registered lambda', () => {
  const cube = (x: Tensor) => x.mul(x).mul(x);
  registerLambda('serialize-test/cube-2', cube);
  const loaded = assertRoundTrip(
    model([
      layers.expandDims(-1, { inputShape: [null] }),
      layers.simpleRNN(3),
      layers.dropout(0.3, { seed: 5 }),
      layers.lambda(cube),
      layers.dense(1),
      layers.scale(100),
    ]),
    input([5]),
  );
  const config = JSON.parse(modelToFiles(loaded)['model.json']).model.layers[3].config;
  assert.deepEqual(config, { kind: 'lambda', registered: 'serialize-test/cube-2', outputShape: [3], name: loaded.layers[3].name });
});

test('modelFromFiles(files) restores the compiled loss, optimizer and metrics, and fit continues as the original would', async () => {
  const build = () => model([layers.dense(3, { activation: 'tanh', inputShape: [2] }), layers.dense(1)]);
  const data: Batch[] = [0, 1, 2].map((b) => ({ x: input([2], 4 + b), y: input([1], 4 + b) }));
  for (const optimizer of [
    sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 1 }),
    adam({ learningRate: 0.01, amsgrad: true }),
    rmsprop({ learningRate: 0.01, momentum: 0.5, centered: true, clipValue: 2 }),
  ]) {
    const m = build();
    m.compile({ loss: huber(0.5), optimizer, metrics: ['mae', 'mse'] });
    const files = modelToFiles(m);
    const loaded = modelFromFiles(files['model.json'], files['weights.bin']);
    assert.deepEqual(loaded.loss.config, { delta: 0.5 });
    assert.equal(loaded.optimizer.name, optimizer.name);
    assert.deepEqual(loaded.optimizer.config(), optimizer.config());
    assert.deepEqual(loaded.metrics, ['mae', 'mse']);
    const h1 = await m.fit(data, { epochs: 2 });
    const h2 = await loaded.fit(data, { epochs: 2 });
    assert.deepEqual(h2, h1);
    assert.deepEqual(loaded.params.values, m.params.values);
  }
});

test('modelToFiles(model, { metadata }) round-trips plain JSON metadata, defaulting to model.metadata', () => {
  const m = model([layers.dense(1, { inputShape: [2] })]);
  const metadata = {
    scaler: { kind: 'standard', mean: 12.5, std: 3.25 },
    window: 20,
    spec: ['lstm', 32, null, true],
    series: 'sunspots [monthly]',
    lastDates: ['2024-01-31'],
  };
  const files = modelToFiles(m, { metadata });
  assert.deepEqual(modelFromFiles(files['model.json'], files['weights.bin']).metadata, metadata);
  m.metadata = { note: 'kept' };
  const own = modelToFiles(m);
  assert.deepEqual(modelFromFiles(own['model.json'], own['weights.bin']).metadata, { note: 'kept' });
});

test('modelToFiles(model, { metadata }) throws on values JSON cannot keep, naming them', () => {
  const m = model([layers.dense(1, { inputShape: [2] })]);
  assert.throws(
    () => modelToFiles(m, { metadata: { scaler: { mean: new Float32Array(2) } } }),
    /metadata\.scaler\.mean is a Float32Array.*Array\.from/,
  );
  assert.throws(() => modelToFiles(m, { metadata: { loss: NaN } }), /metadata\.loss is NaN/);
  assert.throws(() => modelToFiles(m, { metadata: [1] as never }), /metadata must be a plain object/);
});

test('modelToFiles(model) throws for a lambda whose function is not registered, naming the layer and registerLambda', () => {
  const m = model([layers.dense(2, { inputShape: [2] }), layers.lambda((x) => x.mul(3), { name: 'triple' })]);
  assert.throws(() => modelToFiles(m), /Layer 'triple' \(Lambda\) cannot be saved: its function is not registered\. Call registerLambda\(/);
});

test('modelToFiles(model) throws for an unbuilt model, NaN weights and a custom optimizer (unless includeOptimizer is false)', () => {
  assert.throws(() => modelToFiles(sequential([layers.dense(1)])), /not built yet/);
  const m = model([layers.dense(1, { inputShape: [2] })]);
  const custom: Optimizer = { name: 'mine', learningRate: 1, step: () => {}, config: () => ({}) };
  m.compile({ loss: 'mse', optimizer: custom });
  assert.throws(() => modelToFiles(m), /custom optimizer 'mine'.*includeOptimizer: false/);
  const files = modelToFiles(m, { includeOptimizer: false });
  assert.equal(JSON.parse(files['model.json']).training, null);
  assert.equal(modelFromFiles(files['model.json'], files['weights.bin']).isCompiled, false);
  m.params.values[1] = NaN;
  assert.throws(() => modelToFiles(m, { includeOptimizer: false }), /non-finite weight \(NaN\) at value 1/);
});

test('modelFromFiles(json, weights) rejects text that is not JSON or not a seqcast model, recognizing tfjs and Keras files', () => {
  const w = new Uint8Array(0);
  assert.throws(
    () => modelFromFiles('{"format": "seqcast-model",', w),
    /^ModelFileError: model\.json is not valid JSON \(.*\): the file is corrupt/,
  );
  assert.throws(() => modelFromFiles('[1, 2]', w), /model\.json is not a seqcast model: it holds a JSON array/);
  const tfjs = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'keras v2.15',
    modelTopology: { class_name: 'Sequential' },
    weightsManifest: [],
  });
  assert.throws(
    () => modelFromFiles(tfjs, w),
    /model\.json is a TensorFlow\.js layers model, not a seqcast model file: load its directory with loadModel\(dir\)/,
  );
  const keras = JSON.stringify({ class_name: 'Sequential', config: {}, keras_version: '2.15.0' });
  assert.throws(() => modelFromFiles(keras, w), /is a Keras model config, not a seqcast model/);
  assert.throws(() => modelFromFiles(JSON.stringify({ format: 'other' }), w), /its "format" is "other", expected "seqcast-model"/);
});

test('modelFromFiles(json, weights) rejects a newer format version, telling to upgrade', () => {
  const files = modelToFiles(model([layers.dense(1, { inputShape: [2] })]), { createdBy: 'seqcast 9.0.0' });
  const json = edited(files, (m) => (m.version = 2));
  assert.throws(
    () => modelFromFiles(json, files['weights.bin']),
    /model\.json has format version 2, newer than this seqcast reads \(up to 1\); it was written by seqcast 9\.0\.0: upgrade seqcast/,
  );
});

test('modelFromFiles(json, weights) names a missing or mistyped manifest field', () => {
  const files = modelToFiles(model([layers.dense(1, { inputShape: [2] })]));
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => delete m.weights.tensors),
        files['weights.bin'],
      ),
    /model\.json: "weights\.tensors" must be an array, got nothing: the file is corrupt or was edited by hand/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.weights.dtype = 'float64')),
        files['weights.bin'],
      ),
    /"weights\.dtype" must be "float32", got "float64"/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers = [])),
        files['weights.bin'],
      ),
    /"model\.layers" must be a non-empty array/,
  );
});

test('modelFromFiles(json, weights) rejects an unknown className, an unknown key and a config the factory rejects', () => {
  const files = modelToFiles(model([layers.dense(3, { inputShape: [2], name: 'hidden' }), layers.dense(1)]));
  const w = files['weights.bin'];
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers[0].className = 'Attention')),
        w,
      ),
    /model\.json: layer 0 'hidden' \(Attention\): unknown className 'Attention': seqcast knows Dense, SimpleRNN/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers[0].config.unit = 3)),
        w,
      ),
    /layer 0 'hidden' \(Dense\): unknown config key 'unit' for Dense/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers[0].config.useBias = 'yes')),
        w,
      ),
    /config\.useBias must be a boolean, got "yes"/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers[0].config.units = -3)),
        w,
      ),
    /layer 0 'hidden' \(Dense\): Dense units must be a positive integer, got -3/,
  );
  assert.throws(
    () =>
      modelFromFiles(
        edited(files, (m) => (m.model.layers[0].config.activation = 'gelu')),
        w,
      ),
    /Unknown activation 'gelu'/,
  );
});

test('modelFromFiles(json, weights) rejects a hand-edited topology whose shapes no longer match the weights', () => {
  const files = modelToFiles(model([layers.expandDims(-1, { inputShape: [null] }), layers.lstm(32, { name: 'enc' }), layers.dense(1)]));
  const json = edited(files, (m) => (m.model.layers[1].config.units = 31));
  assert.throws(
    () => modelFromFiles(json, files['weights.bin']),
    /model\.json: weight tensor 0 is 'enc' kernel \[1, 128\] at 0\+128 in weights\.tensors but the rebuilt layer gives 'enc' kernel \[1, 124\].*was a layer or its units edited\?/,
  );
  const dropped = edited(files, (m) => m.model.layers.splice(2, 1));
  assert.throws(() => modelFromFiles(dropped, files['weights.bin']), /lists 5 weight tensors but the rebuilt model has 3/);
});

test('modelFromFiles(json, weights) rejects truncated, too long, corrupt (with or without a hash function) and NaN weights', () => {
  const files = modelToFiles(model([layers.simpleRNN(2, { inputShape: [null, 1] }), layers.dense(1)]), { sha256 });
  const json = files['model.json'];
  const w = files['weights.bin'];
  assert.throws(() => modelFromFiles(json, w.subarray(0, 20)), /weights\.bin is truncated: expected 44 bytes, found 20/);
  assert.throws(() => modelFromFiles(json, new Uint8Array(48)), /weights\.bin is too long: expected 44 bytes, found 48/);
  const flipped = w.slice();
  flipped[5] ^= 1;
  assert.throws(
    () => modelFromFiles(json, flipped, { sha256 }),
    /weights\.bin is corrupt: its sha256 is [0-9a-f]{64} but model\.json records [0-9a-f]{64}/,
  );
  assert.throws(
    () => modelFromFiles(json, flipped),
    /weights\.bin is corrupt: its sha256 is/,
    "without a hash function, seqcast's own checks the digest",
  );
  const nan = w.slice();
  new DataView(nan.buffer).setFloat32(4 * 4, NaN, true);
  const nanJson = json.replace(/"sha256": "[0-9a-f]{64}"/, `"sha256": "${sha256(nan)}"`); // a NaN written with its checksum
  assert.throws(
    () => modelFromFiles(nanJson, nan),
    /weights\.bin holds a non-finite value \(NaN\) at value 4, in 'simple_rnn\S*' recurrent_kernel/,
  );
});

test('modelFromFiles(json, weights) takes an ArrayBuffer or a Uint8Array at any offset', () => {
  const m = model([layers.dense(2, { inputShape: [3] })]);
  const files = modelToFiles(m);
  const padded = new Uint8Array(files['weights.bin'].length + 1);
  padded.set(files['weights.bin'], 1);
  const x = input([3]);
  assert.deepEqual(bits(modelFromFiles(files['model.json'], padded.subarray(1)).predict(x)), bits(m.predict(x)));
  const buffer = files['weights.bin'].slice().buffer;
  assert.deepEqual(bits(modelFromFiles(files['model.json'], buffer).predict(x)), bits(m.predict(x)));
});

test('modelFromFiles(json, weights) fails on an unregistered lambda name, telling to call registerLambda first', () => {
  const fn = (x: Tensor) => x.mul(x).mul(x);
  registerLambda('serialize-test/cube-3', fn);
  const files = modelToFiles(model([layers.dense(2, { inputShape: [2] }), layers.lambda(fn, { name: 'cubed' })]));
  const json = edited(files, (m) => (m.model.layers[1].config.registered = 'serialize-test/never-registered'));
  assert.throws(
    () => modelFromFiles(json, files['weights.bin']),
    /layer 1 'cubed' \(Lambda\): No lambda is registered under 'serialize-test\/never-registered': call registerLambda\('serialize-test\/never-registered', fn\) before loading the model/,
  );
});

test('saveModel(model, dir) and loadModel(dir) round-trip through disk, with sha256 and the package version', async () => {
  const dir = freshDir();
  const m = model([layers.expandDims(-1, { inputShape: [null] }), layers.bidirectional(layers.lstm(3)), layers.dense(1)]);
  m.compile({ loss: 'huber', optimizer: sgd({ learningRate: 1e-3, momentum: 0.9 }), metrics: ['mae'] });
  await m.save(dir, { metadata: { window: 20 } });
  assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(manifest.createdBy, `seqcast ${pkg.version}`);
  assert.equal(manifest.weights.sha256, sha256(await readFile(join(dir, 'weights.bin'))));
  const loaded = await loadModel(dir);
  const x = input([5]);
  assert.deepEqual(bits(loaded.predict(x)), bits(m.predict(x)));
  assert.equal(loaded.summary(), m.summary());
  assert.deepEqual(loaded.metadata, { window: 20 });
  assert.equal(loaded.loss.name, 'huber');
});

test('loadModel(dir) rejects a corrupt or truncated weights.bin on disk, naming the file', async () => {
  const dir = freshDir();
  await saveModel(model([layers.dense(4, { inputShape: [3] })]), dir);
  const file = join(dir, 'weights.bin');
  const bytes = await readFile(file);
  bytes[3] ^= 0x10;
  await writeFile(file, bytes);
  await assert.rejects(loadModel(dir), new RegExp(`^ModelFileError: '${dir}/weights\\.bin' is corrupt: its sha256`));
  await writeFile(file, bytes.subarray(0, 30));
  await assert.rejects(loadModel(dir), /weights\.bin' is truncated: expected 64 bytes, found 30\./);
});

test('loadModel(dir) names a missing directory, a missing file, a file path and an interrupted save', async () => {
  const dir = freshDir();
  await assert.rejects(loadModel(dir), /Cannot load a model from '.*': the directory does not exist\. Check the path/);
  await saveModel(model([layers.dense(1, { inputShape: [2] })]), dir);
  await assert.rejects(loadModel(join(dir, 'model.json')), /it is a file, not a model directory\. Pass its directory/);
  await rm(join(dir, 'weights.bin'));
  await assert.rejects(
    loadModel(dir),
    /weights\.bin is missing\. A saved model is a directory with the two regular files model\.json and weights\.bin/,
  );
  const other = freshDir();
  await mkdir(`${other}.old-123-abcd`);
  await assert.rejects(loadModel(other), /A save was interrupted: the previous model is in '.*\.old-123-abcd'; rename it/);
});

test('saveModel(model, dir) replaces a saved model atomically and leaves no temporary directory', async () => {
  const dir = freshDir();
  await saveModel(model([layers.dense(1, { inputShape: [2] })], 1), dir);
  const second = model([layers.dense(1, { inputShape: [2] })], 2);
  await saveModel(second, dir);
  const x = input([2]);
  assert.deepEqual(bits((await loadModel(dir)).predict(x)), bits(second.predict(x)));
  assert.deepEqual(
    (await readdir(root)).filter((n) => n.startsWith(dir.split('/').pop()!)),
    [dir.split('/').pop()],
  );
});

test('saveModel(model, dir) that fails (an unregistered lambda) leaves the saved model untouched', async () => {
  const dir = freshDir();
  await saveModel(model([layers.dense(1, { inputShape: [2] })]), dir);
  const before = [await readFile(join(dir, 'model.json')), await readFile(join(dir, 'weights.bin'))];
  const bad = model([layers.dense(1, { inputShape: [2] }), layers.lambda((x) => x.abs(), { name: 'absolute' })]);
  await assert.rejects(bad.save(dir), /Layer 'absolute' \(Lambda\) cannot be saved.*registerLambda/);
  assert.deepEqual(await readFile(join(dir, 'model.json')), before[0]);
  assert.deepEqual(await readFile(join(dir, 'weights.bin')), before[1]);
  assert.deepEqual(
    (await readdir(root)).filter((n) => n.startsWith(`${dir.split('/').pop()}.`)),
    [],
  );
});

test('saveModel(model, dir) refuses a file or a directory holding other files, and changes nothing', async () => {
  const dir = freshDir();
  await mkdir(dir);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  const m = model([layers.dense(1, { inputShape: [2] })]);
  await assert.rejects(saveModel(m, dir), /it holds other files \(notes\.txt\), and saving replaces the whole directory/);
  assert.deepEqual(await readdir(dir), ['notes.txt']);
  await assert.rejects(saveModel(m, join(dir, 'notes.txt')), /it is a file\. Pass a directory path/);
  assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine');
});
