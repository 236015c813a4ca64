import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { checkOutputFiles, filePath, folderPath } from '../../src/cli/output-paths.js';
import { MANIFEST } from '../../src/cli/run-folder.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-outputs-'));

test('folderPath(flag) and filePath(flag, example) refuse an empty path (exit 2), and a file path ending in a separator', () => {
  assert.throws(
    () => folderPath('--out')(''),
    (err: Error) => err instanceof InvalidArgumentError && err.message === '--out is empty: name the folder to write to, e.g. --out run.',
  );
  assert.equal(folderPath('--out')('run/'), 'run/');
  assert.throws(
    () => filePath('--out', 'forecast.csv')(''),
    /^InvalidArgumentError: --out must name a file, got '': e\.g\. --out forecast\.csv\.$/,
  );
  assert.throws(() => filePath('--out', 'forecast.csv')('out/'), /got 'out\/': e\.g\. --out out\/forecast\.csv\./);
  assert.equal(filePath('--out', 'forecast.csv')('f.csv'), 'f.csv');
});

test(
  'checkOutputFiles(outputs, inputs) refuses one file named twice, an input file, a file inside a run folder and an unwritable path, before any work',
  { timeout: 20_000 },
  async () => {
    const dir = tmp();
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, 'v\n1\n');
    mkdirSync(join(dir, 'run', 'model'), { recursive: true });
    writeFileSync(join(dir, 'run', MANIFEST), '{}');
    const cases: [Parameters<typeof checkOutputFiles>[0], RegExp][] = [
      [
        [
          { option: '--out', path: join(dir, 'a.png') },
          { option: '--chart', path: join(dir, '.', 'a.png') },
        ],
        /^OutputError: --out and --chart name the same file '.*a\.png': name two different files\.$/,
      ],
      [
        [{ option: '--out', path: csv }],
        /^OutputError: Cannot write --out '.*data\.csv': it is a file this command reads: name another file\.$/,
      ],
      [
        [{ option: '--chart', path: join(dir, 'run', 'model', 'f.png') }],
        /^OutputError: Cannot write --chart '.*f\.png': it is inside the seqcast run folder '.*run', which the next run into it replaces as a whole: write it outside, e.g\. --chart f\.png\.$/,
      ],
      [
        [{ option: '--out', path: '/proc/seqcast-x/f.csv' }],
        /'\/proc' does not accept new files .*: name a file for --out in a folder where you can write\.$/,
      ],
      [[{ option: '--out', path: join(dir, 'run') }], /it is a folder, not a file/],
    ];
    for (const [outputs, message] of cases) await assert.rejects(checkOutputFiles(outputs, [csv, undefined]), message);
    await checkOutputFiles([{ option: '--out', path: join(dir, 'new', 'f.csv') }], [csv]);
    assert.deepEqual(readdirSync(dir).sort(), ['data.csv', 'run']);
  },
);
