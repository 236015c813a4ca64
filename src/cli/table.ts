/**
 * Plain-text tables for the CLI (and the benchmarks): a thin wrapper over cli-table3 that never
 * writes colour codes, so the output reads the same on a terminal, in a pipe and in a log file.
 */
import Table from 'cli-table3';

/** One column: its heading and how its cells line up; numbers read best aligned right. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Decimals of the numbers in this column; default: see {@link formatNumber}. */
  decimals?: number;
}

/** A cell: text as is, a number through {@link formatNumber}. */
export type CellValue = string | number;

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Rows printed at most: past it the first and last half are kept around one `…` row; default {@link MAX_TABLE_ROWS}. */
  maxRows?: number;
}

/**
 * Rows a table prints by default (60): a screenful. A longer table keeps its first and last 30
 * rows around a `… N more` row; the whole data goes where the command writes it (a CSV, --json).
 */
export const MAX_TABLE_ROWS = 60;

/**
 * A table as text, one line per row, without a trailing newline; at most `maxRows` rows (see
 * {@link MAX_TABLE_ROWS}), so a million rows print as quickly and as readably as sixty.
 * @example
 * renderTable([{ header: 'method' }, { header: 'MAE', align: 'right' }], [['naive', 5.9379]]);
 * @throws when a row does not have one cell per column, or `maxRows` is not an integer of at least 2.
 */
export function renderTable(columns: Column[], rows: CellValue[][], { maxRows = MAX_TABLE_ROWS }: TableOptions = {}): string {
  if (!Number.isInteger(maxRows) || maxRows < 2) throw new Error(`renderTable maxRows must be an integer of at least 2, got ${maxRows}.`);
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length !== columns.length) {
      throw new Error(`renderTable: row ${i} has ${rows[i].length} cells but the table has ${columns.length} columns.`);
    }
  }
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true }, // no ANSI colours, no rules between rows
  });
  const cells = (row: CellValue[]): string[] =>
    row.map((cell, i) => (typeof cell === 'number' ? formatNumber(cell, columns[i].decimals) : cell));
  if (rows.length <= maxRows) {
    for (const row of rows) table.push(cells(row));
    return table.toString();
  }
  const head = Math.ceil(maxRows / 2);
  const tail = maxRows - head;
  for (let i = 0; i < head; i++) table.push(cells(rows[i]));
  table.push(columns.map((_, i) => (i === 0 ? `… ${formatCount(rows.length - maxRows)} more` : '…')));
  for (let i = rows.length - tail; i < rows.length; i++) table.push(cells(rows[i]));
  return table.toString();
}

/** A count with thousands separated: 999,940. */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A number for people: 4 decimals below 100, fewer above, thousands separated; very large or
 * very small magnitudes in exponent notation; NaN and infinities spelled out.
 * @example formatNumber(5.93791); // '5.9379'
 * @example formatNumber(1565.2);  // '1,565.2'
 * @example formatNumber(2.1e35);  // '2.100e+35'
 */
export function formatNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9 || (abs !== 0 && abs < 1e-4)) return value.toExponential(3);
  const d = decimals ?? (abs >= 1000 ? 1 : abs >= 100 ? 2 : 4);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
