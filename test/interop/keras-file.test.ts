import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ModelFileError, OptionError } from '../../src/errors.js';
import { MAX_KERAS_FILE_BYTES, readKerasBytes, readKerasFile, type KerasFileContents } from '../../src/interop/keras-file.js';
import { snakeCase } from '../../src/interop/keras-weights.js';
import { crc32 } from '../../src/interop/zip-entries.js';
import { CASES, KERAS2_VERSION, KERAS3_VERSION, expectedWeights, keras2Config, keras3Config } from '../fixtures/keras/cases.js';
import { keras3Bytes, keras3WeightsH5, legacyBytes } from '../fixtures/keras/generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures', 'keras');
const byName = (name: string) => CASES.find((c) => c.name === name)!;
const rnn = byName('simple-rnn-lambdas');

/** The bytes of a float32 array, to compare values bit for bit (NaN and -0 included). */
const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function assertContents(got: KerasFileContents, name: string, format: 'keras' | 'h5'): void {
  const c = byName(name);
  assert.equal(got.format, format);
  assert.equal(got.kerasVersion, format === 'keras' ? KERAS3_VERSION : KERAS2_VERSION);
  assert.deepEqual(got.modelConfig, format === 'keras' ? keras3Config(c) : keras2Config(c));
  const want = expectedWeights(c, format);
  assert.deepEqual(
    got.weights.map((w) => [w.name, w.shape]),
    want.map((w) => [w.name, w.shape]),
  );
  got.weights.forEach((w, i) => {
    assert.ok(w.values instanceof Float32Array, `${w.name} is a Float32Array`);
    assert.ok(bits(w.values).equals(bits(want[i].values)), `${w.name}: the values differ`);
  });
}

/** Asserts that `promise` rejects with one ModelFileError naming `source` and matching `pattern`. */
async function refuses(promise: Promise<unknown>, source: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ModelFileError, `a ModelFileError, got ${String(err)}`);
    assert.match(err.message, new RegExp(`^Cannot read the Keras model '${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': `));
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, /HDF5-DIAG|#000/, 'no raw HDF5 error stack');
    return true;
  });
}

describe('readKerasFile(path) reads the fixtures back as generate.ts wrote them', () => {
  for (const c of CASES)
    for (const format of ['keras', 'h5'] as const)
      it(`${c.name}.${format}: config, weight names, order, shapes and values`, async () => {
        assertContents(await readKerasFile(join(FIXTURES, `${c.name}.${format}`)), c.name, format);
      });

  it('keeps a Lambda as Keras wrote it: marshalled code as a string, never run', async () => {
    const { modelConfig } = await readKerasFile(join(FIXTURES, 'simple-rnn-lambdas.keras'));
    const layers = (modelConfig as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }).config.layers;
    const lambda = layers.find((l) => l.class_name === 'Lambda')!;
    assert.deepEqual(Object.keys(lambda.config.function as object), ['class_name', 'config']);
    assert.equal((lambda.config.function as { class_name: string }).class_name, '__lambda__');
  });
});

describe('readKerasBytes(bytes, source)', () => {
  it('reads float64 weights as float32, rounded to nearest', async () => {
    const path = 'layers/dense/vars/0';
    const wide = Float64Array.from({ length: 8 }, (_, i) => 0.1 * (i + 1));
    const bytes = await keras3Bytes(rnn, { weight: (p) => (p === `/${path}` ? { data: wide, shape: [8, 1] } : undefined) });
    const got = await readKerasBytes(bytes, 'wide.keras');
    const w = got.weights.find((t) => t.name === path)!;
    assert.deepEqual(w.shape, [8, 1]);
    assert.ok(bits(w.values).equals(bits(Float32Array.from(wide))));
  });

  it('refuses what is neither a zip nor HDF5, naming the file', async () => {
    await refuses(readKerasBytes(new Uint8Array(0), 'e.keras'), 'e.keras', /it is empty/);
    await refuses(readKerasBytes(new TextEncoder().encode('{"modelTopology": {}}'), 'model.json'), 'model.json', /is JSON.*loadModel/);
    await refuses(readKerasBytes(new Uint8Array(64).fill(7), 'x.h5'), 'x.h5', /neither a \.keras zip nor an HDF5/);
  });

  it('refuses what is not a Uint8Array with an OptionError', async () => {
    await assert.rejects(readKerasBytes(new ArrayBuffer(8) as unknown as Uint8Array, 'a.keras'), (err: unknown) => {
      assert.ok(err instanceof OptionError);
      assert.match(err.message, /needs the file's bytes as a Uint8Array, got ArrayBuffer/);
      return true;
    });
  });

  it('refuses a size over the limit before reading anything', async () => {
    // a Uint8Array that says it is larger than the limit: never indexed, the size is checked first
    const huge = Object.defineProperty(new Uint8Array(0), 'length', { value: MAX_KERAS_FILE_BYTES + 1 });
    await refuses(readKerasBytes(huge, 'big.keras'), 'big.keras', /more than seqcast reads/);
  });
});

describe('readKerasBytes refuses a broken .keras with one message', () => {
  it('a truncated zip', async () => {
    const bytes = await keras3Bytes(rnn);
    await refuses(
      readKerasBytes(bytes.subarray(0, bytes.length >> 1), 't.keras'),
      't.keras',
      /not a readable zip archive.*truncated or corrupt/,
    );
  });

  it('a zip without config.json, or without model.weights.h5, or with npz weights', async () => {
    await refuses(readKerasBytes(await keras3Bytes(rnn, { omitEntries: ['config.json'] }), 'a.keras'), 'a.keras', /no config\.json/);
    await refuses(
      readKerasBytes(await keras3Bytes(rnn, { omitEntries: ['model.weights.h5'] }), 'b.keras'),
      'b.keras',
      /no model\.weights\.h5/,
    );
  });

  it('a zip entry whose bytes fail its CRC-32, or that inflates past the size it declares', async () => {
    const { unzipSync, zipSync } = await import('fflate');
    const bytes = await keras3Bytes(rnn);
    const at = Buffer.from(bytes).indexOf('"units"'); // inside config.json, stored as is
    assert.ok(at > 0);
    const flipped = bytes.slice();
    flipped[at + 2] ^= 0x01; // "units" → "tnits": still JSON, a different model
    await refuses(readKerasBytes(flipped, 'f.keras'), 'f.keras', /config\.json fails its CRC-32 check/);
    // deflated, with a central directory that says 100 bytes: fflate stops there, the CRC does not match
    const deflated = zipSync(unzipSync(bytes), { level: 6 });
    const view = new DataView(deflated.buffer);
    for (let i = 0; i + 46 < deflated.length; i++)
      if (view.getUint32(i, true) === 0x02014b50 && new TextDecoder().decode(deflated.subarray(i + 46, i + 57)) === 'config.json')
        view.setUint32(i + 24, 100, true);
    await refuses(readKerasBytes(deflated, 'd.keras'), 'd.keras', /config\.json fails its CRC-32 check/);
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('a zip entry that declares an absurd size, before inflating it', async () => {
    const bytes = await keras3Bytes(rnn);
    // the central directory's record of config.json: signature PK\1\2, uncompressed size at offset 24
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 < bytes.length; i++)
      if (view.getUint32(i, true) === 0x02014b50) {
        const nameLength = view.getUint16(i + 28, true);
        const name = new TextDecoder().decode(bytes.subarray(i + 46, i + 46 + nameLength));
        if (name === 'config.json') (view.setUint32(i + 24, 0xfffffff0, true), patched++);
      }
    assert.equal(patched, 1);
    await refuses(readKerasBytes(bytes, 'z.keras'), 'z.keras', /config\.json declares 4294967280 bytes/);
  });

  it('a model.weights.h5 that lacks a layer', async () => {
    await refuses(
      readKerasBytes(await keras3Bytes(rnn, { omitLayers: [1] }), 'm.keras'),
      'm.keras',
      /no weights for layer 'simple_rnn' \(SimpleRNN\).*layers\/simple_rnn/,
    );
  });

  it('a model.weights.h5 that lacks one weight of a layer', async () => {
    const bytes = await keras3Bytes(rnn, { weight: (p) => (p === '/layers/simple_rnn_1/cell/vars/0' ? null : undefined) });
    await refuses(readKerasBytes(bytes, 'w.keras'), 'w.keras', /holds 2 weights but no weight '0'/);
  });

  it('a model.weights.h5 with a layer its config.json does not have', async () => {
    const config = keras3Config(rnn) as { config: { layers: unknown[] } };
    config.config.layers.pop();
    await refuses(
      readKerasBytes(await keras3Bytes(rnn, { config }), 'x.keras'),
      'x.keras',
      /'layers\/lambda_1' for a layer its config\.json does not have/,
    );
  });

  it('an integer weight', async () => {
    const bytes = await keras3Bytes(rnn, {
      weight: (p) => (p === '/layers/dense/vars/1' ? { data: new Int32Array([1]), shape: [1] } : undefined),
    });
    await refuses(readKerasBytes(bytes, 'i.keras'), 'i.keras', /'layers\/dense\/vars\/1' is int32.*float32/);
  });

  it('a weight that holds NaN, or a float64 beyond float32', async () => {
    const nan = Float32Array.from({ length: 8 }, (_, i) => (i === 5 ? NaN : i));
    const a = await keras3Bytes(rnn, { weight: (p) => (p === '/layers/dense/vars/0' ? { data: nan, shape: [8, 1] } : undefined) });
    await refuses(readKerasBytes(a, 'nan.keras'), 'nan.keras', /'layers\/dense\/vars\/0' holds NaN \(value 6 of 8\).*diverged/);
    const wide = Float64Array.from({ length: 8 }, (_, i) => (i === 0 ? 1e300 : i));
    const b = await keras3Bytes(rnn, { weight: (p) => (p === '/layers/dense/vars/0' ? { data: wide, shape: [8, 1] } : undefined) });
    await refuses(readKerasBytes(b, 'wide.keras'), 'wide.keras', /holds Infinity \(value 1 of 8\), or a float64 beyond float32/);
  });

  it('an absurd shape, without allocating it', async () => {
    const resized = { data: new Float32Array(1), shape: [1, 1], resizeTo: [1e9, 1e9] };
    const bytes = await keras3Bytes(rnn, { weight: (p) => (p === '/layers/dense/vars/0' ? resized : undefined) });
    assert.ok(bytes.length < 100_000, 'the file itself is small');
    const before = process.memoryUsage().arrayBuffers;
    await refuses(readKerasBytes(bytes, 'h.keras'), 'h.keras', /'layers\/dense\/vars\/0' has 1000000000000000000 values/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'nothing large was allocated');
  });

  it('a corrupt model.weights.h5', async () => {
    const h5 = await keras3Bytes(rnn);
    // cut model.weights.h5 short inside the (stored) zip: rebuild the zip with the cut entry
    const { unzipSync, zipSync } = await import('fflate');
    const entries = unzipSync(h5);
    entries['model.weights.h5'] = entries['model.weights.h5'].subarray(0, 2000);
    await refuses(
      readKerasBytes(zipSync(entries, { level: 0 }), 'c.keras'),
      'c.keras',
      /model\.weights\.h5 is corrupt: the HDF5 library cannot read it/,
    );
  });

  it('a config of a subclassed model, without a list of layers', async () => {
    const config = { module: 'builtins', class_name: 'MyModel', config: {}, registered_name: 'MyModel' };
    await refuses(
      readKerasBytes(await keras3Bytes(rnn, { config }), 's.keras'),
      's.keras',
      /'MyModel' model without a list of layers.*Sequential/,
    );
  });
});

describe('readKerasBytes refuses a broken legacy .h5 with one message', () => {
  it('a truncated file', async () => {
    const bytes = await legacyBytes(rnn);
    await refuses(readKerasBytes(bytes.subarray(0, 3000), 't.h5'), 't.h5', /corrupt or truncated: the HDF5 library cannot read it/);
  });

  it('a file missing a layer, or one of its weights', async () => {
    await refuses(
      readKerasBytes(await legacyBytes(rnn, { omitLayers: [3] }), 'l.h5'),
      'l.h5',
      /no weights for layer 'dense' \(Dense\) in 'model_weights'/,
    );
    const bytes = await legacyBytes(rnn, { weight: (p) => (p.endsWith('recurrent_kernel:0') ? null : undefined) });
    await refuses(
      readKerasBytes(bytes, 'w.h5'),
      'w.h5',
      /no weight dataset 'model_weights\/simple_rnn\/simple_rnn\/simple_rnn_cell\/recurrent_kernel:0'/,
    );
  });

  it('weights only (save_weights), or an HDF5 file that is no Keras model', async () => {
    const weightsOnly = await legacyBytes(rnn, { noConfig: true, edit: (f) => f.create_attribute('layer_names', ['dense'], [1], 'S5') });
    await refuses(readKerasBytes(weightsOnly, 'w.h5'), 'w.h5', /weights only \(model\.save_weights\).*model\.save\('model\.h5'\)/);
    const keras3WeightsOnly = await keras3WeightsH5(rnn);
    await refuses(
      readKerasBytes(keras3WeightsOnly, 'm.weights.h5'),
      'm.weights.h5',
      /weights only \(model\.save_weights\('x\.weights\.h5'\) of Keras 3\)/,
    );
    // an HDF5 file written by h5py, shipped with h5wasm's tests
    const foreign = readFileSync(join(here, '..', '..', 'node_modules', 'h5wasm', 'test', 'compressed.h5'));
    await refuses(readKerasBytes(foreign, 'compressed.h5'), 'compressed.h5', /HDF5 file without a 'model_config' attribute/);
  });

  it('a model_config that is not JSON', async () => {
    await refuses(
      readKerasBytes(await legacyBytes(rnn, { configText: '{"class_name": "Sequential", ' }), 'j.h5'),
      'j.h5',
      /'model_config' is not valid JSON/,
    );
  });

  it('an integer weight, or an absurd shape', async () => {
    const odd = await legacyBytes(rnn, {
      weight: (p) => (p.endsWith('dense/bias:0') ? { data: new Int32Array([7]), shape: [1] } : undefined),
    });
    await refuses(readKerasBytes(odd, 'o.h5'), 'o.h5', /is int32, and seqcast reads float32/);
    const resized = { data: new Float32Array(1), shape: [1], resizeTo: [2 ** 40] };
    const huge = await legacyBytes(rnn, { weight: (p) => (p.endsWith('dense/kernel:0') ? resized : undefined) });
    await refuses(readKerasBytes(huge, 'h.h5'), 'h.h5', /has 1099511627776 values, more than a seqcast layer's tensor can hold/);
  });

  it('layer_names naming a layer the config does not have', async () => {
    const config = keras2Config(rnn) as { config: { layers: unknown[] } };
    config.config.layers.splice(2, 1); // drop simple_rnn (index 1 of the case, after the InputLayer)
    await refuses(
      readKerasBytes(await legacyBytes(rnn, { config }), 's.h5'),
      's.h5',
      /layer 'simple_rnn' that its model config does not have/,
    );
  });
});

describe('readKerasFile(path) on the file system', () => {
  it('refuses a missing file, a directory, a path that is not a string, and a file over the size limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqcast-keras-'));
    try {
      await refuses(readKerasFile(join(dir, 'nope.keras')), join(dir, 'nope.keras'), /does not exist/);
      await refuses(readKerasFile(dir), dir, /is a directory.*loadModel/);
      await assert.rejects(readKerasFile('' as string), OptionError);
      await assert.rejects(readKerasFile(42 as unknown as string), OptionError);
      const big = join(dir, 'big.keras');
      writeFileSync(big, '');
      truncateSync(big, MAX_KERAS_FILE_BYTES + 1); // sparse: takes no disk space
      await refuses(readKerasFile(big), big, /more than seqcast reads/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('snakeCase(className)', () => {
  it('names a layer group as Keras 3 does', () => {
    assert.deepEqual(
      ['Dense', 'SimpleRNN', 'LSTM', 'GRU', 'Conv1D', 'Bidirectional', 'InputLayer', 'Lambda', 'BatchNormalization'].map(snakeCase),
      ['dense', 'simple_rnn', 'lstm', 'gru', 'conv1d', 'bidirectional', 'input_layer', 'lambda', 'batch_normalization'],
    );
  });
});
