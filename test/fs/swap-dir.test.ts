import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError } from '../../src/errors.js';
import { isRunning, leftoversBeside, recoverDir, replaceDir } from '../../src/fs/swap-dir.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-swap-'));
/** The id of a process that has ended: its leftovers are a killed write's. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const folder = (path: string, files: Record<string, string>): void => {
  mkdirSync(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
};
const read = (path: string): Record<string, string> =>
  Object.fromEntries(readdirSync(path).map((f) => [f, readFileSync(join(path, f), 'utf8')]));
const complete = async (dir: string): Promise<boolean> => existsSync(join(dir, 'done'));

test('replaceDir(path, fill) creates a new folder, then replaces it whole, leaving nothing beside it', async () => {
  const dir = tmp();
  const target = join(dir, 'parent', 'run');
  await replaceDir(target, (t) => writeFile(join(t, 'a'), '1'));
  assert.deepEqual(read(target), { a: '1' });
  await replaceDir(target, (t) => writeFile(join(t, 'b'), '2'));
  assert.deepEqual(read(target), { b: '2' }, 'nothing of the old folder is left');
  assert.deepEqual(readdirSync(join(dir, 'parent')), ['run']);
});

test('replaceDir(path, fill) that fails while filling, or in beforeSwap, leaves the folder as it was and no temporary folder', async () => {
  const dir = tmp();
  const target = join(dir, 'run');
  folder(target, { a: 'old' });
  await assert.rejects(
    replaceDir(target, async (t) => {
      await writeFile(join(t, 'a'), 'new');
      throw new Error('render failed');
    }),
    /render failed/,
  );
  await assert.rejects(
    replaceDir(target, (t) => writeFile(join(t, 'a'), 'new'), {
      beforeSwap: async () => {
        throw new OutputError('the user wrote a file meanwhile');
      },
    }),
    /meanwhile/,
  );
  // a file-system error while filling is worded, naming the folder
  await assert.rejects(
    replaceDir(target, (t) => writeFile(join(t, 'no', 'such'), 'x')),
    (err: Error) =>
      err instanceof OutputError && err.message.includes(`Nothing in '${target}' was changed.`) && !/ENOENT/.test(err.message),
  );
  assert.deepEqual(read(target), { a: 'old' });
  assert.deepEqual(readdirSync(dir), ['run']);
  // a new folder that fails leaves no folder and no parents it made
  await assert.rejects(
    replaceDir(join(dir, 'p', 'q', 'run'), async () => Promise.reject(new Error('no'))),
    /no/,
  );
  assert.deepEqual(readdirSync(dir), ['run']);
});

test('replaceDir(path) under /proc or below a file fails at once with one sentence', { timeout: 20_000 }, async () => {
  const dir = tmp();
  await assert.rejects(
    replaceDir('/proc/seqcast-x/run', async () => undefined),
    /^OutputError: Cannot create the folder '\/proc\/seqcast-x'/,
  );
  writeFileSync(join(dir, 'f'), 'x');
  await assert.rejects(
    replaceDir(join(dir, 'f', 'run'), async () => undefined),
    /is a file, not a folder/,
  );
});

test('recoverDir(path) finishes a swap killed between its two renames, and says so', async () => {
  const dir = tmp();
  const pid = deadPid();
  folder(join(dir, `run.old-${pid}-0a1b2c3d`), { a: 'old' });
  folder(join(dir, `run.tmp-${pid}-0a1b2c3d`), { a: 'new', done: '' });
  const notes = await recoverDir(join(dir, 'run'), complete, 'run');
  assert.deepEqual(read(join(dir, 'run')), { a: 'new', done: '' });
  assert.deepEqual(readdirSync(dir), ['run']);
  assert.match(
    notes[0],
    /^A write of '.*run' was interrupted between its two renames; seqcast finished it: the new run is in place, whole\.$/,
  );
  assert.match(
    notes[1],
    new RegExp(`^Removed the temporary folder an interrupted write left beside '.*run': run\\.old-${pid}-0a1b2c3d\\.$`),
  );
  assert.deepEqual(await recoverDir(join(dir, 'run'), complete, 'run'), [], 'nothing left to recover');
});

test('recoverDir(path) puts the previous folder back when the new one is incomplete, and removes unfinished ones', async () => {
  const dir = tmp();
  const pid = deadPid();
  folder(join(dir, `run.old-${pid}-0a1b2c3d`), { a: 'old' });
  folder(join(dir, `run.tmp-${pid}-0a1b2c3d`), { a: 'half' }); // no 'done': killed while writing
  folder(join(dir, `run.tmp-${pid}-ffffffff`), {});
  const notes = await recoverDir(join(dir, 'run'), complete, 'model');
  assert.deepEqual(read(join(dir, 'run')), { a: 'old' });
  assert.deepEqual(readdirSync(dir), ['run']);
  assert.match(notes[0], /was interrupted before the new model was complete; seqcast put the previous model back in place\.$/);
  assert.match(notes[1], /^Removed the temporary folders .*: run\.tmp-\d+-0a1b2c3d, run\.tmp-\d+-ffffffff\.$/);
});

test('recoverDir(path) removes the leftovers beside a whole folder, and leaves those of a running process and other names alone', async () => {
  const dir = tmp();
  const pid = deadPid();
  folder(join(dir, 'run'), { a: 'current' });
  folder(join(dir, `run.tmp-${pid}-0a1b2c3d`), { a: 'half' });
  folder(join(dir, `run.old-${process.pid}-0a1b2c3d`), { a: 'in use' }); // this process: a save in progress
  folder(join(dir, 'run.tmp-mine'), { a: 'the user named it so' });
  folder(join(dir, `runs.tmp-${pid}-0a1b2c3d`), {}); // another folder's
  const notes = await recoverDir(join(dir, 'run'), complete, 'run');
  assert.deepEqual(read(join(dir, 'run')), { a: 'current' });
  assert.deepEqual(readdirSync(dir).sort(), ['run', `run.old-${process.pid}-0a1b2c3d`, 'run.tmp-mine', `runs.tmp-${pid}-0a1b2c3d`]);
  assert.equal(notes.length, 1);
});

test('leftoversBeside(target, type) and isRunning(pid) tell a killed write from a running one', async () => {
  const dir = tmp();
  const pid = deadPid();
  writeFileSync(join(dir, `f.csv.tmp-${pid}-0a1b2c3d`), 'half');
  mkdirSync(join(dir, `f.csv.tmp-${pid}-0a1b2c3e`));
  assert.deepEqual(await leftoversBeside(join(dir, 'f.csv'), 'file'), [
    { path: join(dir, `f.csv.tmp-${pid}-0a1b2c3d`), kind: 'tmp', tag: `${pid}-0a1b2c3d` },
  ]);
  assert.equal(isRunning(process.pid), true);
  assert.equal(isRunning(pid), false);
});
