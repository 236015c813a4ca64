import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvReader, MAX_LINE_CHARS, columnIndex, parseSeriesCsv, readCsvHeader, readCsvTable, valueColumns } from '../../src/data/csv.js';
import { messagesOf } from '../helpers/messages.js';

test('parseSeriesCsv(text, { column, date }) picks the columns by name or index', () => {
  const csv = 'Date,Temp,Other\n"1981-01-01",20.7,x\n1981-01-02,17.9,y\n';
  assert.deepEqual(parseSeriesCsv(csv, { column: 'Temp', date: 'Date' }), {
    column: 'Temp',
    values: Float32Array.of(20.7, 17.9),
    dates: ['1981-01-01', '1981-01-02'],
  });
  assert.deepEqual([...parseSeriesCsv(csv, { column: 1 }).values], [Math.fround(20.7), Math.fround(17.9)]);
});

test('parseSeriesCsv names the line of a text or empty cell and the columns of a missing one', () => {
  assert.throws(() => parseSeriesCsv('d,v\n1,2\n2,abc\n3,4', { column: 'v' }), /Line 3 of the CSV has 'abc', not a number in column 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2\n2,\n', { column: 'v' }), /Line 3 of the CSV has an empty cell in column 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2', { column: 'temp' }), /no column 'temp': its columns are 'd', 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2,3\n', { column: 'v' }), /^InputError: Line 2 of the CSV has 3 cells but the header has 2/);
  assert.throws(() => parseSeriesCsv('d,v\n', { column: 'v' }), /no data rows/);
});

test('readCsvTable(text, source) keeps the line of every row, blank lines counted', () => {
  const table = readCsvTable('Date,Temp\r\n1981-01-01, 20.7\r\n\r\n1981-01-02,17.9\n', 'temps.csv');
  assert.deepEqual(table, {
    header: ['Date', 'Temp'],
    rows: [
      ['1981-01-01', '20.7'],
      ['1981-01-02', '17.9'],
    ],
    lines: [2, 4],
  });
  assert.deepEqual(readCsvTable('\uFEFFa\n1').header, ['a']);
  // one column: a blank line between values is an empty cell; blank lines at the end are not
  assert.deepEqual(readCsvTable('v\n1\n\n\n4\n\n'), { header: ['v'], rows: [['1'], [''], [''], ['4']], lines: [2, 3, 4, 5] });
});

test('readCsvTable(text, source) names the file of a malformed, semicolon- or tab-separated or empty CSV', () => {
  assert.throws(
    () => readCsvTable('a,b\n1,2\n\n1,2,3\n', 'temps.csv'),
    /^InputError: Line 4 of temps.csv has 3 cells but the header has 2: give every row one cell per column \(quote a cell that holds a comma\)\.$/,
  );
  assert.throws(
    () => readCsvTable('a;b\n1;2\n', 'temps.csv'),
    /temps.csv seems to separate its columns with semicolons: seqcast reads comma-separated files/,
  );
  assert.throws(() => readCsvTable('a\tb\n1\t2\n', 'temps.csv'), /separate its columns with tabs/);
  assert.throws(() => readCsvTable('', 'temps.csv'), /temps.csv has no data rows/);
});

test('columnIndex(header, column, what, source) takes names, indices and indices written as text', () => {
  const header = ['Date', 'Temp', '7'];
  assert.deepEqual(
    [
      columnIndex(header, 'Temp', 'value'),
      columnIndex(header, 1, 'value'),
      columnIndex(header, '0', 'date'),
      columnIndex(header, '7', 'value'),
    ],
    [1, 1, 0, 2],
  );
  assert.deepEqual(
    messagesOf(() => columnIndex(header, 'Rain', 'value', 'temps.csv')),
    {
      plain: "temps.csv has no column 'Rain': its columns are 'Date', 'Temp', '7'. Name one of them (or its 0-based index).",
      cli: "temps.csv has no column 'Rain': its columns are 'Date', 'Temp', '7'. Name one of them (or its 0-based index) with --column.",
    },
  );
  assert.match(messagesOf(() => columnIndex(header, 'When', 'date', 'temps.csv')).cli, /with --date\.$/);
  assert.deepEqual(
    messagesOf(() => columnIndex(header, '5', 'value', 'temps.csv')),
    {
      plain: 'The value column index 5 is out of range: temps.csv has 3 columns (0..2). Pass another index or a column name.',
      cli: 'The value column index 5 is out of range: temps.csv has 3 columns (0..2). Pass another index or a column name with --column.',
    },
  );
});

test('valueColumns(header, column, dateCol, source) defaults to the last column that is not the date', () => {
  assert.deepEqual(valueColumns(['Date', 'Temp'], undefined, 0), [1]);
  assert.deepEqual(valueColumns(['Temp', 'Date'], undefined, 1), [0]);
  assert.deepEqual(valueColumns(['Date', 'Temp', 'Rain'], 'Rain,Temp', 0), [2, 1]);
  assert.deepEqual(valueColumns(['Date', 'a,b', 'c'], 'a,b', 0), [1]);
  assert.deepEqual(valueColumns(['Date', 'Temp', 'Rain'], ['2', 'Temp'], 0), [2, 1]);
  assert.throws(() => valueColumns(['Date'], undefined, 0, 'd.csv'), /d.csv has only the date column 'Date': add a column of values/);
  assert.deepEqual(
    messagesOf(() => valueColumns(['Date', 'Temp'], 'Date', 0)),
    {
      plain: "Column 'Date' is the date column: choose a column of values.",
      cli: "Column 'Date' is the date column: choose a column of values with --column.",
    },
  );
  assert.deepEqual(
    messagesOf(() => valueColumns(['Date', 'Temp'], ['Temp', '1'], 0)),
    {
      plain: "Column 'Temp' is chosen twice: list each value column once.",
      cli: "Column 'Temp' is chosen twice: list each value column once in --column.",
    },
  );
  assert.deepEqual(
    messagesOf(() => valueColumns(['Date', 'Temp'], [], 0)),
    { plain: 'No value column given: name one.', cli: 'No value column given: name one with --column.' },
  );
});

test('parseSeriesCsv(text) counts blank lines in the line it names', () => {
  assert.throws(() => parseSeriesCsv('d,v\n1,2\n\n2,x'), /^InputError: Line 4 of the CSV has 'x', not a number in column 'v'/);
});

/** The rows a CsvReader hands on for `text` pushed in chunks of `size` characters. */
function rowsOf(text: string, size = text.length || 1, source = 'a.csv'): { header: string[]; rows: [string[], number][] } {
  const out: { header: string[]; rows: [string[], number][] } = { header: [], rows: [] };
  const reader = new CsvReader({ header: (cells) => (out.header = cells), row: (cells, line) => out.rows.push([cells, line]) }, source);
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  reader.end();
  return out;
}

test('CsvReader reads quoted cells: commas, doubled quotes and line breaks inside, spaces around', () => {
  const text = 'a,b\n"x, y","say ""hi"""\n "two\nlines" , 3\n';
  for (const size of [1, 2, 5, 100]) {
    assert.deepEqual(rowsOf(text, size), {
      header: ['a', 'b'],
      rows: [
        [['x, y', 'say "hi"'], 2],
        [['two\nlines', '3'], 4],
      ],
    });
  }
});

test('CsvReader takes any chunking: CRLF split between chunks, a BOM, a last line without a line break', () => {
  const text = '\uFEFFt,v\r\n1,2\r\n\r\n3,4';
  for (let size = 1; size <= text.length; size++)
    assert.deepEqual(rowsOf(text, size), {
      header: ['t', 'v'],
      rows: [
        [['1', '2'], 2],
        [['3', '4'], 4],
      ],
    });
});

test('CsvReader names the line of a stray or unclosed quote', () => {
  assert.throws(() => rowsOf('a,b\n1,2\n"x"y,2\n'), {
    name: 'InputError',
    message: "Line 3 of a.csv: a quoted cell is followed by 'y' before the next comma: put the whole cell inside the quotes.",
  });
  assert.throws(() => rowsOf('a,b\n1,ab"c\n'), {
    name: 'InputError',
    message:
      'Line 2 of a.csv: the cell \'ab"…\' has a quote inside it: quote the whole cell and double the quotes inside it ("a""b"), or remove the quote.',
  });
  assert.throws(() => rowsOf('a,b\n1,2\n3,"4\n5,6\n'), {
    name: 'InputError',
    message: 'a.csv: the quote that opens a cell on line 3 is never closed: close it, or remove the stray quote.',
  });
});

test('CsvReader refuses a binary file (a NUL byte) and a line of more than a mebibyte, naming the line', () => {
  assert.throws(() => rowsOf('a,b\n1,2\n3,\u0000\n', 4), {
    name: 'InputError',
    message:
      'a.csv holds a NUL byte on line 3, so it is not a text file (a spreadsheet or a compressed file?): save the data as CSV (or JSON) text.',
  });
  assert.throws(() => rowsOf(`a\n1\n${'9'.repeat(MAX_LINE_CHARS + 1)}`, 65536), {
    name: 'InputError',
    message: `Line 3 of a.csv is longer than ${MAX_LINE_CHARS} characters: seqcast reads files of values, one row per line. Is it a binary file, or one without line breaks?`,
  });
  assert.throws(() => rowsOf(`a\n"${'9'.repeat(MAX_LINE_CHARS + 1)}`, 65536), /^InputError: Line 2 of a.csv is longer than/);
});

test('readCsvHeader(text, source) checks every row and keeps only the header', () => {
  assert.deepEqual(readCsvHeader('Date,Temp\n1981-01-01,20.7\n', 'temps.csv'), ['Date', 'Temp']);
  assert.throws(() => readCsvHeader('Date,Temp\n1981-01-01\n', 'temps.csv'), /Line 2 of temps.csv has 1 cell but the header has 2/);
});

test('parseSeriesCsv(text) reads numbers as written and within float32, and refuses a name the header has twice', () => {
  assert.throws(() => parseSeriesCsv('v\n0x1F'), /^InputError: Line 2 of the CSV has '0x1F', not a number in column 'v'/);
  assert.throws(() => parseSeriesCsv('v\n1e39'), /^InputError: Line 2 of the CSV: column 'v' has 1e39, beyond float32's range/);
  assert.throws(
    () => parseSeriesCsv('v,v\n1,2', { column: 'v' }),
    /^SeriesInputError: The CSV has 2 columns named 'v' \(0-based columns 0 and 1\)/,
  );
});

test('CsvReader counts a line break inside a quoted cell once, CRLF or LF, and reads CR-only files', () => {
  // csv-parse alone counts a CRLF inside a quoted cell as two lines: the reader gives it LF ends
  const crlf = 'a,b\r\n"x\r\ny",2\r\n3,4\r\n';
  for (const size of [1, 2, 3, 100])
    assert.deepEqual(rowsOf(crlf, size), {
      header: ['a', 'b'],
      rows: [
        [['x\ny', '2'], 3],
        [['3', '4'], 4],
      ],
    });
  assert.throws(() => rowsOf('a,b\r\n"x\r\ny",2\r\n3,4,5\r\n'), /^InputError: Line 4 of a.csv has 3 cells but the header has 2/);
  // mixed line ends, and a file from an old Mac (CR only)
  assert.deepEqual(rowsOf('a,b\r\n1,2\n3,4\r\n').rows, [
    [['1', '2'], 2],
    [['3', '4'], 3],
  ]);
  assert.deepEqual(rowsOf('a,b\r1,2\r\r3,4\r').rows, [
    [['1', '2'], 2],
    [['3', '4'], 4],
  ]);
});

test('CsvReader names the line of a quote error after a quoted cell that spans lines', () => {
  assert.throws(() => rowsOf('a,b\n"1\n2",3\n4,"5" 6\n'), {
    name: 'InputError',
    message: 'Line 4 of a.csv: a quoted cell is followed by more text before the next comma: put the whole cell inside the quotes.',
  });
  assert.throws(() => rowsOf('a,b\n"1\n2",3\n\n4,"5\n6\n'), /^InputError: a.csv: the quote that opens a cell on line 5 is never closed/);
});

test('CsvReader reads a line of MAX_LINE_CHARS characters and refuses one more', () => {
  const line = '9'.repeat(MAX_LINE_CHARS);
  assert.equal(rowsOf(`a\n${line}\n`, 65536).rows[0][0][0].length, MAX_LINE_CHARS);
  assert.throws(() => rowsOf(`a\n1\n${line}9\n2\n`, 65536), /^InputError: Line 3 of a.csv is longer than/);
});

test("CsvReader passes the handler's error on unchanged, at once, and keeps refusing after it", () => {
  const reader = new CsvReader({
    header: () => {},
    row: (cells, line) => {
      if (cells[0] === 'x') throw new RangeError(`bad row on line ${line}`);
    },
  });
  reader.push('a\n1\n');
  assert.throws(() => reader.push('x\n2\n'), { name: 'RangeError', message: 'bad row on line 3' });
  assert.throws(() => reader.push('3\n'), { name: 'RangeError', message: 'bad row on line 3' });
  assert.throws(() => reader.end(), { name: 'RangeError', message: 'bad row on line 3' });
});

test('CsvReader skips a line holding only "" in a file of several columns, as a blank line', () => {
  // csv-parse gives a blank line and a line of "" the same record (['']): both are blank lines
  // here (the hand-written reader called the second a row of 1 cell); a one-column file reads
  // either as an empty cell between values
  assert.deepEqual(rowsOf('a,b\n1,2\n""\n3,4\n').rows, [
    [['1', '2'], 2],
    [['3', '4'], 4],
  ]);
  assert.deepEqual(rowsOf('v\n1\n""\n3\n').rows, [
    [['1'], 2],
    [[''], 3],
    [['3'], 4],
  ]);
});
