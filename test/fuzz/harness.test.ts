/**
 * The fuzz suite's own machinery: the bounds kill what they must, the snapshot sees every change,
 * the checks catch each broken promise and pass a clean failure, and cases are reproducible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundedSpawn, type BoundedResult } from '../helpers/bounded.js';
import { changes, snapshot } from '../helpers/snapshot.js';
import { dataExpect, missingValue, type FuzzCase } from './case.js';
import { violations } from './check.js';
import { baseCsv } from './csv-cases.js';
import { makeCase } from './generate.js';
import { layOut } from './sandbox.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-harness-'));
const LIMITS = { timeoutMs: 30_000, memoryKiB: 1 << 20 };

test('boundedSpawn kills a run that does not end in time, and reports it', async () => {
  const r = await boundedSpawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    cwd: tmpdir(),
    timeoutMs: 1000,
    memoryKiB: 1 << 20,
  });
  assert.equal(r.timedOut, true);
  assert.equal(r.code, null);
  assert.ok(r.seconds < 20, `killed after ${r.seconds} s`);
});

test('boundedSpawn kills a run whose memory passes the bound, and measures the peak of one that stays under it', async () => {
  const hog = 'const a = []; for (;;) a.push(Buffer.alloc(1 << 24, 1));';
  const r = await boundedSpawn(process.execPath, ['-e', hog], { cwd: tmpdir(), timeoutMs: 60_000, memoryKiB: 300 << 10 });
  assert.equal(r.overMemory, true);
  assert.equal(r.timedOut, false);
  const small = await boundedSpawn(process.execPath, ['-e', 'const b = Buffer.alloc(100 << 20, 1); process.stdout.write(String(b[5]));'], {
    cwd: tmpdir(),
    timeoutMs: 60_000,
    memoryKiB: 1 << 20,
  });
  assert.equal(small.code, 0);
  assert.equal(small.stdout, '1');
  assert.ok(small.peakKiB! > 100 << 10 && small.peakKiB! < 1 << 20, `peak ${small.peakKiB} KiB`);
});

test('boundedSpawn gives the exit code and the output', async () => {
  const r = await boundedSpawn(process.execPath, ['-e', 'process.stderr.write("seqcast: no\\n"); process.exit(2)'], {
    cwd: tmpdir(),
    timeoutMs: 30_000,
    memoryKiB: 1 << 20,
  });
  assert.deepEqual([r.code, r.signal, r.stderr, r.timedOut, r.overMemory], [2, null, 'seqcast: no\n', false, false]);
});

test('snapshot and changes see added, removed and changed files, symlinks and folders, without following links', () => {
  const dir = tmp();
  try {
    layOut(dir, [
      { path: 'a.csv', content: '1' },
      { path: 'gone.txt', content: 'x' },
      { path: 'zero', symlink: '/dev/zero' },
      { path: 'sub', dir: true },
    ]);
    const before = snapshot(dir);
    assert.equal(before.get('zero'), 'link /dev/zero');
    writeFileSync(join(dir, 'a.csv'), '2');
    rmSync(join(dir, 'gone.txt'));
    writeFileSync(join(dir, 'sub/new.txt'), 'n');
    rmSync(join(dir, 'zero'));
    symlinkSync('/dev/null', join(dir, 'zero'));
    assert.deepEqual(
      changes(before, snapshot(dir)).map((c) => `${c.path} ${c.change}`),
      ['a.csv changed', 'gone.txt removed', 'sub/new.txt added', 'zero changed'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const aCase = (over: Partial<FuzzCase> = {}): FuzzCase => ({
  seed: 1,
  index: 0,
  kind: 'csv',
  title: 't',
  recipe: {},
  files: [],
  args: [],
  expect: [1],
  why: 'the input is invalid',
  outputs: ['run/model'],
  ...over,
});
const result = (over: Partial<BoundedResult> = {}): BoundedResult => ({
  code: 1,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  overMemory: false,
  peakKiB: 150 << 10,
  seconds: 1,
  ...over,
});

test('violations() passes a clean failure: progress lines, then one seqcast: line naming the problem', () => {
  const stderr =
    'note: filled 2 cells\nepoch 1/1 loss 0.2 mae 0.4\nseqcast: Line 7 of data.csv: column visitors has abc, which is not a number: fix it or use --fill.\n';
  assert.deepEqual(violations(aCase(), result({ stderr }), [], LIMITS), []);
});

test('violations() catches a stack trace, a raw error code, several error lines, a wrong code, a crash, a hang and memory', () => {
  const trace = 'seqcast: EISDIR: illegal operation on a directory, read\n    at readFileSync (node:fs:441:20)\n';
  const got = violations(aCase(), result({ stderr: trace }), [], LIMITS).join('\n');
  assert.match(got, /not one "seqcast: " line/);
  assert.match(got, /a stack trace/);
  assert.match(got, /raw system error code/);
  assert.match(
    violations(aCase(), result({ stderr: 'seqcast: Maximum call stack size exceeded\n' }), [], LIMITS).join('\n'),
    /Maximum call stack/,
  );
  assert.match(
    violations(aCase(), result({ stderr: 'seqcast: --split undefined leaves no values to validate on\n' }), [], LIMITS).join('\n'),
    /"undefined"/,
  );
  assert.match(violations(aCase({ expect: [1] }), result({ code: 0 }), [], LIMITS).join('\n'), /exit code 0, expected 1/);
  assert.match(violations(aCase(), result({ code: 134, stderr: 'FATAL ERROR: Reached heap limit\n' }), [], LIMITS).join('\n'), /a crash/);
  assert.match(
    violations(aCase(), result({ code: null, signal: 'SIGKILL', timedOut: true }), [], LIMITS).join('\n'),
    /did not end within 30 s/,
  );
  assert.match(
    violations(aCase(), result({ code: null, signal: 'SIGKILL', overMemory: true }), [], LIMITS).join('\n'),
    /memory passed 1024 MiB/,
  );
  assert.match(
    violations(aCase(), result({ code: 1, stderr: 'seqcast: bad input in the file\n', peakKiB: 2 << 20 }), [], LIMITS).join('\n'),
    /peak resident memory was 2048 MiB/,
  );
});

test('violations() allows a successful run to write its outputs only, and a failed run nothing', () => {
  const ok = aCase({ expect: [0] });
  const added = (path: string, now = 'file x') => ({ path, change: 'added' as const, now });
  assert.deepEqual(
    violations(ok, result({ code: 0 }), [added('run', 'dir'), added('run/model', 'dir'), added('run/model/model.json')], LIMITS),
    [],
  );
  assert.match(
    violations(ok, result({ code: 0 }), [{ path: 'data.csv', change: 'changed' }], LIMITS).join('\n'),
    /changed files that are not its outputs: data.csv/,
  );
  assert.match(
    violations(
      aCase(),
      result({ stderr: 'seqcast: the series is too short for the window.\n' }),
      [added('run/model/model.json')],
      LIMITS,
    ).join('\n'),
    /failed but changed files: run\/model\/model.json/,
  );
});

test('dataExpect() and missingValue(): an invalid change means exit 1, an uncertain one 0 or 1, none 0', () => {
  assert.deepEqual(
    dataExpect([
      { validity: 'valid', note: 'a' },
      { validity: 'invalid', note: 'b' },
    ]).expect,
    [1],
  );
  assert.deepEqual(
    dataExpect([
      { validity: 'valid', note: 'a' },
      { validity: 'maybe', note: 'b' },
    ]).expect,
    [0, 1],
  );
  assert.deepEqual(dataExpect([]).expect, [0]);
  assert.equal(missingValue({ row: 3, last: 79, read: true }, 'NA').validity, 'invalid');
  assert.equal(missingValue({ fill: 'linear', row: 3, last: 79, read: true }, 'NA').validity, 'valid');
  assert.equal(missingValue({ fill: 'previous', row: 0, last: 79, read: true }, 'NA').validity, 'invalid');
  assert.equal(missingValue({ row: 3, last: 79, read: false }, 'NA').validity, 'valid');
});

test('makeCase(seed, index) is the same case every time, and seeds and indices give different cases', () => {
  const ctx = { csv: baseCsv(), modelJson: '{"weights":{"sha256":"x"}}', weights: new Uint8Array(404) };
  const a = makeCase(21, 5, ctx);
  assert.deepEqual(makeCase(21, 5, ctx), a);
  const titles = new Set(Array.from({ length: 40 }, (_, i) => makeCase(21, i, ctx).title));
  assert.ok(titles.size > 30, `${titles.size} distinct cases of 40`);
  assert.notDeepEqual({ ...makeCase(22, 5, ctx), seed: 0 }, { ...a, seed: 0 });
  for (let i = 0; i < 200; i++) {
    const c = makeCase(3, i, ctx);
    assert.ok(c.expect.length > 0 && c.expect.every((e) => [0, 1, 2].includes(e)), `case ${i}: ${c.expect}`);
    assert.ok(c.args.length > 0 && c.why, `case ${i}`);
  }
});
