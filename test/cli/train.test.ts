import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as run, cliWith as runWith, root } from '../helpers/cli.js';
import { metricsRows, seasonalPeriod, forecastCsv } from '../../src/cli/run-output.js';

const cli = (...args: string[]) => run(args);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-train-'));
const fixture = (name: string): string => join(root, 'test/fixtures', name);
/** Small and fast: 2 epochs of a tiny network. */
const FAST = ['--epochs', '2', '--units', '8', '--layers', '1'];

test('seqcast train --dataset sunspots --json --out DIR writes the model, charts and report and prints one JSON object', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'sunspots', ...FAST, '--out', out, '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(
    result.metrics.map((m: { forecaster: string }) => m.forecaster),
    ['lstm', 'naive', 'seasonal naive (12)', 'moving average (30)', 'drift'],
  );
  for (const m of result.metrics) {
    assert.ok(m.mae > 0 && m.rmse >= m.mae && m.smape > 0 && m.mase > 0, JSON.stringify(m));
    assert.equal(m.mape, null, 'sunspots hold zeros: MAPE is undefined');
  }
  assert.equal(result.settings.split, 3000);
  assert.equal(result.settings.spec.units, 8);
  assert.deepEqual(result.settings.series.frequency, { kind: 'monthly', anchor: 'month-end' });
  assert.equal(result.settings.series.lastDate, '2018-07-31');
  assert.equal(result.training.epochs, 2);
  assert.match(stderr, /epoch 2\/2 loss/); // progress lines when piped, on stderr only
  for (const f of ['model/model.json', 'model/weights.bin', 'forecast.png', 'forecast.svg', 'loss.png', 'report.html'])
    assert.ok(existsSync(join(out, f)), f);
  const png = readFileSync(join(out, 'forecast.png'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /seasonal naive \(12\)/);
  assert.match(html, /<th[^>]*>MASE<\/th>/);
  assert.match(html, /Total params|params/i); // the model summary
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/); // opens offline
  const meta = JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8')).metadata;
  assert.deepEqual(meta.input, { dataset: 'sunspots' });
  assert.equal(meta.split, 3000);
  assert.equal(meta.scaler.kind, 'standard');
});

test('seqcast train prints the metrics table and where the files went', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', out);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /forecaster\s+│\s+MAE\s+│\s+RMSE\s+│\s+MAPE %\s+│\s+sMAPE %\s+│\s+MASE/);
  assert.match(stdout, /│ lstm +│/);
  assert.match(stdout, /one-step forecasts of values 1000\.\.1460/);
  assert.ok(stdout.includes(`Wrote the model to ${join(out, 'model')}`), stdout);
});

test('seqcast train --file with an empty value cell fails naming the line, and trains with --fill linear', async () => {
  const out = join(tmp(), 'run');
  const failed = await cli('train', '--file', fixture('visitors-missing.csv'), '--date', 'day', ...FAST, '--window', '5', '--out', out);
  assert.equal(failed.code, 1);
  assert.match(
    failed.stderr,
    /^seqcast: Line 31 of .*visitors-missing\.csv: the cell in column 'visitors' is empty: fill missing values with --fill/,
  );
  assert.equal(existsSync(out), false, 'nothing written');
  const filled = await cli(
    'train',
    '--file',
    fixture('visitors-missing.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    ...FAST,
    '--window',
    '5',
    '--out',
    out,
    '--json',
  );
  assert.equal(filled.code, 0, filled.stderr);
  const result = JSON.parse(filled.stdout);
  assert.equal(result.settings.split, 64); // 80 % of 80 days
  assert.equal(result.settings.season.baseline, 7); // daily, too short for 365
  assert.deepEqual(result.settings.input, { file: fixture('visitors-missing.csv'), date: 'day', fill: 'linear' });
});

test('seqcast train --file with a text cell and an empty cell fails naming the line; with --fill linear it trains and notes both', async () => {
  const out = join(tmp(), 'run');
  const failed = await cli('train', '--file', fixture('visitors-dirty.csv'), '--date', 'day', ...FAST, '--window', '5', '--out', out);
  assert.equal(failed.code, 1);
  assert.match(
    failed.stderr,
    /^seqcast: Line 31 of .*visitors-dirty\.csv: column 'visitors' has 'n\.a\.', which is not a number: .*--fill previous\|linear/,
  );
  assert.equal(failed.stderr.trim().split('\n').length, 1, 'one message');
  assert.equal(existsSync(out), false, 'nothing written');
  const filled = await cli(
    'train',
    '--file',
    fixture('visitors-dirty.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    ...FAST,
    '--window',
    '5',
    '--out',
    out,
    '--json',
  );
  assert.equal(filled.code, 0, filled.stderr);
  const result = JSON.parse(filled.stdout);
  assert.ok(
    result.notes.some((n: string) =>
      /^Line 31 of .*: column 'visitors' has 'n\.a\.', not a number: read as missing and filled \(fill method 'linear'\)/.test(n),
    ),
    result.notes.join('\n'),
  );
  assert.ok(result.notes.includes("2 missing values filled (fill method 'linear')."), result.notes.join('\n'));
  assert.ok(Number.isFinite(result.metrics[0].mae));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /filled cells/);
});

test('seqcast train --window longer than the series fails saying so', async () => {
  const { code, stderr } = await cli(
    'train',
    '--file',
    fixture('visitors-missing.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    '--window',
    '100',
    ...FAST,
  );
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: .*window 100 needs at least .*use a shorter --window/);
});

test('seqcast train with bad flag values exits 2 naming the flag', async () => {
  const cases: [string[], RegExp][] = [
    [['--units', '0'], /--units must be a positive integer, got '0'/],
    [['--model', 'transformer'], /argument 'transformer' is invalid/],
    [['--season', 'x'], /--season must be a positive integer/],
    [['--split', '1.5'], /--split must be a fraction/],
    [['--epochs', '-1'], /--epochs|argument missing/],
  ];
  for (const [flags, message] of cases) {
    const { code, stderr } = await cli('train', '--dataset', 'sunspots', ...flags);
    assert.equal(code, 2, `${flags.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
});

test('seqcast train without a series, or with a diverging learning rate, exits 1 and writes nothing', async () => {
  const none = await cli('train', '--epochs', '1');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^seqcast: Name a series: --dataset/);
  const out = join(tmp(), 'run');
  const nan = await cli(
    'train',
    '--dataset',
    'sunspots',
    ...FAST,
    '--lr',
    '1e30',
    '--optimizer',
    'sgd',
    '--loss',
    'mse',
    '--scaling',
    'none',
    '--out',
    out,
  );
  assert.equal(nan.code, 1);
  assert.match(nan.stderr, /^seqcast: Training stopped at epoch 1.*lower the learning rate.*Nothing was written\./);
  assert.equal(existsSync(out), false);
});

test('seqcast train --config file.json takes the spec from the file, flags over it', async () => {
  const dir = tmp();
  const config = join(dir, 'net.json');
  writeFileSync(config, JSON.stringify({ model: 'gru', units: 4, layers: 1, window: 10, epochs: 1 }));
  const { code, stdout, stderr } = await cli(
    'train',
    '--dataset',
    'synthetic',
    '--config',
    config,
    '--units',
    '6',
    '--out',
    join(dir, 'run'),
    '--json',
  );
  assert.equal(code, 0, stderr);
  const { spec } = JSON.parse(stdout).settings;
  assert.deepEqual([spec.model, spec.units, spec.layers, spec.window, spec.epochs], ['gru', 6, 1, 10, 1]);
  assert.equal(JSON.parse(stdout).metrics[0].forecaster, 'gru');
});

test('seqcast train --config with bad JSON or a bad field exits 1 naming the problem', async () => {
  const dir = tmp();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"model": "gru",');
  const notJson = await cli('train', '--dataset', 'synthetic', '--config', bad);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /^seqcast: The config file .*bad\.json is not valid JSON/);
  const field = join(dir, 'field.json');
  writeFileSync(field, JSON.stringify({ model: 'gru', units: -3 }));
  const badField = await cli('train', '--dataset', 'synthetic', '--config', field);
  assert.equal(badField.code, 1);
  assert.match(badField.stderr, /^seqcast: .*units/);
  const missing = await cli('train', '--dataset', 'synthetic', '--config', join(dir, 'nope.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Cannot read the config file/);
});

test('metricsRows(scores) writes an undefined score as n/a', () => {
  assert.deepEqual(metricsRows([{ forecaster: 'naive', mae: 1, rmse: 2, mape: NaN, smape: 3, mase: 0.5 }]), [
    ['naive', 1, 2, 'n/a', 3, 0.5],
  ]);
});

test('seasonalPeriod(frequency, trainLength) needs two seasons in the training part', () => {
  assert.equal(seasonalPeriod({ kind: 'monthly', anchor: 'month-end' }, 3000), 12);
  assert.equal(seasonalPeriod({ kind: 'monthly', anchor: 'month-end' }, 20), undefined);
  assert.equal(seasonalPeriod({ kind: 'daily' }, 2500), 365);
  assert.equal(seasonalPeriod({ kind: 'daily' }, 64), 7);
  assert.equal(seasonalPeriod(undefined, 1000), undefined);
});

test('forecastCsv(rows, dated) leaves actual empty on future rows', () => {
  assert.equal(
    forecastCsv(
      [
        { at: '2018-07-31', kind: 'validation', actual: 3, forecast: 2.5 },
        { at: '2018-08-31', kind: 'future', forecast: 7 },
      ],
      true,
    ),
    'date,kind,actual,forecast\n2018-07-31,validation,3,2.5\n2018-08-31,future,,7\n',
  );
});

test('seqcast train --file with a hexadecimal or out-of-float32 value exits 1 naming the line and the fix', async () => {
  const dir = tmp();
  const values = Array.from({ length: 40 }, (_, i) => String(i % 7));
  for (const [cell, message] of [
    [
      '0x1F',
      "seqcast: Line 12 of FILE: column 'v' has '0x1F', which is not a number: fix or remove that row, or read it as missing with --fill previous|linear.\n",
    ],
    [
      '-1e39',
      "seqcast: Line 12 of FILE: column 'v' has -1e39, beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by 1e39) and forecast in those units.\n",
    ],
  ]) {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `v\n${values.map((v, i) => (i === 10 ? cell : v)).join('\n')}\n`);
    const { code, stdout, stderr } = await cli('train', '--file', file, ...FAST, '--window', '5', '--out', join(dir, 'run'));
    assert.deepEqual([code, stdout, stderr], [1, '', message.replace('FILE', file)]);
    assert.equal(existsSync(join(dir, 'run')), false, 'nothing written');
  }
});

test('seqcast train --file of 300,000 rows draws at most 4,000 points a line, and memory grows with the rows far below 10x the file', async () => {
  const dir = tmp();
  const { writeBigCsv } = await import('../../bench/big-csv.js');
  const [small, big] = [join(dir, 'small.csv'), join(dir, 'big.csv')];
  const smallBytes = await writeBigCsv(small, 100_000);
  const bigBytes = await writeBigCsv(big, 300_000);
  // the CLI's own peak RSS, from a preload that reports it as the process exits
  const preload = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS '+process.resourceUsage().maxRSS+'\\n'))`;
  const flags = [
    '--column',
    'value',
    '--date',
    'date',
    '--epochs',
    '1',
    '--units',
    '4',
    '--layers',
    '1',
    '--window',
    '8',
    '--batch-size',
    '512',
  ];
  const peak = async (file: string, out: string): Promise<number> => {
    const { code, stderr } = await runWith(['--import', preload], ['train', '--file', file, ...flags, '--out', out]);
    assert.equal(code, 0, stderr);
    return Number(/maxRSS (\d+)/.exec(stderr)![1]) * 1024;
  };
  // both files are large enough for the heap to reach its working size: the difference is what the rows cost
  const grown = (await peak(big, join(dir, 'big-run'))) - (await peak(small, join(dir, 'small-run')));
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  assert.ok(grown < 10 * (bigBytes - smallBytes), `200,000 more rows (${mb(bigBytes - smallBytes)} of CSV) took ${mb(grown)} more memory`);
  const svg = readFileSync(join(dir, 'big-run', 'forecast.svg'), 'utf8');
  const lines = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)"/g)].map((m) => m[1].split('L').length);
  assert.ok(lines.length >= 2, 'the series and the forecasts are drawn');
  assert.ok(Math.max(...lines) <= 4000, `points per line: ${lines.join(', ')}`);
  assert.ok(readFileSync(join(dir, 'big-run', 'report.html')).length < 2_000_000, 'the report stays small');
});
