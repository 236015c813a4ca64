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

/**
 * A table as text, one line per row, without a trailing newline.
 * @example
 * renderTable([{ header: 'method' }, { header: 'MAE', align: 'right' }], [['naive', 5.9379]]);
 * @throws when a row does not have one cell per column.
 */
export function renderTable(columns: Column[], rows: CellValue[][]): string {
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new Error(`renderTable: row ${i} has ${row.length} cells but the table has ${columns.length} columns.`);
    }
  });
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true }, // no ANSI colours, no rules between rows
  });
  for (const row of rows) table.push(row.map((cell, i) => (typeof cell === 'number' ? formatNumber(cell, columns[i].decimals) : cell)));
  return table.toString();
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
