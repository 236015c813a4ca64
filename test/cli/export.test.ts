import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);
const dir = mkdtempSync(join(tmpdir(), 'seqcast-export-'));
const runDir = join(dir, 'run');

before(async () => {
  const { code, stderr } = await cli('train', '--dataset', 'sunspots', '--model', 'lstm', '--epochs', '1', '--units', '8', '--out', runDir);
  assert.equal(code, 0, stderr);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

interface Forecast {
  future: { forecast: number }[];
  validation: { forecast: number }[];
  model: string;
}

test('seqcast export --format tfjs writes a TF.js model that seqcast forecast --model uses as the run', async () => {
  const out = join(dir, 'exported');
  const exported = await cli('export', '--model', runDir, '--format', 'tfjs', '--out', out);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /Wrote a TensorFlow\.js layers model to .*exported \(model\.json, group1-shard1of1\.bin, seqcast\.json\)/);
  assert.match(exported.stdout, /windows of 20 values, transformed as seqcast\.json records \(standard\)/);
  assert.deepEqual(readdirSync(out).sort(), ['group1-shard1of1.bin', 'model.json', 'seqcast.json']);
  const a = await cli('forecast', '--model', runDir, '--horizon', '5', '--json');
  const b = await cli('forecast', '--model', out, '--horizon', '5', '--json');
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const fa = JSON.parse(a.stdout) as Forecast;
  const fb = JSON.parse(b.stdout) as Forecast;
  assert.equal(fb.future.length, 5);
  fa.future.forEach((r, k) =>
    assert.ok(
      Math.abs(r.forecast - fb.future[k].forecast) <= 1e-4 * Math.max(1, Math.abs(r.forecast)),
      `${r.forecast} vs ${fb.future[k].forecast}`,
    ),
  );
  fa.validation.forEach((r, k) => assert.ok(Math.abs(r.forecast - fb.validation[k].forecast) <= 1e-4 * Math.max(1, Math.abs(r.forecast))));

  // without seqcast.json the model takes raw values and needs its window
  unlinkSync(join(out, 'seqcast.json'));
  const bare = await cli('forecast', '--model', out, '--dataset', 'sunspots');
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /takes windows of any length and has no seqcast\.json saying which: pass --window N/);
  const windowed = await cli('forecast', '--model', out, '--dataset', 'sunspots', '--window', '20', '--horizon', '2', '--json');
  assert.equal(windowed.code, 0, windowed.stderr);
  assert.equal((JSON.parse(windowed.stdout) as Forecast).future.length, 2);
});

test('seqcast export refuses a bad format with exit 2, writing nothing', async () => {
  const out = join(dir, 'onnx');
  const bad = await cli('export', '--model', runDir, '--format', 'pb', '--out', out);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Allowed choices are tfjs, onnx/);
  assert.equal(existsSync(out), false);
  const help = await cli('export', '--help');
  assert.match(help.stdout, /--format <format>.*tfjs: a TensorFlow\.js layers model.*onnx: model\.onnx/s);
});
