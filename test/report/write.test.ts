import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError } from '../../src/errors.js';
import { checkOutputFile, writeAtomically } from '../../src/report/write.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-write-'));

test('writeAtomically(path, data) writes and replaces a file, making missing folders, and leaves no temporary file', async () => {
  const dir = tmp();
  const path = join(dir, 'out', 'f.csv');
  await writeAtomically(path, 'a\n');
  await writeAtomically(path, new Uint8Array([98, 10]));
  assert.equal(readFileSync(path, 'utf8'), 'b\n');
  assert.deepEqual(readdirSync(join(dir, 'out')), ['f.csv']);
});

test('writeAtomically(path) removes the temporary file a killed write left, and keeps a running one', async () => {
  const dir = tmp();
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(join(dir, `f.csv.tmp-${dead}-0a1b2c3d`), 'half');
  writeFileSync(join(dir, `f.csv.tmp-${process.pid}-0a1b2c3d`), 'in use');
  await writeAtomically(join(dir, 'f.csv'), 'x');
  assert.deepEqual(readdirSync(dir).sort(), ['f.csv', `f.csv.tmp-${process.pid}-0a1b2c3d`]);
});

test(
  'writeAtomically(path) refuses a folder, a device, a path below a file and /proc with one sentence, and changes nothing',
  { timeout: 20_000 },
  async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'report.html'));
    writeFileSync(join(dir, 'f'), 'keep');
    const cases: [string, RegExp][] = [
      [
        join(dir, 'report.html'),
        /^Cannot write --out '.*report\.html': it is a folder, not a file: name a file \(in that folder, or elsewhere\)\.$/,
      ],
      ['/dev/null', /^Cannot write --out '\/dev\/null': it is not a regular file \(a device, pipe or socket\)/],
      [join(dir, 'f', 'x.csv'), /^Cannot write --out '.*x\.csv': '.*f' is a file, not a folder: choose another path\.$/],
      ['/proc/seqcast-x.csv', /^Cannot write --out '\/proc\/seqcast-x\.csv': '\/proc' does not accept new files/],
    ];
    for (const [path, message] of cases) {
      await assert.rejects(writeAtomically(path, 'x', { option: '--out' }), (err: Error) => {
        assert.ok(err instanceof OutputError, err.message);
        assert.match(err.message, message);
        return true;
      });
    }
    assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
    assert.deepEqual(readdirSync(dir).sort(), ['f', 'report.html']);
    assert.equal(readFileSync(join(dir, 'f'), 'utf8'), 'keep');
  },
);

test('checkOutputFile(path) accepts a new or existing file and leaves nothing behind; refuses what writeAtomically would', async () => {
  const dir = tmp();
  await checkOutputFile(join(dir, 'new', 'f.png'));
  writeFileSync(join(dir, 'f.png'), 'old');
  await checkOutputFile(join(dir, 'f.png'));
  assert.deepEqual(readdirSync(dir), ['f.png']);
  await assert.rejects(checkOutputFile(dir, { option: '--chart' }), /^OutputError: Cannot write --chart '.*': it is a folder, not a file/);
  await assert.rejects(
    checkOutputFile('/proc/x/f.png', { option: '--chart', fix: 'name another file' }),
    /'\/proc' does not accept new files .*: name another file\.$/,
  );
});
