/**
 * `earlyStopping()`: stop training when a monitored value stops improving, as Keras 3's
 * `EarlyStopping` (keras/callbacks/early_stopping.py):
 *
 * - At each epoch's end, `wait` grows by one; an epoch whose value beats the best so far by more
 *   than `minDelta` becomes the best and resets `wait` to 0 (with a `baseline`, only if it also
 *   beats the baseline by more than `minDelta`). Once `wait >= patience` on an epoch that is not
 *   an improvement (and not the first epoch), `model.stopTraining` is set: training stops after
 *   `patience` epochs without improvement.
 * - `restoreBestWeights`: the weights at the end of the best epoch are put back when training
 *   ends, whether it stopped early or ran all its epochs (Keras 3 and tf.keras ≥ 2.11 do this;
 *   older tf.keras restored only when it stopped early).
 * - Unlike Keras (which warns and does nothing), a monitored key missing from the epoch logs is an
 *   error, and so is `mode: 'auto'` on a name whose direction is unknown (as Keras 3).
 * - Unlike Keras, the best value is forgotten at each `fit` start too, so a reused callback starts fresh.
 */
import type { Callback, Logs, TrainingModel } from './callbacks.js';

/** Options of {@link earlyStopping}; the defaults are Keras's. */
export interface EarlyStoppingOptions {
  /** The epoch log to watch: `val_loss` (default), `loss`, `mae`, `val_mae`, ... */
  monitor?: string;
  /** Smallest change that counts as an improvement, ≥ 0; default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping, a non-negative integer; default 0. */
  patience?: number;
  /** `min`, `max`, or `auto` (default): `min` for losses and the error metrics `mae` / `mse`. */
  mode?: 'auto' | 'min' | 'max';
  /** Put the best epoch's weights back when training ends; default false. */
  restoreBestWeights?: boolean;
  /** A value to beat: epochs that do not beat it count as no improvement. Default none. */
  baseline?: number;
}

/** Metric names that get better as they go down (with or without `val_`). */
const LOWER_IS_BETTER = new Set(['loss', 'mae', 'mse']);

/**
 * The early-stopping callback; build it with {@link earlyStopping}. After `fit`, `stoppedEpoch`,
 * `best` and `bestEpoch` tell what happened.
 * @example const stop = new EarlyStopping({ patience: 5 });
 * @throws (constructor) as {@link earlyStopping}.
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  /** The resolved direction. */
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;
  readonly baseline?: number;
  /** Best monitored value of this run so far (±Infinity before the first epoch). */
  best = Infinity;
  /** Epoch (from 0) of the best value. */
  bestEpoch = 0;
  /** Epoch (from 0) at whose end training was stopped, or null when it was not. */
  stoppedEpoch: number | null = null;
  /** Epochs since the last improvement. */
  private wait = 0;
  /** Weights at the end of the best epoch (restoreBestWeights only). */
  private bestWeights: Float32Array | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    const { monitor = 'val_loss', minDelta = 0, patience = 0, mode = 'auto', restoreBestWeights = false, baseline } = options;
    if (typeof monitor !== 'string' || monitor === '')
      throw new Error(`earlyStopping monitor must be a log name such as 'val_loss' or 'loss', got ${monitor}.`);
    if (!(minDelta >= 0) || !Number.isFinite(minDelta))
      throw new Error(`earlyStopping minDelta must be a non-negative number, got ${minDelta}: use e.g. 0 or 1e-4.`);
    if (!Number.isInteger(patience) || patience < 0)
      throw new Error(`earlyStopping patience must be a non-negative integer number of epochs, got ${patience}: use e.g. 10.`);
    if (baseline !== undefined && !Number.isFinite(baseline))
      throw new Error(`earlyStopping baseline must be a finite number, got ${baseline}: leave it out for none.`);
    if (mode === 'auto') {
      if (!LOWER_IS_BETTER.has(monitor.replace(/^val_/, ''))) {
        throw new Error(`earlyStopping cannot tell whether '${monitor}' should go down or up: pass mode: 'min' or mode: 'max'.`);
      }
      this.mode = 'min';
    } else if (mode === 'min' || mode === 'max') {
      this.mode = mode;
    } else {
      throw new Error(`earlyStopping mode must be 'auto', 'min' or 'max', got '${mode}'.`);
    }
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
    this.baseline = baseline;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = null;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Logs, model: TrainingModel): void {
    const current = this.monitored(logs);
    // keep the first epoch's weights even if it never improves (a NaN value, say)
    if (this.restoreBestWeights && !this.bestWeights) this.saveWeights(epoch, model);
    this.wait++;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.saveWeights(epoch, model);
      if (this.baseline === undefined || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  onTrainEnd(model: TrainingModel): void {
    if (this.restoreBestWeights && this.bestWeights) model.params.values.set(this.bestWeights);
  }

  private improves(value: number, reference: number): boolean {
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  private saveWeights(epoch: number, model: TrainingModel): void {
    this.bestEpoch = epoch;
    (this.bestWeights ??= new Float32Array(model.params.values.length)).set(model.params.values);
  }

  private monitored(logs: Logs): number {
    const value = logs[this.monitor];
    if (value !== undefined) return value;
    const keys = Object.keys(logs);
    const fix =
      this.monitor.startsWith('val_') && !keys.some((k) => k.startsWith('val_'))
        ? `pass validationData to fit, or monitor '${this.monitor.slice(4)}'`
        : `monitor one of the logged values, or add the metric to compile({ metrics })`;
    throw new Error(`earlyStopping monitors '${this.monitor}', which is not in the epoch logs (${keys.join(', ')}): ${fix}.`);
  }
}

/**
 * Stops training when the monitored value has not improved for `patience` epochs, as Keras
 * `EarlyStopping` (see the file comment for the exact rules).
 * @example
 * const stop = earlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true });
 * await model.fit(train, { epochs: 500, validationData: valid, callbacks: [stop] });
 * stop.stoppedEpoch; // e.g. 57, or null when all 500 epochs ran
 * @throws when an option is out of range, or mode 'auto' cannot tell the direction of `monitor`;
 *   during fit, when the monitored key is not in the epoch logs (e.g. 'val_loss' without validationData).
 */
export function earlyStopping(options?: EarlyStoppingOptions): EarlyStopping {
  return new EarlyStopping(options);
}
