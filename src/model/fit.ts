/**
 * The training loop: forward, loss, backward, optimizer step, callbacks. It knows the model only
 * through `forward`, `backward` and the flat parameter buffers.
 */
import { Tensor } from '../engine/tensor.js';
import type { Batch } from '../data/dataset.js';
import type { Callback, Logs, TrainingModel } from './callbacks.js';
import { getMetric, type Compiled } from './compile.js';

/** Options of `model.fit`; `M` is the model the callbacks get (`model.fit` passes its `Sequential`). */
export interface FitOptions<M extends TrainingModel = TrainingModel> {
  /** Passes over the data; default 1. */
  epochs?: number;
  callbacks?: Callback<M>[];
  /** Batches scored after each epoch, reported as `val_loss` and `val_<metric>`. */
  validationData?: Iterable<Batch>;
}

/** Per-epoch values, as Keras `History.history`: `loss`, metrics, `val_*`, `lr`. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

/**
 * Raised when the loss (or, after an epoch's last step, a weight) stops being a finite number.
 * The model keeps the weights from before the step that diverged; `history` holds the epochs
 * that completed.
 * @example
 * try { await model.fit(train, { epochs: 100 }); }
 * catch (e) { if (e instanceof TrainingDivergedError) console.log(e.message, e.history.history.loss); }
 * @throws never (it is what is thrown).
 */
export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly history: History,
  ) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/**
 * Epoch means as Keras reports them: each key's batch values weighted by its own weight (the loss
 * by the batch size, as Keras's loss tracker; a metric by the number of values it averaged, as
 * Keras's `Mean` metrics), so uneven batches and sequence outputs (B, T, 1) average right.
 */
class Means {
  private sums = new Map<string, { sum: number; weight: number }>();

  add(values: Logs, weight: number): void {
    for (const [k, v] of Object.entries(values)) {
      const acc = this.sums.get(k) ?? { sum: 0, weight: 0 };
      acc.sum += v * weight;
      acc.weight += weight;
      this.sums.set(k, acc);
    }
  }

  result(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, { sum, weight }] of this.sums) out[prefix + k] = sum / weight;
    return out;
  }
}

/** The compiled metrics of one batch, each the mean over every predicted value. */
function batchMetrics(compiled: Compiled, y: Tensor, yPred: Tensor): Logs {
  const logs: Logs = {};
  for (const m of compiled.metrics) logs[m] = getMetric(m)(y.data, yPred.data);
  return logs;
}

/** Adds one batch's loss (weighted by the batch size) and metrics (by their value count) to `means`. */
function addBatch(means: Means, loss: number, metrics: Logs, batchSize: number, values: number): void {
  means.add({ loss }, batchSize);
  means.add(metrics, values);
}

/**
 * Loss and metrics over batches, without training (`model.evaluate` and `val_*` use it).
 * @example evaluateBatches(model, compiled, validationData); // { loss: 0.12, mae: 0.3 }
 * @throws when a batch's targets do not match the model's outputs.
 */
export function evaluateBatches(model: TrainingModel, compiled: Compiled, data: Iterable<Batch>): Logs {
  const means = new Means();
  for (const { x, y } of data) {
    const yPred = model.forward(x, false);
    const loss = compiled.loss.compute(y, yPred).item();
    addBatch(means, loss, batchMetrics(compiled, y, yPred), x.shape[0], yPred.size);
  }
  return means.result();
}

/**
 * The loop behind `model.fit`: per batch forward, loss (checked to be finite before anything
 * else), metrics, backward, optimizer step with the parameter segments; per epoch the weights
 * are checked, validation scored and the callbacks called.
 * @example const history = await fitLoop(model, compiled, train, { epochs: 10 });
 * @throws TrainingDivergedError when the loss or the weights stop being finite (last good weights
 *   kept); an Error when `epochs` is not a positive integer or the dataset is empty.
 */
export async function fitLoop<M extends TrainingModel>(
  model: M,
  compiled: Compiled,
  data: Iterable<Batch>,
  options: FitOptions<M>,
): Promise<History> {
  const { epochs = 1, callbacks = [], validationData } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`fit epochs must be a positive integer, got ${epochs}.`);
  const history: History = { epoch: [], history: {} };
  const { optimizer } = compiled;
  model.stopTraining = false;
  // weights before the latest optimizer step: the last ones known to give a finite loss
  let lastGood: Float32Array | null = null;
  const diverged = (where: string, what: string): TrainingDivergedError => {
    if (lastGood) model.params.values.set(lastGood);
    const fix = lastGood
      ? 'The last good weights are kept; lower the learning rate or scale the data.'
      : 'This happened before any update: check the data for NaN or huge values, and scale it.';
    return new TrainingDivergedError(`Training stopped at ${where}: ${what} (learning rate ${optimizer.learningRate}). ${fix}`, history);
  };

  for (const cb of callbacks) await cb.onTrainBegin?.(model);
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, model);
    const means = new Means();
    let batch = 0;
    for (const { x, y } of data) {
      const pred = model.forward(x, true).variable();
      const lossT = compiled.loss.compute(y, pred);
      const loss = lossT.item();
      // check the loss before anything else reads the batch: a metric must not mask divergence
      if (!Number.isFinite(loss)) throw diverged(`epoch ${epoch + 1}, batch ${batch + 1}`, `the loss became ${loss}`);
      const metrics = batchMetrics(compiled, y, pred);
      const logs: Logs = { loss, ...metrics };
      lossT.backward();
      (lastGood ??= new Float32Array(model.params.values.length)).set(model.params.values);
      model.params.zeroGrad();
      model.backward(new Tensor(pred.grad ?? new Float32Array(pred.size), pred.shape));
      optimizer.step(model.params.values, model.params.grads, model.params.segments);
      addBatch(means, loss, metrics, x.shape[0], pred.size);
      for (const cb of callbacks) await cb.onBatchEnd?.(batch, logs, model);
      batch++;
    }
    if (batch === 0) throw new Error('fit got no batches: the dataset is empty.');
    // the last step of an epoch has no next batch to reveal it: check the weights themselves
    if (!model.params.allFinite()) throw diverged(`the end of epoch ${epoch + 1}`, 'the weights became NaN or infinite');
    const logs: Logs = { ...means.result() };
    if (validationData) Object.assign(logs, prefixed(evaluateBatches(model, compiled, validationData)));
    logs.lr = optimizer.learningRate;
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
    for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, model);
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(model);
  return history;
}

function prefixed(logs: Logs): Logs {
  return Object.fromEntries(Object.entries(logs).map(([k, v]) => [`val_${k}`, v]));
}
