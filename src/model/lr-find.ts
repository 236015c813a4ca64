/**
 * The course's learning-rate sweep: train the model once while the rate grows each epoch,
 *
 *   lr_schedule = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1e-8 * 10**(epoch / 20))
 *
 * record (rate, loss) per epoch, and pick a rate below the one where the loss is lowest. The
 * course reads the plot by eye; `suggestLearningRate` writes the rule down.
 *
 * Here the data is scaled (see scaling.ts), so losses are O(1) and the minimum usually lies
 * around 1e-3..1e-1 rather than the course's 1e-6..1e-5; `start`, `factor` and `end` move the sweep.
 */
import { abortCallback } from './abort.js';
import { learningRateScheduler, type Callback } from './callbacks.js';
import { TrainingDivergedError } from './fit.js';
import { compiledModelFromSpec, resolveNetworkSpec, type NetworkSpec, type NetworkSpecInput } from './model-spec.js';
import { OptionError } from '../errors.js';
import { MAX_SWEEP_EPOCHS } from '../limits.js';
import { networkTrainingData } from './network-data.js';

/** Options of {@link lrFind}; the defaults are the course's sweep (1e-8 → 1e-3 over 100 epochs). */
export interface LrFindOptions {
  /** Rate of the first epoch; default 1e-8. */
  start?: number;
  /** Rate growth per epoch; default 10^(1/20) (×10 every 20 epochs). */
  factor?: number;
  /** Number of epochs; default 100, or enough to reach `end` when it is given. */
  epochs?: number;
  /** Last rate to try; when set without `epochs`, the sweep runs until the rate passes it. */
  end?: number;
  /** Stop once the loss exceeds this many times its minimum so far; default 4. */
  divergence?: number;
  /** Extra training callbacks (e.g. a progress bar). */
  callbacks?: Callback[];
  /** Aborts the sweep between batches (lrFind then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** One epoch of the sweep: its learning rate and its mean training loss. */
export interface LrPoint {
  lr: number;
  loss: number;
}

/** What {@link lrFind} returns. */
export interface LrFindResult {
  /** (rate, loss) per completed epoch, rates increasing. */
  points: LrPoint[];
  /** The suggested rate (see {@link suggestLearningRate}); null when no epoch completed. */
  suggestion: number | null;
  /** Why the sweep ended: all epochs run, the loss diverged (NaN/∞), or it exceeded `divergence` × its minimum. */
  stopped: 'completed' | 'diverged' | 'exceeded';
  /** One sentence saying how the sweep ended, for the CLI. */
  note: string;
  /** The spec that was swept, defaults filled in. */
  spec: NetworkSpec;
}

/**
 * Epochs a sweep from `start` takes to reach `end` (the last one at a rate ≤ `end`), for a
 * progress bar set up before {@link lrFind} runs; `lrFind` uses the same count.
 * @example sweepEpochs(1e-8, 1e-3); // 101: 1e-8 · 10^(100/20) = 1e-3
 * @throws never (lrFind checks the arguments).
 */
export function sweepEpochs(start: number, end: number, factor = 10 ** (1 / 20)): number {
  // log(end / start), also when the ratio overflows (1e-300 to 1e300)
  const ratio = end / start;
  const span = Number.isFinite(ratio) ? Math.log(ratio) : Math.log(end) - Math.log(start);
  return Math.floor(span / Math.log(factor) + 1e-9) + 1;
}

/**
 * Runs the sweep on the spec's model: the series (the training part) goes through the spec's
 * target transform fitted on it and is windowed (and normalized) as the network forecaster trains
 * (networkTrainingData: direct networks get their H labels), and the model trained with the rate
 * `start · factor^epoch` at each epoch's start. Ends early, keeping the points so far, when the
 * loss becomes NaN or infinite or grows past `divergence` × its minimum.
 *
 * @example
 * const { points, suggestion, note } = await lrFind(train, { model: 'lstm', optimizer: 'sgd' }, { start: 1e-6, end: 1 });
 * @throws OptionError when the spec or an option is invalid (start, factor > 1, end > start, epochs
 *   from 1 to 1,000 (MAX_SWEEP_EPOCHS, also for the sweep start..end), divergence > 1); InputError
 *   when the series is too short for one window (window + 1 values) or holds NaN; the signal's
 *   reason once `signal` aborts.
 */
export async function lrFind(series: Float32Array, specInput: NetworkSpecInput, options: LrFindOptions = {}): Promise<LrFindResult> {
  const spec = resolveNetworkSpec(specInput);
  const { start = 1e-8, factor = 10 ** (1 / 20), end, divergence = 4, callbacks = [], signal } = options;
  positive(start, 'start', 'e.g. 1e-8');
  if (!(factor > 1) || !Number.isFinite(factor))
    throw new OptionError(`lrFind factor must be a number above 1, got ${factor}: use e.g. 10 ** (1 / 20).`);
  if (end !== undefined && (!(end > start) || !Number.isFinite(end)))
    throw new OptionError(`lrFind end must be a number above start (${start}), got ${end}: use e.g. 1.`);
  if (!(divergence > 1)) throw new OptionError(`lrFind divergence must be a number above 1, got ${divergence}: use e.g. 4.`);
  const epochs = options.epochs ?? (end === undefined ? 100 : sweepEpochs(start, end, factor));
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_SWEEP_EPOCHS) {
    const why = options.epochs === undefined ? ` (the sweep from ${start} to ${end} at ×${Number(factor.toPrecision(4))} per epoch)` : '';
    throw new OptionError(
      `lrFind epochs must be an integer from 1 to ${MAX_SWEEP_EPOCHS}, got ${epochs}${why}: use e.g. 100, or a narrower range of rates.`,
    );
  }
  const { data } = networkTrainingData(spec, series, { who: 'lrFind', part: 'series' });
  const model = compiledModelFromSpec({ ...spec, learningRate: start });

  const points: LrPoint[] = [];
  let stopped: LrFindResult['stopped'] = 'completed';
  let minimum = Infinity;
  const recorder: Callback = {
    onEpochEnd(_epoch, logs, m) {
      points.push({ lr: logs.lr, loss: logs.loss });
      minimum = Math.min(minimum, logs.loss);
      if (logs.loss > divergence * minimum) {
        stopped = 'exceeded';
        m.stopTraining = true;
      }
    },
  };
  const schedule = learningRateScheduler((epoch) => start * factor ** epoch);
  try {
    // the sweep drives the loss up on purpose: fit's own divergence check (an epoch above 10× the
    // start) is off, `divergence` × the minimum ends the sweep instead
    await model.fit(data, {
      epochs,
      callbacks: [schedule, recorder, ...(signal ? [abortCallback(signal)] : []), ...callbacks],
      divergenceFactor: Infinity,
    });
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    stopped = 'diverged';
  }
  const last = points.at(-1);
  const suggestion = points.length > 0 ? suggestLearningRate(points) : null;
  return { points, suggestion, stopped, note: describe(stopped, points.length, epochs, last, divergence, suggestion), spec };
}

/**
 * The rule behind the suggestion: smooth the losses with a centred moving average over 5 epochs
 * (fewer at the ends; one noisy epoch should not decide), find the rate where the smoothed loss is
 * lowest, and return a tenth of it. The minimum itself sits at the edge of instability, so the
 * course trains below it (its sweep bottoms out near 1e-5 and it trains at 1e-6..5e-6).
 * Points whose loss is NaN or infinite are ignored.
 *
 * @example
 * const losses = [9, 8, 6, 3, 2, 3, 20]; // at rates 1e-6, 1e-5, ..., 1
 * suggestLearningRate(losses.map((loss, i) => ({ lr: 10 ** (i - 6), loss }))); // 1e-4: the smoothed minimum (4.4) is at 1e-3
 * @throws when no point has a finite loss and a positive rate.
 */
export function suggestLearningRate(points: readonly LrPoint[], smoothing = 5): number {
  const finite = points.filter((p) => Number.isFinite(p.loss) && p.lr > 0 && Number.isFinite(p.lr));
  if (finite.length === 0)
    throw new Error(
      'suggestLearningRate needs at least one point with a finite loss: run a sweep that completes an epoch (start at a lower rate).',
    );
  if (!Number.isInteger(smoothing) || smoothing < 1)
    throw new Error(`suggestLearningRate smoothing must be a positive integer, got ${smoothing}.`);
  const half = Math.floor(smoothing / 2);
  let best = 0;
  let bestLoss = Infinity;
  for (let i = 0; i < finite.length; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(finite.length, i + half + 1);
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += finite[j].loss;
    const smoothed = sum / (hi - lo);
    if (smoothed < bestLoss) {
      bestLoss = smoothed;
      best = i;
    }
  }
  return finite[best].lr / 10;
}

function describe(
  stopped: LrFindResult['stopped'],
  done: number,
  epochs: number,
  last: LrPoint | undefined,
  divergence: number,
  suggestion: number | null,
): string {
  const suggest =
    suggestion === null
      ? 'No rate to suggest: lower start.'
      : `Suggested learning rate: ${suggestion.toPrecision(2)} (a tenth of the rate at the smoothed minimum).`;
  if (stopped === 'completed')
    return `Swept ${done} epochs up to lr ${last?.lr.toPrecision(2)} without divergence; raise end (or epochs) if the loss was still falling. ${suggest}`;
  if (stopped === 'diverged')
    return `Stopped after ${done} of ${epochs} epochs: the loss became NaN or infinite${last ? ` past lr ${last.lr.toPrecision(2)}` : ''}. ${suggest}`;
  return `Stopped after ${done} of ${epochs} epochs: the loss passed ${divergence}× its minimum at lr ${last?.lr.toPrecision(2)}. ${suggest}`;
}

function positive(v: number, what: string, fix: string): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new OptionError(`lrFind ${what} must be a positive number, got ${v}: use ${fix}.`);
}
