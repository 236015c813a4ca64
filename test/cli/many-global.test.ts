import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { parseManySeries } from '../../src/data/many-series.js';
import { backtestGlobal } from '../../src/forecast/global-backtest.js';
import { fitGlobalMany, forecastWithGlobal } from '../../src/forecast/global-many.js';
import type { GlobalSpec } from '../../src/forecast/global-network.js';
import type { SeriesOutcome } from '../../src/forecast/series-chunk.js';
import { stlfForecaster } from '../../src/forecast/stats/stlf.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-many-global-'));

// 5 monthly series of 60, 72, 48, 20 and 84 values, different starts: s3 is too short for a fold
// of 18 and for the global network's window (24); the first fold of the others is too early to train on
const LENGTHS = [60, 72, 48, 20, 84];
const rows: string[] = [];
LENGTHS.forEach((n, s) => {
  for (let i = 0; i < n; i++) {
    const t = i + s * 3;
    const v = 100 + s * 20 + 0.5 * i + 10 * Math.sin((2 * Math.PI * t) / 12) + ((i * 7919 + s * 104729) % 17) / 3;
    rows.push(`s${s},${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(3)}`);
  }
});
const text = 'unique_id,ds,y\n' + rows.join('\n') + '\n';
const file = join(dir, 'long.csv');
writeFileSync(file, text);
const series = parseManySeries(text, { id: 'unique_id', date: 'ds', column: 'y', source: file }).series;
const input = ['--file', file, '--id', 'unique_id', '--date', 'ds', '--column', 'y'];
/** A global network small and short enough for a test. */
const tiny = ['--epochs', '2', '--units', '8', '--seed', '3'];
const spec = (model: 'mlp' | 'lstm'): GlobalSpec => ({
  kind: 'global',
  network: { model, window: 24, horizon: 18, strategy: 'direct', epochs: 2, units: 8, seed: 3 },
  normalize: 'window',
});

/** `forecast` of the fixture with `args` exits 2 with `message` and writes no --out file. */
async function refusedForecast(args: readonly string[], message: RegExp): Promise<void> {
  const out = join(dir, 'refused.csv');
  const r = await cli(['forecast', ...input, ...args, '--out', out]);
  assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(existsSync(out), false);
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

test('backtest --model global-mlp writes backtestGlobal’s scores beside the baselines’ on the same folds, and sums them up together', async () => {
  const out = join(dir, 'bt');
  const { code, stdout, stderr } = await cli([
    'backtest',
    ...input,
    '--model',
    'global-mlp',
    ...tiny,
    '--level',
    'none',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.settings.global, spec('mlp'));
  assert.deepEqual(
    report.settings.forecasters.map((f: { kind: string }) => f.kind),
    ['naive', 'seasonal-naive', 'drift'],
  );
  assert.deepEqual(
    report.skipped.map((s: { id: string }) => s.id),
    ['s3'],
  );
  assert.ok(report.notes.some((n: string) => /fold 0 is left out: no series has 42 values/.test(n)));

  const direct = await backtestGlobal(
    series.map((s) => s.values),
    spec('mlp'),
    { horizon: 18, folds: 3, period: 12 },
  );
  const table = csvRows(join(out, 'scores.csv'));
  assert.deepEqual(table[0], ['unique_id', 'forecaster', 'fold', 'origin', 'MASE', 'sMAPE', 'MAE']);
  const globalRows = table.filter((r) => r[1] === 'global mlp');
  const expected: string[][] = [];
  const means: number[] = [];
  for (const s of direct.series) {
    if (s.index === 3) continue; // skipped by the baselines: no rows at all
    // the baselines' folds of this series: its global rows are on the same origins, with their numbers
    const baseline = table.filter((r) => r[0] === `s${s.index}` && r[1] === 'naive');
    const scored = s.folds.filter((f) => f.scores && baseline.some((b) => Number(b[3]) === f.fold.origin));
    for (const f of scored) {
      const fold = baseline.find((b) => Number(b[3]) === f.fold.origin)![2];
      expected.push([
        `s${s.index}`,
        'global mlp',
        fold,
        String(f.fold.origin),
        String(f.scores!.mase),
        String(f.scores!.smape),
        String(f.scores!.mae),
      ]);
    }
    means.push(scored.reduce((sum, f) => sum + f.scores!.mase, 0) / scored.length);
  }
  assert.ok(expected.length >= 6, `${expected.length} global cells`);
  assert.deepEqual(globalRows, expected);
  // each series' rows: the global network's first, then the baselines'
  assert.deepEqual(
    table
      .slice(1)
      .filter((r) => r[0] === 's0')
      .map((r) => r[1]),
    ['global mlp', 'global mlp', 'naive', 'naive', 'seasonal naive (12)', 'seasonal naive (12)', 'drift', 'drift'],
  );

  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.summary, report.summary);
  const names = summary.summary.forecasters.map((f: { name: string }) => f.name);
  assert.deepEqual(names, ['global mlp', 'naive', 'seasonal naive (12)', 'drift']);
  const g = summary.summary.forecasters[0];
  assert.equal(g.series, 4);
  assert.ok(Math.abs(g.meanMase - means.reduce((a, b) => a + b, 0) / means.length) < 1e-12, `${g.meanMase}`);
  assert.equal(
    summary.summary.forecasters.reduce((s: number, f: { wins: number }) => s + f.wins, 0),
    4,
  );
});

test('forecast --model global-lstm fits one network on every series and forecasts each, as fitGlobalMany + forecastWithGlobal; a series shorter than the window is skipped', async () => {
  const out = join(dir, 'global-forecast.csv');
  const { code, stdout, stderr } = await cli(['forecast', ...input, '--model', 'global-lstm', ...tiny, '--out', out, '--json']);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.done, 4);
  assert.deepEqual(report.skipped, [
    { id: 's3', reason: 'The series has 20 values and global lstm forecasts from the last 24: it needs at least 24.' },
  ]);
  assert.deepEqual(report.settings.levels, null);
  assert.ok(report.notes.some((n: string) => /no intervals/.test(n)));

  const { network } = await fitGlobalMany(series, spec('lstm'));
  const outcomes: SeriesOutcome[] = [];
  await forecastWithGlobal(network, series, { horizon: 18, onSeries: (o) => void outcomes.push(o) });
  const table = csvRows(out);
  assert.deepEqual(table[0], ['unique_id', 'step', 'date', 'forecast']);
  const expected = outcomes.flatMap((o) =>
    o.forecast ? Array.from(o.forecast.mean, (v, k) => [`s${o.index}`, String(k + 1), String(v)]) : [],
  );
  assert.deepEqual(
    table.slice(1).map((r) => [r[0], r[1], r[3]]),
    expected,
  );
  assert.equal(table.length - 1, 4 * 18);
  assert.equal(table[1][2], '2005-01-01'); // s0's 60 months from 2000-01
});

test("forecast --model global-mlp --stl 12 trains on each series' STL-adjusted logs (fitGlobalMany with seasonal), and train --out saves it so", async () => {
  const out = join(dir, 'global-stl.csv');
  const { code, stdout, stderr } = await cli([
    'forecast',
    ...input,
    '--model',
    'global-mlp',
    '--stl',
    '12',
    ...tiny,
    '--out',
    out,
    '--json',
  ]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout).settings.global.seasonal, { periods: [12] });
  assert.match(stderr, /training global mlp \(STL\(12\) of logs\) on 5 series/);
  // a window of two of the longest season: 24
  const { network } = await fitGlobalMany(series, { ...spec('mlp'), seasonal: { periods: [12] } });
  const outcomes: SeriesOutcome[] = [];
  await forecastWithGlobal(network, series, { horizon: 18, onSeries: (o) => void outcomes.push(o) });
  const expected = outcomes.flatMap((o) =>
    o.forecast ? Array.from(o.forecast.mean, (v, k) => [`s${o.index}`, String(k + 1), String(v)]) : [],
  );
  assert.deepEqual(
    csvRows(out)
      .slice(1)
      .map((r) => [r[0], r[1], r[3]]),
    expected,
  );
  // the seasons matter: the forecasts differ from the plain global network's
  const plain = join(dir, 'global-plain.csv');
  assert.equal((await cli(['forecast', ...input, '--model', 'global-mlp', ...tiny, '--out', plain])).code, 0);
  assert.notEqual(readFileSync(plain, 'utf8'), readFileSync(out, 'utf8'));
  // saved and reloaded: the same forecasts
  const run = join(dir, 'trained-global-stl');
  const trained = await cli(['train', ...input, '--model', 'global-mlp', '--stl', '12', ...tiny, '--out', run]);
  assert.equal(trained.code, 0, trained.stderr);
  const fromSaved = join(dir, 'saved-global-stl.csv');
  const a = await cli(['forecast', '--model', run, ...input, '--out', fromSaved]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(readFileSync(fromSaved, 'utf8'), readFileSync(out, 'utf8'));
  // --stl belongs to the global models; a bad list names the flag
  for (const [args, message] of [
    [
      ['--model', 'lstm', '--stl', '12'],
      /--stl applies to --model global-mlp, global-lstm, stlf, stl-arima, auto, got --model lstm: drop --stl, or use one of those\./,
    ],
    [
      ['--model', 'global-mlp', '--stl', '12,1'],
      /--stl must list seasonal periods from 2 to 100,000 separated by commas, got '12,1': e\.g\. --stl 24,168\./,
    ],
    [['--model', 'global-mlp', '--stl', '12,12'], /--stl lists a period twice: '12,12'\./],
  ] as const)
    await refusedForecast(args, message);
});

test("forecast --model ets --blend DIR: each series the mean of ETS's forecast and the saved global network's; refused with a per-series run, a global --model or --level", async () => {
  const run = join(dir, 'blend-global');
  const trained = await cli(['train', ...input, '--model', 'global-mlp', '--stl', '12', ...tiny, '--out', run]);
  assert.equal(trained.code, 0, trained.stderr);
  const ets = join(dir, 'blend-ets.csv');
  const global = join(dir, 'blend-global.csv');
  const blended = join(dir, 'blended.csv');
  assert.equal((await cli(['forecast', ...input, '--model', 'ets', '--level', 'none', '--out', ets])).code, 0);
  assert.equal((await cli(['forecast', ...input, '--model', run, '--out', global])).code, 0);
  const r = await cli(['forecast', ...input, '--model', 'ets', '--blend', run, '--out', blended, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    JSON.parse(r.stdout).notes.some((n: string) => /each forecast is the mean of ets's and global mlp \(STL\(12\) of logs\)'s/.test(n)),
  );
  const [a, b, c] = [ets, global, blended].map(csvRows);
  assert.deepEqual(c[0], ['unique_id', 'step', 'date', 'forecast']);
  // s3 (20 values) is shorter than the network's window: ETS's forecast alone
  const byKey = (rows: string[][]): Map<string, number> => new Map(rows.slice(1).map((x) => [`${x[0]} ${x[1]}`, Number(x[3])]));
  const [ea, ga] = [byKey(a), byKey(b)];
  assert.equal(c.length, a.length);
  for (const row of c.slice(1)) {
    const key = `${row[0]} ${row[1]}`;
    const want = ga.has(key) ? (ea.get(key)! + ga.get(key)!) / 2 : ea.get(key)!;
    assert.ok(Math.abs(Number(row[3]) - want) <= 1e-5 * Math.abs(want), `${key}: ${row[3]} against ${want}`);
  }
  assert.ok(c.some((row) => row[0] === 's3') && !ga.has('s3 1'));
  const perSeries = join(dir, 'blend-per-series');
  assert.equal((await cli(['train', ...input, '--model', 'theta', '--out', perSeries])).code, 0);
  for (const [args, message] of [
    [
      ['--model', 'ets', '--blend', perSeries],
      /--blend takes a global network's run, and '.*blend-per-series' holds one theta forecaster per series/,
    ],
    [
      ['--model', 'ets', '--blend', dir],
      /--blend takes the folder `seqcast train --id \.\.\. --model global-mlp --out DIR` wrote, and '.*' holds no many\.json/,
    ],
    [
      ['--model', 'global-mlp', '--blend', run],
      /--blend averages a per-series model's forecasts .* --model global-mlp is a global network itself/,
    ],
    [['--model', 'ets', '--blend', run, '--level', '80'], /--blend gives point forecasts only .*drop --level, or give --level none\./],
  ] as const)
    await refusedForecast(args, message);
});

test('forecast --model stlf --stl 6,12 decomposes by both periods (stlfForecaster({ periods: [6, 12] })); --model auto --stl gives its STL candidates those seasons', async () => {
  const out = join(dir, 'stlf-6-12.csv');
  const r = await cli(['forecast', ...input, '--model', 'stlf', '--stl', '6,12', '--level', 'none', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).settings.forecasters, [{ kind: 'stlf', periods: [6, 12] }]);
  const f = stlfForecaster({ periods: [6, 12] });
  const s0 = series[0].values;
  await f.fit(s0);
  const want = f.forecast(s0, 18);
  const got = csvRows(out)
    .filter((row) => row[0] === 's0')
    .map((row) => Number(row[3]));
  assert.deepEqual(Float32Array.from(got), want);
  const a = await cli([
    'forecast',
    ...input,
    '--model',
    'auto',
    '--candidates',
    'statistical',
    '--stl',
    '6,12',
    '--level',
    'none',
    '--out',
    join(dir, 'auto-stl.csv'),
    '--json',
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout).settings.forecasters[0].seasons, [6, 12]);
});

for (const model of ['mlp', 'ets', 'global-mlp']) {
  test(`train --id --model ${model} saves each series' forecaster; forecast --model DIR gives what forecast --model ${model} gives`, async () => {
    const flags = model === 'ets' ? [] : tiny;
    const out = join(dir, `trained-${model}`);
    const trained = await cli(['train', ...input, '--model', model, ...flags, '--out', out, '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    const report = JSON.parse(trained.stdout);
    assert.equal(report.command, 'train');
    assert.ok(existsSync(join(out, 'many.json')) && existsSync(join(out, 'series.csv')));
    const mapping = csvRows(join(out, 'series.csv'));
    assert.deepEqual(mapping[0], ['index', 'unique_id', 'length', 'forecaster', 'skipped']);
    assert.deepEqual(
      mapping.slice(1).map((r) => [r[1], r[2]]),
      LENGTHS.map((n, s) => [`s${s}`, String(n)]),
    );
    if (model === 'global-mlp') assert.ok(existsSync(join(out, 'global', 'global.json')));
    else assert.ok(existsSync(join(out, 'series', '0', 'forecaster.json')));

    const fromSaved = join(dir, `saved-${model}.csv`);
    const fresh = join(dir, `fresh-${model}.csv`);
    const a = await cli(['forecast', '--model', out, ...input, '--out', fromSaved, '--json']);
    assert.equal(a.code, 0, a.stderr);
    const b = await cli(['forecast', '--model', model, ...flags, ...input, '--level', 'none', '--out', fresh]);
    assert.equal(b.code, 0, b.stderr);
    const saved = readFileSync(fromSaved, 'utf8');
    assert.equal(saved, readFileSync(fresh, 'utf8'));
    assert.ok(saved.split('\n').length > 4 * 18);
    // s3 (20 values): a local mlp needs 21 to train, the global one a window of 24 to forecast; ETS fits it
    assert.deepEqual(
      JSON.parse(a.stdout).skipped.map((x: { id: string }) => x.id),
      model === 'ets' ? [] : ['s3'],
    );
  });
}

test('forecast --model DIR skips an id with no saved forecaster, with the reason', async () => {
  const out = join(dir, 'trained-ets-again');
  const trained = await cli(['train', ...input, '--model', 'ets', '--out', out]);
  assert.equal(trained.code, 0, trained.stderr);
  const other = join(dir, 'other.csv');
  writeFileSync(
    other,
    text +
      rows
        .slice(0, 30)
        .map((r) => r.replace(/^s0,/, 'new,'))
        .join('\n') +
      '\n',
  );
  const f = await cli([
    'forecast',
    '--model',
    out,
    '--file',
    other,
    '--id',
    'unique_id',
    '--date',
    'ds',
    '--column',
    'y',
    '--out',
    join(dir, 'o.csv'),
    '--json',
  ]);
  assert.equal(f.code, 0, f.stderr);
  const report = JSON.parse(f.stdout);
  assert.equal(report.done, 5);
  assert.deepEqual(
    report.skipped.map((s: { id: string; reason: string }) => [s.id, s.reason.replace(out, 'DIR')]),
    [['new', 'no forecaster is saved for this id in DIR: it was not in the training file']],
  );
});

test('bad input: one message naming the problem and the fix, exit 2, nothing written', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['backtest', ...input, '--model', 'global-mlp', '--window', '12', '--out', join(dir, 'x1')],
      /--window does not apply to --model global-mlp.*only --epochs, --units and --seed/,
    ],
    [
      ['forecast', ...input, '--model', 'global-mlp', '--level', '80', '--out', join(dir, 'x2.csv')],
      /--model global-mlp gives point forecasts only.*drop --level/,
    ],
    [
      ['backtest', '--file', file, '--column', 'y', '--model', 'global-lstm', '--out', join(dir, 'x3')],
      /--model global-lstm trains one network on many series: name them with --id/,
    ],
    [
      ['train', '--file', file, '--column', 'y', '--model', 'global-mlp', '--out', join(dir, 'x4')],
      /--model global-mlp trains one network on many series/,
    ],
    [['train', ...input, '--model', 'ets', '--split', '0.8', '--out', join(dir, 'x5')], /--split is for one series/],
    [
      ['train', ...input, '--model', 'ets', '--level', '80', '--out', join(dir, 'x6')],
      /point forecasts only \(no intervals\): drop --level/,
    ],
    [
      ['forecast', ...input, '--model', 'no-such-kind', '--out', join(dir, 'x7.csv')],
      /or a folder `seqcast train --id \.\.\. --out DIR` wrote; got 'no-such-kind'/,
    ],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
  for (const name of ['x1', 'x2.csv', 'x3', 'x4', 'x5', 'x6', 'x7.csv']) assert.equal(existsSync(join(dir, name)), false, name);
  // a many-series train folder without --id
  const many = join(dir, 'many-folder');
  mkdirSync(many);
  writeFileSync(join(many, 'many.json'), '{}');
  const withEpochs = await cli(['forecast', '--model', many, ...input, '--epochs', '3', '--out', join(dir, 'x8.csv')]);
  assert.equal(withEpochs.code, 2, withEpochs.stderr);
  assert.match(withEpochs.stderr, /--epochs does not apply to --model .*many-folder: its forecasters are trained and saved/);
  const { code, stderr } = await cli(['forecast', '--model', many, '--file', file, '--column', 'y', '--horizon', '6']);
  assert.equal(code, 2, stderr);
  assert.match(stderr, /holds the forecasters `seqcast train` fitted on many series: name the series to forecast with --id/);
});
