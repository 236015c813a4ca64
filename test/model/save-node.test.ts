import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError } from '../../src/errors.js';
import * as layers from '../../src/layers/index.js';
import { loadModel, modelFiles, recoverModelDir, saveModel, writeModelFiles } from '../../src/model/save-node.js';
import { sequential } from '../../src/model/sequential.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-save-node-'));
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const model = (seed = 0) => sequential([layers.dense(1, { inputShape: [2] })], { seed });

test('saveModel(model, dir) under /proc or below a file fails at once with one sentence naming the path', { timeout: 20_000 }, async () => {
  await assert.rejects(saveModel(model(), '/proc/seqcast-x/m'), (err: Error) => {
    assert.ok(err instanceof OutputError);
    assert.match(err.message, /^Cannot create the folder '\/proc\/seqcast-x': '\/proc' does not accept new files/);
    return true;
  });
  const dir = tmp();
  writeFileSync(join(dir, 'f'), 'x');
  await assert.rejects(
    saveModel(model(), join(dir, 'f', 'm')),
    /^OutputError: Cannot create the folder '.*f': '.*f' is a file, not a folder/,
  );
  assert.deepEqual(readdirSync(dir), ['f']);
});

test('saveModel(model, dir) finishes a save killed between its two renames before saving, and removes unfinished ones', async () => {
  const dir = tmp();
  const m = join(dir, 'm');
  await saveModel(model(1), m);
  const pid = deadPid();
  cpSync(m, join(dir, `m.tmp-${pid}-0a1b2c3d`), { recursive: true });
  renameSync(m, join(dir, `m.old-${pid}-0a1b2c3d`));
  assert.match((await recoverModelDir(m))[0], /interrupted between its two renames; seqcast finished it: the new model is in place/);
  renameSync(m, join(dir, `m.old-${pid}-0a1b2c3e`)); // killed again, with no new model written
  writeFileSync(join(dir, 'elsewhere'), '');
  await saveModel(model(2), m);
  assert.deepEqual(readdirSync(dir).sort(), ['elsewhere', 'm']);
  assert.deepEqual(readdirSync(m).sort(), ['model.json', 'weights.bin']);
  await loadModel(m);
});

test('modelFiles(model) and writeModelFiles(dir, files) write what saveModel writes, byte for byte', async () => {
  const dir = tmp();
  const m = model(3);
  await saveModel(m, join(dir, 'a'));
  await writeModelFiles(join(dir, 'b'), await modelFiles(m));
  for (const f of ['model.json', 'weights.bin']) assert.deepEqual(readFileSync(join(dir, 'b', f)), readFileSync(join(dir, 'a', f)));
});
