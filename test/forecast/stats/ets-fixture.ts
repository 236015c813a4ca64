// The R fixture of ETS fits: bench/r/ets-fixtures.R writes test/fixtures/r/ets.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One fit by R's ets(): the form R chose, its numbers and its forecasts. */
export interface RFit {
  form?: string;
  failed?: string;
  method: string;
  error: 'A' | 'M';
  trend: 'N' | 'A';
  season: 'N' | 'A' | 'M';
  damped: boolean;
  par: { alpha: number; beta?: number; gamma?: number; phi?: number };
  nParams: number;
  initState: number[];
  finalState: number[];
  loglik?: number;
  aic?: number;
  aicc?: number;
  bic?: number;
  sigma2: number;
  /** forecast(fit, h, level = c(80, 95))$mean */
  mean: number[];
  /** the same call's prediction intervals; null where R gives none */
  intervals: RIntervals | null;
  /** the recursions with zero error from R's final states */
  point: number[];
  /** R's forecast:::initstate for the fixed form */
  heuristic?: number[];
  /** the Holt–Winters fallback's sum of squares (very short series) */
  sse?: number;
}

/** R's prediction intervals: one array per level, mean ∓ z·sd with z = qnorm((1 + level/100)/2). */
export interface RIntervals {
  level: number[];
  z: number[];
  lower: number[][];
  upper: number[][];
}

export interface RSeries {
  name: string;
  period: number;
  values: number[];
  auto: RFit;
  fixed: RFit[];
}

export function loadEtsFixture(): { r: string; forecast: string; series: RSeries[] } {
  const path = fileURLToPath(new URL('../../fixtures/r/ets.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}
