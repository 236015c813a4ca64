/**
 * The M4 competition's data files (datasets/m4/): one row per series, the id first (`H1`, `W1`,
 * ...), then the values, oldest first, the row padded with empty cells to the longest series of
 * the file. A training file and its test file hold the same ids in the same order; the test row
 * holds the h values that follow the training row's.
 *
 * The files are read as a stream of rows (src/data/csv.ts's {@link CsvReader}): memory holds one
 * row of text and the series read so far, as float32 (seqcast's precision). Node only (it opens
 * files); {@link readM4Rows} reads any stream of text.
 */
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';
import { beyondFloat32, cellValue } from './cell.js';
import { CsvReader } from './csv.js';

/** One M4 series: its id, its training values and the test values that follow them. */
export interface M4Series {
  id: string;
  /** (n) The training part, oldest first. */
  train: Float32Array;
  /** (h) The h values after the training part. */
  test: Float32Array;
}

/** One row of an M4 file: the id and its values, the padding removed. */
export interface M4Row {
  id: string;
  values: Float32Array;
}

/**
 * Reads an M4 training file and its test file and pairs their rows.
 * @example
 * const series = await readM4('datasets/m4/Hourly-train.csv', 'datasets/m4/Hourly-test.csv');
 * series[0]; // { id: 'H1', train: Float32Array(700), test: Float32Array(48) }
 * @throws InputError naming the file and the line: a malformed row (see {@link readM4Rows}), test
 *   rows of different lengths, or a test file whose ids differ from the training file's (another
 *   frequency's file, or rows in another order); the file system's error when a file cannot be opened.
 */
export async function readM4(trainCsv: string, testCsv: string): Promise<M4Series[]> {
  const train = await readM4Rows(createReadStream(trainCsv, { encoding: 'utf8' }), trainCsv);
  const test = await readM4Rows(createReadStream(testCsv, { encoding: 'utf8' }), testCsv);
  if (test.length !== train.length) {
    throw new InputError(
      `${testCsv} has ${test.length} series but ${trainCsv} has ${train.length}: pass the test file of the same frequency as the training file.`,
    );
  }
  const h = test[0].values.length;
  return train.map((row, i) => {
    const t = test[i];
    if (t.id !== row.id) {
      throw new InputError(
        `Series ${i + 1} is '${row.id}' in ${trainCsv} but '${t.id}' in ${testCsv}: pass the test file of the same frequency, with its rows in the published order.`,
      );
    }
    if (t.values.length !== h) {
      throw new InputError(
        `${testCsv}: series '${t.id}' has ${t.values.length} test values, the first series ${h}: every series of an M4 test file has the same horizon; use the file as published.`,
      );
    }
    return { id: row.id, train: row.values, test: t.values };
  });
}

/**
 * Reads the rows of one M4 file from a stream of text (or UTF-8 bytes).
 * @example const rows = await readM4Rows(createReadStream('datasets/m4/Weekly-test.csv', { encoding: 'utf8' }), 'Weekly-test.csv');
 * @throws InputError naming `source` and the line: a row with an empty id, an id seen before, no
 *   values, a cell that is not a number, a value after the padding began (a gap), a value beyond
 *   float32's range; and the CSV errors of {@link CsvReader} (a row with another number of cells
 *   than the header, a stray quote, no data rows).
 */
export async function readM4Rows(chunks: AsyncIterable<string | Uint8Array>, source: string): Promise<M4Row[]> {
  const rows: M4Row[] = [];
  const seen = new Set<string>();
  const reader = new CsvReader(
    {
      header: () => {},
      row: (cells, line) => {
        const row = parseRow(cells, line, source);
        if (seen.has(row.id)) throw new InputError(`Line ${line} of ${source}: the id '${row.id}' appears twice: each series has one row.`);
        seen.add(row.id);
        rows.push(row);
      },
    },
    source,
  );
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) reader.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  reader.end();
  return rows;
}

/** One row's id and values: the value cells are numbers up to the first empty one, empty after it. */
function parseRow(cells: string[], line: number, source: string): M4Row {
  const id = cells[0];
  if (id === '') throw new InputError(`Line ${line} of ${source}: the first cell (the series id, e.g. 'H1') is empty.`);
  let n = cells.length - 1; // values: cells 1..n
  while (n > 0 && cells[n] === '') n--;
  if (n === 0) throw new InputError(`Line ${line} of ${source}: series '${id}' has no values.`);
  const values = new Float32Array(n); // (n)
  for (let j = 1; j <= n; j++) {
    const cell = cells[j];
    if (cell === '') {
      throw new InputError(
        `Line ${line} of ${source}: series '${id}' has an empty cell at column ${j + 1} before its last value: M4 rows hold their values without gaps, padded with empty cells at the end only.`,
      );
    }
    const v = cellValue(cell);
    if (v === undefined || !Number.isFinite(v) || beyondFloat32(v)) {
      throw new InputError(
        `Line ${line} of ${source}: series '${id}' has '${cell}' at column ${j + 1}, which is not a finite number within float32's range: fix that cell or use the file as published.`,
      );
    }
    values[j - 1] = v;
  }
  return { id, values };
}
