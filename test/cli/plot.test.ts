import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readForecastCsv } from '../../src/cli/plot.js';
import type { SeriesInputResult } from '../../src/data/series-input.js';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/** A 12-value monthly series and a forecast CSV of it: validation on the last 4 months, 2 future months. */
function files(): { dir: string; series: string; forecast: string } {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-plot-'));
  const months = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`);
  const series = join(dir, 'sales.csv');
  writeFileSync(series, ['month,sales', ...months.map((m, i) => `${m},${10 + i}`)].join('\n') + '\n');
  const forecast = join(dir, 'forecast.csv');
  const rows = [8, 9, 10, 11].map((i) => `${months[i]},validation,${10 + i},${9.5 + i}`);
  writeFileSync(forecast, ['date,kind,actual,forecast', ...rows, '2021-01,future,,22.5', '2021-02,future,,23.5'].join('\n') + '\n');
  return { dir, series, forecast };
}

test('seqcast plot --file --date --forecast --out chart.png draws the series and its forecast and says where it wrote', async () => {
  const { dir, series, forecast } = files();
  const out = join(dir, 'chart.png');
  const { code, stdout, stderr } = await cli(
    'plot',
    '--file',
    series,
    '--date',
    'month',
    '--forecast',
    forecast,
    '--split',
    '8',
    '--out',
    out,
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^Wrote .*chart\.png: sales \(12 values\) with forecast \(4 values\), future forecast \(2 values\)/);
  assert.deepEqual([...readFileSync(out).subarray(0, 4)], PNG_SIGNATURE);
});

test('seqcast plot --dataset synthetic --out chart.svg --title writes an SVG with the title', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'seqcast-plot-')), 'chart.svg');
  const { code, stderr } = await cli('plot', '--dataset', 'synthetic', '--out', out, '--title', 'The course series');
  assert.equal(code, 0, stderr);
  const svg = readFileSync(out, 'utf8');
  assert.ok(svg.startsWith('<svg'));
  assert.ok(svg.includes('The course series'));
});

test('seqcast plot --out chart.gif exits 2 naming the option and the formats', async () => {
  const { code, stderr } = await cli('plot', '--dataset', 'synthetic', '--out', 'chart.gif');
  assert.equal(code, 2);
  assert.match(stderr, /--out must name a \.png or \.svg file, got 'chart\.gif'/);
});

test('seqcast plot --out under /proc, or naming a folder, exits 1 by itself with one sentence and writes nothing', async () => {
  const { dir, series } = files();
  mkdirSync(join(dir, 'charts.png'));
  const cases: [string, RegExp][] = [
    [
      '/proc/seqcast-x/chart.png',
      /^seqcast: Cannot write --out '\/proc\/seqcast-x\/chart\.png': '\/proc' does not accept new files .*: name a file for --out in a folder where you can write\.\n$/,
    ],
    [join(dir, 'charts.png'), /^seqcast: Cannot write --out '.*charts\.png': it is a folder, not a file/],
  ];
  for (const [out, message] of cases) {
    const r = await run(['plot', '--file', series, '--date', 'month', '--out', out], { timeout: 20_000 });
    assert.equal(r.signal, null, 'ended by itself');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(readdirSync(join(dir, 'charts.png')), []);
});

test('seqcast plot --forecast with dates over a series without dates exits 1 asking for --date', async () => {
  const { dir, forecast } = files();
  const { code, stderr } = await cli('plot', '--dataset', 'synthetic', '--forecast', forecast, '--out', join(dir, 'x.png'));
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: The forecast file .* is dated but the series has no dates/);
});

test('readForecastCsv(path, input) rejects a file without the forecast columns and values that differ from the series', () => {
  const { dir } = files();
  const input = {
    name: 's',
    columns: ['v'],
    values: Float32Array.of(1, 2, 3, 4),
    source: 's',
    filled: 0,
    inserted: 0,
  } as SeriesInputResult;
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'index,value\n0,1\n');
  assert.throws(
    () => readForecastCsv(bad, input),
    /needs a header date \(or index\), kind, actual, forecast .*missing: kind, actual, forecast/,
  );
  const other = join(dir, 'other.csv');
  writeFileSync(other, 'index,kind,actual,forecast\n2,validation,3,2.5\n3,validation,40,3.5\n');
  assert.throws(() => readForecastCsv(other, input), /line 3: actual 40 at index 3 does not match the series value 4/);
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'index,kind,actual,forecast\n2,validation,3,2.5\n3,validation,4,3.5\n4,future,,5\n');
  const lines = readForecastCsv(good, input);
  assert.deepEqual(
    lines.map((l) => [l.name, l.start, Array.from(l.values)]),
    [
      ['forecast', 2, [2.5, 3.5]],
      ['future forecast', 4, [5]],
    ],
  );
  assert.throws(() => readForecastCsv(join(dir, 'missing.csv'), input), /Cannot read the forecast file/);
});
