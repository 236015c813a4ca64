/**
 * Reading TF.js layers directories from disk: each broken file is one ModelFileError naming it and
 * the fix, before any weight is allocated; a file that is neither format names both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError } from '../../src/errors.js';
import { exportModel } from '../../src/interop/export.js';
import { modelFromTfjsFiles } from '../../src/interop/tfjs-artifacts.js';
import { loadModel } from '../../src/model/save-node.js';
import { dnn } from '../../src/model/course-models.js';
import { Tensor } from '../../src/engine/tensor.js';

const root = await mkdtemp(join(tmpdir(), 'seqcast-tfjs-files-'));
test.after(() => rm(root, { recursive: true, force: true }));
let n = 0;

/** A fresh export of a small dnn, and its model.json parsed. */
async function exported(): Promise<{ dir: string; json: Record<string, any> }> {
  const dir = join(root, `x${n++}`);
  await exportModel(dnn({ window: 4, units: [3] }), dir, { format: 'tfjs' });
  return { dir, json: JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) };
}

async function refused(dir: string, message: RegExp): Promise<void> {
  await assert.rejects(loadModel(dir), (err: Error) => {
    assert.ok(err instanceof ModelFileError, `${err.name}: ${err.message}`);
    assert.match(err.message, message);
    return true;
  });
}

test('loadModel(dir) refuses a truncated or a missing shard, naming it', async () => {
  const a = await exported();
  await truncate(join(a.dir, 'group1-shard1of1.bin'), 20);
  await refused(
    a.dir,
    /its shards group1-shard1of1\.bin hold 20 bytes but model\.json's weights take 76: a shard is truncated\. Copy the model's files again/,
  );
  const b = await exported();
  await unlink(join(b.dir, 'group1-shard1of1.bin'));
  await refused(b.dir, /its weight shard group1-shard1of1\.bin is missing\. Copy all the files model\.json lists/);
});

test('loadModel(dir) refuses weights of another dtype or quantized, and a shard path outside the directory', async () => {
  const edits: [(json: Record<string, any>) => void, RegExp][] = [
    [
      (j) => (j.weightsManifest[0].weights[0].dtype = 'int32'),
      /weight 'dense(_\d+)?\/kernel' is "int32", not float32: seqcast reads float32 weights only/,
    ],
    [
      (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 0.1, min: -1 }),
      /weight 'dense(_\d+)?\/kernel' is quantized \(uint8\).*without --quantize/,
    ],
    [
      (j) => (j.weightsManifest[0].paths = ['../../etc/passwd']),
      /lists the shard "\.\.\/\.\.\/etc\/passwd", which is not a file name in the model's directory/,
    ],
    [(j) => (j.format = 'graph-model'), /is a TensorFlow\.js "graph-model", not a "layers-model"/],
    [(j) => (j.modelTopology.config.layers[0].class_name = 'Attention'), /layer 'dense(_\d+)?' \(Attention\): seqcast has no such layer/],
  ];
  for (const [edit, message] of edits) {
    const { dir, json } = await exported();
    edit(json);
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await refused(dir, message);
  }
});

test('loadModel(dir) names both formats for a model.json that is neither', async () => {
  const { dir } = await exported();
  await writeFile(join(dir, 'model.json'), JSON.stringify({ hello: 'world' }));
  await refused(
    dir,
    /is not a seqcast model: its "format" is missing, expected "seqcast-model", and it is not a TensorFlow\.js layers model either/,
  );
});

test('modelFromTfjsFiles(json, shards) loads from memory (a browser) and refuses a missing shard', async () => {
  const { dir } = await exported();
  const json = await readFile(join(dir, 'model.json'), 'utf8');
  const shard = new Uint8Array(await readFile(join(dir, 'group1-shard1of1.bin')));
  const model = modelFromTfjsFiles(json, { 'group1-shard1of1.bin': shard });
  const expected = (await loadModel(dir)).predict(Tensor.from([[1, 2, 3, 4]])).data[0];
  assert.equal(model.predict(Tensor.from([[1, 2, 3, 4]])).data[0], expected);
  assert.throws(() => modelFromTfjsFiles(json, {}), /its weight shard group1-shard1of1\.bin is missing/);
});
