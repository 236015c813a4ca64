/**
 * The tables of `npm run bench:accuracy`: MASE per series and method (mean over folds), the mean
 * over series of MASE and sMAPE per method, and the seconds per series and method.
 */
import { renderTable, type CellValue, type Column } from '../../src/cli/table.js';
import type { RollingOriginSummary } from '../../src/forecast/rolling-origin-summary.js';

/**
 * R's mean MASE on the 15 series with 3 folds, as the project's accuracy notes record them
 * (R forecast 8.20, measured 2026-12-04).
 */
export const R_REFERENCE: Record<string, number> = {
  'R naive': 3.332,
  'R snaive': 1.705,
  'R ets': 1.141,
  'R auto.arima': 1.02,
  'R thetaf': 1.565,
  'R nnetar': 1.262,
};

/** One series' row heading: its name and, when it has fewer, the folds it is scored on. */
export interface SeriesLabel {
  name: string;
  folds: number;
  requested: number;
}

/** What the tables show. */
export interface ReportInput {
  series: SeriesLabel[];
  /** Method keys in column order ('naive', ..., 'R naive', ...). */
  methods: string[];
  summary: RollingOriginSummary;
  /** Seconds of fit + forecast per `${series}\t${method}`, summed over the folds. */
  seconds: Map<string, number>;
  /** Show the reference column (a full run: every series, 3 folds). */
  reference: boolean;
}

const number3 = (v: number): CellValue => (Number.isFinite(v) ? v : '—');
// seconds as fixed decimals: formatNumber would write a baseline's 2e-5 s in exponent notation
const secondsCell = (v: number, decimals: number): CellValue => (Number.isFinite(v) ? v.toFixed(decimals) : '—');

function seriesCell(s: SeriesLabel): string {
  return s.folds < s.requested ? `${s.name} (${s.folds} folds)` : s.name;
}

/** MASE per series (rows) and method (columns), each the mean over the series' folds. */
export function renderMaseTable(input: ReportInput): string {
  const columns: Column[] = [{ header: 'MASE' }, ...input.methods.map((m) => ({ header: m, align: 'right' as const, decimals: 3 }))];
  const rows = input.series.map((s) => [
    seriesCell(s),
    ...input.methods.map((m) => number3(input.summary.perSeries.find((r) => r.series === s.name && r.method === m)?.mase ?? NaN)),
  ]);
  return renderTable(columns, rows);
}

/** Per method: mean over series of MASE and sMAPE, series counted, total seconds (and R's reference MASE). */
export function renderMeanTable(input: ReportInput): string {
  const columns: Column[] = [
    { header: 'method' },
    { header: 'mean MASE', align: 'right', decimals: 3 },
    ...(input.reference ? [{ header: 'reference', align: 'right' as const, decimals: 3 }] : []),
    { header: 'mean sMAPE %', align: 'right', decimals: 2 },
    { header: 'series', align: 'right', decimals: 0 },
    { header: 'seconds', align: 'right' },
  ];
  const rows = input.methods.map((m) => {
    const mean = input.summary.perMethod.find((r) => r.method === m);
    const total = input.series.reduce((sum, s) => sum + (input.seconds.get(`${s.name}\t${m}`) ?? 0), 0);
    return [
      m,
      number3(mean?.mase ?? NaN),
      ...(input.reference ? [m in R_REFERENCE ? R_REFERENCE[m] : '—'] : []),
      number3(mean?.smape ?? NaN),
      mean?.series ?? 0,
      secondsCell(total, 1),
    ];
  });
  return renderTable(columns, rows);
}

/** Seconds of fit + forecast per series (rows) and method (columns), summed over the folds. */
export function renderTimeTable(input: ReportInput): string {
  const columns: Column[] = [{ header: 'seconds' }, ...input.methods.map((m) => ({ header: m, align: 'right' as const }))];
  const rows = input.series.map((s) => [s.name, ...input.methods.map((m) => secondsCell(input.seconds.get(`${s.name}\t${m}`) ?? NaN, 2))]);
  return renderTable(columns, rows);
}

/** R's functions whose time together is the budget of `auto` (the time target). */
export const AUTO_TIME_BUDGET = ['R ets', 'R auto.arima', 'R nnetar'] as const;

/**
 * `auto`'s seconds per series against R's ets + auto.arima + nnetar on the same folds (both summed
 * over the folds), their ratio, and the totals; null when the run has not both sides.
 * @example const table = renderAutoTimeTable(report); if (table) console.log(table);
 * @throws never.
 */
export function renderAutoTimeTable(input: ReportInput): string | null {
  const autos = input.methods.filter((m) => m === 'auto' || m === 'auto-networks');
  if (autos.length === 0 || !AUTO_TIME_BUDGET.every((m) => input.methods.includes(m))) return null;
  const seconds = (series: string, method: string): number => input.seconds.get(`${series}\t${method}`) ?? NaN;
  const budget = (series: string): number => AUTO_TIME_BUDGET.reduce((sum, m) => sum + seconds(series, m), 0);
  const columns: Column[] = [
    { header: 'seconds' },
    { header: 'R ets + auto.arima + nnetar', align: 'right' },
    ...autos.flatMap((m): Column[] => [
      { header: m, align: 'right' },
      { header: `${m} / R`, align: 'right' },
    ]),
  ];
  const row = (name: string, r: number, own: (m: string) => number): CellValue[] => [
    name,
    secondsCell(r, 2),
    ...autos.flatMap((m) => [secondsCell(own(m), 2), Number.isFinite(own(m) / r) ? `${(own(m) / r).toFixed(2)}x` : '—']),
  ];
  const rows = input.series.map((s) => row(s.name, budget(s.name), (m) => seconds(s.name, m)));
  const total = (f: (series: string) => number): number => input.series.reduce((sum, s) => sum + f(s.name), 0);
  rows.push(row('all series', total(budget), (m) => total((s) => seconds(s, m))));
  return renderTable(columns, rows);
}
