/**
 * `seqcast plot`: draws a series, and optionally a forecast CSV written by `seqcast forecast`
 * (columns date or index, kind, actual, forecast; kind is validation or future), as PNG or SVG.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Command } from 'commander';
import type { SeriesInputResult } from '../data/series-input.js';
import { writeChart } from '../report/render.js';
import { seriesChart, type ForecastLine } from '../report/specs.js';
import { chartPath } from './lr-find.js';
import { addInputOptions, loadInput, parseSplit, splitIndex, type InputFlags } from './options.js';
import { checkOutputFiles } from './output-paths.js';

interface PlotFlags extends InputFlags {
  forecast?: string;
  split?: number;
  out: string;
  title?: string;
}

/** Registers `seqcast plot` on the program. */
export function addPlotCommand(program: Command): Command {
  const cmd = program.command('plot').description('draw a series (and a forecast CSV written by seqcast forecast) as PNG or SVG');
  addInputOptions(cmd);
  return cmd
    .option('--forecast <file>', 'a CSV written by seqcast forecast (date or index, kind, actual, forecast) to draw over the series')
    .option(
      '--split <n>',
      'draw the train/validation split: a fraction (0.8) or the index of the first validation value (3000)',
      parseSplit,
    )
    .option('--out <file>', 'the chart, .png or .svg', chartPath('--out'), 'chart.png')
    .option('--title <text>', 'chart title; default: the series name')
    .action(async (flags: PlotFlags) => {
      await checkOutputFiles([{ option: '--out', path: flags.out }], [flags.file, flags.forecast]);
      const input = loadInput(flags);
      const n = input.values.length;
      const split = flags.split === undefined ? undefined : splitIndex(n, flags.split);
      if (split !== undefined && split >= n)
        throw new Error(`--split ${flags.split} is past the end of the series (${n} values): give an index below ${n} or a fraction.`);
      const forecasts = flags.forecast ? readForecastCsv(flags.forecast, input) : [];
      const spec = seriesChart({
        title: flags.title ?? input.name,
        dates: input.dates,
        actual: input.values,
        forecasts,
        split,
        yTitle: input.columns[0],
      });
      await writeChart(spec, flags.out, { option: '--out' });
      const drawn = forecasts.map((f) => `${f.name} (${f.values.length} values)`);
      process.stdout.write(`Wrote ${flags.out}: ${input.name} (${n} values)${drawn.length ? ` with ${drawn.join(', ')}` : ''}\n`);
    });
}

/**
 * The forecast lines of a CSV written by `seqcast forecast`, one per kind (validation, future),
 * placed on the series by index or date. Validation rows must repeat the series' values.
 * @example readForecastCsv('forecast.csv', loadInput({ dataset: 'sunspots' })); // [{ name: 'forecast', start: 3000, values }, { name: 'future forecast', ... }]
 * @throws when the file cannot be read, lacks a column, a row's position or number is invalid, a
 *   kind's rows are not consecutive, or the rows do not match the series (values or dates).
 */
export function readForecastCsv(path: string, input: SeriesInputResult): ForecastLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot read the forecast file ${path}: check the path (it is the --out of seqcast forecast).`);
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw new Error(`The forecast file ${path} is not valid CSV (${(err as Error).message}): pass a CSV written by seqcast forecast.`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const key = header.includes('date') ? 'date' : header.includes('index') ? 'index' : undefined;
  const missing = ['kind', 'actual', 'forecast'].filter((c) => !header.includes(c));
  if (rows.length === 0 || !key || missing.length > 0) {
    throw new Error(
      `The forecast file ${path} needs a header date (or index), kind, actual, forecast and at least one row${missing.length ? `; missing: ${missing.join(', ')}` : ''}${key ? '' : '; missing: date or index'}: pass a CSV written by seqcast forecast.`,
    );
  }
  if (key === 'date' && !input.dates)
    throw new Error(`The forecast file ${path} is dated but the series has no dates: pass --date with the series' date column.`);
  const n = input.values.length;
  const dates = input.dates;
  const byKind = new Map<string, { positions: number[]; values: number[]; dates: string[] }>();
  rows.forEach((row, r) => {
    const line = r + 2; // the header is line 1
    const forecast = Number(row.forecast);
    if (row.forecast === '' || !Number.isFinite(forecast))
      throw new Error(`${path} line ${line}: forecast '${row.forecast}' is not a number.`);
    let position: number;
    if (key === 'index') {
      position = /^\d+$/.test(row.index) ? Number(row.index) : NaN;
      if (!Number.isSafeInteger(position)) throw new Error(`${path} line ${line}: index '${row.index}' is not a non-negative integer.`);
    } else {
      const i = dates?.indexOf(row.date) ?? -1; // a binary search: no map of every date
      position = i >= 0 ? i : n; // a date past the series is a future point
    }
    if (position < n && row.actual !== '') {
      const actual = Number(row.actual);
      const expected = input.values[position];
      if (!(Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected)))) {
        throw new Error(
          `${path} line ${line}: actual ${row.actual} at ${key} ${row[key]} does not match the series value ${expected}: the forecast was made for another series; pass the same input flags as to seqcast forecast.`,
        );
      }
    }
    const group = byKind.get(row.kind) ?? { positions: [], values: [], dates: [] };
    group.positions.push(position);
    group.values.push(forecast);
    group.dates.push(row.date ?? '');
    byKind.set(row.kind, group);
  });
  return [...byKind].map(([kind, g]) => toLine(path, kind, g, n, key));
}

function toLine(
  path: string,
  kind: string,
  g: { positions: number[]; values: number[]; dates: string[] },
  n: number,
  key: 'date' | 'index',
): ForecastLine {
  // short names: Vega cuts legend labels past 160 px
  const name = kind === 'validation' || kind === '' ? 'forecast' : `${kind} forecast`;
  const start = g.positions[0];
  if (key === 'index') {
    g.positions.forEach((p, j) => {
      if (p !== start + j)
        throw new Error(
          `${path}: the ${kind} rows are not consecutive (index ${p} after ${g.positions[j - 1]}): the file does not match; pass a CSV written by seqcast forecast.`,
        );
    });
    if (start > n)
      throw new Error(
        `${path}: the ${kind} rows start at index ${start}, past the series' end (${n} values): pass the same input flags as to seqcast forecast.`,
      );
    return { name, start, values: Float32Array.from(g.values) };
  }
  const inside = g.positions.filter((p) => p < n);
  inside.forEach((p, j) => {
    if (p !== start + j)
      throw new Error(
        `${path}: the ${kind} rows are not consecutive dates of the series (at ${g.dates[j]}): the file does not match; pass a CSV written by seqcast forecast.`,
      );
  });
  if (inside.length > 0 && inside.length < g.positions.length && inside.at(-1) !== n - 1) {
    throw new Error(`${path}: the ${kind} rows leave the series before its last date: the file does not match the series.`);
  }
  const future = g.dates.slice(inside.length);
  return {
    name,
    start: inside.length > 0 ? start : n,
    values: Float32Array.from(g.values),
    ...(future.length > 0 ? { dates: future } : {}),
  };
}
