import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLongEnough, parseSeriesText, seriesCsvReader, type SeriesTextOptions } from '../../src/data/series-input.js';
import { messagesOf } from '../helpers/messages.js';

const csv = (text: string, options: Partial<SeriesTextOptions> = {}) =>
  parseSeriesText(text, { format: 'csv', source: 'temps.csv', ...options });
const json = (data: unknown, options: Partial<SeriesTextOptions> = {}) =>
  parseSeriesText(typeof data === 'string' ? data : JSON.stringify(data), { format: 'json', source: 'data.json', ...options });
const f32 = (xs: number[]) => xs.map(Math.fround);

test('parseSeriesText(csv) without fill names the line of an empty or NA cell; the CLI suggests --fill', () => {
  assert.deepEqual(
    messagesOf(() => csv('Date,Temp\n2020-01-01,1\n2020-01-02,\n')),
    {
      plain: "Line 3 of temps.csv: the cell in column 'Temp' is empty: fix or remove that row.",
      cli: "Line 3 of temps.csv: the cell in column 'Temp' is empty: fill missing values with --fill previous|linear, or fix or remove that row.",
    },
  );
  for (const marker of ['NA', 'nan', 'null', '?', '-']) {
    const { plain, cli } = messagesOf(() => csv(`Temp\n1\n${marker}\n`));
    assert.equal(plain, `Line 3 of temps.csv: column 'Temp' has '${marker}', a missing value: fix or remove that row.`);
    assert.equal(
      cli,
      `Line 3 of temps.csv: column 'Temp' has '${marker}', a missing value: fill missing values with --fill previous|linear, or fix or remove that row.`,
    );
  }
});

test('parseSeriesText(csv) names the line of text in a value column; with fill it reads it as missing and notes it', () => {
  assert.deepEqual(
    messagesOf(() => csv('Date,Temp\n2020-01-01,1\n2020-01-02,warm\n2020-01-03,3\n')),
    {
      plain: "Line 3 of temps.csv: column 'Temp' has 'warm', which is not a number: fix or remove that row.",
      cli: "Line 3 of temps.csv: column 'Temp' has 'warm', which is not a number: fix or remove that row, or read it as missing with --fill previous|linear.",
    },
  );
  const s = csv('Date,Temp\n2020-01-01,1\n2020-01-02,warm\n2020-01-03,3\n', { fill: 'linear' });
  assert.deepEqual([...s.values], [1, 2, 3]);
  assert.equal(s.filled, 1);
  assert.deepEqual(s.notes, [
    "Line 3 of temps.csv: column 'Temp' has 'warm', not a number: read as missing and filled (fill method 'linear').",
    "1 missing value filled (fill method 'linear').",
  ]);
});

test('parseSeriesText(csv, { fill }) fills missing cells and counts them', () => {
  const prev = csv('Temp,Rain\n1,NA\n,2\n3,\n-,?\n5,5', { fill: 'linear', column: ['Temp', 'Rain'] });
  assert.deepEqual(
    prev.features!.map((f) => [...f]),
    [
      [1, 2, 3, 4, 5],
      [2, 2, 3, 4, 5],
    ],
  );
  assert.equal(prev.filled, 5);
  const carried = csv('Temp\n1\n\nNA\n4\n', { fill: 'previous' });
  assert.deepEqual([[...carried.values], carried.filled], [[1, 1, 1, 4], 2]);
  assert.deepEqual(
    messagesOf(() => csv('Temp\nNA\n4\n', { fill: 'previous' })),
    {
      plain:
        "Line 2 of temps.csv: the first value of column 'Temp' is missing, so fill 'previous' has nothing to carry forward: use fill 'linear' (it copies the first known value), or give a first value.",
      cli: "Line 2 of temps.csv: the first value of column 'Temp' is missing, so --fill previous has nothing to carry forward: use --fill linear (it copies the first known value), or give a first value.",
    },
  );
  assert.throws(() => csv('Temp\nNA\n\n', { fill: 'linear' }), /Column 'Temp' has no values at all/);
});

test('parseSeriesText(csv) rejects a CSV without a header row and unknown columns', () => {
  assert.throws(
    () => csv('1.5\n2\n3'),
    /^InputError: temps.csv has no header row: its first line \(1.5\) holds numbers\. Add a first line naming the columns/,
  );
  assert.deepEqual(
    messagesOf(() => csv('Date,Temp\n2020-01-01,1', { column: 'Rain' })),
    {
      plain: "temps.csv has no column 'Rain': its columns are 'Date', 'Temp'. Name one of them (or its 0-based index).",
      cli: "temps.csv has no column 'Rain': its columns are 'Date', 'Temp'. Name one of them (or its 0-based index) with --column.",
    },
  );
  assert.match(messagesOf(() => csv('Date,Temp\n2020-01-01,1', { date: 'When' })).cli, /temps.csv has no column 'When'.*with --date\.$/);
  assert.throws(() => csv('Date,Temp\n2020-01-01,1', { date: 'Date', column: 'Date' }), /Column 'Date' is the date column/);
});

test('parseSeriesText(csv, { date }) names the line of an unreadable or missing date', () => {
  assert.throws(
    () => csv('Date,Temp\n2020-01-01,1\n01/02/2020,2', { date: 'Date' }),
    /^InputError: Line 3 of temps.csv: '01\/02\/2020' in column 'Date' is not a date seqcast can read: write dates as YYYY-MM-DD/,
  );
  assert.throws(
    () => csv('Date,Temp\n2020-01-01,1\n,2', { date: 'Date' }),
    /^InputError: Line 3 of temps.csv: the date in column 'Date' is missing: every row needs a date, so fix or remove that row\.$/,
  );
});

test('parseSeriesText(csv, { date }) names both lines of dates out of order or repeated', () => {
  assert.throws(
    () => csv('Date,Temp\n2020-01-02,1\n2020-01-01,2', { date: 'Date' }),
    /^InputError: Lines 2 and 3 of temps.csv are out of order: 2020-01-01 comes after 2020-01-02\. Dates must increase: sort the file by date\.$/,
  );
  assert.throws(
    () => csv('Date,Temp\n2020-01-01,1\n2020-01-01,2', { date: 'Date' }),
    /^InputError: Lines 2 and 3 of temps.csv have the same date 2020-01-01: .*remove or merge the duplicate row\.$/,
  );
});

test('parseSeriesText(csv, { date }) treats missing dates as gaps: an error without fill, inserted rows with it', () => {
  const text = 'Month,Sales\n2020/01/31,1\n2020/02/29,2\n2020/05/31,5\n2020/06/30,6\n';
  assert.deepEqual(
    messagesOf(() => csv(text, { date: 'Month' })),
    {
      plain:
        'Line 4 of temps.csv: 2 dates are missing before 2020/05/31 (the series is monthly (month-end) and the date before is 2020/02/29): add the missing rows.',
      cli: 'Line 4 of temps.csv: 2 dates are missing before 2020/05/31 (the series is monthly (month-end) and the date before is 2020/02/29): insert them with --fill previous|linear, or add the missing rows.',
    },
  );
  const s = csv(text, { date: 'Month', fill: 'linear' });
  assert.deepEqual(s.dates?.toArray(), ['2020/01/31', '2020/02/29', '2020/03/31', '2020/04/30', '2020/05/31', '2020/06/30']);
  assert.deepEqual([...s.values], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(
    [s.filled, s.inserted, s.notes],
    [2, 2, ["2 missing values filled (fill method 'linear'), 2 of them on inserted dates."]],
  );
  const p = csv(text, { date: 'Month', fill: 'previous' });
  assert.deepEqual([...p.values], [1, 2, 2, 2, 5, 6]);
  assert.throws(
    () => csv('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-02-01,4', { date: 'd', fill: 'linear' }),
    /Line 5 of temps.csv: filling the missing dates would add 28 rows, more than the 4 in temps.csv \(the series is daily.*check the date column, or fill the gaps yourself/,
  );
});

test('parseSeriesText(csv, { date }) leaves irregular dates without a frequency and without a gap check', () => {
  const s = csv('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,3\n2020-01-12,4', { date: 'd' });
  assert.deepEqual([s.frequency, s.dates?.length, s.inserted], [undefined, 4, 0]);
});

test('parseSeriesText(json) reads an array of numbers, null as missing', () => {
  const s = json([1.5, 2, null, 4], { fill: 'linear' });
  assert.deepEqual([s.name, s.columns, [...s.values], s.filled], ['data', ['value'], f32([1.5, 2, 3, 4]), 1]);
  assert.deepEqual(
    messagesOf(() => json([1, 2, null])),
    {
      plain: "Item 2 of data.json: column 'value' is null: fix or remove that item.",
      cli: "Item 2 of data.json: column 'value' is null: fill missing values with --fill previous|linear, or fix or remove that item.",
    },
  );
  assert.deepEqual(
    messagesOf(() => json([1, 'two'])),
    {
      plain: "Item 1 of data.json: column 'value' has 'two', which is not a number: fix or remove that item.",
      cli: "Item 1 of data.json: column 'value' has 'two', which is not a number: fix or remove that item, or read it as missing with --fill previous|linear.",
    },
  );
  assert.throws(() => json([1, true]), /Item 1 of data.json: column 'value' has true, which is not a number/);
});

test('parseSeriesText(json) reads an array of objects, keys as columns, with dates and gaps', () => {
  const items = [
    { date: '2020-01-01', value: 1, rain: 0 },
    { date: '2020-01-02', value: 2, rain: 1 },
    { date: '2020-01-04', value: 4 },
  ];
  assert.throws(
    () => json(items, { date: 'date', column: 'value' }),
    /^SeriesInputError: Item 2 of data.json: 1 date is missing before 2020-01-04 \(the series is daily/,
  );
  assert.deepEqual(
    messagesOf(() => json(items, { date: 'date', column: 'rain', fill: undefined })),
    {
      plain: "Item 2 of data.json: the item has no 'rain': fix or remove that item.",
      cli: "Item 2 of data.json: the item has no 'rain': fill missing values with --fill previous|linear, or fix or remove that item.",
    },
  );
  const s = json(items, { date: 'date', column: ['rain', 'value'], fill: 'previous' });
  assert.deepEqual(s.columns, ['rain', 'value']);
  assert.deepEqual(
    s.features!.map((f) => [...f]),
    [
      [0, 1, 1, 1],
      [1, 2, 2, 4],
    ],
  );
  assert.deepEqual([s.dates?.toArray(), s.filled, s.inserted], [['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'], 3, 1]);
  assert.deepEqual(json(items.slice(0, 2)).columns, ['rain']); // the last key is the default value column
});

test('parseSeriesText(json) reads an object of arrays', () => {
  const s = json({ date: ['2020-01', '2020-02', '2020-03'], value: [1, null, 3] }, { date: 'date', fill: 'linear' });
  assert.deepEqual(
    [[...s.values], s.dates?.toArray(), s.frequency],
    [[1, 2, 3], ['2020-01', '2020-02', '2020-03'], { kind: 'monthly', anchor: 'month-start' }],
  );
  assert.deepEqual([...json({ year: [1999, 2000], v: ['1.5', 2] }, { date: 'year' }).values], [1.5, 2]);
  assert.throws(
    () => json({ date: ['2020-01-01'], value: [1, 2] }),
    /^InputError: data.json: 'value' has 2 items but 'date' has 1: give every array the same length\.$/,
  );
  assert.throws(
    () => json({ date: ['2020-01-01'], value: 3 }),
    /data.json is an object whose 'value' is not an array: seqcast reads an array of numbers, an array of objects/,
  );
  assert.throws(() => json({}), /data.json is an object with no keys/);
  assert.throws(() => json({ value: [] }), /data.json has empty arrays/);
});

test('parseSeriesText(json) names the file of invalid JSON, other shapes and mixed items', () => {
  const invalid = messagesOf(() => json('[1, 2,'));
  assert.match(invalid.plain, /^data.json is not valid JSON \(.*\): fix the file, or read it as CSV if it is one\.$/);
  assert.match(invalid.cli, /^data.json is not valid JSON \(.*\): fix the file, or pass --format csv if it is a CSV\.$/);
  assert.throws(() => json(42), /data.json holds 42: seqcast reads an array of numbers/);
  assert.throws(() => json([]), /data.json is an empty array/);
  assert.throws(
    () => json([1, { value: 2 }]),
    /^InputError: Item 1 of data.json is {"value":2}, but the items are numbers: give data.json one shape/,
  );
  assert.throws(() => json([{ value: 2 }, 3]), /Item 1 of data.json is 3, but the items are objects/);
  assert.throws(() => json([1, [2]]), /Item 1 of data.json is \[2\], but the items are numbers/);
});

test('checkLongEnough(n, window, split) needs a window, its label and one more value, in the words of the window rule', () => {
  assert.doesNotThrow(() => checkLongEnough(22, 20));
  assert.doesNotThrow(() => checkLongEnough(1461, 20, 1000));
  assert.deepEqual(
    messagesOf(() => checkLongEnough(20, 20, 10)),
    {
      plain:
        'The series has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.',
      cli: 'The series has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter --window or a longer series.',
    },
  );
  assert.deepEqual(
    messagesOf(() => checkLongEnough(21, 20)),
    {
      plain:
        'The series has 21 values, all taken by one window of 20 and the value after it, so none is left to check a forecast on: use a shorter window or a longer series.',
      cli: 'The series has 21 values, all taken by one window of 20 and the value after it, so none is left to check a forecast on: use a shorter --window or a longer series.',
    },
  );
  assert.deepEqual(
    messagesOf(() => checkLongEnough(100, 20, 20)),
    {
      plain:
        'The training part has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.',
      cli: 'The training part has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter --window or a larger --split.',
    },
  );
  assert.deepEqual(
    messagesOf(() => checkLongEnough(100, 20, 100)),
    {
      plain: 'The split 100 leaves nothing to validate on: the series has 100 values, so use a split below 100.',
      cli: 'The split 100 leaves nothing to validate on: the series has 100 values, so use a --split below 100.',
    },
  );
  assert.equal(
    messagesOf(() => checkLongEnough(100, 0)).cli,
    'window must be a positive integer number of time steps, got 0: use e.g. --window 20.',
  );
  assert.equal(
    messagesOf(() => checkLongEnough(100, 20, 2.5)).cli,
    'The split must be a whole number of values, got 2.5: use e.g. --split 1000.',
  );
});

test('parseSeriesText(text, { source }) names the series after the file, without folders or extension', () => {
  assert.equal(parseSeriesText('v\n1', { format: 'csv', source: 'data/2020/temps.csv' }).name, 'temps');
  assert.equal(parseSeriesText('v\n1', { format: 'csv', source: 'temps.tar.csv' }).name, 'temps.tar');
  assert.equal(parseSeriesText('v\n1', { format: 'csv', source: '.csv' }).name, '.csv');
  assert.equal(parseSeriesText('v\n1', { format: 'csv', source: 'mine' }).name, 'mine');
});

test('parseSeriesText(text, { fill }) rejects an unknown fill method', () => {
  assert.deepEqual(
    messagesOf(() => csv('v\n1', { fill: 'mean' as 'linear' })),
    {
      plain: "Unknown fill method 'mean': use 'previous' or 'linear'.",
      cli: "Unknown fill method 'mean': use --fill previous or --fill linear.",
    },
  );
});

test('parseSeriesText(csv) reads numbers as written: 0x1F, 0b101, 0o7, 1_000 and Infinity are text, naming the line', () => {
  for (const written of ['0x1F', '0b101', '0o7', '1_000', 'Infinity']) {
    assert.deepEqual(
      messagesOf(() => csv(`v\n1\n${written}\n3`)),
      {
        plain: `Line 3 of temps.csv: column 'v' has '${written}', which is not a number: fix or remove that row.`,
        cli: `Line 3 of temps.csv: column 'v' has '${written}', which is not a number: fix or remove that row, or read it as missing with --fill previous|linear.`,
      },
      written,
    );
  }
  // with fill they are missing values, as other text
  assert.deepEqual([...csv('v\n1\n0x1F\n3', { fill: 'linear' }).values], [1, 2, 3]);
});

test('parseSeriesText(csv) refuses a value beyond float32 at once, naming the line, the value and the fix', () => {
  for (const [written, scale] of [
    ['1e308', '1e308'],
    ['-1e39', '1e39'],
    ['1e400', 'a power of ten'],
  ]) {
    const err = (() => {
      try {
        csv(`v\n1\n2\n${written}\n4`);
      } catch (e) {
        return e as Error;
      }
    })();
    assert.equal(err?.name, 'InputError');
    assert.match(
      err!.message,
      new RegExp(
        `^Line 4 of temps.csv: column 'v' has ${written}.*float32's range \\(±3\\.4e38\\).*rescale the column \\(e\\.g\\. divide it by ${scale}\\)`,
      ),
    );
  }
  assert.equal(csv('v\n3.4e38\n-3.4e38').values[0], Math.fround(3.4e38)); // the largest float32s are read
});

test('parseSeriesText(csv) notes values too close to 0 for float32, naming the first line, instead of changing them silently', () => {
  const s = csv('v\n1\n2\n1e-300\n4\n-1e-40\n6');
  assert.deepEqual([...s.values].slice(2, 5), [0, 4, Math.fround(-1e-40)]);
  assert.deepEqual(s.notes, [
    "Column 'v' has 2 values closer to 0 than float32 holds in full (below 1.2e-38), the first on line 4 of temps.csv (1e-300): seqcast computes in float32, so they read as 0 or with fewer digits. Rescale the column (multiply it by a power of ten) if they matter.",
  ]);
  assert.deepEqual(csv('v\n1e-30\n0').notes, []);
});

test('parseSeriesText(json) names the item of a number JSON reads as Infinity (1e400) or beyond float32', () => {
  assert.equal(
    messagesOf(() => json('[1, 2, 1e400, 4]')).plain,
    "Item 2 of data.json: column 'value' has a number too large even for a double (beyond ±1.8e308, read as Infinity), far beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by a power of ten) and forecast in those units.",
  );
  assert.match(
    messagesOf(() => json('{"v": [1, -1e400]}')).plain,
    /^Item 1 of data.json: column 'v' has a number too large even for a double \(beyond ±1\.8e308, read as -Infinity\)/,
  );
  assert.match(
    messagesOf(() => json([{ v: 1 }, { v: 1e39 }])).plain,
    /^Item 1 of data.json: column 'v' has 1e\+39, beyond float32's range/,
  );
});

test('parseSeriesText(csv) refuses a column name the header has twice when that name is chosen, naming both positions', () => {
  const text = 'date,v,v\n2020-01-01,1,2\n2020-01-02,3,4\n';
  assert.deepEqual(
    messagesOf(() => csv(text, { column: 'v' })),
    {
      plain:
        "temps.csv has 2 columns named 'v' (0-based columns 1 and 2): rename them in the header so each name is used once, or choose one by its index (1 or 2).",
      cli: "temps.csv has 2 columns named 'v' (0-based columns 1 and 2): rename them in the header so each name is used once, or choose one by its index (--column 1 or --column 2).",
    },
  );
  assert.match(
    messagesOf(() => csv('d,d,v\n2020,2021,1', { date: 'd' })).cli,
    /has 2 columns named 'd' \(0-based columns 0 and 1\).*\(--date 0 or --date 1\)\.$/,
  );
  // by index, or by default (the last column), the repeated name is no ambiguity
  assert.deepEqual([...csv(text, { column: '2' }).values], [2, 4]);
  assert.deepEqual([...csv(text).values], [2, 4]);
});

test('parseSeriesText(csv, { date }) refuses one date off the grid of the others, naming its line', () => {
  const text = 'd,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-01-04,4\n2020-01-05T12:00,5\n2020-01-06,6\n2020-01-07,7\n';
  assert.deepEqual(
    messagesOf(() => csv(text, { date: 'd' })).plain,
    'Line 6 of temps.csv: 2020-01-05T12:00 is off the daily grid of the other dates (it comes 1.5 days after 2020-01-04): fix or remove that row, so that seqcast can check for missing dates and date its forecasts.',
  );
});

test('parseSeriesText(csv, { date }) refuses dates written with mixed UTC offsets that break their grid, naming the first', () => {
  const rows = [
    '2020-03-27T00:00+01:00',
    '2020-03-28T00:00+01:00',
    '2020-03-29T00:00+01:00',
    '2020-03-30T00:00+02:00',
    '2020-03-31T00:00+02:00',
  ];
  assert.equal(
    messagesOf(() => csv(`d,v\n${rows.map((d, i) => `${d},${i}`).join('\n')}`, { date: 'd' })).plain,
    'Line 5 of temps.csv: 2020-03-30T00:00+02:00 is off the daily grid of the other dates: it is written with UTC offset +02:00, most dates with +01:00. Write every date with the same offset (e.g. all in UTC, ending in Z), or fix that row.',
  );
});

test('parseSeriesText(csv, { date }) notes dates with no grid: no gap check, forecasts numbered', () => {
  const s = csv('d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,3\n2020-01-12,4', { date: 'd' });
  assert.deepEqual(s.notes, [
    "The dates in column 'd' have no regular step (they are not evenly spaced): seqcast reads the rows in order, checks for no missing dates, and numbers its forecasts instead of dating them.",
  ]);
});

test('parseSeriesText(csv, { fill }) notes the first text cells read as missing and counts the rest in one note', () => {
  const s = csv(`v\n1\n${['a', 'b', 'c', 'd', 'e'].join('\n')}\n7`, { fill: 'linear' });
  assert.equal(s.filled, 5);
  assert.deepEqual(s.notes.slice(3), [
    "2 more cells that are not a number, the last on line 7 of temps.csv, were read as missing and filled too (fill method 'linear').",
    "5 missing values filled (fill method 'linear').",
  ]);
});

test('seriesCsvReader(options) gives the same series however the text is cut into chunks', () => {
  const text = '\uFEFFdate,"v"\r\n2020-01-01,1.5\r\n2020-01-02,"2"\r\n\r\n2020-01-04,NA\r\n2020-01-05,5';
  const whole = parseSeriesText(text, { format: 'csv', source: 'a.csv', date: 'date', fill: 'linear' });
  for (let size = 1; size <= 7; size++) {
    const reader = seriesCsvReader({ source: 'a.csv', date: 'date', fill: 'linear' });
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    const s = reader.end();
    assert.deepEqual(
      [[...s.values], s.dates?.toArray(), s.filled, s.inserted, s.notes],
      [[...whole.values], whole.dates?.toArray(), whole.filled, whole.inserted, whole.notes],
    );
  }
  assert.deepEqual([...whole.values], [1.5, 2, 3, 4, 5]);
  assert.throws(() => seriesCsvReader({ source: 'a.csv', fill: 'mean' as 'linear' }), /Unknown fill method 'mean'/);
});

test('parseSeriesText(json) refuses a file nested deeper than a series can be, before parsing it', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.throws(
    () => parseSeriesText(deep, { format: 'json', source: 'deep.json' }),
    /^InputError: deep\.json nests arrays or objects more than 16 levels deep \(from character 17\)/,
  );
  // brackets inside strings do not count
  const text = JSON.stringify([
    { date: '2020-01-01', value: 1, note: '[[[[[[[[[[[[[[[[[[[[' },
    { date: '2020-01-02', value: 2 },
  ]);
  assert.doesNotThrow(() => parseSeriesText(text, { format: 'json', source: 'ok.json', column: 'value', date: 'date' }));
});
