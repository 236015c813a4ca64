/**
 * Vega-Lite specs for the charts of a forecasting run: a series with its forecasts, the error of
 * multi-step forecasts at each step, the loss per epoch, and the learning-rate sweep. Pure functions returning plain objects (no Node imports), so
 * the browser playground can hand the same specs to vega-embed and Node can render them to SVG/PNG
 * (see render.ts).
 *
 * Large series: a line of up to {@link MAX_LINE_POINTS} points is drawn in full; a longer series
 * or forecast line keeps the lowest and highest point of each of about 2,000 buckets of
 * consecutive points, plus its first and last (see downsample.ts), so the chart stays a few hundred
 * kilobytes, peaks stay visible and the line reaches the end. A loss or learning-rate curve keeps
 * every k-th point instead ({@link thin}). Each line is reduced on its own; only the drawing is,
 * never a score.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DateList } from '../data/series-dates.js';
import { downsample } from './downsample.js';

type LayerSpec = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];
type Row = Record<string, number | string | null>;

/** Lines longer than this are reduced to at most this many points (see the file comment). */
export const MAX_LINE_POINTS = 4000;

/** Chart size in pixels (the plotting area; axes, title and legend add to it). */
const WIDTH = 800;
const HEIGHT = 300;
const FONT = 'DejaVu Sans'; // the font render.ts loads, so SVG and PNG measure text alike
const ACTUAL_COLOR = '#333333';
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

/** A forecast drawn by {@link seriesChart}. */
export interface ForecastLine {
  /**
   * Legend entry. Lines with the same name share its colour and are drawn apart (e.g. the
   * multi-step forecast of each backtest fold, not joined from one fold to the next).
   */
  name: string;
  /** Index into `actual` of the forecast's first value (`actual.length` for a pure future forecast). */
  start: number;
  values: ArrayLike<number>;
  /**
   * Dates of the points beyond the end of `actual` (one per future point), or of every value
   * (`values.length` dates). Needed only when the chart has `dates` and the forecast runs past them.
   */
  dates?: string[];
  /**
   * Prediction intervals drawn as shaded bands in the line's colour, one per level (the wider the
   * level, the lighter): per value of `values`, its lower and upper bound; a non-finite bound (a
   * step the intervals do not reach) is left out.
   */
  bands?: ForecastBand[];
}

/** One level's prediction interval around a {@link ForecastLine}. */
export interface ForecastBand {
  /** The level in percent, e.g. 80 or 95. */
  level: number;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

/** Input of {@link seriesChart}. */
export interface SeriesChartOptions {
  title: string;
  /** One date per `actual` value (ISO strings, read as UTC; an array or a series' SeriesDates); without them x is the time step. */
  dates?: DateList | undefined;
  actual: ArrayLike<number>;
  forecasts?: ForecastLine[];
  /** Shaded backtest folds over `actual`, each covering indices [start, end). */
  folds?: { start: number; end: number; label: string }[];
  /** Index of the first validation point: a dashed vertical rule is drawn there. */
  split?: number;
  /** Y axis title; default "value". */
  yTitle?: string;
  /** The time step of `actual[0]` on an x axis without dates (a part of a longer series); default 0. */
  firstStep?: number;
}

/**
 * The series as a dark line and each forecast as a coloured line (future points included), with
 * its prediction intervals as shaded bands when it has them, optional shaded backtest folds and a
 * rule at the train/validation split.
 *
 * @example seriesChart({ title: 'Validation', actual: series, forecasts: [{ name: 'naive', start: 1000, values: naive }], split: 1000 });
 * @throws when `actual` is empty, `dates` does not match it, a forecast starts outside
 *   [0, actual.length], future points lack dates on a dated chart, or a fold/split is out of range.
 */
export function seriesChart(options: SeriesChartOptions): TopLevelSpec {
  const { title, dates, actual, forecasts = [], folds = [], split, firstStep = 0 } = options;
  const n = actual.length;
  if (n === 0) throw new Error(`seriesChart("${title}") got an empty actual series: pass at least one value.`);
  if (dates !== undefined && dates.length !== n) {
    throw new Error(
      `seriesChart("${title}") got ${dates.length} dates for ${n} values: pass one date per value, or no dates to plot by time step.`,
    );
  }
  const xAt = (i: number): number | string => (dates ? dates.at(i)! : firstStep + i);
  const rows: Row[] = downsample(actual, MAX_LINE_POINTS).map((i) => ({ x: xAt(i), value: finite(actual[i]), series: 'actual' }));
  const names = [...new Set(['actual', ...forecasts.map((f) => f.name)])];
  // lines sharing a name: each row says which line it belongs to, so Vega draws them apart
  const parts = names.length < forecasts.length + 1;
  const bandRows: Row[] = [];
  for (const [k, f] of forecasts.entries()) {
    const lineRows = forecastRows(f, n, dates, title, firstStep);
    rows.push(...(parts ? lineRows.map((r) => ({ ...r, part: k })) : lineRows));
    bandRows.push(...bandRowsOf(f, k, n, dates, title, firstStep));
  }
  const colorScale = { domain: names, range: [ACTUAL_COLOR, ...names.slice(1).map((_, i) => PALETTE[i % PALETTE.length])] };

  const x = dates
    ? ({ field: 'x', type: 'temporal', title: 'date', scale: { type: 'utc' } } as const)
    : ({ field: 'x', type: 'quantitative', title: 'time step', ...(firstStep !== 0 ? { scale: { zero: false } } : {}) } as const);
  const layers: LayerSpec[] = [];
  if (folds.length > 0) layers.push(...foldLayers(folds, n, xAt, x, title));
  if (bandRows.length > 0) layers.push(bandLayer(bandRows, x, colorScale, options.yTitle ?? 'value'));
  layers.push({
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'value', scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: names,
        scale: colorScale,
        legend: { labelLimit: 400 }, // whole names: 'seasonal naive (12)'
      },
      ...(parts ? { detail: { field: 'part', type: 'nominal' } } : {}),
    },
  });
  if (split !== undefined) {
    if (!Number.isInteger(split) || split < 0 || split >= n) {
      throw new Error(
        `seriesChart("${title}") split must be an integer index in [0, ${n - 1}], got ${split}: pass the index of the first validation point.`,
      );
    }
    const at = [{ x: xAt(split), label: 'split' }];
    layers.push({ data: { values: at }, mark: { type: 'rule', strokeDash: [6, 4], color: '#555' }, encoding: { x } });
    layers.push({
      data: { values: at },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 4, color: '#555' },
      encoding: { x, text: { field: 'label' } },
    });
  }
  return topLevel(title, layers);
}

/** The rows of one forecast line, with dates for its future points when the chart is dated. */
function forecastRows(f: ForecastLine, n: number, dates: DateList | undefined, title: string, firstStep: number): Row[] {
  if (!Number.isInteger(f.start) || f.start < 0 || f.start > n) {
    throw new Error(
      `seriesChart("${title}") forecast "${f.name}" starts at ${f.start}, outside [0, ${n}]: start is the index into actual of its first value.`,
    );
  }
  const len = f.values.length;
  const future = Math.max(0, f.start + len - n);
  if (dates && future > 0 && f.dates?.length !== future && f.dates?.length !== len) {
    throw new Error(
      `seriesChart("${title}") forecast "${f.name}" runs ${future} points past the dated series but has ${f.dates?.length ?? 'no'} dates: pass dates for those ${future} future points (or one per value).`,
    );
  }
  const xOf = (j: number): number | string => {
    const i = f.start + j;
    if (!dates) return firstStep + i;
    if (f.dates && f.dates.length === len) return f.dates[j];
    return i < n ? dates.at(i)! : (f.dates as string[])[i - n];
  };
  return downsample(f.values, MAX_LINE_POINTS).map((j) => ({ x: xOf(j), value: finite(f.values[j]), series: f.name }));
}

/** The rows of a forecast's bands: x, lower, upper, its series and level, one area per (line, level). */
function bandRowsOf(f: ForecastLine, k: number, n: number, dates: DateList | undefined, title: string, firstStep: number): Row[] {
  const rows: Row[] = [];
  if (!f.bands || f.bands.length === 0) return rows;
  const xs = forecastRows({ ...f, values: Float32Array.from({ length: f.values.length }, (_, j) => j) }, n, dates, title, firstStep);
  const xOf = new Map(xs.map((r) => [r.value as number, r.x]));
  for (const band of f.bands) {
    if (band.lower.length !== f.values.length || band.upper.length !== f.values.length)
      throw new Error(
        `seriesChart("${title}") forecast "${f.name}" has a ${band.level} % band of ${band.lower.length} lower and ${band.upper.length} upper bounds for ${f.values.length} values: pass one bound of each per value.`,
      );
    for (const [j, x] of xOf) {
      const lower = band.lower[j];
      const upper = band.upper[j];
      if (!Number.isFinite(lower) || !Number.isFinite(upper)) continue;
      rows.push({ x, lower, upper, series: f.name, band: `${band.level} %`, level: band.level, part: k });
    }
  }
  return rows;
}

/** Shaded areas between each band's bounds, in its line's colour; wider levels lighter, drawn first. */
function bandLayer(rows: Row[], x: object, colorScale: { domain: string[]; range: string[] }, yTitle: string): LayerSpec {
  const levels = [...new Set(rows.map((r) => r.level as number))].sort((a, b) => b - a); // widest first
  const labels = levels.map((l) => `${l} %`);
  // the widest band lightest; overlapping bands darken the inner one
  const opacities = levels.map((_, i) => (levels.length === 1 ? 0.25 : 0.12 + (0.18 * i) / (levels.length - 1)));
  return {
    data: { values: rows },
    mark: { type: 'area', interpolate: 'linear' },
    encoding: {
      x,
      y: { field: 'lower', type: 'quantitative', title: yTitle, scale: { zero: false } },
      y2: { field: 'upper' },
      color: { field: 'series', type: 'nominal', title: null, sort: colorScale.domain, scale: colorScale, legend: { labelLimit: 400 } },
      // (a one-value range is not read as one opacity by Vega: it gets two equal ones)
      opacity: {
        field: 'band',
        type: 'nominal',
        title: 'interval',
        sort: labels,
        scale: { domain: labels, range: opacities.length === 1 ? [opacities[0], opacities[0]] : opacities },
      },
      detail: { field: 'part', type: 'nominal' },
    },
  } as LayerSpec;
}

/** Shaded rectangles (alternating shades, so adjacent folds stay apart) with their labels on top. */
function foldLayers(
  folds: { start: number; end: number; label: string }[],
  n: number,
  xAt: (i: number) => number | string,
  x: object,
  title: string,
): LayerSpec[] {
  const rows = folds.map((f, k) => {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end) || f.start < 0 || f.end > n || f.start >= f.end) {
      throw new Error(
        `seriesChart("${title}") fold "${f.label}" covers [${f.start}, ${f.end}), not a non-empty range inside [0, ${n}): fix the fold's start and end indices.`,
      );
    }
    return { x: xAt(f.start), x2: xAt(Math.min(f.end, n - 1)), label: f.label, shade: k % 2 };
  });
  return [
    {
      data: { values: rows },
      mark: { type: 'rect', color: '#7f7f7f' },
      encoding: {
        x,
        x2: { field: 'x2' },
        opacity: { field: 'shade', type: 'quantitative', scale: { domain: [0, 1], range: [0.1, 0.2] }, legend: null },
      },
    },
    {
      data: { values: rows },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 4, color: '#555', fontSize: 10 },
      encoding: { x, text: { field: 'label' } },
    },
  ] as LayerSpec[];
}

/** Input of {@link stepErrorChart}: one line per forecaster, its error at steps 1..h. */
export interface StepErrorChartOptions {
  title: string;
  lines: { name: string; values: ArrayLike<number> }[];
  /** Y axis title; default "MAE". */
  yTitle?: string;
}

/**
 * The error of multi-step forecasts against the step (1 = the first value after the origin), one
 * coloured line per forecaster, with a point at each step up to 50 steps; a NaN error is a gap.
 *
 * @example stepErrorChart({ title: 'MAE by step', lines: result.mean.map((m) => ({ name: m.name, values: m.perStep! })) });
 * @throws when there is no line, a line is empty, or the lines differ in length.
 */
export function stepErrorChart(options: StepErrorChartOptions): TopLevelSpec {
  const { title, lines } = options;
  if (lines.length === 0 || lines[0].values.length === 0) {
    throw new Error(`stepErrorChart("${title}") got no errors: pass at least one line of at least one step.`);
  }
  const h = lines[0].values.length;
  const rows: Row[] = [];
  for (const { name, values } of lines) {
    if (values.length !== h) {
      throw new Error(
        `stepErrorChart("${title}") got ${values.length} steps for "${name}" and ${h} for "${lines[0].name}": pass one error per step for every line.`,
      );
    }
    for (const i of thin(h)) rows.push({ step: i + 1, value: finite(values[i]), series: name });
  }
  return topLevel(title, [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2, point: h <= 50 },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step ahead', axis: { tickMinStep: 1 }, scale: { domain: [1, Math.max(h, 2)] } },
        y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'MAE', scale: { zero: true } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          sort: lines.map((l) => l.name),
          scale: { range: PALETTE },
          legend: { labelLimit: 400 }, // whole names: 'seasonal naive (12)'
        },
      },
    },
  ]);
}

/** Input of {@link lossChart}: Keras-style history arrays, one value per epoch. */
export interface LossChartOptions {
  title: string;
  loss: number[];
  valLoss?: number[];
  /** A training metric (e.g. `{ name: 'mae', values: history.mae }`), drawn on the same axis. */
  metric?: { name: string; values: number[] };
}

/**
 * Loss per epoch (1-based), with validation loss and a metric when given. The y axis is
 * logarithmic when the positive values span more than two decades (max/min > 100), which is the
 * usual shape of a loss curve that starts high.
 *
 * @example lossChart({ title: 'Training', loss: history.loss, valLoss: history.val_loss });
 * @throws when `loss` is empty or `valLoss` / `metric.values` differ from it in length.
 */
export function lossChart(options: LossChartOptions): TopLevelSpec {
  const { title, loss, valLoss, metric } = options;
  if (loss.length === 0) throw new Error(`lossChart("${title}") got an empty loss history: train for at least one epoch.`);
  const lines: [string, number[]][] = [['loss', loss]];
  if (valLoss) lines.push(['val_loss', valLoss]);
  if (metric) lines.push([metric.name, metric.values]);
  const rows: Row[] = [];
  for (const [name, values] of lines) {
    if (values.length !== loss.length) {
      throw new Error(
        `lossChart("${title}") got ${values.length} ${name} values for ${loss.length} epochs of loss: pass one value per epoch.`,
      );
    }
    for (const i of thin(values.length)) rows.push({ epoch: i + 1, value: finite(values[i]), series: name });
  }
  const values = lines.flatMap(([, v]) => v);
  return topLevel(title, [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2, point: loss.length <= 50 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: 'loss', scale: spansDecades(values) ? { type: 'log' } : { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, sort: lines.map(([name]) => name), scale: { range: PALETTE } },
      },
    },
  ]);
}

/** Input of {@link lrChart}: the losses of a learning-rate sweep. */
export interface LrChartOptions {
  title: string;
  points: { lr: number; loss: number }[];
  /** A suggested learning rate, marked by a vertical rule. */
  suggested?: number;
}

/**
 * Loss against learning rate on a logarithmic x axis (the course's `plt.semilogx`); points whose
 * loss is NaN or infinite (the sweep diverged) are left out. The y axis is logarithmic when the
 * losses span more than two decades.
 *
 * @example lrChart({ title: 'Learning-rate sweep', points: lrs.map((lr, i) => ({ lr, loss: history.loss[i] })), suggested: 1e-5 });
 * @throws when `points` is empty, or a learning rate (or `suggested`) is not a positive finite number.
 */
export function lrChart(options: LrChartOptions): TopLevelSpec {
  const { title, points, suggested } = options;
  if (points.length === 0) throw new Error(`lrChart("${title}") got no points: run the learning-rate sweep for at least one epoch.`);
  for (const p of [...points.map((q) => q.lr), ...(suggested === undefined ? [] : [suggested])]) {
    if (!(p > 0) || !Number.isFinite(p)) {
      throw new Error(`lrChart("${title}") got learning rate ${p}: a log axis needs positive finite rates, so drop that point.`);
    }
  }
  const kept = points.filter((p) => Number.isFinite(p.loss)).sort((a, b) => a.lr - b.lr);
  const rows = thin(kept.length).map((i) => ({ lr: kept[i].lr, loss: kept[i].loss }));
  const x = { field: 'lr', type: 'quantitative', title: 'learning rate', scale: { type: 'log' }, axis: { format: '.0e' } } as const;
  const layers: LayerSpec[] = [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2, color: PALETTE[0] },
      encoding: {
        x,
        y: {
          field: 'loss',
          type: 'quantitative',
          title: 'loss',
          scale: spansDecades(kept.map((p) => p.loss)) ? { type: 'log' } : { zero: false },
        },
      },
    },
  ];
  if (suggested !== undefined) {
    const at = [{ lr: suggested, label: `suggested ${suggested.toExponential(1)}` }];
    layers.push({ data: { values: at }, mark: { type: 'rule', strokeDash: [6, 4], color: PALETTE[3] }, encoding: { x } });
    layers.push({
      data: { values: at },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 4, color: PALETTE[3] },
      encoding: { x, text: { field: 'label' } },
    });
  }
  return topLevel(title, layers);
}

/** The shared frame: size, title, font and a legend above the plot. */
function topLevel(title: string, layer: LayerSpec[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    layer,
    config: {
      font: FONT,
      title: { fontSize: 15 },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { orient: 'top', labelFontSize: 12, symbolStrokeWidth: 3 },
    },
  };
}

/**
 * Indices drawn for a line of n points: all of them up to {@link MAX_LINE_POINTS}, else every k-th
 * (k = ceil(n / MAX_LINE_POINTS)) plus the last.
 *
 * @example thin(3); // [0, 1, 2]
 * @example thin(25_001).length; // 8335: k = 3 gives 0, 3, ..., 24999, then the last point 25000
 */
export function thin(n: number): number[] {
  if (n <= MAX_LINE_POINTS) return Array.from({ length: n }, (_, i) => i);
  const k = Math.ceil(n / MAX_LINE_POINTS);
  const kept: number[] = [];
  for (let i = 0; i < n; i += k) kept.push(i);
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1);
  return kept;
}

/** NaN and ±Infinity become null, which Vega draws as a gap in the line. */
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** True when the positive finite values span more than two decades and none is ≤ 0 (a log axis fits). */
function spansDecades(values: number[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return max / min > 100; // false when no value is finite (-Infinity / Infinity)
}
