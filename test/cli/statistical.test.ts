import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestReport } from '../../src/cli/backtest.js';
import { formatBacktest } from '../../src/cli/backtest.js';
import type { ForecastResult } from '../../src/cli/forecast.js';
import type { StatisticalTrainResult } from '../../src/cli/train-statistical.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';
import { conformalForecaster } from '../../src/forecast/conformal.js';
import type { IntervalForecast } from '../../src/forecast/forecaster.js';
import type { AutoChoice } from '../../src/forecast/auto.js';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);
const AIR = ['--file', 'datasets/collection/AirPassengers.csv', '--date', 'date', '--column', 'value'];
const UKGAS = ['--file', 'datasets/collection/UKgas.csv', '--date', 'date', '--column', 'value', '--season', '4'];

/** AirPassengers' values, read as the CLI reads them (float32). */
function airPassengers(): Float32Array {
  const lines = readFileSync(new URL('../../datasets/collection/AirPassengers.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return Float32Array.from(lines.map((l) => Number(l.split(',')[1])));
}

/**
 * Trains `model` on AirPassengers (default split 80 %: 115 values), forecasts 24 values past the
 * end with the saved run, and checks them against the same forecaster fitted here: equal to the bit.
 */
async function trainThenForecast(
  model: string,
  spec: ForecasterSpec,
  extra: string[] = [],
  { intervals = true }: { intervals?: boolean } = {},
): Promise<StatisticalTrainResult> {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'run');
  const trained = await cli('train', ...AIR, '--model', model, ...extra, '--out', out, '--json');
  assert.equal(trained.code, 0, trained.stderr);
  const result = JSON.parse(trained.stdout) as StatisticalTrainResult;
  assert.equal(result.settings.split, 115);
  assert.deepEqual(result.settings.forecaster, spec);
  assert.ok(existsSync(join(out, 'model', 'forecaster.json')) && existsSync(join(out, 'report.html')));

  const forecast = await cli('forecast', '--model', out, '--horizon', '24', '--json');
  assert.equal(forecast.code, 0, forecast.stderr);
  const f = JSON.parse(forecast.stdout) as ForecastResult;
  assert.equal(f.future.length, 24);
  assert.equal(f.future[0].at, '1961-01-01');
  // the validation scores are those train printed for it
  assert.equal(f.metrics.mae, result.metrics[0].mae);

  const values = airPassengers();
  const here = makeForecaster(spec);
  await here.fit(values.subarray(0, 115));
  assert.deepEqual(
    f.future.map((r) => r.forecast),
    Array.from(here.forecast(values, 24)),
    'the saved forecaster forecasts as before saving, to the last bit',
  );
  assert.deepEqual(
    f.validation.map((r) => r.forecast),
    Array.from(here.predictSliding(values, 115)),
  );
  // the intervals: ETS's analytical ones where its form has them, else the conformal calibration saved with it, bit for bit
  assert.deepEqual(f.intervals?.levels, [80, 95]);
  assert.equal(result.intervals?.horizon, spec.kind === 'auto' ? spec.horizon : 18);
  if (intervals) {
    // ETS's (and STL + ARIMA's) analytical intervals, any horizon; the others' conformal calibration
    const ets = (spec.kind === 'ets' || spec.kind === 'stl-arima') && /analytical/.test(f.intervals!.method);
    let expected: IntervalForecast;
    if (ets) expected = here.forecastIntervals!(values, 24, [80, 95]);
    else {
      const conformal = conformalForecaster(() => makeForecaster(spec), { horizon: 18, period: 12 });
      await conformal.fit(values.subarray(0, 115));
      expected = conformal.forecastIntervals(values, 18, [80, 95]);
    }
    const reach = ets ? 24 : 18;
    for (const [i, level] of [80, 95].entries()) {
      const bound = (key: string): (number | null)[] => f.future.map((r) => r.bounds![`${key}${level}`]);
      const pad = Array.from({ length: 24 - reach }, () => null);
      assert.deepEqual(bound('lo'), [...Array.from(expected.intervals[i].lower), ...pad], `lo${level}`);
      assert.deepEqual(bound('hi'), [...Array.from(expected.intervals[i].upper), ...pad], `hi${level}`);
    }
  }
  return result;
}

test('seqcast train --model ets fits ETS on the training part, and forecast --model DIR --horizon 24 forecasts with it as before saving', async () => {
  const result = await trainThenForecast('ets', { kind: 'ets', period: 12 });
  assert.equal(result.model, 'ETS(M,Ad,M)');
  assert.deepEqual(
    result.metrics.map((m) => m.forecaster),
    ['ets (12)', 'naive', 'seasonal naive (12)', 'moving average (30)', 'drift'],
  );
  assert.ok(result.metrics[0].mase < result.metrics[2].mase, 'ETS beats the seasonal naive forecast on AirPassengers');
});

test('seqcast train --model theta saves Theta, and forecast gives the same forecasts', async () => {
  const result = await trainThenForecast('theta', { kind: 'theta', period: 12 });
  assert.equal(result.model, 'theta (12)');
});

test('seqcast train --model stl-arima saves STL + ARIMA (R\'s stlf(method = "arima")), and forecast gives the same forecasts', async () => {
  const result = await trainThenForecast('stl-arima', { kind: 'stl-arima', periods: [12] });
  assert.match(result.model, /^STL\(12\) \+ ARIMA\(\d,\d,\d\)/);
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'backtest');
  const backtest = await cli('backtest', ...AIR, '--horizon', '12', '--folds', '2', '--model', 'stl-arima', '--out', out, '--json');
  assert.equal(backtest.code, 0, backtest.stderr);
  const rows = (JSON.parse(backtest.stdout) as { mean: { name: string; scores: { mase: number } }[] }).mean;
  assert.deepEqual(
    rows.map((r) => r.name),
    ['stl-arima (12)', 'seasonal naive (12)', 'moving average (30)', 'drift', 'naive'],
  );
  assert.ok(rows[0].scores.mase < rows[1].scores.mase, 'STL + ARIMA beats the seasonal naive on AirPassengers');
});

test('seqcast train --model auto --candidates statistical saves its choice and members; forecast gives the same forecasts', async () => {
  const result = await trainThenForecast('auto', { kind: 'auto', period: 12, horizon: 18, seed: 0, candidates: 'statistical' }, [
    '--candidates',
    'statistical',
  ]);
  assert.match(result.model, /inner-backtest MASE/);
  assert.ok(result.choice && result.choice.members.length >= 1 && typeof result.choice.baselineWins === 'boolean');
});

test('seqcast train --model auto --inner-folds 4 chooses on 4 inner folds, back to back at the end of the training part, and says so in its spec', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'run');
  const args = ['train', ...AIR, '--model', 'auto', '--candidates', 'statistical', '--inner-folds', '4', '--out', out, '--json'];
  const trained = await cli(...args);
  assert.equal(trained.code, 0, trained.stderr);
  const result = JSON.parse(trained.stdout) as StatisticalTrainResult;
  assert.deepEqual(result.settings.forecaster, {
    kind: 'auto',
    period: 12,
    horizon: 18,
    seed: 0,
    candidates: 'statistical',
    innerFolds: 4,
  });
  // the saved choice (inside the conformal wrapper of the intervals) names the folds it was made on
  const saved = JSON.parse(readFileSync(join(out, 'model', 'forecaster.json'), 'utf8')) as {
    forecaster: { inner: { choice: AutoChoice } };
  };
  assert.deepEqual(
    saved.forecaster.inner.choice.folds,
    [43, 61, 79, 97].map((origin) => ({ origin, horizon: 18 })),
  );
});

test('seqcast train --model auto (all candidates, networks on worker threads) saves its network members as model folders; forecast gives the same forecasts', async () => {
  const result = await trainThenForecast(
    'auto',
    { kind: 'auto', period: 12, horizon: 12, seed: 0, candidates: 'all' },
    ['--horizon', '12'],
    {
      intervals: false, // its calibration is another auto fit with networks: checked for the statistical candidates above
    },
  );
  assert.ok(
    result.choice!.members.some((m) => m.startsWith('mlp')),
    `a network among the members: ${result.choice!.members.join(', ')}`,
  );
});

test('seqcast forecast refuses an edited, a foreign and a truncated forecaster.json with one ModelFileError message', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'run');
  const trained = await cli('train', ...AIR, '--model', 'theta', '--out', out);
  assert.equal(trained.code, 0, trained.stderr);
  const file = join(out, 'model', 'forecaster.json');
  const text = readFileSync(file, 'utf8');
  // saved with its conformal calibration (--level's default): the fitted theta is the wrapper's inner
  const json = JSON.parse(text) as { forecaster: { kind: string; inner: { fitted: { alpha: number } } } };
  assert.equal(json.forecaster.kind, 'conformal');
  json.forecaster.inner.fitted.alpha = 0.5;
  writeFileSync(file, JSON.stringify(json));
  const edited = await cli('forecast', '--model', out);
  assert.equal(edited.code, 1);
  assert.match(
    edited.stderr,
    /^seqcast: Cannot load the forecaster in '.*': forecaster\.json does not match its checksum: it was edited or is corrupt\./,
  );
  assert.equal(edited.stderr.trim().split('\n').length, 1);

  writeFileSync(file, JSON.stringify({ format: 'something-else' }));
  const foreign = await cli('forecast', '--model', join(out, 'model'));
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /forecaster\.json is not a seqcast forecaster file/);

  writeFileSync(file, text.slice(0, text.length / 2));
  const truncated = await cli('forecast', '--model', out);
  assert.equal(truncated.code, 1);
  assert.match(truncated.stderr, /forecaster\.json is not valid JSON .*: it is truncated or corrupt/);
});

test('seqcast backtest --model ets and --model theta score them next to the baselines on the same folds; ETS rows say which form each fold fitted', async () => {
  for (const model of ['ets', 'theta']) {
    const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'bt');
    const { code, stdout, stderr } = await cli(
      'backtest',
      ...UKGAS,
      '--horizon',
      '8',
      '--folds',
      '3',
      '--model',
      model,
      '--out',
      out,
      '--json',
    );
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as BacktestReport;
    assert.deepEqual(report.settings.forecaster, { kind: model, period: 4 });
    assert.equal(report.settings.spec, undefined);
    const name = `${model} (4)`;
    assert.deepEqual(
      report.folds.filter((r) => r.fold === 1).map((r) => r.forecaster),
      [name, 'naive', 'seasonal naive (4)', 'moving average (30)', 'drift'],
    );
    for (const r of report.folds) assert.ok(Number.isFinite(r.scores.mase), `${r.forecaster} fold ${r.fold} MASE`);
    const mine = report.folds.filter((r) => r.forecaster === name);
    if (model === 'ets') for (const r of mine) assert.match(r.model!, /^ETS\([AM],(N|Ad?),[NAM]\)$/);
    else for (const r of mine) assert.equal(r.model, undefined);
    assert.ok(Number.isFinite(report.mean.find((m) => m.name === name)!.scores.mase));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    if (model === 'ets') assert.ok(html.includes(mine[0].model!.replace(/,/g, ',')), 'the report shows the form per fold');
  }
});

test('seqcast backtest --model auto --candidates statistical: fold rows carry what auto chose and its baseline verdict; the text lists the choice per fold', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'bt');
  const args = ['backtest', ...UKGAS, '--horizon', '8', '--folds', '2', '--model', 'auto', '--candidates', 'statistical', '--out', out];
  const json = await cli(...args, '--json');
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as BacktestReport;
  assert.deepEqual(report.settings.forecaster, { kind: 'auto', period: 4, horizon: 8, seed: 0, candidates: 'statistical' });
  const rows = report.folds.filter((r) => r.forecaster === 'auto (statistical)');
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.match(r.model!, /inner-backtest MASE \d/);
    assert.equal(typeof r.choice!.baselineWins, 'boolean');
    assert.ok(r.choice!.message.length > 0);
    assert.ok(Number.isFinite(r.scores.mase));
  }
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('inner-backtest MASE'), 'the report shows what auto chose per fold');
  const text = await cli(...args, '--workers', '1');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Fitted on each fold\nfold 1, auto \(statistical\): .*inner-backtest MASE/);
});

test('formatBacktest prints, in plain words, each fold where auto found that a baseline beats every model', () => {
  const message =
    'A baseline beats every model on this series: seasonal naive (4) scored MASE 0.500 on the inner backtest, the best model (ets) 0.700; forecasting with seasonal naive (4).';
  const scores = { mae: 1, rmse: 1, mape: 1, smape: 1, mase: 1 };
  const report: BacktestReport = {
    series: { name: 's', length: 40 },
    settings: { mode: 'multi-step', folds: 1, horizon: 8, season: { baseline: 4, mase: 4 }, workers: 1, forecaster: { kind: 'auto' } },
    folds: [
      {
        fold: 1,
        origin: 32,
        end: 40,
        train: 32,
        forecaster: 'auto',
        model: 'seasonal naive (4) (inner-backtest MASE 0.500)',
        choice: { baselineWins: true, message },
        scores,
        forecast: [],
        notes: [],
      },
    ],
    mean: [{ name: 'auto', scores, notes: [] }],
    files: { report: 'r.html', chart: [] },
    notes: [],
  };
  const text = formatBacktest(report);
  assert.ok(text.includes(`fold 1: ${message}`), text);
  report.folds[0].choice = { baselineWins: false, message: 'ets (inner-backtest MASE 0.5)' };
  assert.ok(!formatBacktest(report).includes('A baseline beats'));
});

test('network options with --model ets|theta|auto, and --candidates or --inner-folds without auto are refused with one message naming the flag (exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['backtest', ...UKGAS, '--model', 'ets', '--units', '8'], /^seqcast: --units is a network option and --model ets is not a network/],
    [['train', ...AIR, '--model', 'theta', '--transform', 'difference'], /^seqcast: --transform is a network option and --model theta/],
    [['train', ...AIR, '--model', 'auto', '--epochs', '3'], /^seqcast: --epochs is a network option and --model auto is not a network/],
    [['train', ...AIR, '--model', 'ets', '--seed', '3'], /^seqcast: --seed is a network option and --model ets/],
    [['backtest', ...UKGAS, '--model', 'lstm', '--candidates', 'all'], /^seqcast: --candidates chooses what --model auto chooses among/],
    [['backtest', ...UKGAS, '--model', 'auto', '--candidates', 'some'], /--candidates.*Allowed choices are all, networks, statistical/],
    [
      ['backtest', ...UKGAS, '--model', 'ets', '--inner-folds', '4'],
      /^seqcast: --inner-folds sets the inner backtest --model auto chooses on/,
    ],
    [['train', ...AIR, '--model', 'auto', '--inner-folds', '0'], /--inner-folds must be an integer from 1 to 20, got '0'/],
    [['forecast', ...AIR, '--model', 'x', '--inner-folds', '3'], /^seqcast: --inner-folds is for forecasts of many series/],
    [['lr-find', ...AIR, '--model', 'ets'], /--model.*Allowed choices are rnn, lstm/],
  ];
  for (const [args, message] of cases) {
    const out = args[0] === 'lr-find' ? [] : ['--out', join(mkdtempSync(join(tmpdir(), 'seqcast-stat-')), 'x')];
    const { code, stderr } = await cli(...args, ...out);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
});
