import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestHorizon, defaultHorizon, type BacktestReport } from '../../src/cli/backtest.js';
import { seasonsFor } from '../../src/cli/run-output.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { backtest } from '../../src/forecast/backtest.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { driftForecaster, movingAverageForecaster, naiveForecaster } from '../../src/forecast/forecaster.js';
import { mase } from '../../src/metrics/errors.js';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);
const FAST = ['--epochs', '2', '--units', '8', '--layers', '1', '--window', '10'];

test('seqcast backtest --dataset synthetic --folds 2 --json prints per-fold rows for the network and each baseline, the means, and writes a script-free report', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-bt-')), 'report');
  const { code, stdout, stderr } = await cli(
    'backtest',
    '--dataset',
    'synthetic',
    '--model',
    'lstm',
    '--folds',
    '2',
    '--horizon',
    '50',
    ...FAST,
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as BacktestReport;
  const names = ['lstm', 'naive', 'moving average (30)', 'drift'];
  assert.equal(report.folds.length, 2 * names.length);
  for (const fold of [1, 2])
    assert.deepEqual(
      report.folds.filter((r) => r.fold === fold).map((r) => r.forecaster),
      names,
    );
  assert.deepEqual(
    report.folds.map((r) => r.train),
    [1361, 1361, 1361, 1361, 1411, 1411, 1411, 1411],
  );
  for (const r of report.folds) assert.ok(Number.isFinite(r.scores.mae) && r.scores.mae > 0, `${r.forecaster} MAE ${r.scores.mae}`);
  assert.deepEqual([...report.mean.map((m) => m.name)].sort(), [...names].sort());
  const maes = report.mean.map((m) => m.scores.mae);
  assert.deepEqual(
    maes,
    [...maes].sort((a, b) => a - b),
    'means sorted by MAE',
  );
  const naive = report.folds.filter((r) => r.forecaster === 'naive').map((r) => r.scores.mae);
  const naiveMean = report.mean.find((m) => m.name === 'naive')!.scores.mae;
  assert.ok(Math.abs(naiveMean - (naive[0] + naive[1]) / 2) < 1e-9);
  assert.deepEqual(report.settings.folds, 2);
  assert.equal(report.settings.horizon, 50);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(!/<script/i.test(html), 'no scripts in the report');
  assert.ok(html.includes('<svg') && html.includes('moving average (30)'));
  assert.ok(html.includes('Training loss of the network on the last fold'), 'the loss chart, also when the folds train on workers');
  assert.ok(existsSync(join(out, 'folds.png')) && existsSync(join(out, 'folds.svg')));
  assert.match(stderr, /fold 2\/2 done/);
  assert.equal(report.settings.workers, Math.min(2, availableParallelism()), 'one worker per core, at most one per fold, by default');
});

test('seqcast backtest --horizon 12 --folds 3 --json forecasts 12 values at once from each origin: mean rows with mase and the MAE at each step', async () => {
  const out = mkdtempSync(join(tmpdir(), 'seqcast-bt-'));
  const { code, stdout, stderr } = await cli(
    'backtest',
    '--dataset',
    'synthetic',
    '--horizon',
    '12',
    '--folds',
    '3',
    ...FAST,
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as BacktestReport;
  assert.equal(report.settings.mode, 'multi-step');
  assert.equal(report.settings.horizon, 12);
  assert.deepEqual(report.settings.season, { mase: 1 }, 'no dates: no season, MASE scaled by the naive error');
  const { series } = syntheticSeries();
  const origins = [1425, 1437, 1449]; // n − k·12, k = 3..1
  assert.deepEqual([...new Set(report.folds.map((r) => r.origin))], origins);
  for (const m of report.mean) {
    assert.ok(Number.isFinite(m.scores.mase) && m.scores.mase > 0, `${m.name} MASE ${m.scores.mase}`);
    assert.equal(m.perStep?.length, 12, m.name);
    assert.ok(
      m.perStep!.every((v) => Number.isFinite(v) && v >= 0),
      m.name,
    );
  }
  // the naive forecast from each origin is the last training value, repeated
  const naive = report.folds.filter((r) => r.forecaster === 'naive');
  naive.forEach((r, i) => {
    const o = origins[i];
    assert.deepEqual(r.forecast, new Array(12).fill(series[o - 1]));
    const actual = series.subarray(o, o + 12);
    assert.equal(r.scores.mase, mase(actual, Float32Array.from(r.forecast), series.subarray(0, o)));
  });
  const perStep = Array.from({ length: 12 }, (_, k) => origins.reduce((sum, o) => sum + Math.abs(series[o + k] - series[o - 1]), 0) / 3);
  const naiveMean = report.mean.find((m) => m.name === 'naive')!;
  naiveMean.perStep!.forEach((v, k) => assert.ok(Math.abs(v - perStep[k]) < 1e-12, `step ${k + 1}: ${v} vs ${perStep[k]}`));
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('MAE at each step ahead, mean over the 3 folds'), 'the per-step chart');
  assert.ok(html.includes('step 12'), 'the per-step table');
  assert.ok(html.includes('12-step forecasts of lstm and'), 'the folds chart: each fold’s path');
});

test("seqcast backtest --one-step scores the course's one-step forecasts, with the numbers of seqcast's earlier backtests", async () => {
  const args = ['backtest', '--dataset', 'synthetic', '--horizon', '12', '--folds', '3', ...FAST, '--one-step', '--workers', '2', '--json'];
  const { code, stdout, stderr } = await cli(...args, '--out', mkdtempSync(join(tmpdir(), 'seqcast-bt-')));
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as BacktestReport;
  assert.equal(report.settings.mode, 'one-step');
  assert.ok(report.mean.every((m) => m.perStep === undefined));
  // the baselines' scores as `seqcast backtest` printed them before multi-step became the default
  const pinned: [number, string, number[]][] = [
    [1, 'naive', [5.429416656494141, 8.05519037355665, 6.431267949672879, 6.467287484969171, 0.9415669536799074]],
    [1, 'moving average (30)', [3.851170857747396, 5.003440034481994, 4.645742157473129, 4.58959761015206, 0.6678682889980125]],
    [1, 'drift', [5.427167892456055, 8.057150744054098, 6.429622014785129, 6.463990708396756, 0.9411769740487894]],
    [2, 'naive', [4.549622217814128, 5.375616741038474, 5.28859038148435, 5.321288432018357, 0.7893788569189867]],
    [2, 'moving average (30)', [3.628190358479818, 4.254066633134714, 4.212569639381721, 4.233173170615953, 0.6295064998247938]],
    [2, 'drift', [4.547396341959636, 5.374645444105108, 5.286689296157443, 5.317994516265926, 0.7889926579658554]],
    [3, 'naive', [9.285152435302734, 12.468889193464197, 9.695323337357614, 10.062158188011434, 1.613830451899595]],
    [3, 'moving average (30)', [6.826841990152995, 11.73134816746234, 6.779912633000615, 7.2634150042870536, 1.1865573097246116]],
    [3, 'drift', [9.287527720133463, 12.465390217451015, 9.699622412798893, 10.06385096311159, 1.6142432945554883]],
  ];
  assert.deepEqual(
    report.folds.filter((r) => r.forecaster !== 'lstm').map((r) => [r.fold, r.forecaster, Object.values(r.scores)]),
    pinned,
  );
  // the network: what the library's one-step backtest gives with the same spec
  const { series } = syntheticSeries();
  const make = () => [networkForecaster(report.settings.spec!), naiveForecaster(), movingAverageForecaster(30), driftForecaster()];
  const library = await backtest(series, make, { mode: 'one-step', folds: 3, horizon: 12 });
  assert.deepEqual(
    report.folds.filter((r) => r.forecaster === 'lstm').map((r) => r.scores),
    library.folds.map((f) => f.results[0].scores),
  );
});

test("seqcast backtest on monthly data forecasts M4's 18 months from each origin and scales MASE by the seasonal naive error", async () => {
  const { code, stdout, stderr } = await cli(
    'backtest',
    '--dataset',
    'sunspots',
    '--folds',
    '2',
    ...FAST,
    '--out',
    mkdtempSync(join(tmpdir(), 'seqcast-bt-')),
  );
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^Backtest of sunspots \(\d+ values\): 2 origins, each forecasting the next 18 values at once \(multi-step\); seasonal naive period 12, MASE period 12$/m,
  );
  assert.match(stdout, /MAE by step ahead, mean over 2 folds \(6 of 18 steps; all in the JSON and the report\)/);
  assert.match(stdout, /│ forecaster +│ +1 │ +4 │ +7 │ +11 │ +14 │ +18 │/);
  assert.match(stderr, /fold 2\/2 done: forecast \[\d+, \d+\)/);
});

test('seqcast backtest without --json prints the per-fold table, the mean table and where the report went', async () => {
  const out = mkdtempSync(join(tmpdir(), 'seqcast-bt-'));
  const { code, stdout, stderr } = await cli(
    'backtest',
    '--dataset',
    'synthetic',
    '--folds',
    '1',
    '--horizon',
    '30',
    ...FAST,
    '--out',
    out,
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /fold │ train size │ forecaster/);
  assert.match(stdout, /Mean over 1 fold \(lowest MAE first\)/);
  assert.match(stdout, /│ drift /);
  assert.match(stdout, /Report: .*report\.html/);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'seqcast-run.json'), 'utf8')).files, ['folds.png', 'folds.svg', 'report.html']);
});

test("seqcast backtest --out under /proc, empty, holding a train run or the user's files fails before the folds train, changing nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-bt-'));
  const trainRun = join(dir, 'train-run');
  mkdirSync(trainRun);
  writeFileSync(
    join(trainRun, 'seqcast-run.json'),
    JSON.stringify({ format: 'seqcast-run', version: 1, command: 'train', createdBy: 'seqcast 0.1.0', files: ['report.html'] }),
  );
  writeFileSync(join(trainRun, 'report.html'), 'the train report');
  const mine = join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'folds.png'), 'my chart');
  const cases: [string, number, RegExp][] = [
    [
      '/proc/seqcast-x/bt',
      1,
      /^seqcast: Cannot write the run to --out '\/proc\/seqcast-x\/bt': '\/proc' does not accept new files .*: name a folder for --out where you can write\.\n$/,
    ],
    ['', 2, /--out is empty/],
    [
      trainRun,
      1,
      /^seqcast: Cannot write the backtest run to --out '.*train-run': it holds a seqcast train run, which a backtest run would replace: name another folder, e\.g\. --out .*train-run-backtest\.\n$/,
    ],
    [mine, 1, /^seqcast: Cannot write the backtest run to --out '.*mine': the folder is not empty and is not a seqcast run folder/],
  ];
  for (const [out, code, message] of cases) {
    const r = await run(['backtest', '--dataset', 'synthetic', '--folds', '1', '--horizon', '30', ...FAST, '--out', out], {
      timeout: 20_000,
    });
    assert.equal(r.signal, null, 'ended by itself');
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /fold 1|training/, 'before the folds train');
  }
  assert.equal(readFileSync(join(trainRun, 'report.html'), 'utf8'), 'the train report');
  assert.equal(readFileSync(join(mine, 'folds.png'), 'utf8'), 'my chart');
  assert.deepEqual(readdirSync(dir).sort(), ['mine', 'train-run']);
});

test('seqcast backtest --folds 0 exits 2 naming the option', async () => {
  const { code, stderr } = await cli('backtest', '--dataset', 'synthetic', '--folds', '0');
  assert.equal(code, 2);
  assert.match(stderr, /--folds must be an integer from 1 to 1,000, got '0'/);
  const many = await cli('backtest', '--dataset', 'synthetic', '--workers', '1000');
  assert.equal(many.code, 2);
  assert.match(many.stderr, /--workers must be an integer from 1 to 64, got '1000'/);
});

test('seqcast backtest with more folds than the series holds exits 1 saying to use fewer folds', async () => {
  const { code, stderr } = await cli(
    'backtest',
    '--dataset',
    'synthetic',
    '--folds',
    '5',
    '--horizon',
    '300',
    ...FAST,
    '--out',
    mkdtempSync(join(tmpdir(), 'seqcast-bt-')),
  );
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: backtest: 5 folds of 300 values leave 0 values .*use fewer folds/);
});

test('seqcast backtest without an input exits 1 asking for a series', async () => {
  const { code, stderr } = await cli('backtest', '--folds', '2');
  assert.equal(code, 1);
  assert.match(stderr, /seqcast: Name a series: --dataset/);
});

test("seasonsFor(season, frequency, n) takes --season for both, else the dates' period for the baseline and 1 for MASE", () => {
  assert.deepEqual(seasonsFor(4, { kind: 'monthly', anchor: 'month-end' }, 3000), { baseline: 4, mase: 4 });
  assert.deepEqual(seasonsFor(undefined, { kind: 'monthly', anchor: 'month-end' }, 3000), { baseline: 12, mase: 1 });
  assert.deepEqual(seasonsFor(undefined, { kind: 'monthly', anchor: 'month-end' }, 20), { mase: 1 }); // two seasons do not fit
  assert.deepEqual(seasonsFor(undefined, { kind: 'daily' }, 2000), { baseline: 365, mase: 1 });
  assert.deepEqual(seasonsFor(undefined, { kind: 'daily' }, 500), { baseline: 7, mase: 1 });
  assert.deepEqual(seasonsFor(undefined, undefined, 3000), { mase: 1 });
});

test('defaultHorizon(n, folds) scores 10% of the series per fold, at most half of it over all folds', () => {
  assert.equal(defaultHorizon(1461, 3), 146);
  assert.equal(defaultHorizon(1000, 10), 50);
  assert.equal(defaultHorizon(5, 3), 1);
});

test("backtestHorizon(options) is M4's horizon for a known frequency or season when multi-step, else defaultHorizon", () => {
  const monthly = { kind: 'monthly', anchor: 'month-end' } as const;
  assert.equal(backtestHorizon({ n: 3265, folds: 3, mode: 'multi-step', frequency: monthly }), 18);
  assert.equal(backtestHorizon({ n: 3650, folds: 3, mode: 'multi-step', frequency: { kind: 'daily' } }), 14);
  assert.equal(backtestHorizon({ n: 100, folds: 3, mode: 'multi-step', season: 4 }), 8, 'quarterly: --season 4 without dates');
  assert.equal(backtestHorizon({ n: 1461, folds: 3, mode: 'multi-step' }), 146, 'no season: 10% of the series');
  assert.equal(backtestHorizon({ n: 3265, folds: 3, mode: 'one-step', frequency: monthly }), 326, 'one-step: as before');
});

test('seqcast backtest --workers 2 gives the same per-fold scores as --workers 1', async () => {
  const args = ['backtest', '--dataset', 'synthetic', '--folds', '2', '--horizon', '40', ...FAST, '--json'];
  const [one, two] = await Promise.all([
    cli(...args, '--workers', '1', '--out', mkdtempSync(join(tmpdir(), 'seqcast-bt-'))),
    cli(...args, '--workers', '2', '--out', mkdtempSync(join(tmpdir(), 'seqcast-bt-'))),
  ]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  const scores = (r: string) => (JSON.parse(r) as BacktestReport).folds.map((f) => [f.fold, f.forecaster, f.scores.mae, f.scores.rmse]);
  assert.deepEqual(scores(two.stdout), scores(one.stdout));
  const perStep = (r: string) => (JSON.parse(r) as BacktestReport).mean.map((m) => [m.name, m.perStep]);
  assert.deepEqual(perStep(two.stdout), perStep(one.stdout));
  assert.match(two.stderr, /on 2 worker threads/);
  assert.doesNotMatch(one.stderr, /worker threads/);
  assert.equal((JSON.parse(one.stdout) as BacktestReport).settings.workers, 1);
});

test('seqcast backtest --strategy direct gives the network the backtest’s --horizon; without it the network is one-step', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-bt-'));
  const args = [
    'backtest',
    '--dataset',
    'synthetic',
    '--folds',
    '1',
    '--horizon',
    '12',
    '--workers',
    '1',
    ...FAST,
    '--epochs',
    '1',
    '--json',
  ];
  const direct = await cli(...args, '--strategy', 'direct', '--transform', 'difference,standard', '--out', join(dir, 'a'));
  assert.equal(direct.code, 0, direct.stderr);
  const { spec } = (JSON.parse(direct.stdout) as BacktestReport).settings;
  assert.deepEqual([spec!.horizon, spec!.strategy, spec!.transform], [12, 'direct', ['difference', 'standard']]);
  const plain = await cli(...args, '--out', join(dir, 'b'));
  assert.equal(plain.code, 0, plain.stderr);
  const one = (JSON.parse(plain.stdout) as BacktestReport).settings.spec;
  assert.deepEqual([one!.horizon, one!.strategy, one!.transform], [1, 'recursive', ['standard']]);
});

test('seqcast backtest --level 80,95 scores each forecaster’s conformal intervals per fold and on average (coverage, width, MSIS at 95 %), in the JSON, the text and the report', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-bt-')), 'bt');
  const AIR = ['--file', 'datasets/collection/AirPassengers.csv', '--date', 'date', '--column', 'value'];
  const { code, stdout, stderr } = await cli(
    'backtest',
    ...AIR,
    '--model',
    'theta',
    '--folds',
    '2',
    '--level',
    '80,95',
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.settings.levels, [80, 95]);
  assert.equal(report.settings.horizon, 18);
  // the names stay the forecasters' own: the intervals are an addition
  assert.deepEqual(
    [...new Set(report.folds.map((r: { forecaster: string }) => r.forecaster))],
    ['theta (12)', 'naive', 'seasonal naive (12)', 'moving average (30)', 'drift'],
  );
  const series = readFileSync('datasets/collection/AirPassengers.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1]));
  for (const row of report.folds) {
    const iv = row.intervals;
    assert.deepEqual(iv.levels, [80, 95]);
    const actual = series.slice(row.origin, row.end);
    for (let k = 0; k < 18; k++) {
      assert.ok(
        iv.lower[1][k] <= iv.lower[0][k] &&
          iv.lower[0][k] <= row.forecast[k] &&
          row.forecast[k] <= iv.upper[0][k] &&
          iv.upper[0][k] <= iv.upper[1][k],
        `fold ${row.fold} ${row.forecaster} step ${k + 1}`,
      );
    }
    // coverage is the share of the fold's actual values inside each band, in percent
    for (const i of [0, 1]) {
      const inside = actual.filter((y: number, k: number) => iv.lower[i][k] <= y && y <= iv.upper[i][k]).length;
      assert.ok(Math.abs(iv.coverage[i] - (100 * inside) / 18) < 1e-9, `coverage ${row.fold} ${row.forecaster}`);
    }
    assert.ok(iv.width[1] >= iv.width[0] && iv.width[0] > 0);
    assert.ok(Number.isFinite(iv.msis) && iv.msis > 0);
  }
  for (const m of report.mean) {
    const rows = report.folds.filter((r: { forecaster: string }) => r.forecaster === m.name);
    assert.equal(m.intervals.folds, 2);
    assert.ok(Math.abs(m.intervals.msis - (rows[0].intervals.msis + rows[1].intervals.msis) / 2) < 1e-9);
  }
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /cover 80 %/);
  assert.match(html, /MSIS 95/);

  const text = await cli('backtest', ...AIR, '--model', 'theta', '--folds', '2', '--out', out);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /│ forecaster +│ cover 80 % │ cover 95 % │ width 80 │ width 95 │ MSIS 95 │/); // the default levels
  const none = JSON.parse(
    (await cli('backtest', ...AIR, '--model', 'theta', '--folds', '2', '--level', 'none', '--out', out, '--json')).stdout,
  );
  assert.equal(none.settings.levels, undefined);
  assert.ok(none.folds.every((r: object) => !('intervals' in r)));
  assert.deepEqual(
    none.folds.map((r: { scores: object }) => r.scores),
    report.folds.map((r: { scores: object }) => r.scores),
    'the point forecasts are the same with or without intervals',
  );
});

test('on a short series a baseline that needs more than the first fold holds sits the backtest out, named in a note, and the folds stay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-bt-'));
  const file = join(dir, 'short.csv');
  // 60 monthly values: 2 folds of 18 leave 24 (two seasons) to train the first on; the moving average of 30 needs 31
  const values = Array.from({ length: 60 }, (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12));
  writeFileSync(
    file,
    ['date,value', ...values.map((v, t) => `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v}`)].join('\n'),
  );
  const { code, stdout, stderr } = await cli(
    'backtest',
    ...['--file', file, '--column', 'value', '--date', 'date', '--season', '12', '--horizon', '18', '--folds', '2', '--model', 'ets'],
    ...['--out', join(dir, 'out'), '--json'],
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as BacktestReport;
  assert.equal(report.settings.folds, 2);
  assert.deepEqual(report.mean.map((m) => m.name).sort(), ['drift', 'ets (12)', 'naive', 'seasonal naive (12)']);
  assert.ok(
    report.notes.includes('the moving average (30) baseline is left out: it needs 31 values to fit on, and the first fold trains on 24.'),
    report.notes.join('\n'),
  );
});
