/**
 * A saved model that is edited, corrupt, incomplete or not made of regular files is refused with
 * one ModelFileError (OptionError for a wrong argument) before anything large is built or read:
 * the checks of manifest.ts, serialize.ts (modelFromFiles, also the browser's entry) and
 * read-node.ts / save-node.ts (loadModel).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError, OptionError } from '../../src/errors.js';
import * as layers from '../../src/layers/index.js';
import { registerLambda } from '../../src/layers/lambda.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { modelFromFiles, modelToFiles, type ModelFiles } from '../../src/model/serialize.js';
import { loadModel, saveModel } from '../../src/model/save-node.js';
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../../src/model/manifest.js';
import type { Tensor } from '../../src/engine/tensor.js';

const root = await mkdtemp(join(tmpdir(), 'seqcast-model-file-checks-'));
after(() => rm(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (): string => join(root, `m${dirCount++}`);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The course's shape of model: expandDims, an LSTM named 'enc', a dense head. */
const lstmModel = (): Sequential =>
  sequential([layers.expandDims(-1, { inputShape: [null] }), layers.lstm(8, { name: 'enc' }), layers.dense(1, { name: 'head' })], {
    seed: 3,
  });

/** model.json of `files` edited by `edit`, as text. */
function edited(files: ModelFiles, edit: (manifest: any) => void): string {
  const manifest = JSON.parse(files['model.json']);
  edit(manifest);
  return JSON.stringify(manifest);
}

/** A saved model on disk whose model.json was edited by `edit`. */
async function savedAndEdited(edit: (manifest: any) => void): Promise<string> {
  const dir = freshDir();
  await saveModel(lstmModel(), dir);
  const file = join(dir, 'model.json');
  await writeFile(file, edited({ 'model.json': await readFile(file, 'utf8'), 'weights.bin': new Uint8Array() }, edit));
  return dir;
}

/** What a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a rejection');
}

/** What `fn` throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected an error');
}

/** Memory this process holds now: typed-array memory and the peak resident size so far, in bytes. */
const memory = (): { arrayBuffers: number; peak: number } => ({
  arrayBuffers: process.memoryUsage().arrayBuffers,
  peak: process.resourceUsage().maxRSS * 1024,
});

test('loadModel(dir) refuses a model.json whose units were edited to 3,000 or 100,000 before building it, with no large allocation', async () => {
  await loadModel(await savedAndEdited(() => {})); // warm up: everything loading needs is loaded
  for (const units of [3000, 100_000]) {
    const dir = await savedAndEdited((m) => (m.model.layers[1].config.units = units));
    const before = memory();
    const err = await rejection(loadModel(dir));
    const after = memory();
    assert.ok(err instanceof ModelFileError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `^'${dir}/model\\.json': weight tensor 0 is 'enc' kernel \\[1, 32\\] at 0\\+32 in weights\\.tensors but the rebuilt layer gives 'enc' kernel \\[1, ${4 * units}\\].*was a layer or its units edited\\?`,
      ),
    );
    // building the layer would take 2 × 4·units² floats (288 MB for 3,000 units, 320 GB for 100,000)
    const MB = 1024 * 1024;
    assert.ok(
      after.arrayBuffers - before.arrayBuffers < 32 * MB,
      `typed arrays grew by ${(after.arrayBuffers - before.arrayBuffers) / MB} MB`,
    );
    assert.ok(after.peak - before.peak < 64 * MB, `the peak memory grew by ${(after.peak - before.peak) / MB} MB`);
  }
});

test('modelFromFiles(json, weights) checks each layer as it is built: a units edit in a later layer, or a dense head grown to 10^9', () => {
  const files = modelToFiles(lstmModel());
  const head = edited(files, (m) => (m.model.layers[2].config.units = 1e9));
  assert.throws(
    () => modelFromFiles(head, files['weights.bin']),
    (err) =>
      err instanceof ModelFileError &&
      /weight tensor 3 is 'head' kernel \[8, 1\].*rebuilt layer gives 'head' kernel \[8, 1000000000\]/.test(err.message),
  );
});

test('modelFromFiles(json, weights) refuses shapes too large to try before a layer runs on them: model.inputShape, a first layer inputShape, a lambda outputShape', () => {
  const files = modelToFiles(lstmModel());
  const w = files['weights.bin'];
  const huge = edited(files, (m) => {
    m.model.inputShape = [1e9];
    m.model.layers[0].config.inputShape = [1e9];
  });
  assert.throws(
    () => modelFromFiles(huge, w),
    /"model\.inputShape" must be a shape of at most 4194304 values per example.*got \[1000000000\]/,
  );
  const differs = edited(files, (m) => (m.model.layers[0].config.inputShape = [1e9]));
  assert.throws(
    () => modelFromFiles(differs, w),
    (err) =>
      err instanceof ModelFileError &&
      /the first layer's inputShape \[1000000000\] differs from model\.inputShape \[null\]/.test(err.message),
  );
  const cube = (x: Tensor): Tensor => x.mul(x).mul(x);
  registerLambda('model-file-checks/cube', cube);
  const withLambda = modelToFiles(sequential([layers.dense(2, { inputShape: [3] }), layers.lambda(cube), layers.expandDims(-1)]));
  const wide = edited(withLambda, (m) => (m.model.layers[1].config.outputShape = [5e8]));
  assert.throws(
    () => modelFromFiles(wide, withLambda['weights.bin']),
    (err) =>
      err instanceof ModelFileError &&
      /layer 1 'lambda\S*' \(Lambda\) outputs \[500000000\] per example, more than 4194304 values/.test(err.message),
  );
});

test('modelFromFiles(json, weights) refuses a weights layout that does not add up, before building anything', () => {
  const files = modelToFiles(lstmModel());
  const w = files['weights.bin'];
  const cases: [(m: any) => void, RegExp][] = [
    [(m) => (m.weights.tensors[1].offset = 0), /"weights\.tensors\[1\]\.offset" must be 32, where the tensor before it ends, got 0/],
    [(m) => (m.weights.tensors[0].length = 31), /"weights\.tensors\[0\]\.length" must be 32, the size of its shape \[1, 32\], got 31/],
    [(m) => (m.weights.tensors[0].shape = [1, null]), /"weights\.tensors\[0\]" must be an object \{ layer, name, shape, offset, length \}/],
    [(m) => (m.weights.byteLength = 1000), /records weights\.byteLength 1000 but its tensors hold 1316 bytes/],
    [(m) => (m.weights.byteLength = 1317), /"weights\.byteLength" must be a byte count \(4 per weight\), got 1317/],
    [(m) => (m.weights.byteLength = MAX_WEIGHTS_BYTES + 4), /records weights of 512 MiB, more than seqcast loads \(512 MiB\)/],
    [(m) => (m.model.seed = -1), /"model\.seed" must be an integer from 0 to 4294967295, got -1/],
    [(m) => (m.model.name = new Array(1e5).fill(1)), /"model\.name" must be a string, got \[1,1,1,.*\.\.\.: the file is corrupt/],
  ];
  for (const [edit, message] of cases) {
    const err = thrown(() => modelFromFiles(edited(files, edit), w));
    assert.ok(err instanceof ModelFileError, String(err));
    assert.match(err.message, message);
    assert.ok(err.message.length < 400, 'a value from the file is cut short');
  }
});

test('modelFromFiles(json, weights) refuses a missing or null checksum, and a wrong one, with a flipped byte', () => {
  const files = modelToFiles(lstmModel());
  const flipped = files['weights.bin'].slice();
  flipped[5] ^= 1;
  for (const [edit, what] of [
    [(m: any) => (m.weights.sha256 = null), 'null'],
    [(m: any) => delete m.weights.sha256, 'missing'],
  ] as const) {
    const err = thrown(() => modelFromFiles(edited(files, edit), flipped));
    assert.ok(err instanceof ModelFileError);
    assert.equal(
      err.message,
      `model.json has no checksum for weights.bin ("weights.sha256" is ${what}), so nothing shows that the weights are intact: the file is incomplete or was edited. Save the model again (model.save(dir), or train again with \`seqcast train --out\`) to get a file with its checksum.`,
    );
  }
  const wrong = thrown(() => modelFromFiles(files['model.json'], flipped));
  assert.ok(wrong instanceof ModelFileError);
  assert.match(
    wrong.message,
    /^weights\.bin is corrupt: its sha256 is [0-9a-f]{64} but model\.json records [0-9a-f]{64}\. Restore the file/,
  );
  const upper = edited(files, (m) => (m.weights.sha256 = m.weights.sha256.toUpperCase()));
  assert.throws(() => modelFromFiles(upper, files['weights.bin']), /"weights\.sha256" must be 64 lowercase hex digits/);
});

test('modelToFiles(model) records the SHA-256 of weights.bin without a hash function given (as in a browser), the same as node:crypto', () => {
  const m = lstmModel();
  const files = modelToFiles(m);
  assert.equal(JSON.parse(files['model.json']).weights.sha256, sha256(files['weights.bin']));
  assert.equal(modelToFiles(m, { sha256 })['model.json'], files['model.json']);
});

test('modelFromFiles(json, weights) refuses Bidirectional layers nested 10,000 deep, or one in another, without a stack overflow', () => {
  const files = modelToFiles(
    sequential([layers.bidirectional(layers.lstm(2, { name: 'inner' }), { inputShape: [null, 1], name: 'bi' }), layers.dense(1)]),
  );
  const manifest = JSON.parse(files['model.json']);
  const inner = JSON.stringify(manifest.model.layers[0].config.layer);
  const n = 10_000;
  manifest.model.layers[0].config.layer = '@';
  const deep = JSON.stringify(manifest).replace(
    '"@"',
    '{"className":"Bidirectional","config":{"layer":'.repeat(n) + inner + '}}'.repeat(n),
  );
  const err = thrown(() => modelFromFiles(deep, files['weights.bin']));
  assert.ok(err instanceof ModelFileError, String(err));
  assert.match(err.message, /^model\.json nests objects and arrays more than 64 levels deep, which no seqcast model does/);
  const twice = JSON.stringify(manifest).replace('"@"', `{"className":"Bidirectional","config":{"layer":${inner}}}`);
  assert.throws(
    () => modelFromFiles(twice, files['weights.bin']),
    (e) =>
      e instanceof ModelFileError &&
      /layer 0 'bi' \(Bidirectional\): config\.layer must be a SimpleRNN, LSTM or GRU, got Bidirectional/.test(e.message),
  );
});

test('modelFromFiles(json, weights) refuses a model.json over 8 MiB before parsing it', () => {
  const files = modelToFiles(lstmModel());
  const big = edited(files, (m) => (m.metadata.pad = 'x'.repeat(MAX_MODEL_JSON_BYTES)));
  const err = thrown(() => modelFromFiles(big, files['weights.bin']));
  assert.ok(err instanceof ModelFileError);
  assert.match(err.message, /^model\.json is 8 MiB, more than a model\.json can be \(8 MiB\): it is not a seqcast model file/);
});

test('modelToFiles(model) refuses metadata that would make model.json larger than loading reads', () => {
  const m = lstmModel();
  assert.throws(
    () => modelToFiles(m, { metadata: { series: 'x'.repeat(MAX_MODEL_JSON_BYTES) } }),
    (err) => err instanceof OptionError && /model\.json would be over 8 MiB, more than loading reads.*files of their own/.test(err.message),
  );
});

test('modelFromFiles(json, weights) with arguments of the wrong kind says what it needs (OptionError)', () => {
  const files = modelToFiles(lstmModel());
  assert.throws(
    () => modelFromFiles(undefined as never, files['weights.bin']),
    (err) =>
      err instanceof OptionError &&
      /needs the text of model\.json as json \(a string\), got undefined: read the file as text/.test(err.message),
  );
  assert.throws(
    () => modelFromFiles(files['model.json'], [1, 2] as never),
    (err) => err instanceof OptionError && /needs the bytes of weights\.bin .*got an array/.test(err.message),
  );
});

test('loadModel(dir) with no path, an empty one or a number says what it expects (OptionError)', async () => {
  for (const dir of [undefined, '', '  ', 42, null]) {
    const err = await rejection(loadModel(dir as never));
    assert.ok(err instanceof OptionError, String(err));
    assert.match(
      err.message,
      /^loadModel\(dir\) needs the path of a model directory as a non-empty string, got .*: pass the directory that model\.save\(dir\)/,
    );
  }
});

test('loadModel(dir) refuses a model.json or weights.bin that links to /dev/zero, is a named pipe or a directory, without reading it', async (t) => {
  if (process.platform === 'win32' || !existsSync('/dev/zero')) return t.skip('needs /dev/zero and mkfifo');
  for (const name of ['model.json', 'weights.bin']) {
    const dir = freshDir();
    await saveModel(lstmModel(), dir);
    await rm(join(dir, name));
    await symlink('/dev/zero', join(dir, name));
    const err = await rejection(loadModel(dir));
    assert.ok(err instanceof ModelFileError, String(err));
    assert.equal(
      err.message,
      `Cannot load a model from '${dir}': ${name} is a link to '/dev/zero', a character device, not a regular file: replace it with the ${name} of a saved model. A saved model is a directory with the two regular files model.json and weights.bin, as model.save(dir) writes them.`,
    );
    await rm(join(dir, name));
    execFileSync('mkfifo', [join(dir, name)]);
    assert.match((await rejection(loadModel(dir))).message, new RegExp(`: ${name} is a named pipe \\(FIFO\\), not a regular file`));
    await rm(join(dir, name));
    await mkdir(join(dir, name));
    assert.match((await rejection(loadModel(dir))).message, new RegExp(`: ${name} is a directory, not a regular file`));
  }
});

test('loadModel(dir) refuses a weights.bin of another size than model.json records, and a model.json over 8 MiB, before reading them', async () => {
  const dir = freshDir();
  await saveModel(lstmModel(), dir);
  await truncate(join(dir, 'weights.bin'), 100);
  await assert.rejects(
    loadModel(dir),
    (err) => err instanceof ModelFileError && /weights\.bin' is truncated: expected 1316 bytes, found 100\./.test(err.message),
  );
  await truncate(join(dir, 'weights.bin'), 4 * 1024 * 1024 * 1024); // sparse: 4 GiB that reading would fill with zeros
  await assert.rejects(
    loadModel(dir),
    /weights\.bin' is too long: expected 1316 bytes, found 4294967296\. It does not belong to this model\.json/,
  );
  await truncate(join(dir, 'model.json'), 64 * 1024 * 1024);
  await assert.rejects(loadModel(dir), /model\.json' is 64 MiB, more than a model\.json can be \(8 MiB\)/);
});

test('loadModel(dir) refuses a model saved without a checksum and a flipped byte (null sha256 is not a pass)', async () => {
  const dir = await savedAndEdited((m) => (m.weights.sha256 = null));
  const file = join(dir, 'weights.bin');
  const bytes = await readFile(file);
  bytes[5] ^= 1;
  await writeFile(file, bytes);
  await assert.rejects(
    loadModel(dir),
    (err) =>
      err instanceof ModelFileError && /model\.json' has no checksum for weights\.bin \("weights\.sha256" is null\)/.test(err.message),
  );
});
