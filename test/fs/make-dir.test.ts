import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError } from '../../src/errors.js';
import { checkCanCreate, existingAncestor, makeDir, removeMadeDirs } from '../../src/fs/make-dir.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-mkdir-'));

test('makeDir(path) makes the missing folders one by one and says which; removeMadeDirs takes them away again', async () => {
  const dir = tmp();
  const made = await makeDir(join(dir, 'a', 'b', 'c'));
  assert.deepEqual(made, [join(dir, 'a'), join(dir, 'a', 'b'), join(dir, 'a', 'b', 'c')]);
  assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
  assert.deepEqual(await makeDir(join(dir, 'a', 'b')), [], 'nothing to make');
  await removeMadeDirs(made);
  assert.deepEqual(readdirSync(dir), []);
});

// Node 20's mkdir(path, { recursive: true }) never returns for a path under /proc: the test would hang (and time out)
test('makeDir(path) under /proc fails at once with one sentence, not a hang', { timeout: 20_000 }, async () => {
  await assert.rejects(makeDir('/proc/seqcast-x/y'), (err: Error) => {
    assert.ok(err instanceof OutputError);
    assert.match(err.message, /^Cannot create the folder '\/proc\/seqcast-x\/y': '\/proc' does not accept new files/);
    return true;
  });
});

test('makeDir(path) below a file names the file and makes nothing', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'f'), 'x');
  await assert.rejects(
    makeDir(join(dir, 'f', 'sub', 'x'), { fix: 'choose another --out folder' }),
    new RegExp(
      `^OutputError: Cannot create the folder '${join(dir, 'f', 'sub', 'x')}': '${join(dir, 'f')}' is a file, not a folder: choose another --out folder\\.$`,
    ),
  );
  assert.deepEqual(readdirSync(dir), ['f']);
});

test('existingAncestor(path) walks up to the nearest path that exists', async () => {
  const dir = tmp();
  assert.deepEqual(await existingAncestor(join(dir, 'a', 'b')), {
    at: dir,
    exists: true,
    isDirectory: true,
    missing: [join(dir, 'a'), join(dir, 'a', 'b')],
  });
});

test('checkCanCreate(path, context) leaves nothing behind, and refuses /proc and a path below a file', async () => {
  const dir = tmp();
  await checkCanCreate(join(dir, 'new', 'run'), { action: 'write the run' });
  assert.deepEqual(readdirSync(dir), [], 'the probe is gone');
  await assert.rejects(
    checkCanCreate('/proc/seqcast-x/run', { action: "write the run to --out '/proc/seqcast-x/run'", fix: 'choose another --out folder' }),
    /^OutputError: Cannot write the run to --out '\/proc\/seqcast-x\/run': '\/proc' does not accept new files .*: choose another --out folder\.$/,
  );
  writeFileSync(join(dir, 'f'), 'x');
  await assert.rejects(checkCanCreate(join(dir, 'f', 'run'), { action: 'write the run' }), /is a file, not a folder/);
  assert.ok(!existsSync(join(dir, 'f', 'run')));
});
