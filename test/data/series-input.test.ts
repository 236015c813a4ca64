import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLongEnough, loadSeriesInput, parseSeriesText, type SeriesTextOptions } from '../../src/data/series-input.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-input-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const csv = (text: string, options: Partial<SeriesTextOptions> = {}) => parseSeriesText(text, { format: 'csv', source: 'temps.csv', ...options });
const json = (data: unknown, options: Partial<SeriesTextOptions> = {}) =>
  parseSeriesText(typeof data === 'string' ? data : JSON.stringify(data), { format: 'json', source: 'data.json', ...options });
const f32 = (xs: number[]) => xs.map(Math.fround);

test("loadSeriesInput({ dataset: 'sunspots' }) gives the monthly month-end series with its dates", () => {
  const s = loadSeriesInput({ dataset: 'sunspots' });
  assert.equal(s.name, 'sunspots');
  assert.deepEqual(s.columns, ['Monthly Mean Total Sunspot Number']);
  assert.equal(s.values.length, 3235);
  assert.deepEqual([s.dates![0], s.dates!.at(-1)], ['1749-01-31', '2018-07-31']);
  assert.deepEqual(s.frequency, { kind: 'monthly', anchor: 'month-end' });
  assert.match(s.source, /SILSO/);
  assert.deepEqual([s.filled, s.inserted, s.features], [0, 0, undefined]);
});

test("loadSeriesInput({ dataset: 'temperatures' }) is daily and keeps its two missing days as they are", () => {
  const s = loadSeriesInput({ dataset: 'temperatures' });
  assert.deepEqual([s.values.length, s.dates!.length, s.columns[0]], [3650, 3650, 'Temp']);
  assert.deepEqual(s.frequency, { kind: 'daily' });
  const gaps = s.dates!.flatMap((d, i) => (i > 0 && Date.parse(d) - Date.parse(s.dates![i - 1]) !== 86_400_000 ? [`${s.dates![i - 1]}..${d}`] : []));
  assert.deepEqual(gaps, ['1984-12-30..1985-01-01', '1988-12-30..1989-01-01']);
});

test('loadSeriesInput({ file }) puts the shipped temperatures, read as a user file, through the gap check', () => {
  const path = 'datasets/daily-min-temperatures.csv';
  assert.throws(() => loadSeriesInput({ file: path, date: 'Date' }), {
    message: `Line 1462 of ${path}: 1 date is missing before 1985-01-01 (the series is daily and the date before is 1984-12-30): insert them with --fill previous|linear, or add the missing rows.`,
  });
  const s = loadSeriesInput({ file: path, date: 'Date', fill: 'linear' });
  assert.deepEqual([s.values.length, s.inserted, s.filled, s.name], [3652, 2, 2, 'daily-min-temperatures']);
  const i = s.dates!.indexOf('1984-12-31');
  assert.equal(s.dates![i + 1], '1985-01-01');
  assert.equal(s.values[i], Math.fround((s.values[i - 1] + s.values[i + 1]) / 2));
});

test("loadSeriesInput({ dataset: 'synthetic' }) is the course's series, without dates", () => {
  const s = loadSeriesInput({ dataset: 'synthetic' });
  assert.deepEqual([s.name, s.values.length, s.dates, s.frequency], ['synthetic', 1461, undefined, undefined]);
  assert.ok(Math.abs(s.values[0] - 52.48357) < 1e-4);
});

test('loadSeriesInput(options) needs exactly one of dataset and file, and no file options with a dataset', () => {
  assert.throws(() => loadSeriesInput({}), /^Error: Give exactly one series: --dataset NAME \(sunspots, temperatures, synthetic\) or --file PATH \(a CSV or JSON file\)\.$/);
  assert.throws(() => loadSeriesInput({ dataset: 'sunspots', file: 'a.csv' }), /Give exactly one series: .*, not both\./);
  assert.throws(() => loadSeriesInput({ dataset: 'weather' as 'sunspots' }), /Unknown dataset 'weather': use one of sunspots, temperatures, synthetic, or --file PATH/);
  assert.throws(() => loadSeriesInput({ dataset: 'toString' as 'sunspots' }), /Unknown dataset 'toString'/);
  assert.throws(() => loadSeriesInput({ dataset: 'temperatures', fill: 'linear' }), /^Error: --fill only applies to --file: the shipped dataset 'temperatures' is loaded as it is\. Remove it\.$/);
  assert.throws(() => loadSeriesInput({ dataset: 'sunspots', column: 'x', date: 'd' }), /--column, --date only apply to --file: .*Remove them\./);
});

test('loadSeriesInput({ file }) names a file it cannot read or whose format it cannot tell', () => {
  assert.throws(() => loadSeriesInput({ file: join(dir, 'nope.csv') }), /Cannot read .*nope\.csv: there is no such file\. Give the path of a CSV or JSON file with --file\./);
  const folder = join(dir, 'folder.csv');
  mkdirSync(folder);
  assert.throws(() => loadSeriesInput({ file: folder }), /Cannot read .*folder\.csv: it is a folder/);
  assert.throws(() => loadSeriesInput({ file: file('temps.txt', 'v\n1') }), /Cannot tell the format of .*temps\.txt from its extension '\.txt': pass --format csv or --format json\./);
  assert.deepEqual([...loadSeriesInput({ file: file('temps2.txt', 'v\n1\n2'), format: 'csv' }).values], [1, 2]);
  assert.throws(() => loadSeriesInput({ file: file('x.csv', 'v\n1'), format: 'xml' as 'csv' }), /Unknown format 'xml': use --format csv or --format json/);
  assert.throws(() => loadSeriesInput({ file: file('y.csv', 'v\n1'), fill: 'mean' as 'linear' }), /Unknown fill method 'mean': use --fill previous or --fill linear/);
});

test('loadSeriesInput({ file, column, date }) reads several value columns of a CSV, the first as the target', () => {
  const path = file('weather.csv', 'Date,Temp,Rain\n2020-01-01,20.5,0\n2020-01-02,18,1.5\n');
  const s = loadSeriesInput({ file: path, column: ['Rain', 'Temp'], date: 'Date' });
  assert.deepEqual([s.name, s.source, s.columns], ['weather', path, ['Rain', 'Temp']]);
  assert.deepEqual(s.features!.map((f) => [...f]), [[0, 1.5], [20.5, 18]]);
  assert.equal(s.values, s.features![0]);
  assert.deepEqual(s.dates, ['2020-01-01', '2020-01-02']);
  assert.deepEqual(s.frequency, { kind: 'daily' });
  assert.deepEqual(loadSeriesInput({ file: path, column: 'Rain,1' }).columns, ['Rain', 'Temp']);
  const last = loadSeriesInput({ file: path });
  assert.deepEqual([last.columns, [...last.values], last.dates, last.features], [['Rain'], [0, 1.5], undefined, undefined]);
  assert.deepEqual(csv('v,Date\n1,2020-01-01', { date: 'Date' }).columns, ['v']);
  assert.deepEqual(csv('a,b,c\n1,2,3', { column: '0' }).columns, ['a']);
});

test('parseSeriesText(csv) without fill names the line of an empty or NA cell and suggests --fill', () => {
  assert.throws(() => csv('Date,Temp\n2020-01-01,1\n2020-01-02,\n'), {
    message: "Line 3 of temps.csv: the cell in column 'Temp' is empty: fill missing values with --fill previous|linear, or fix or remove that row.",
  });
  for (const marker of ['NA', 'nan', 'null', '?', '-']) {
    const quoted = marker.replace(/[?]/g, '\\?');
    assert.throws(() => csv(`Temp\n1\n${marker}\n`), new RegExp(`^Error: Line 3 of temps.csv: column 'Temp' has '${quoted}', a missing value: fill missing values with --fill previous\\|linear`));
  }
});

test('parseSeriesText(csv) names the line of text in a value column; with fill it reads it as missing and notes it', () => {
  assert.throws(() => csv('Date,Temp\n2020-01-01,1\n2020-01-02,warm\n2020-01-03,3\n'), {
    message: "Line 3 of temps.csv: column 'Temp' has 'warm', which is not a number: fix or remove that row, or read it as missing with --fill previous|linear.",
  });
  const s = csv('Date,Temp\n2020-01-01,1\n2020-01-02,warm\n2020-01-03,3\n', { fill: 'linear' });
  assert.deepEqual([...s.values], [1, 2, 3]);
  assert.equal(s.filled, 1);
  assert.deepEqual(s.notes, [
    "Line 3 of temps.csv: column 'Temp' has 'warm', not a number: read as missing and filled (--fill linear).",
    '1 missing value filled with --fill linear.',
  ]);
});

test('parseSeriesText(csv, { fill }) fills missing cells and counts them', () => {
  const prev = csv('Temp,Rain\n1,NA\n,2\n3,\n-,?\n5,5', { fill: 'linear', column: ['Temp', 'Rain'] });
  assert.deepEqual(prev.features!.map((f) => [...f]), [[1, 2, 3, 4, 5], [2, 2, 3, 4, 5]]);
  assert.equal(prev.filled, 5);
  const carried = csv('Temp\n1\n\nNA\n4\n', { fill: 'previous' });
  assert.deepEqual([[...carried.values], carried.filled], [[1, 1, 1, 4], 2]);
  assert.throws(() => csv('Temp\nNA\n4\n', { fill: 'previous' }), /^Error: Line 2 of temps.csv: the first value of column 'Temp' is missing, so --fill previous has nothing to carry forward: use --fill linear/);
  assert.throws(() => csv('Temp\nNA\n\n', { fill: 'linear' }), /Column 'Temp' has no values at all/);
});

test('parseSeriesText(csv) rejects a CSV without a header row and unknown columns', () => {
  assert.throws(() => csv('1.5\n2\n3'), /^Error: temps.csv has no header row: its first line \(1.5\) holds numbers\. Add a first line naming the columns/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1', { column: 'Rain' }), /temps.csv has no column 'Rain': its columns are 'Date', 'Temp'\. .*with --column/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1', { date: 'When' }), /temps.csv has no column 'When'.*with --date/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1', { date: 'Date', column: 'Date' }), /Column 'Date' is the date column/);
});

test('parseSeriesText(csv, { date }) names the line of an unreadable or missing date', () => {
  assert.throws(() => csv('Date,Temp\n2020-01-01,1\n01/02/2020,2', { date: 'Date' }), /^Error: Line 3 of temps.csv: '01\/02\/2020' in column 'Date' is not a date seqcast can read: write dates as YYYY-MM-DD/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1\n,2', { date: 'Date' }), /^Error: Line 3 of temps.csv: the date in column 'Date' is missing: every row needs a date, so fix or remove that row\.$/);
});

test('parseSeriesText(csv, { date }) names both lines of dates out of order or repeated', () => {
  assert.throws(() => csv('Date,Temp\n2020-01-02,1\n2020-01-01,2', { date: 'Date' }), /^Error: Lines 2 and 3 of temps.csv are out of order: 2020-01-01 comes after 2020-01-02\. Dates must increase: sort the file by date\.$/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1\n2020-01-01,2', { date: 'Date' }), /^Error: Lines 2 and 3 of temps.csv have the same date 2020-01-01: .*remove or merge the duplicate row\.$/);
});

test('parseSeriesText(csv, { date }) treats missing dates as gaps: an error without fill, inserted rows with it', () => {
  const text = 'Month,Sales\n2020/01/31,1\n2020/02/29,2\n2020/05/31,5\n2020/06/30,6\n';
  assert.throws(() => csv(text, { date: 'Month' }), {
    message: 'Line 4 of temps.csv: 2 dates are missing before 2020/05/31 (the series is monthly (month-end) and the date before is 2020/02/29): insert them with --fill previous|linear, or add the missing rows.',
  });
  const s = csv(text, { date: 'Month', fill: 'linear' });
  assert.deepEqual(s.dates, ['2020/01/31', '2020/02/29', '2020/03/31', '2020/04/30', '2020/05/31', '2020/06/30']);
  assert.deepEqual([...s.values], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([s.filled, s.inserted], [2, 2]);
  const p = csv(text, { date: 'Month', fill: 'previous' });
  assert.deepEqual([...p.values], [1, 2, 2, 2, 5, 6]);
  assert.throws(() => csv('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-02-01,4', { date: 'd', fill: 'linear' }), /Line 5 of temps.csv: filling the missing dates would add 28 rows, more than the 4 in temps.csv \(the series is daily.*check the date column, or fill the gaps yourself/);
});

test('parseSeriesText(csv, { date }) leaves irregular dates without a frequency and without a gap check', () => {
  const s = csv('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,3\n2020-01-12,4', { date: 'd' });
  assert.deepEqual([s.frequency, s.dates?.length, s.inserted], [undefined, 4, 0]);
});

test('parseSeriesText(json) reads an array of numbers, null as missing', () => {
  const s = json([1.5, 2, null, 4], { fill: 'linear' });
  assert.deepEqual([s.name, s.columns, [...s.values], s.filled], ['data', ['value'], f32([1.5, 2, 3, 4]), 1]);
  assert.throws(() => json([1, 2, null]), { message: "Item 2 of data.json: column 'value' is null: fill missing values with --fill previous|linear, or fix or remove that item." });
  assert.throws(() => json([1, 'two']), /^Error: Item 1 of data.json: column 'value' has 'two', which is not a number: fix or remove that item, or read it as missing with --fill previous\|linear\.$/);
  assert.throws(() => json([1, true]), /Item 1 of data.json: column 'value' has true, which is not a number/);
});

test('parseSeriesText(json) reads an array of objects, keys as columns, with dates and gaps', () => {
  const items = [{ date: '2020-01-01', value: 1, rain: 0 }, { date: '2020-01-02', value: 2, rain: 1 }, { date: '2020-01-04', value: 4 }];
  assert.throws(() => json(items, { date: 'date', column: 'value' }), /^Error: Item 2 of data.json: 1 date is missing before 2020-01-04 \(the series is daily/);
  assert.throws(() => json(items, { date: 'date', column: 'rain', fill: undefined }), /Item 2 of data.json: the item has no 'rain': fill missing values with --fill previous\|linear, or fix or remove that item\./);
  const s = json(items, { date: 'date', column: ['rain', 'value'], fill: 'previous' });
  assert.deepEqual(s.columns, ['rain', 'value']);
  assert.deepEqual(s.features!.map((f) => [...f]), [[0, 1, 1, 1], [1, 2, 2, 4]]);
  assert.deepEqual([s.dates, s.filled, s.inserted], [['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], 3, 1]);
  assert.deepEqual(json(items.slice(0, 2)).columns, ['rain']); // the last key is the default value column
});

test('parseSeriesText(json) reads an object of arrays', () => {
  const s = json({ date: ['2020-01', '2020-02', '2020-03'], value: [1, null, 3] }, { date: 'date', fill: 'linear' });
  assert.deepEqual([[...s.values], s.dates, s.frequency], [[1, 2, 3], ['2020-01', '2020-02', '2020-03'], { kind: 'monthly', anchor: 'month-start' }]);
  assert.deepEqual([...json({ year: [1999, 2000], v: ['1.5', 2] }, { date: 'year' }).values], [1.5, 2]);
  assert.throws(() => json({ date: ['2020-01-01'], value: [1, 2] }), /^Error: data.json: 'value' has 2 items but 'date' has 1: give every array the same length\.$/);
  assert.throws(() => json({ date: ['2020-01-01'], value: 3 }), /data.json is an object whose 'value' is not an array: seqcast reads an array of numbers, an array of objects/);
  assert.throws(() => json({}), /data.json is an object with no keys/);
  assert.throws(() => json({ value: [] }), /data.json has empty arrays/);
});

test('parseSeriesText(json) names the file of invalid JSON, other shapes and mixed items', () => {
  assert.throws(() => json('[1, 2,'), /^Error: data.json is not valid JSON \(.*\): fix the file, or pass --format csv if it is a CSV\.$/);
  assert.throws(() => json(42), /data.json holds 42: seqcast reads an array of numbers/);
  assert.throws(() => json([]), /data.json is an empty array/);
  assert.throws(() => json([1, { value: 2 }]), /^Error: Item 1 of data.json is {"value":2}, but the items are numbers: give data.json one shape/);
  assert.throws(() => json([{ value: 2 }, 3]), /Item 1 of data.json is 3, but the items are objects/);
  assert.throws(() => json([1, [2]]), /Item 1 of data.json is \[2\], but the items are numbers/);
});

test('loadSeriesInput({ file }) reads a .json file', () => {
  const s = loadSeriesInput({ file: file('level.json', '{"t": ["2020-01-01T00:00Z", "2020-01-01T00:15Z"], "level": [1, 2]}'), date: 't' });
  assert.deepEqual([s.name, s.columns, s.frequency], ['level', ['level'], { kind: 'fixed', seconds: 900 }]);
});

test('checkLongEnough(n, window, split) needs a window, its label and one more value', () => {
  assert.doesNotThrow(() => checkLongEnough(22, 20));
  assert.doesNotThrow(() => checkLongEnough(1461, 20, 1000));
  assert.throws(() => checkLongEnough(21, 20), {
    message: 'The series has 21 values but window 20 needs at least 22 (one window of 20, the value after it, and one to check the forecast): use a shorter --window or a longer series.',
  });
  assert.throws(() => checkLongEnough(100, 20, 20), /The training part has 20 values \(split 20\) but window 20 needs at least 21 .*: use a shorter --window or a larger --split\./);
  assert.throws(() => checkLongEnough(100, 20, 100), /The split 100 leaves nothing to validate on: the series has 100 values, so use a --split below 100\./);
  assert.throws(() => checkLongEnough(100, 0), /The window must be a positive integer, got 0/);
  assert.throws(() => checkLongEnough(100, 20, 2.5), /The split must be a whole number of values, got 2.5/);
});
