/**
 * A series from CSV text: one value column (by header name or 0-based index) and an optional
 * date column. Parsing is csv-parse's; this file only picks columns and checks the cells.
 * {@link readCsvTable} is the lower level that `loadSeriesInput` (several columns, missing values,
 * dates) builds on.
 */
import { parse } from 'csv-parse/sync';
import { SeriesInputError } from './input-error.js';

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

/** The cells of a CSV file as text, with the line each row ends on. */
export interface CsvTable {
  header: string[];
  /** Data rows (the header excluded), every row as long as the header; cells trimmed. */
  rows: string[][];
  /**
   * 1-based line of the text each data row ends on. Blank lines are skipped but counted, except
   * in a one-column file, where a blank line between values is a row with an empty cell.
   */
  lines: number[];
}

/**
 * Reads CSV text with a header row into cells.
 * @example readCsvTable('Date,Temp\n1981-01-01,20.7', 'temps.csv').rows // [['1981-01-01', '20.7']]
 * @throws when the CSV is malformed (a row with another number of cells, an unclosed quote), looks
 *   semicolon- or tab-separated, or has no data rows. Messages name `source` (default 'the CSV').
 */
export function readCsvTable(text: string, source = 'the CSV'): CsvTable {
  const subject = source === 'the CSV' ? 'The CSV' : source;
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new Error(
      `${subject} could not be parsed: ${(err as Error).message}. Fix the file (one header row, the same number of cells on every line).`,
    );
  }
  if (records.length > 0 && records[0].record.length === 1) {
    const sep = [';', '\t'].find((s) => records[0].record[0].includes(s));
    if (sep) {
      const name = sep === ';' ? 'semicolons' : 'tabs';
      throw new Error(
        `${subject} seems to separate its columns with ${name}: seqcast reads comma-separated files, so save it with commas (and '.' as the decimal point).`,
      );
    }
  }
  if (records.length < 2) throw new Error(`${subject} has no data rows: it needs a header row and at least one row of values.`);
  const table: CsvTable = { header: records[0].record, rows: [], lines: [] };
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    // in a one-column file a blank line is an empty cell, not a line to skip (trailing ones aside)
    const blanks = table.header.length === 1 ? info.empty_lines - records[r - 1].info.empty_lines : 0;
    for (let k = blanks; k > 0; k--) {
      table.rows.push(['']);
      table.lines.push(info.lines - k);
    }
    table.rows.push(record);
    table.lines.push(info.lines);
  }
  return table;
}

/**
 * Reads one numeric column (and optionally a date column) from CSV text with a header row.
 * @example parseSeriesCsv('Date,Temp\n1981-01-01,20.7\n1981-01-02,17.9', { column: 'Temp', date: 'Date' })
 * @throws when the CSV is malformed, a column is missing (the message lists the headers), or a
 *   value cell is empty or not a number (the message gives the line).
 */
export function parseSeriesCsv(text: string, options: CsvSeriesOptions = {}): CsvSeries {
  const { header, rows, lines } = readCsvTable(text);
  const valueIdx = columnIndex(header, options.column ?? header.length - 1, 'value');
  const dateIdx = options.date === undefined ? -1 : columnIndex(header, options.date, 'date');
  const values = new Float32Array(rows.length);
  const dates: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const cell = rows[r][valueIdx];
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      const what = cell === '' ? 'an empty cell' : `'${cell}', not a number`;
      throw new Error(`Line ${lines[r]} of the CSV has ${what} in column '${header[valueIdx]}': fix or remove that row.`);
    }
    values[r] = v;
    if (dateIdx >= 0) dates.push(rows[r][dateIdx]);
  }
  return { column: header[valueIdx], values, ...(dateIdx >= 0 ? { dates } : {}) };
}

/**
 * The index of a column given by header name, by 0-based index, or by an index written as text
 * (`'2'`; a header spelled like that wins).
 * @example columnIndex(['Date', 'Temp'], 'Temp', 'value') // 1
 * @throws when no header has that name (listing the headers) or the index is out of range.
 */
export function columnIndex(header: readonly string[], column: string | number, what: 'value' | 'date', source = 'the CSV'): number {
  const subject = source === 'the CSV' ? 'The CSV' : source;
  const option = what === 'date' ? 'date' : 'column';
  if (typeof column === 'string') {
    const idx = header.indexOf(column);
    if (idx >= 0) return idx;
    if (!/^\d+$/.test(column)) {
      const name = column;
      throw new SeriesInputError(
        (o) =>
          `${subject} has no column '${name}': its columns are ${header.map((h) => `'${h}'`).join(', ')}. Name one of them (or its 0-based index)${withName(o[option])}.`,
      );
    }
    column = Number(column);
  }
  if (Number.isInteger(column) && column >= 0 && column < header.length) return column;
  const index = column;
  throw new SeriesInputError(
    (o) =>
      `The ${what} column index ${index} is out of range: ${subject === 'The CSV' ? 'the CSV' : subject} has ${header.length} columns (0..${header.length - 1}). Pass another index or a column name${withName(o[option])}.`,
  );
}

/**
 * The value columns to read: by default the last column that is not the date column; otherwise
 * each name or index listed (an array, or one string where 'a,b' lists several unless a header is
 * spelled exactly like that).
 * @example valueColumns(['Date', 'Temp', 'Rain'], 'Rain,Temp', 0, 'a.csv') // [2, 1]
 * @throws when a column is unknown (see {@link columnIndex}), is the date column, is listed twice,
 *   or there is no column besides the date.
 */
export function valueColumns(
  header: readonly string[],
  column: string | string[] | undefined,
  dateCol: number | undefined,
  source = 'the CSV',
): number[] {
  if (column === undefined) {
    const last = header.length - 1 === dateCol ? header.length - 2 : header.length - 1;
    if (last < 0)
      throw new Error(
        `${source === 'the CSV' ? 'The CSV' : source} has only the date column '${header[dateCol!]}': add a column of values.`,
      );
    return [last];
  }
  const specs = typeof column === 'string' ? (header.includes(column) ? [column] : column.split(',').map((s) => s.trim())) : column;
  if (specs.length === 0) throw new SeriesInputError(({ column }) => `No value column given: name one${withName(column)}.`);
  const cols = specs.map((s) => columnIndex(header, s, 'value', source));
  for (const [k, c] of cols.entries()) {
    if (c === dateCol)
      throw new SeriesInputError(({ column }) => `Column '${header[c]}' is the date column: choose a column of values${withName(column)}.`);
    if (cols.indexOf(c) !== k)
      throw new SeriesInputError(
        ({ column }) => `Column '${header[c]}' is chosen twice: list each value column once${column ? ` in ${column()}` : ''}.`,
      );
  }
  return cols;
}

/** ` with NAME` for a caller that names the option (the CLI's ` with --column`), else nothing. */
function withName(name: ((value?: string) => string) | undefined): string {
  return name ? ` with ${name()}` : '';
}
