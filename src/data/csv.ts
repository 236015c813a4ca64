/**
 * CSV text read one record at a time ({@link CsvReader}: push chunks, get each row's cells and the
 * line it ends on, never the whole table), and the column choices every reader of a CSV shares:
 * a column by header name or 0-based index ({@link columnIndex}), the value columns
 * ({@link valueColumns}). {@link readCsvTable} and {@link parseSeriesCsv} read small CSV text
 * whole, for the shipped datasets and the playground's column picker; `series-input.ts` streams.
 *
 * The tokenizing is csv-parse's (its stream, fed synchronously; the web build aliases it to
 * csv-parse's browser build). The dialect is RFC 4180's with what spreadsheets write: cells
 * separated by commas, trimmed, optionally quoted (`"a, b"`, a quote inside doubled: `""`), quoted
 * cells may span lines; CRLF, LF or CR line ends (a line break inside a quoted cell reads as LF);
 * a UTF-8 byte order mark is skipped; blank lines are skipped, except in a one-column file, where
 * a blank line between values is an empty cell. Browser-safe.
 */
import { CsvError, parse, type Parser } from 'csv-parse';
import { InputError } from '../errors.js';
import { beyondFloat32, beyondFloat32Message, cellValue } from './cell.js';
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

/** What a {@link CsvReader} hands on, row by row. */
export interface CsvRowHandler {
  /** The header row, its cells trimmed; `line` is the line it ends on (1-based). */
  header(cells: string[], line: number): void;
  /** A data row: as many cells as the header, trimmed (a quoted cell keeps its inner spaces). */
  row(cells: string[], line: number): void;
}

/** A line longer than this is no line of values (a binary file, or a file without line breaks). */
export const MAX_LINE_CHARS = 1 << 20;

/** Any line end: CRLF, LF, or a lone CR (old Mac files). */
const LINE_END = /\r\n?/g;

/**
 * Reads CSV text pushed in chunks of any size, and hands each row to `handler` as soon as its line
 * ends: memory holds one record (a line, or a quoted cell spanning lines), whatever the file's
 * size. The tokenizing is csv-parse's (its `on_record`, run synchronously inside `push` and `end`;
 * csv-parse holds back the last character or two of a chunk, so a row ending there reaches
 * `handler` in the next `push` or in `end`). csv-parse's errors (a CsvError with its line) are
 * thrown from `push` and `end` as messages that name the line and the fix.
 * @example
 * const rows: string[][] = [];
 * const reader = new CsvReader({ header: () => {}, row: (cells) => rows.push(cells) }, 'a.csv');
 * reader.push('t,v\n1,'); reader.push('2\n'); reader.end(); // rows: [['1', '2']]
 * @throws InputError (from push and end) naming the line: a row with another number of cells
 *   than the header, a stray or unclosed quote, a line over {@link MAX_LINE_CHARS} characters, a
 *   NUL byte (not a text file), columns separated by semicolons or tabs, no data rows; and what
 *   `handler` throws.
 */
export class CsvReader {
  readonly #handler: CsvRowHandler;
  readonly #source: string;
  readonly #parser: Parser;
  #failure: unknown; // the first error, as thrown to the caller
  #written = false; // some text went to csv-parse
  #cr = false; // the last chunk ended with CR: its LF may start the next one
  #breaks = 0; // line breaks pushed so far (to name the line of a NUL byte)
  #lastEnd = 0; // the line the last record ended on: the next one starts on the line after
  #header: string[] | undefined;
  #rows = 0;
  #blanks = 0; // blank lines just before the next row (cells of a one-column file, unless trailing)

  /**
   * @param handler receives the header and each row.
   * @param source the file's name in messages; default 'the CSV'.
   * @throws never.
   */
  constructor(handler: CsvRowHandler, source = 'the CSV') {
    this.#handler = handler;
    this.#source = source;
    this.#parser = parse({
      bom: true,
      trim: true, // spaces around a cell, quoted or not, are not part of it
      relax_quotes: false, // a quote inside an unquoted cell, or text after a closing quote: an error naming the line
      relax_column_count: true, // the row's cell count is checked here, to word the message
      skip_empty_lines: false, // a blank line comes as a record [''] (and counts): a one-column file reads it as an empty cell
      max_record_size: MAX_LINE_CHARS - 1, // csv-parse refuses the character past it: a line over MAX_LINE_CHARS
      on_record: (cells, { lines }) => {
        this.#record(cells, lines);
        return null; // nothing is kept or passed on
      },
    });
    // csv-parse's errors, and the handler's, end the parse: in the browser build the event comes
    // at once, in Node's streams on the next tick, with `errored` set at once (see #check)
    this.#parser.on('error', (err) => (this.#failure ??= this.#message(err)));
  }

  /** Data rows handed on so far. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Reads the next chunk of text.
   * @throws InputError as the class says.
   */
  push(chunk: string): void {
    this.#check();
    if (this.#cr) [chunk, this.#cr] = [`\r${chunk}`, false];
    if (chunk.endsWith('\r')) [chunk, this.#cr] = [chunk.slice(0, -1), true]; // CRLF may be cut between chunks
    // csv-parse counts a CRLF inside a quoted cell as two lines: it gets LF line ends only
    const text = chunk.replace(LINE_END, '\n');
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      this.#failure = new InputError(
        `${cap(this.#source)} holds a NUL byte on line ${this.#breaks + count(text.slice(0, nul), '\n') + 1}, so it is not a text file (a spreadsheet or a compressed file?): save the data as CSV (or JSON) text.`,
      );
      throw this.#failure;
    }
    this.#breaks += count(text, '\n');
    if (text !== '') {
      this.#written = true;
      this.#parser.write(text);
    }
    this.#check();
  }

  /**
   * Reads the last line (one without a line break) and checks the file had rows.
   * @throws InputError as the class says.
   */
  end(): void {
    this.#check();
    if (this.#cr) {
      this.#cr = false;
      this.#breaks++;
      this.#written = true;
      this.#parser.write('\n');
    }
    // csv-parse reads what it held back, synchronously (not given any text, its browser build's
    // stream fails on ending: there is nothing to read then)
    if (this.#written) this.#parser.end();
    this.#check();
    if (this.#rows === 0) {
      throw new InputError(`${cap(this.#source)} has no data rows: it needs a header row and at least one row of values.`);
    }
  }

  /** Throws the first error of the parse, if any. */
  #check(): void {
    this.#failure ??= this.#parser.errored ? this.#message(this.#parser.errored) : undefined;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** One record from csv-parse: its cells, trimmed, and the line it ends on. */
  #record(cells: string[], line: number): void {
    const from = this.#lastEnd + 1;
    this.#lastEnd = line;
    const header = this.#header;
    if (cells.length === 1 && cells[0] === '') {
      if (header) this.#blanks++; // a blank line (or one of spaces)
      return;
    }
    if (!header) {
      if (cells.length === 1) {
        const sep = [';', '\t'].find((s) => cells[0].includes(s));
        if (sep) {
          throw new InputError(
            `${cap(this.#source)} seems to separate its columns with ${sep === ';' ? 'semicolons' : 'tabs'}: seqcast reads comma-separated files, so save it with commas (and '.' as the decimal point).`,
          );
        }
      }
      this.#header = cells;
      this.#handler.header(cells, line);
      return;
    }
    if (cells.length !== header.length) {
      throw new InputError(
        `Line ${line} of ${this.#source} has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${header.length}: give every row one cell per column (quote a cell that holds a comma).`,
      );
    }
    // in a one-column file a blank line is an empty cell, not a line to skip (trailing ones aside)
    if (header.length === 1) for (let k = this.#blanks; k > 0; k--, this.#rows++) this.#handler.row([''], from - k);
    this.#blanks = 0;
    this.#rows++;
    this.#handler.row(cells, line);
  }

  /** The message for an error of the parse: csv-parse's worded with the line and the fix; the handler's as it is. */
  #message(err: unknown): unknown {
    if (!(err instanceof CsvError)) return err;
    const at = `Line ${String(err.lines)} of ${this.#source}`;
    const start = this.#lastEnd + 1; // the line the record being read starts on
    switch (err.code) {
      case 'CSV_INVALID_CLOSING_QUOTE':
      case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE': {
        const char = /got "([\x21-\x7e])"/.exec(err.message)?.[1]; // csv-parse names the byte: an ASCII one is a character
        return new InputError(
          `${at}: a quoted cell is followed by ${char ? `'${char}'` : 'more text'} before the next comma: put the whole cell inside the quotes.`,
        );
      }
      case 'INVALID_OPENING_QUOTE': {
        const before = typeof err.field === 'string' ? err.field : '';
        return new InputError(
          `${at}: the cell '${before}"…' has a quote inside it: quote the whole cell and double the quotes inside it ("a""b"), or remove the quote.`,
        );
      }
      case 'CSV_QUOTE_NOT_CLOSED':
        return new InputError(
          `${cap(this.#source)}: the quote that opens a cell on line ${start} is never closed: close it, or remove the stray quote.`,
        );
      case 'CSV_MAX_RECORD_SIZE':
        return new InputError(
          `Line ${start} of ${this.#source} is longer than ${MAX_LINE_CHARS} characters: seqcast reads files of values, one row per line. Is it a binary file, or one without line breaks?`,
        );
      default:
        return new InputError(`${at} cannot be read as CSV (${err.message}): fix that line, or save the file again as CSV.`);
    }
  }
}

/**
 * Reads CSV text with a header row into cells (the whole table in memory: for small files).
 * @example readCsvTable('Date,Temp\n1981-01-01,20.7', 'temps.csv').rows // [['1981-01-01', '20.7']]
 * @throws InputError as {@link CsvReader}. Messages name `source` (default 'the CSV').
 */
export function readCsvTable(text: string, source = 'the CSV'): CsvTable {
  const table: CsvTable = { header: [], rows: [], lines: [] };
  const reader = new CsvReader(
    {
      header: (cells) => (table.header = cells),
      row: (cells, line) => {
        table.rows.push(cells);
        table.lines.push(line);
      },
    },
    source,
  );
  reader.push(text);
  reader.end();
  return table;
}

/**
 * The header of CSV text, after checking every row (without keeping them).
 * @example readCsvHeader('Date,Temp\n1981-01-01,20.7', 'temps.csv') // ['Date', 'Temp']
 * @throws InputError as {@link CsvReader}.
 */
export function readCsvHeader(text: string, source = 'the CSV'): string[] {
  let header: string[] = [];
  const reader = new CsvReader({ header: (cells) => (header = cells), row: () => {} }, source);
  reader.push(text);
  reader.end();
  return header;
}

/**
 * Reads one numeric column (and optionally a date column) from CSV text with a header row.
 * Numbers are read as written (decimal notation; see `cell.ts`).
 * @example parseSeriesCsv('Date,Temp\n1981-01-01,20.7\n1981-01-02,17.9', { column: 'Temp', date: 'Date' })
 * @throws InputError when the CSV is malformed, a column is missing (the message lists the
 *   headers) or named twice, or a value cell is empty, not a number or beyond float32's range (the
 *   message gives the line).
 */
export function parseSeriesCsv(text: string, options: CsvSeriesOptions = {}): CsvSeries {
  let valueIdx = -1;
  let dateIdx = -1;
  let header: string[] = [];
  let values: Float32Array<ArrayBuffer> = new Float32Array(1024);
  let n = 0;
  const dates: string[] = [];
  const reader = new CsvReader({
    header: (cells) => {
      header = cells;
      valueIdx = columnIndex(header, options.column ?? header.length - 1, 'value');
      dateIdx = options.date === undefined ? -1 : columnIndex(header, options.date, 'date');
    },
    row: (cells, line) => {
      const cell = cells[valueIdx];
      const v = cellValue(cell);
      if (v === undefined || Number.isNaN(v)) {
        const what = cell === '' ? 'an empty cell' : `'${cell}', not a number`;
        throw new InputError(`Line ${line} of the CSV has ${what} in column '${header[valueIdx]}': fix or remove that row.`);
      }
      if (beyondFloat32(v)) throw new InputError(beyondFloat32Message(`Line ${line} of the CSV`, header[valueIdx], v, cell));
      if (n === values.length) values = grown(values);
      values[n++] = v;
      if (dateIdx >= 0) dates.push(cells[dateIdx]);
    },
  });
  reader.push(text);
  reader.end();
  return { column: header[valueIdx], values: values.slice(0, n), ...(dateIdx >= 0 ? { dates } : {}) };
}

/**
 * The index of a column given by header name, by 0-based index, or by an index written as text
 * (`'2'`; a header spelled like that wins).
 * @example columnIndex(['Date', 'Temp'], 'Temp', 'value') // 1
 * @throws SeriesInputError when no header has that name (listing the headers), more than one has
 *   it (naming their indices: which column is meant is unclear), or the index is out of range.
 */
export function columnIndex(header: readonly string[], column: string | number, what: 'value' | 'date', source = 'the CSV'): number {
  const subject = source === 'the CSV' ? 'The CSV' : source;
  const option = what === 'date' ? 'date' : 'column';
  if (typeof column === 'string') {
    const idx = header.indexOf(column);
    if (idx >= 0 && header.indexOf(column, idx + 1) >= 0) throw namedTwice(header, column, option, subject);
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
      throw new InputError(
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

/** A header name chosen that more than one column has: which one is meant is unclear. */
function namedTwice(header: readonly string[], name: string, option: 'column' | 'date', subject: string): SeriesInputError {
  const at = header.flatMap((h, i) => (h === name ? [i] : []));
  const list = (xs: string[]) => `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
  return new SeriesInputError((o) => {
    const by = (i: number) => (o[option] ? o[option](String(i)) : String(i));
    return `${subject} has ${at.length} columns named '${name}' (0-based columns ${list(at.map(String))}): rename them in the header so each name is used once, or choose one by its index (${at.map(by).join(' or ')}).`;
  });
}

/** ` with NAME` for a caller that names the option (the CLI's ` with --column`), else nothing. */
function withName(name: ((value?: string) => string) | undefined): string {
  return name ? ` with ${name()}` : '';
}

/** A copy of `a` with twice the room. */
function grown(a: Float32Array<ArrayBuffer>): Float32Array<ArrayBuffer> {
  const b = new Float32Array(a.length * 2);
  b.set(a);
  return b;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** 'The CSV' or 'temps.csv' at the start of a sentence. */
function cap(source: string): string {
  return source === 'the CSV' ? 'The CSV' : source;
}
