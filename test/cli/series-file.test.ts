import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeriesInput } from '../../src/cli/series-file.js';
import { messagesOf } from '../helpers/messages.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-input-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test("loadSeriesInput({ dataset: 'sunspots' }) gives the monthly month-end series with its dates", () => {
  const s = loadSeriesInput({ dataset: 'sunspots' });
  assert.equal(s.name, 'sunspots');
  assert.deepEqual(s.columns, ['Monthly Mean Total Sunspot Number']);
  assert.equal(s.values.length, 3235);
  assert.deepEqual([s.dates!.at(0), s.dates!.at(-1)], ['1749-01-31', '2018-07-31']);
  assert.deepEqual(s.frequency, { kind: 'monthly', anchor: 'month-end' });
  assert.match(s.source, /SILSO/);
  assert.deepEqual([s.filled, s.inserted, s.features], [0, 0, undefined]);
});

test("loadSeriesInput({ dataset: 'temperatures' }) is daily and keeps its two missing days as they are", () => {
  const s = loadSeriesInput({ dataset: 'temperatures' });
  assert.deepEqual([s.values.length, s.dates!.length, s.columns[0]], [3650, 3650, 'Temp']);
  assert.deepEqual(s.frequency, { kind: 'daily' });
  const dates = s.dates!.toArray();
  const gaps = dates.flatMap((d, i) => (i > 0 && Date.parse(d) - Date.parse(dates[i - 1]) !== 86_400_000 ? [`${dates[i - 1]}..${d}`] : []));
  assert.deepEqual(gaps, ['1984-12-30..1985-01-01', '1988-12-30..1989-01-01']);
});

test('loadSeriesInput({ file }) puts the shipped temperatures, read as a user file, through the gap check', () => {
  const path = 'datasets/daily-min-temperatures.csv';
  assert.equal(
    messagesOf(() => loadSeriesInput({ file: path, date: 'Date' })).cli,
    `Line 1462 of ${path}: 1 date is missing before 1985-01-01 (the series is daily and the date before is 1984-12-30): insert them with --fill previous|linear, or add the missing rows.`,
  );
  const s = loadSeriesInput({ file: path, date: 'Date', fill: 'linear' });
  assert.deepEqual([s.values.length, s.inserted, s.filled, s.name], [3652, 2, 2, 'daily-min-temperatures']);
  const i = s.dates!.indexOf('1984-12-31');
  assert.equal(s.dates!.at(i + 1), '1985-01-01');
  assert.equal(s.values[i], Math.fround((s.values[i - 1] + s.values[i + 1]) / 2));
});

test("loadSeriesInput({ dataset: 'synthetic' }) is the course's series, without dates", () => {
  const s = loadSeriesInput({ dataset: 'synthetic' });
  assert.deepEqual([s.name, s.values.length, s.dates, s.frequency], ['synthetic', 1461, undefined, undefined]);
  assert.ok(Math.abs(s.values[0] - 52.48357) < 1e-4);
});

test('loadSeriesInput(options) needs exactly one of dataset and file, and no file options with a dataset', () => {
  assert.throws(
    () => loadSeriesInput({}),
    /^OptionError: Give exactly one series: --dataset NAME \(synthetic, sunspots, temperatures\) or --file PATH \(a CSV or JSON file\)\.$/,
  );
  assert.throws(() => loadSeriesInput({ dataset: 'sunspots', file: 'a.csv' }), /Give exactly one series: .*, not both\./);
  assert.throws(
    () => loadSeriesInput({ dataset: 'weather' as 'sunspots' }),
    /Unknown dataset 'weather': use one of synthetic, sunspots, temperatures, or --file PATH/,
  );
  assert.throws(() => loadSeriesInput({ dataset: 'toString' as 'sunspots' }), /Unknown dataset 'toString'/);
  assert.throws(
    () => loadSeriesInput({ dataset: 'temperatures', fill: 'linear' }),
    /^OptionError: --fill only applies to --file: the shipped dataset 'temperatures' is loaded as it is\. Remove it\.$/,
  );
  assert.throws(
    () => loadSeriesInput({ dataset: 'sunspots', column: 'x', date: 'd' }),
    /--column, --date only apply to --file: .*Remove them\./,
  );
});

test('loadSeriesInput({ file }) names a file it cannot read or whose format it cannot tell', () => {
  assert.throws(
    () => loadSeriesInput({ file: join(dir, 'nope.csv') }),
    /Cannot read .*nope\.csv: there is no such file\. Give the path of a CSV or JSON file with --file\./,
  );
  const folder = join(dir, 'folder.csv');
  mkdirSync(folder);
  assert.throws(() => loadSeriesInput({ file: folder }), /Cannot read .*folder\.csv: it is a folder/);
  assert.throws(
    () => loadSeriesInput({ file: file('temps.txt', 'v\n1') }),
    /Cannot tell the format of .*temps\.txt from its extension '\.txt': pass --format csv or --format json\./,
  );
  assert.deepEqual([...loadSeriesInput({ file: file('temps2.txt', 'v\n1\n2'), format: 'csv' }).values], [1, 2]);
  assert.throws(
    () => loadSeriesInput({ file: file('x.csv', 'v\n1'), format: 'xml' as 'csv' }),
    /Unknown format 'xml': use --format csv or --format json/,
  );
  assert.equal(
    messagesOf(() => loadSeriesInput({ file: file('y.csv', 'v\n1'), fill: 'mean' as 'linear' })).cli,
    "Unknown fill method 'mean': use --fill previous or --fill linear.",
  );
});

test('loadSeriesInput({ file }) refuses a device, a binary file and a folder before reading them, with InputErrors', () => {
  for (const device of ['/dev/zero', '/dev/null']) {
    assert.throws(() => loadSeriesInput({ file: device, format: 'csv' }), {
      name: 'InputError',
      message: `Cannot read ${device}: it is not a regular file (a device, a pipe or a socket), so it may never end. Give the path of a CSV or JSON file with --file.`,
    });
  }
  assert.throws(() => loadSeriesInput({ file: file('zipped.csv', 'PK\u0003\u0004\u0000\u0000') }), {
    name: 'InputError',
    message: /^.*zipped\.csv holds a NUL byte on line 1, so it is not a text file/,
  });
  assert.throws(() => loadSeriesInput({ file: join(dir, 'nope.json') }), { name: 'InputError' });
});

test('loadSeriesInput({ file }) reads a CSV of several mebibytes in chunks, characters split between chunks included', () => {
  // 18 bytes of header, then lines of 16 bytes ('0123.5,éééé\n'): the first 1 MiB chunk ends inside an 'é'
  const rows = 300_000;
  const lines = Array.from({ length: rows }, (_, i) => `${String(i % 1000).padStart(4, '0')}.5,éééé`);
  const text = `température,note\n${lines.join('\n')}\n`;
  assert.equal(
    Buffer.from(text)
      .subarray(0, 1 << 20)
      .toString()
      .endsWith('\ufffd'),
    true,
    'a character split by the chunk',
  );
  const path = file('big.csv', text);
  const s = loadSeriesInput({ file: path, column: 'température' });
  assert.equal(s.values.length, rows);
  assert.deepEqual([s.values[0], s.values[123_456], s.values.at(-1)], [0.5, 456.5, 999.5]);
  assert.deepEqual(s.columns, ['température']);
});

test('loadSeriesInput({ file, column, date }) reads several value columns of a CSV, the first as the target', () => {
  const path = file('weather.csv', 'Date,Temp,Rain\n2020-01-01,20.5,0\n2020-01-02,18,1.5\n');
  const s = loadSeriesInput({ file: path, column: ['Rain', 'Temp'], date: 'Date' });
  assert.deepEqual([s.name, s.source, s.columns], ['weather', path, ['Rain', 'Temp']]);
  assert.deepEqual(
    s.features!.map((f) => [...f]),
    [
      [0, 1.5],
      [20.5, 18],
    ],
  );
  assert.equal(s.values, s.features![0]);
  assert.deepEqual(s.dates?.toArray(), ['2020-01-01', '2020-01-02']);
  assert.deepEqual(s.frequency, { kind: 'daily' });
  assert.deepEqual(loadSeriesInput({ file: path, column: 'Rain,1' }).columns, ['Rain', 'Temp']);
  const last = loadSeriesInput({ file: path });
  assert.deepEqual([last.columns, [...last.values], last.dates, last.features], [['Rain'], [0, 1.5], undefined, undefined]);
  assert.deepEqual(loadSeriesInput({ file: file('v.csv', 'v,Date\n1,2020-01-01'), date: 'Date' }).columns, ['v']);
  assert.deepEqual(loadSeriesInput({ file: file('abc.csv', 'a,b,c\n1,2,3'), column: '0' }).columns, ['a']);
});

test('loadSeriesInput({ file }) reads a .json file', () => {
  const s = loadSeriesInput({ file: file('level.json', '{"t": ["2020-01-01T00:00Z", "2020-01-01T00:15Z"], "level": [1, 2]}'), date: 't' });
  assert.deepEqual([s.name, s.columns, s.frequency], ['level', ['level'], { kind: 'fixed', seconds: 900 }]);
});

test('seqcast forecast and train refuse a named pipe as --file at once, without waiting for a writer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-fifo-'));
  const fifo = join(dir, 'data.csv');
  execFileSync('mkfifo', [fifo]);
  // opening a FIFO for reading blocks until someone writes unless it is opened non-blocking: the child
  // is killed after 20 s, so a regression fails here instead of hanging the suite
  const r = await cli(['train', '--file', fifo, '--column', 'v'], { timeout: 20_000 });
  assert.equal(r.signal, null, 'ended by itself');
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^seqcast: Cannot read .*data\.csv: it is not a regular file \(a device, a pipe or a socket\)/);
});
