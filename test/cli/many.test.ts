import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { parseManySeries } from '../../src/data/many-series.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { forecastWithIntervals } from '../../src/forecast/intervals.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-many-'));

/** The --file, --id and --date of a long CSV written by longCsv (id unique_id, dates ds). */
const longInput = (file: string): string[] => ['--file', file, '--id', 'unique_id', '--date', 'ds'];

/** A long CSV of `count` monthly series of 30 to 89 values and different starts, rows in a scrambled order. */
function longCsv(count: number): string {
  const rows: string[] = [];
  for (let s = 0; s < count; s++) {
    const n = 30 + ((s * 7) % 60);
    const start = (s * 5) % 24;
    for (let i = 0; i < n; i++) {
      const t = start + i;
      const v = 100 + (s % 50) + 0.5 * i + 10 * Math.sin((2 * Math.PI * t) / 12) + ((i * 7919 + s * 104729) % 17) / 3;
      rows.push(`s${s},${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(3)}`);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = (i * 2654435761) % (i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return 'unique_id,ds,y\n' + rows.join('\n') + '\n';
}

test('seqcast forecast --id over 1,000 series with --model snaive writes every series’ forecasts in input order, each as a one-series run', async () => {
  const file = join(dir, 'long1000.csv');
  const text = longCsv(1000);
  writeFileSync(file, text);
  const out = join(dir, 'f.csv');
  const { code, stdout, stderr } = await cli([
    'forecast',
    ...longInput(file),
    '--column',
    'y',
    '--model',
    'snaive',
    '--workers',
    '2',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.done, 1000);
  assert.deepEqual(report.skipped, []);
  assert.equal(report.settings.horizon, 18); // M4's monthly horizon, from the dates
  assert.equal(report.settings.season, 12);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'unique_id,step,date,forecast,lo80,hi80,lo95,hi95');
  assert.equal(lines.length, 1 + 1000 * 18);
  const input = parseManySeries(text, { id: 'unique_id', date: 'ds', column: 'y', source: file });
  const order = [...new Set(lines.slice(1).map((l) => l.split(',')[0]))];
  assert.deepEqual(
    order,
    input.series.map((s) => s.id[0]),
  );
  // two series, one long enough to calibrate conformal intervals and one too short for that (its
  // intervals come from ETS's forecast variance), as one run each
  for (const k of [0, input.series.findIndex((s) => s.values.length < 42)]) {
    const { id, values } = input.series[k];
    const rows = lines.filter((l) => l.startsWith(`${id[0]},`)).map((l) => l.split(','));
    const f = makeForecaster({ kind: 'conformal', of: { kind: 'seasonal-naive', period: 12 }, horizon: 18, period: 12 });
    await f.fit(values);
    const { mean, intervals } = forecastWithIntervals(f, values, 18, { level: [80, 95] });
    assert.deepEqual(
      rows.map((r) => r.slice(3).map(Number)),
      Array.from(mean, (m, j) => [m, intervals[0].lower[j], intervals[0].upper[j], intervals[1].lower[j], intervals[1].upper[j]]),
    );
  }
  assert.match(stderr, /forecasting 1000 series on 2 workers/);
});

test('seqcast backtest --id with a small network writes scores per series, forecaster and fold, and the summary', async () => {
  const file = join(dir, 'long4.csv');
  writeFileSync(file, longCsv(4).replace(/^unique_id/, 'item'));
  const out = join(dir, 'bt');
  const { code, stdout, stderr } = await cli([
    'backtest',
    '--file',
    file,
    '--id',
    'item',
    '--date',
    'ds',
    '--model',
    'mlp',
    '--window',
    '6',
    '--units',
    '4',
    '--epochs',
    '2',
    '--folds',
    '2',
    '--horizon',
    '6',
    '--level',
    'none',
    '--workers',
    '1',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.done, 4);
  const names = report.summary.forecasters.map((f: { name: string }) => f.name);
  assert.deepEqual(names, ['mlp', 'naive', 'seasonal naive (12)', 'drift']);
  assert.equal(
    report.summary.forecasters.reduce((a: number, f: { wins: number }) => a + f.wins, 0),
    4,
  );
  const scores = readFileSync(join(out, 'scores.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(scores[0], 'item,forecaster,fold,origin,MASE,sMAPE,MAE');
  // 4 forecasters; the series of 30 values keeps one fold (two would leave 18 to train on, under two seasons), the others two
  assert.equal(scores.length, 1 + 4 * (1 + 2 + 2 + 2));
  assert.equal(scores.filter((l) => l.startsWith('s0,')).length, 4);
  assert.ok(scores.slice(1).every((l) => Number.isFinite(Number(l.split(',')[4]))));
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).summary, report.summary);
});

test('a bad row stops the run with its line and column, and writes nothing', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'unique_id,ds,y\na,2020-01-01,1\na,2020-02-01,x\n');
  const out = join(dir, 'never.csv');
  const { code, stderr } = await cli(['forecast', ...longInput(file), '--model', 'naive', '--out', out]);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /Line 3 of .*bad\.csv: column 'y' has 'x', which is not a number: fix or remove that row, or read it as missing with --fill/,
  );
  assert.equal(existsSync(out), false);
});

test('--queue with --workers, and --run-id without --queue, are refused, as are one-series flags with many series and many-series flags on one series (exit 2)', async () => {
  const file = join(dir, 'small.csv');
  writeFileSync(file, longCsv(2));
  const queued = await cli([
    'forecast',
    ...longInput(file),
    '--model',
    'naive',
    '--out',
    join(dir, 'q.csv'),
    '--queue',
    'redis://localhost:6379',
    '--workers',
    '2',
  ]);
  assert.equal(queued.code, 2);
  assert.match(queued.stderr, /--queue and --workers cannot be combined/);
  const runId = await cli(['forecast', ...longInput(file), '--model', 'naive', '--out', join(dir, 'r.csv'), '--run-id', 'x']);
  assert.equal(runId.code, 2);
  assert.match(runId.stderr, /--run-id names a queue run: use it with --queue/);
  const split = await cli(['backtest', '--file', file, '--id', 'unique_id', '--model', 'ets', '--one-step', '--out', join(dir, 'b')]);
  assert.equal(split.code, 2);
  assert.match(split.stderr, /--one-step is for one series: with many \(--id, --columns, --all-columns\) drop it/);
  const one = await cli(['forecast', '--model', join(dir, 'no-such-run'), '--workers', '2']);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /--workers is for forecasts of many series/);
});
