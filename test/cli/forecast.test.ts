import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as run } from '../helpers/cli.js';
import { modelFromSpec } from '../../src/model/model-spec.js';
import { loadModel, saveModel } from '../../src/model/save-node.js';
import { readRunMetadata } from '../../src/forecast/run-metadata.js';
import { modelDirOf } from '../../src/cli/run-output.js';
import { networkForecaster, networkForecasterFromModel } from '../../src/forecast/network.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { mae, mase, rmse } from '../../src/metrics/errors.js';

const cli = (...args: string[]) => run(args);
const dir = mkdtempSync(join(tmpdir(), 'seqcast-forecast-'));
const runDir = join(dir, 'run');
let trained: { metrics: { forecaster: string }[] };

// One small model on sunspots, shared by the tests below.
before(async () => {
  const { code, stdout, stderr } = await cli(
    'train',
    '--dataset',
    'sunspots',
    '--epochs',
    '2',
    '--units',
    '8',
    '--layers',
    '1',
    '--window',
    '12',
    '--out',
    runDir,
    '--json',
  );
  assert.equal(code, 0, stderr);
  trained = JSON.parse(stdout);
});

test('seqcast forecast --model DIR --horizon 24 --json gives the validation metrics train printed and 24 dated months', async () => {
  const { code, stdout, stderr } = await cli('forecast', '--model', runDir, '--horizon', '24', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.metrics, trained.metrics[0]); // the saved model forecasts exactly as the trained one
  assert.equal(result.split, 3000);
  assert.equal(result.validation.length, 3235 - 3000);
  assert.deepEqual(result.validation[0].at, '1999-01-31');
  assert.equal(result.future.length, 24);
  assert.equal(result.future[0].at, '2018-08-31');
  assert.equal(result.future[1].at, '2018-09-30');
  assert.equal(result.future[23].at, '2020-07-31');
  for (const r of result.future) assert.ok(Number.isFinite(r.forecast) && r.kind === 'future' && r.actual === undefined);
  const again = JSON.parse((await cli('forecast', '--model', runDir, '--horizon', '24', '--json')).stdout);
  assert.deepEqual(again.future, result.future); // loading twice gives identical numbers
});

test('seqcast forecast --out file.csv --chart file.png writes the rows and the chart', async () => {
  const csv = join(dir, 'f.csv');
  const png = join(dir, 'f.png');
  const { code, stdout, stderr } = await cli('forecast', '--model', join(runDir, 'model'), '--horizon', '3', '--out', csv, '--chart', png);
  assert.equal(code, 0, stderr);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'date,kind,actual,forecast,lo80,hi80,lo95,hi95'); // default --level 80,95
  assert.equal(lines.length, 1 + 235 + 3);
  assert.match(lines[1], /^1999-01-31,validation,86,-?[\d.]+,,,,$/);
  assert.match(lines.at(-1)!, /^2018-10-31,future,,-?\d[^,]*(,-?\d[^,]*){4}$/);
  assert.equal(readFileSync(png).subarray(1, 4).toString(), 'PNG');
  assert.match(stdout, /│ lstm +│/);
  assert.match(stdout, /│ 2018-08-31 │ +-?\d/);
  assert.ok(stdout.includes(`Wrote ${csv}, ${png}`), stdout);
});

test('seqcast forecast --level: bounds ordered around the forecast, none past the calibrated horizon, the chart, --level none, bad levels refused', async () => {
  const { code, stdout, stderr } = await cli('forecast', '--model', runDir, '--horizon', '20', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.intervals.levels, [80, 95]);
  assert.match(result.intervals.method, /^conformal \(30 calibration origins, up to 18 steps\)$/); // sunspots is monthly: M4's 18
  for (const [k, r] of result.future.entries()) {
    const { lo80, hi80, lo95, hi95 } = r.bounds;
    if (k >= 18) {
      assert.deepEqual([lo80, hi80, lo95, hi95], [null, null, null, null], `step ${k + 1} is past the calibrated horizon`);
      continue;
    }
    assert.ok(lo95 <= lo80 && lo80 <= r.forecast && r.forecast <= hi80 && hi80 <= hi95, `step ${k + 1}: ${JSON.stringify(r)}`);
    assert.ok(hi95 > lo95, 'a band has a width');
  }
  assert.ok(
    result.notes.some((n: string) => /steps 19\.\.20 have none/.test(n)),
    result.notes.join('\n'),
  );

  const csv = join(dir, 'f90.csv');
  const png = join(dir, 'f90.png');
  const ninety = await cli('forecast', '--model', runDir, '--horizon', '6', '--level', '90', '--out', csv, '--chart', png);
  assert.equal(ninety.code, 0, ninety.stderr);
  assert.match(ninety.stdout, /│ date +│ forecast │ +lo90 │ +hi90 │/);
  assert.match(ninety.stdout, /Prediction intervals: conformal/);
  assert.equal(readFileSync(csv, 'utf8').split('\n')[0], 'date,kind,actual,forecast,lo90,hi90');
  assert.equal(readFileSync(png).subarray(1, 4).toString(), 'PNG');

  const none = JSON.parse((await cli('forecast', '--model', runDir, '--horizon', '3', '--level', 'none', '--json')).stdout);
  assert.equal(none.intervals, null);
  assert.ok(none.future.every((r: object) => !('bounds' in r)));
  assert.deepEqual(
    none.future.map((r: { forecast: number }) => r.forecast),
    result.future.slice(0, 3).map((r: { forecast: number }) => r.forecast),
  );

  for (const bad of ['120', '0', '0.95x', '80,80']) {
    const refused = await cli('forecast', '--model', runDir, '--horizon', '3', '--level', bad);
    assert.equal(refused.code, 2, bad);
    assert.match(refused.stderr, /--level/, bad);
    assert.equal(refused.stderr.trim().split('\n').length, 1, `one message: ${refused.stderr}`);
  }
});

test('seqcast forecast --dataset synthetic forecasts another series with the same model, by index when undated', async () => {
  const { code, stdout, stderr } = await cli('forecast', '--model', runDir, '--dataset', 'synthetic', '--horizon', '2', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.series.name, 'synthetic');
  assert.equal(result.split, 1000);
  assert.deepEqual(
    result.future.map((r: { at: number }) => r.at),
    [1461, 1462],
  );
});

test("seqcast forecast --model with a missing directory exits 1 with loadModel's message", async () => {
  const { code, stderr } = await cli('forecast', '--model', join(dir, 'nowhere'));
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: Cannot load a model from '.*nowhere': the directory does not exist/);
});

test('seqcast forecast --model with units edited to 3,000 in model.json, or weights.bin linked to /dev/zero, exits 1 at once with one line', async () => {
  const edited = join(dir, 'edited-units');
  cpSync(join(runDir, 'model'), edited, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(edited, 'model.json'), 'utf8'));
  manifest.model.layers.find((l: { className: string }) => l.className === 'LSTM').config.units = 3000;
  writeFileSync(join(edited, 'model.json'), JSON.stringify(manifest));
  const units = await cli('forecast', '--model', edited);
  assert.equal(units.code, 1);
  assert.match(
    units.stderr,
    /^seqcast: '.*edited-units\/model\.json': weight tensor 0 is '\w+' kernel \[1, 32\] .* but the rebuilt layer gives '\w+' kernel \[1, 12000\] .*save the model again instead of editing model\.json\.\n$/,
  );
  if (process.platform === 'win32') return;
  const linked = join(dir, 'linked-weights');
  cpSync(join(runDir, 'model'), linked, { recursive: true });
  rmSync(join(linked, 'weights.bin'));
  symlinkSync('/dev/zero', join(linked, 'weights.bin'));
  const zero = await cli('forecast', '--model', linked);
  assert.equal(zero.code, 1);
  assert.match(
    zero.stderr,
    /^seqcast: Cannot load a model from '.*linked-weights': weights\.bin is a link to '\/dev\/zero', a character device, not a regular file: [^\n]*\n$/,
  );
});

test('seqcast forecast --model with a model saved by the library exits 1 saying it needs `seqcast train`', async () => {
  const lib = join(dir, 'lib-model');
  await saveModel(modelFromSpec({ model: 'rnn', units: 2, layers: 1, window: 5 }), lib);
  const { code, stderr } = await cli('forecast', '--model', lib);
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: .*forecast needs a model written by `seqcast train/);
});

test('seqcast forecast --model DIR reads a model the playground saved before RunMetadata (metrics as an object, no season)', async () => {
  const { series } = syntheticSeries();
  const network = networkForecaster({ model: 'rnn', units: 4, layers: 1, window: 10, epochs: 1 });
  await network.fit(series.subarray(0, 1000));
  const forecast = network.predictSliding(series, 1000);
  const actual = series.subarray(1000);
  const old = join(dir, 'page-model');
  // the metadata web/worker.ts wrote until it wrote a RunMetadata
  // ... with the spec and the scaler of before target transforms
  const { horizon: _h, strategy: _s, transform: _t, normalize: _n, ...spec } = network.spec;
  const metadata = {
    spec,
    scaler: network.transform!.toJSON(),
    split: 1000,
    input: { dataset: 'synthetic' },
    series: { name: 'synthetic', columns: ['series'], length: series.length },
    metrics: { 'rnn (this model)': { mae: mae(actual, forecast), rmse: rmse(actual, forecast) }, naive: { mae: 5.9, rmse: 7.5 } },
  };
  await saveModel(network.model, old, { metadata });
  const { code, stdout, stderr } = await cli('forecast', '--model', old, '--horizon', '2', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.split, 1000);
  assert.equal(result.series.name, 'synthetic');
  assert.equal(result.metrics.mae, mae(actual, forecast)); // the page's model forecasts as it did in the page
  assert.equal(result.metrics.mase, mase(actual, forecast, series.subarray(0, 1000))); // MASE period 1 without a season
  assert.deepEqual(
    result.future.map((r: { at: number }) => r.at),
    [1461, 1462],
  );
  assert.deepEqual(
    result.future.map((r: { forecast: number }) => r.forecast),
    Array.from(network.forecast(series, 2)),
  );
});

test('seqcast forecast --horizon 1000 --out f.csv prints the first and last 30 forecasts and writes all 1,000', async () => {
  const csv = join(dir, 'long.csv');
  const { code, stdout, stderr } = await cli('forecast', '--model', runDir, '--horizon', '1000', '--out', csv);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^│ … 940 more +│ +… │( +… │){4}$/m); // forecast, lo80, hi80, lo95, hi95
  assert.match(stdout, /^The first and last 30 of 1,000 forecasts shown; all of them are in .*long\.csv\.$/m);
  assert.equal(stdout.split('\n').filter((l) => /^│ \d{4}-\d\d-\d\d /.test(l)).length, 60);
  assert.equal(
    readFileSync(csv, 'utf8')
      .split('\n')
      .filter((l) => l.includes(',future,')).length,
    1000,
  );
});

test('seqcast forecast with a bad --horizon or no --model exits 2', async () => {
  // 1e9 would have been "Invalid typed array length", 1e6 a minute of forecasting: past 100,000
  for (const horizon of ['0', 'abc', '2.5', '100001', '1e9']) {
    const { code, stderr } = await cli('forecast', '--model', runDir, '--horizon', horizon);
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(`--horizon must be an integer from 1 to 100,000, got '${horizon}': use e\\.g\\. --horizon 24\\.`));
  }
  const none = await cli('forecast');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /required option '--model <path>' not specified/);
});

test('seqcast forecast --model auto (a kind, with no saved model of that name) exits 2 saying how to train one or forecast in one step', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'seqcast-kind-'));
  const csv = join(empty, 'series.csv');
  writeFileSync(csv, ['value', ...Array.from({ length: 40 }, (_, t) => String(10 + (t % 12)))].join('\n'));
  for (const kind of ['auto', 'ets', 'lstm']) {
    const { code, stderr } = await run(
      ['forecast', '--file', csv, '--column', 'value', '--model', kind, '--season', '12', '--horizon', '6'],
      {
        cwd: empty,
      },
    );
    assert.equal(code, 2, stderr);
    assert.match(
      stderr,
      new RegExp(
        `^seqcast: --model ${kind} names a kind of model, .*seqcast train .*--model ${kind} --out run/.*--columns value --model ${kind} --horizon H --out forecasts\\.csv\\.$`,
        'm',
      ),
    );
  }
  // a saved model in a folder named as a kind still loads (here: no such model, so loadModel's message)
  mkdirSync(join(empty, 'ets'));
  const saved = await run(['forecast', '--file', csv, '--column', 'value', '--model', 'ets', '--horizon', '6'], { cwd: empty });
  assert.doesNotMatch(saved.stderr, /names a kind of model/);
  // and a run named as a kind, killed between its two renames, is finished and forecasts
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  cpSync(runDir, join(empty, `auto.old-${dead}-0a1b2c3d`), { recursive: true });
  const killed = await run(['forecast', '--model', 'auto', '--horizon', '3'], { cwd: empty });
  assert.equal(killed.code, 0, killed.stderr);
  assert.match(killed.stdout, /note: A write of '.*auto' was interrupted/);
});

test('seqcast forecast --model DIR after a run killed between its two renames finishes it, says so, and forecasts', async () => {
  const killed = join(dir, 'killed');
  mkdirSync(killed);
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  cpSync(runDir, join(killed, `run.old-${dead}-0a1b2c3d`), { recursive: true });
  cpSync(runDir, join(killed, `run.tmp-${dead}-0a1b2c3d`), { recursive: true });
  const { code, stdout, stderr } = await cli('forecast', '--model', join(killed, 'run'));
  assert.equal(code, 0, stderr);
  assert.ok(
    stdout.includes(
      `note: A write of '${join(killed, 'run')}' was interrupted between its two renames; seqcast finished it: the new run is in place, whole.\n`,
    ),
    stdout,
  );
  assert.match(stdout, /│ lstm +│/);
  assert.deepEqual(readdirSync(killed), ['run']);
  // a save killed inside the run (as seqcast wrote them before run folders were swapped whole): the model is put back
  renameSync(join(killed, 'run', 'model'), join(killed, 'run', `model.old-${dead}-0a1b2c3d`));
  const model = await cli('forecast', '--model', join(killed, 'run'), '--json');
  assert.equal(model.code, 0, model.stderr);
  assert.match(
    JSON.parse(model.stdout).notes[0],
    /^A write of '.*model' was interrupted before the new model was complete; seqcast put the previous model back in place\.$/,
  );
});

test('seqcast forecast checks --out and --chart before loading the model: one sentence each, nothing written', async () => {
  const out = join(dir, 'outputs');
  mkdirSync(out);
  const cases: [string[], number, RegExp][] = [
    [
      ['--out', join(runDir, 'f.csv')],
      1,
      /^seqcast: Cannot write --out '.*f\.csv': it is inside the seqcast run folder '.*run', which the next run into it replaces as a whole: write it outside, e\.g\. --out f\.csv\.\n$/,
    ],
    [
      ['--out', '/proc/seqcast-x/f.csv'],
      1,
      /^seqcast: Cannot write --out '\/proc\/seqcast-x\/f\.csv': '\/proc' does not accept new files .*: name a file for --out in a folder where you can write\.\n$/,
    ],
    [['--chart', out + '/'], 2, /--chart must name a \.png or \.svg file/],
    [
      ['--out', out],
      1,
      /^seqcast: Cannot write --out '.*outputs': it is a folder, not a file: name a file \(in that folder, or elsewhere\)\.\n$/,
    ],
    [
      ['--out', join(out, 'a.svg'), '--chart', join(out, 'a.svg')],
      1,
      /^seqcast: --out and --chart name the same file '.*a\.svg': name two different files\.\n$/,
    ],
    [['--out', ''], 2, /--out must name a file, got '': e\.g\. --out forecast\.csv\./],
    [['--out', '/dev/null'], 1, /it is not a regular file \(a device, pipe or socket\)/],
  ];
  for (const [flags, code, message] of cases) {
    const r = await run(['forecast', '--model', join(dir, 'does-not-matter'), ...flags], { timeout: 20_000 });
    assert.equal(r.signal, null, 'ended by itself');
    assert.equal(r.code, code, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
  assert.deepEqual(readdirSync(out), []);
  assert.ok(!existsSync(join(runDir, 'f.csv')));
});

test('modelDirOf(dir) finds the model folder of a train run, or takes dir as it is', () => {
  assert.equal(modelDirOf(runDir), join(runDir, 'model'));
  assert.equal(modelDirOf(join(runDir, 'model')), join(runDir, 'model'));
  assert.equal(existsSync(join(modelDirOf(runDir), 'weights.bin')), true);
});

test('seqcast forecast --model DIR of a direct network (train --horizon 6) forecasts 6 values with one prediction and 14 in chained blocks', async () => {
  const direct = join(dir, 'direct');
  const trainedDirect = await cli(
    'train',
    '--dataset',
    'synthetic',
    '--epochs',
    '2',
    '--units',
    '8',
    '--layers',
    '1',
    '--window',
    '20',
    '--strategy',
    'direct',
    '--horizon',
    '6',
    '--transform',
    'difference,standard',
    '--out',
    direct,
    '--json',
  );
  assert.equal(trainedDirect.code, 0, trainedDirect.stderr);
  const { code, stdout, stderr } = await cli('forecast', '--model', direct, '--horizon', '14', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.metrics, JSON.parse(trainedDirect.stdout).metrics[0], 'the loaded model scores as the trained one');
  assert.equal(result.future.length, 14);
  assert.deepEqual(result.future.map((r: { at: number }) => r.at).slice(0, 2), [1461, 1462]);
  // the library, from the same files, gives the same numbers: the first 6 are one prediction
  const model = await loadModel(join(direct, 'model'));
  const meta = readRunMetadata(model.metadata);
  const f = networkForecasterFromModel(model, meta.spec!, meta.transform!);
  assert.equal(f.spec.horizon, 6);
  const { series } = syntheticSeries();
  assert.deepEqual(
    result.future.map((r: { forecast: number }) => r.forecast),
    Array.from(f.forecast(series, 14)),
  );
  assert.deepEqual(Array.from(f.forecast(series, 6)), Array.from(f.forecast(series, 14).subarray(0, 6)));
});
