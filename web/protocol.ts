/**
 * The messages the playground page and its training worker exchange (structured-clone data only).
 *
 * page → worker: `train` (a spec, the series, the split) or `lr-find`, and `stop`.
 * worker → page: `epoch` after every epoch, then `trained`, `swept` or `failed` (plain-words message).
 */
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import type { LrPoint } from '../src/model/lr-find.js';

/** What the series is, kept with a downloaded model (the metadata `seqcast forecast` reads). */
export interface SeriesInfo {
  name: string;
  column: string;
  /** Where it came from: a shipped dataset name, or the file name the user chose. */
  input: { dataset: string } | { file: string };
  /** Seasonal period used by the seasonal-naive baseline. */
  period: number;
}

export interface TrainRequest {
  type: 'train';
  spec: NetworkSpecInput;
  series: Float32Array;
  split: number;
  info: SeriesInfo;
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

/** The scores of one forecaster on the validation part. */
export interface Score {
  name: string;
  mae: number;
  rmse: number;
}

export interface TrainResult {
  type: 'trained';
  /** One-step forecasts of series[split..]. */
  forecast: Float32Array;
  scores: Score[];
  losses: number[];
  /** Milliseconds spent in `fit` (training only). */
  fitMs: number;
  modelJson: string;
  weights: Uint8Array;
}

export type WorkerReply =
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; lr?: number }
  | TrainResult
  | { type: 'swept'; points: LrPoint[]; suggestion: number | null; note: string }
  | { type: 'failed'; message: string; stopped: boolean };
