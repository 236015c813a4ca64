/**
 * The messages the playground page and its training worker exchange (structured-clone data only).
 *
 * page → worker: `train` (a forecaster's spec, the series, the split, the horizon) or `lr-find`
 * (a network spec), and `stop`.
 * worker → page: `epoch` after every epoch, then `trained`, `swept` or `failed` (plain-words message).
 */
import type { ForecasterSpec } from '../src/forecast/forecaster-spec.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import type { LrPoint } from '../src/model/lr-find.js';

/** What the series is, kept with a downloaded model (the metadata `seqcast forecast` reads). */
export interface SeriesInfo {
  name: string;
  column: string;
  /** Where it came from: a shipped dataset name, or the file name the user chose. */
  input: { dataset: string } | { file: string };
  /** Seasonal period: the seasonal-naive baseline's, MASE's and the forecaster's season length. */
  period: number;
}

export interface TrainRequest {
  type: 'train';
  /** The forecaster, as makeForecaster builds it (web/forecasters.ts makes it from the form). */
  forecaster: ForecasterSpec;
  series: Float32Array;
  split: number;
  /** The steps each forecast covers; the validation part holds at least one horizon. */
  horizon: number;
  info: SeriesInfo;
  /** Prediction interval levels in percent (each in (0, 100)); null for none. */
  levels: number[] | null;
}

export interface LrFindRequest {
  type: 'lr-find';
  spec: NetworkSpecInput;
  series: Float32Array;
  split: number;
  start: number;
  end: number;
}

export type WorkerRequest = TrainRequest | LrFindRequest | { type: 'stop' };

/** The scores of one forecaster's multi-step forecasts of the validation part. */
export interface Score {
  name: string;
  mae: number;
  rmse: number;
  /** Scaled by the in-sample seasonal naive forecast of the training part (NaN when undefined). */
  mase: number;
  /** The MAE at steps 1..H, over the forecasts from every origin. */
  stepMae: number[];
}

export interface TrainResult {
  type: 'trained';
  /**
   * Multi-step forecasts of series[split, end): one forecast of H values from each origin
   * split, split + H, ... (each from the actual values before it), end = split + H·(origins).
   */
  forecast: Float32Array;
  /** The H values after the series' end: forecast(series, H). */
  future: Float32Array;
  /** The forecaster first, then the baselines. */
  scores: Score[];
  /** The forecaster's name (e.g. 'ets (12)'). */
  name: string;
  /** What a forecaster that chooses chose, in its words (ETS's form; auto's members, or that a baseline beat every model). */
  chosen?: string;
  /** The training loss per epoch (a network; empty for the others). */
  losses: number[];
  /** Milliseconds spent in `fit`. */
  fitMs: number;
  /** A network's saved model (what `seqcast forecast --model` reads); absent for the others. */
  model?: { json: string; weights: Uint8Array };
  /** The forecaster's prediction intervals, when levels were asked for and the training part could calibrate them. */
  intervals?: PageIntervals;
  /** Why there are no intervals (the training part too short to calibrate them), when levels were asked for. */
  intervalNote?: string;
}

/** Prediction intervals around the validation forecasts and the forecast past the end, one bound array per level. */
export interface PageIntervals {
  levels: number[];
  /** In words: "ETS analytical (as R's forecast.ets)" or "conformal (...)". */
  method: string;
  /** Per level, the bounds of each value of `forecast`. */
  lower: Float32Array[];
  upper: Float32Array[];
  /** Per level, the bounds of each value of `future`. */
  futureLower: Float32Array[];
  futureUpper: Float32Array[];
}

export type WorkerReply =
  // calibrating: an epoch of the second network that calibrates the prediction intervals (not the model's loss)
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; lr?: number; calibrating?: boolean }
  | TrainResult
  | { type: 'swept'; points: LrPoint[]; suggestion: number | null; note: string }
  | { type: 'failed'; message: string; stopped: boolean };
