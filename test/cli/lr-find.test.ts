import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LrFindReport } from '../../src/cli/lr-find.js';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);
const FAST = ['--units', '8', '--layers', '1', '--window', '10'];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

test("seqcast lr-find --epochs 10 --json sweeps the course's rates 1e-8·10^(e/20) with SGD, suggests a rate and writes the PNG", async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-lr-')), 'lr.png');
  const { code, stdout, stderr } = await cli('lr-find', '--dataset', 'synthetic', '--epochs', '10', ...FAST, '--out', out, '--json');
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as LrFindReport;
  assert.equal(report.points.length, 10);
  report.points.forEach((p, e) => {
    assert.equal(p.epoch, e);
    assert.ok(Math.abs(p.lr / (1e-8 * 10 ** (e / 20)) - 1) < 1e-6, `epoch ${e} lr ${p.lr}`);
    assert.ok(p.loss !== null && Number.isFinite(p.loss) && p.loss > 0);
  });
  assert.equal(report.spec.optimizer, 'sgd');
  assert.equal(report.series.train, 1000, "the course's split of the synthetic series");
  assert.equal(report.stopped, 'completed');
  assert.ok(report.suggestion !== null && report.suggestion > 0 && report.suggestion < 1e-7);
  assert.match(report.note, /Suggested learning rate/);
  assert.deepEqual([...readFileSync(out).subarray(0, 4)], PNG_SIGNATURE);
});

test('seqcast lr-find without --json prints every 5th epoch, the suggestion and the chart path (SVG)', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-lr-')), 'lr.svg');
  const { code, stdout, stderr } = await cli(
    'lr-find',
    '--dataset',
    'synthetic',
    '--epochs',
    '7',
    '--optimizer',
    'adam',
    '--start',
    '1e-4',
    ...FAST,
    '--out',
    out,
  );
  assert.equal(code, 0, stderr);
  const epochs = [...stdout.matchAll(/^│\s+(\d+) │/gm)].map((m) => Number(m[1]));
  assert.deepEqual(epochs, [0, 5, 6]);
  assert.match(stdout, /lstm with adam/);
  assert.match(stdout, /1\.00e-4/);
  assert.match(stdout, /Suggested learning rate/);
  assert.ok(readFileSync(out, 'utf8').startsWith('<svg'));
});

test('seqcast lr-find --out lr.jpg exits 2 naming the option and the formats', async () => {
  const { code, stderr } = await cli('lr-find', '--dataset', 'synthetic', '--out', 'lr.jpg');
  assert.equal(code, 2);
  assert.match(stderr, /--out must name a \.png or \.svg file, got 'lr\.jpg'/);
});

test('seqcast lr-find --out under /proc exits 1 before the sweep, by itself, with one sentence', async () => {
  const r = await run(['lr-find', '--dataset', 'synthetic', ...FAST, '--epochs', '50', '--out', '/proc/seqcast-x/lr.png'], {
    timeout: 20_000,
  });
  assert.equal(r.signal, null, 'ended by itself');
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^seqcast: Cannot write --out '\/proc\/seqcast-x\/lr\.png': '\/proc' does not accept new files .*: name a file for --out in a folder where you can write\.\n$/,
  );
});

test('seqcast lr-find --start 1e-3 --end 1e-4, a sweep past 1,000 epochs, or --max-steps exits 2 naming the options', async () => {
  const { code, stderr } = await cli('lr-find', '--dataset', 'synthetic', '--start', '1e-3', '--end', '1e-4');
  assert.equal(code, 2);
  assert.match(stderr, /^seqcast: --end 0\.0001 must be above --start 0\.001/);
  const wide = await cli('lr-find', '--dataset', 'synthetic', '--start', '1e-300', '--end', '1e300');
  assert.equal(wide.code, 2);
  assert.match(
    wide.stderr,
    /^seqcast: --start 1e-300 to --end 1e\+300 is a sweep of 12,001 epochs \(×10 every 20\), more than lr-find's 1,000: narrow the range, e\.g\. --start 1e-6 --end 1\.$/m,
  );
  const long = await cli('lr-find', '--dataset', 'synthetic', '--epochs', '5000');
  assert.equal(long.code, 2);
  assert.match(long.stderr, /^seqcast: --epochs 5000 is more than lr-find sweeps \(1,000 epochs/m);
  const steps = await cli('lr-find', '--dataset', 'synthetic', '--max-steps', '100');
  assert.equal(steps.code, 2);
  assert.match(steps.stderr, /^seqcast: --max-steps does not apply to lr-find: the sweep trains one epoch at each rate/m);
});

test('seqcast lr-find without an input exits 1 asking for a series', async () => {
  const { code, stderr } = await cli('lr-find', '--epochs', '2');
  assert.equal(code, 1);
  assert.match(stderr, /seqcast: Name a series/);
});

test('seqcast lr-find --horizon 6 --transform difference,standard --normalize window sweeps the direct network the flags describe', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-lr-')), 'lr.svg');
  const { code, stdout, stderr } = await cli(
    'lr-find',
    '--dataset',
    'synthetic',
    '--epochs',
    '3',
    ...FAST,
    '--horizon',
    '6',
    '--transform',
    'difference,standard',
    '--normalize',
    'window',
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as LrFindReport;
  assert.deepEqual(
    [report.spec.horizon, report.spec.strategy, report.spec.transform, report.spec.normalize],
    [6, 'direct', ['difference', 'standard'], 'window'],
  );
  assert.equal(report.points.length, 3);
  assert.ok(report.points.every((p) => p.loss !== null && Number.isFinite(p.loss)));
});
