/**
 * The CSV rows of a many-series run, one series' outcome at a time (so a run of thousands of
 * series streams them): a forecast's rows per step, a backtest's per forecaster and fold. The id
 * columns come first, as the input names them ('series' for a wide file); a cell that holds a
 * comma, a quote or a line break is quoted (RFC 4180).
 *
 *   forecast: <id columns>, step, [date,] forecast, lo80, hi80, lo95, hi95 ...
 *   backtest: <id columns>, forecaster, fold, origin, MASE, sMAPE, MAE, [cover80, ..., width80, ..., MSIS95]
 */
import { futureDates } from '../data/dates.js';
import type { ManySeriesResult } from '../data/many-series.js';
import type { SeriesOutcome } from '../forecast/series-chunk.js';

/**
 * A CSV cell: as it is, or quoted when it holds a comma, a quote or a line break.
 * @example csvCell('a,b') // '"a,b"'
 * @throws never.
 */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(cells: (string | number)[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** Whether any series of the input is dated (then the forecast has a date column). */
function dated(input: ManySeriesResult): boolean {
  return input.series.some((s) => s.end !== undefined);
}

/**
 * The forecast CSV's header line.
 * @example forecastHeader({ idColumns: ['unique_id'], series: [] , ... }, [80]) // 'unique_id,step,forecast,lo80,hi80\n'
 * @throws never.
 */
export function forecastHeader(input: ManySeriesResult, levels: readonly number[]): string {
  return line([...input.idColumns, 'step', ...(dated(input) ? ['date'] : []), 'forecast', ...levels.flatMap((l) => [`lo${l}`, `hi${l}`])]);
}

/**
 * The forecast rows of one series' outcome (none for a skipped series), its future dates from its
 * last date when its dates are regular (else the date cell is empty).
 * @example const rows = forecastRows(input, [80, 95]); file.write(rows(outcome));
 * @throws never.
 */
export function forecastRows(input: ManySeriesResult, levels: readonly number[]): (o: SeriesOutcome) => string {
  const withDates = dated(input);
  return (o) => {
    const f = o.forecast;
    if (!f) return '';
    const s = input.series[o.index];
    const h = f.mean.length;
    const dates = withDates && s.end !== undefined && s.frequency ? futureDates(s.end, s.frequency, h) : undefined;
    let text = '';
    for (let k = 0; k < h; k++) {
      const bounds = levels.flatMap((_, i) => [f.lower[i]?.[k] ?? '', f.upper[i]?.[k] ?? '']);
      text += line([...s.id, k + 1, ...(withDates ? [dates?.[k] ?? ''] : []), f.mean[k], ...bounds]);
    }
    return text;
  };
}

/**
 * The backtest CSV's header line.
 * @example backtestHeader(input, [80, 95]) // 'unique_id,forecaster,fold,origin,MASE,sMAPE,MAE,cover80,cover95,width80,width95,MSIS95\n'
 * @throws never.
 */
export function backtestHeader(input: ManySeriesResult, levels: readonly number[]): string {
  const intervals = levels.length > 0 ? [...levels.map((l) => `cover${l}`), ...levels.map((l) => `width${l}`), 'MSIS95'] : [];
  return line([...input.idColumns, 'forecaster', 'fold', 'origin', 'MASE', 'sMAPE', 'MAE', ...intervals]);
}

/**
 * The backtest rows of one series' outcome: one per forecaster and fold (folds from 1); NaN
 * scores and intervals a short series has none of are empty cells.
 * @example const rows = backtestRows(input, [80, 95]); file.write(rows(outcome));
 * @throws never.
 */
export function backtestRows(input: ManySeriesResult, levels: readonly number[]): (o: SeriesOutcome) => string {
  const num = (v: number | undefined): string | number => (v !== undefined && Number.isFinite(v) ? v : '');
  return (o) => {
    const b = o.backtest;
    if (!b) return '';
    const id = input.series[o.index].id;
    let text = '';
    b.perFold.forEach((folds, j) => {
      for (const f of folds) {
        const intervals =
          levels.length > 0 ? [...levels.map((_, i) => num(f.coverage?.[i])), ...levels.map((_, i) => num(f.width?.[i])), num(f.msis)] : [];
        text += line([...id, b.names[j], f.fold + 1, f.origin, num(f.scores.mase), num(f.scores.smape), num(f.scores.mae), ...intervals]);
      }
    });
    return text;
  };
}
