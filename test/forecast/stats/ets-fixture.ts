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
  /** forecast(fit, h)$mean */
  mean: number[];
  /** the recursions with zero error from R's final states */
  point: number[];
  /** R's forecast:::initstate for the fixed form */
  heuristic?: number[];
  /** the Holt–Winters fallback's sum of squares (very short series) */
  sse?: number;
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
