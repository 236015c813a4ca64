/**
 * A series from CSV text: one value column (by header name or 0-based index) and an optional
 * date column. Parsing is csv-parse's; this file only picks columns and checks the cells.
 */
import { parse } from 'csv-parse/sync';

export interface CsvSeriesOptions {
  /** The value column: a header name or a 0-based index. Default: the last column. */
  column?: string | number;
  /** The date column, kept as text: a header name or a 0-based index. Default: none. */
  date?: string | number;
}

export interface CsvSeries {
  /** Header of the value column. */
  column: string;
  values: Float32Array;
  /** One date per value when a date column was chosen. */
  dates?: string[];
}

/**
 * Reads one numeric column (and optionally a date column) from CSV text with a header row.
 * @example parseSeriesCsv('Date,Temp\n1981-01-01,20.7\n1981-01-02,17.9', { column: 'Temp', date: 'Date' })
 * @throws when the CSV is malformed, a column is missing (the message lists the headers), or a
 *   value cell is empty or not a number (the message gives the line).
 */
export function parseSeriesCsv(text: string, options: CsvSeriesOptions = {}): CsvSeries {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false }) as string[][];
  } catch (err) {
    throw new Error(`The CSV could not be parsed: ${(err as Error).message}. Fix the file (one header row, the same number of cells on every line).`);
  }
  if (rows.length < 2) throw new Error('The CSV has no data rows: it needs a header row and at least one row of values.');
  const header = rows[0];
  const valueIdx = columnIndex(header, options.column ?? header.length - 1, 'value');
  const dateIdx = options.date === undefined ? -1 : columnIndex(header, options.date, 'date');
  const values = new Float32Array(rows.length - 1);
  const dates: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cell = rows[r][valueIdx];
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      const what = cell === '' ? 'an empty cell' : `'${cell}', not a number`;
      throw new Error(`Line ${r + 1} of the CSV has ${what} in column '${header[valueIdx]}': fix or remove that row.`);
    }
    values[r - 1] = v;
    if (dateIdx >= 0) dates.push(rows[r][dateIdx]);
  }
  return { column: header[valueIdx], values, ...(dateIdx >= 0 ? { dates } : {}) };
}

function columnIndex(header: string[], column: string | number, what: string): number {
  if (typeof column === 'number') {
    if (Number.isInteger(column) && column >= 0 && column < header.length) return column;
    throw new Error(`The ${what} column index ${column} is out of range: the CSV has ${header.length} columns (0..${header.length - 1}).`);
  }
  const idx = header.indexOf(column);
  if (idx < 0) throw new Error(`The CSV has no column '${column}': its columns are ${header.map((h) => `'${h}'`).join(', ')}.`);
  return idx;
}
