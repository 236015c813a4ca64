/**
 * The training loop: forward, loss, backward, optimizer step, callbacks. It knows the model only
 * through `forward`, `backward` and the flat parameter buffers.
 */
import { Tensor } from '../engine/tensor.js';
import type { Batch } from '../data/dataset.js';
import { InputError, OptionError, TrainingError } from '../errors.js';
import type { Callback, Logs, TrainingModel } from './callbacks.js';
import { getMetric, type Compiled } from './compile.js';

/** Options of `model.fit`; `M` is the model the callbacks get (`model.fit` passes its `Sequential`). */
export interface FitOptions<M extends TrainingModel = TrainingModel> {
  /** Passes over the data; default 1. */
  epochs?: number;
  callbacks?: Callback<M>[];
  /** Batches scored after each epoch, reported as `val_loss` and `val_<metric>`. */
  validationData?: Iterable<Batch>;
  /**
   * Stop with a {@link TrainingDivergedError} when an epoch's mean loss ends above this many times
   * the loss training started from (see {@link DIVERGENCE_FACTOR}); default 10. `Infinity` turns
   * the check off (`lrFind` does: its sweep drives the loss up on purpose). NaN or infinite losses
   * and weights always stop training.
   */
  divergenceFactor?: number;
}

/**
 * The default `divergenceFactor`: an epoch whose mean loss ends above 10× the loss training started
 * from has exploded. The start is the larger of the untrained model's loss (the first batch, before
 * any update) and the loss of predicting 0 for every target over the first epoch (on scaled data:
 * predicting the mean), so one easy first batch does not set the bar low. Training that works
 * brings the loss below its start: the demo and the course's cases (measured over their runs) end
 * every epoch below 0.7× it; Adam at learning rates of 10 to 1,000 on scaled data ends its first
 * epoch 35–7,400× above it.
 */
export const DIVERGENCE_FACTOR = 10;

/** Per-epoch values, as Keras `History.history`: `loss`, metrics, `val_*`, `lr`. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

/**
 * Raised when training diverges: the loss (or, after an epoch's last step, a weight) stops being a
 * finite number, or an epoch's loss explodes past `divergenceFactor` × where it started. The model
 * keeps the last good weights (from before the step that gave NaN, or from before the epoch that
 * exploded); `history` holds the epochs that completed before it.
 * @example
 * try { await model.fit(train, { epochs: 100 }); }
 * catch (e) { if (e instanceof TrainingDivergedError) console.log(e.message, e.history.history.loss); }
 * @throws never (it is what is thrown).
 */
export class TrainingDivergedError extends TrainingError {
  /**
   * @param history the epochs that completed before training stopped.
   * @param kind what diverged: the loss or the weights stopped being finite (`not-finite`), or an
   *   epoch's loss rose past `divergenceFactor` × its start (`exploded`).
   */
  constructor(
    message: string,
    readonly history: History,
    readonly kind: 'not-finite' | 'exploded' = 'not-finite',
  ) {
    super(message);
  }
}

/**
 * Epoch means as Keras reports them: each key's batch values weighted by its own weight (the loss
 * by the batch size, as Keras's loss tracker; a metric by the number of values it averaged, as
 * Keras's `Mean` metrics), so uneven batches and sequence outputs (B, T, 1) average right.
 */
class Means {
  // in the order the keys came (a Map's order, as before): a step adds to them, so plain arrays
  private readonly keys: string[] = [];
  private readonly sums: number[] = [];
  private readonly weights: number[] = [];

  /** Adds `value` to `key`'s mean with `weight`. */
  add(key: string, value: number, weight: number): void {
    let i = this.keys.indexOf(key);
    if (i < 0) {
      i = this.keys.push(key) - 1;
      this.sums.push(0);
      this.weights.push(0);
    }
    this.sums[i] += value * weight;
    this.weights[i] += weight;
  }

  result(prefix = ''): Logs {
    const out: Logs = {};
    this.keys.forEach((k, i) => (out[prefix + k] = this.sums[i] / this.weights[i]));
    return out;
  }
}

/** The compiled metrics of one batch, each the mean over every predicted value, in `out` (as compiled.metrics). */
function batchMetrics(compiled: Compiled, y: Tensor, yPred: Tensor, out: number[]): number[] {
  compiled.metrics.forEach((m, i) => (out[i] = getMetric(m)(y.data, yPred.data)));
  return out;
}

/** Adds one batch's loss (weighted by the batch size) and metrics (by their value count) to `means`. */
function addBatch(means: Means, compiled: Compiled, loss: number, metrics: number[], batchSize: number, values: number): void {
  means.add('loss', loss, batchSize);
  compiled.metrics.forEach((m, i) => means.add(m, metrics[i], values));
}

/** A batch's logs as callbacks get them: the loss, then each metric. */
function batchLogs(compiled: Compiled, loss: number, metrics: number[]): Logs {
  const logs: Logs = { loss };
  compiled.metrics.forEach((m, i) => (logs[m] = metrics[i]));
  return logs;
}

/**
 * Loss and metrics over batches, without training (`model.evaluate` and `val_*` use it).
 * @example evaluateBatches(model, compiled, validationData); // { loss: 0.12, mae: 0.3 }
 * @throws InputError when `data` is not batches of `{ x, y }` Tensors, or a batch's x does not fit
 *   the model or its targets do not match the model's outputs.
 */
export function evaluateBatches(model: TrainingModel, compiled: Compiled, data: Iterable<Batch>): Logs {
  const means = new Means();
  let batch = 0;
  for (const b of checkData(data, 'evaluate')) {
    const { x, y } = checkBatch(b, batch++, 'evaluate');
    const yPred = model.forward(x, false);
    const loss = compiled.loss.compute(y, yPred).item();
    addBatch(means, compiled, loss, batchMetrics(compiled, y, yPred, []), x.shape[0], yPred.size);
  }
  return means.result();
}

/**
 * The loop behind `model.fit`: per batch forward, loss (checked to be finite before anything
 * else), metrics, backward, optimizer step with the parameter segments; per epoch the weights
 * are checked, the loss compared with where it started (see {@link DIVERGENCE_FACTOR}),
 * validation scored and the callbacks called.
 * @example const history = await fitLoop(model, compiled, train, { epochs: 10 });
 * @throws TrainingDivergedError when the loss or the weights stop being finite, or an epoch's loss
 *   explodes (last good weights kept); OptionError when `epochs` is not a positive integer or
 *   `divergenceFactor` not a number above 1; TrainingError when the dataset is empty.
 */
export async function fitLoop<M extends TrainingModel>(
  model: M,
  compiled: Compiled,
  data: Iterable<Batch>,
  options: FitOptions<M>,
): Promise<History> {
  if (typeof options !== 'object' || options === null)
    throw new OptionError(`fit options must be an object such as { epochs: 100 }, got ${describe(options)}.`);
  const { epochs = 1, callbacks = [], validationData, divergenceFactor = DIVERGENCE_FACTOR } = options;
  checkData(data, 'fit');
  if (!Array.isArray(callbacks)) throw new OptionError(`fit callbacks must be an array of callbacks, got ${describe(callbacks)}.`);
  if (validationData !== undefined) checkData(validationData, 'fit validationData');
  if (!Number.isInteger(epochs) || epochs < 1) throw new OptionError(`fit epochs must be a positive integer, got ${epochs}: use e.g. 100.`);
  if (typeof divergenceFactor !== 'number' || !(divergenceFactor > 1))
    throw new OptionError(
      `fit divergenceFactor must be a number above 1, got ${divergenceFactor}: use e.g. 10, or Infinity to turn the check off.`,
    );
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
  // where the loss started (see DIVERGENCE_FACTOR): the untrained model's loss on the first batch,
  // and the loss of predicting 0 over the first epoch
  let untrained = NaN;
  const zeroMeans = new Means();
  let start = NaN;
  // the weights at the start of the current epoch: the last ones whose epoch did not explode
  // (taken at its first batch: a model builds its weights on its first forward pass)
  let epochStart: Float32Array | null = null;

  // the callbacks that want every batch's logs (the others cost a step nothing), and the metrics' buffer
  const batchCallbacks = callbacks.filter((cb) => typeof cb.onBatchEnd === 'function');
  const metrics: number[] = [];
  for (const cb of callbacks) await cb.onTrainBegin?.(model, { epochs });
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, model);
    const means = new Means();
    let batch = 0;
    for (const b of data) {
      const { x, y } = checkBatch(b, batch, 'fit');
      const { pred, loss, backward } = forwardAndLoss(model, compiled, x, y);
      // check the loss before anything else reads the batch: a metric must not mask divergence
      if (!Number.isFinite(loss)) throw diverged(`epoch ${epoch + 1}, batch ${batch + 1}`, `the loss became ${loss}`);
      if (epoch === 0) {
        if (batch === 0) untrained = loss;
        zeroMeans.add('loss', compiled.loss.compute(y, Tensor.zeros(pred.shape)).item(), x.shape[0]);
      }
      batchMetrics(compiled, y, pred, metrics);
      (lastGood ??= new Float32Array(model.params.values.length)).set(model.params.values);
      if (batch === 0) (epochStart ??= new Float32Array(model.params.values.length)).set(model.params.values);
      model.params.zeroGrad();
      backward();
      optimizer.step(model.params.values, model.params.grads, model.params.segments);
      addBatch(means, compiled, loss, metrics, x.shape[0], pred.size);
      if (batchCallbacks.length > 0) {
        const logs = batchLogs(compiled, loss, metrics);
        for (const cb of batchCallbacks) await cb.onBatchEnd!(batch, logs, model);
      }
      batch++;
    }
    if (batch === 0) throw new TrainingError('fit got no batches: the dataset is empty; give it at least one batch.');
    // the last step of an epoch has no next batch to reveal it: check the weights themselves
    if (!model.params.allFinite()) throw diverged(`the end of epoch ${epoch + 1}`, 'the weights became NaN or infinite');
    const logs: Logs = { ...means.result() };
    if (epoch === 0) start = Math.max(untrained, zeroMeans.result().loss);
    if (start > 0 && logs.loss > divergenceFactor * start)
      throw exploded(model, epochStart!, epoch, logs.loss, start, divergenceFactor, optimizer, history);
    if (validationData) Object.assign(logs, prefixed(evaluateBatches(model, compiled, validationData)));
    logs.lr = optimizer.learningRate;
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
    for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, model);
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(model);
  return history;
}

/**
 * One training batch's predictions and loss, and `backward`, which adds the batch's gradients into
 * the (zeroed) gradient buffer: the model's fused step when it has one that takes the batch (the
 * same numbers, faster: src/model/dense-step.ts), else the layers' forward, the loss on the tape
 * and the layers' backward.
 */
function forwardAndLoss(
  model: TrainingModel,
  compiled: Compiled,
  x: Tensor,
  y: Tensor,
): { pred: Tensor; loss: number; backward: () => void } {
  const fused = model.fusedStep?.(compiled.loss) ?? null;
  const out = fused?.forward(x, y);
  if (fused && out) {
    const pred = new Tensor(out.pred, [x.shape[0], out.pred.length / x.shape[0]]);
    return { pred, loss: out.loss, backward: () => fused.backward() };
  }
  const pred = model.forward(x, true).variable();
  const lossT = compiled.loss.compute(y, pred);
  return {
    pred,
    loss: lossT.item(),
    backward: () => {
      lossT.backward(); // the predictions' gradient, on the tape
      model.backward(new Tensor(pred.grad ?? new Float32Array(pred.size), pred.shape), false);
    },
  };
}

/**
 * The error for an epoch whose loss exploded, after restoring the weights it started from: what
 * rose, from what to what, and the fix.
 */
function exploded(
  model: TrainingModel,
  epochStart: Float32Array,
  epoch: number,
  loss: number,
  start: number,
  factor: number,
  optimizer: Compiled['optimizer'],
  history: History,
): TrainingDivergedError {
  model.params.values.set(epochStart);
  const lr = optimizer.learningRate;
  // a tenth of the rate that exploded, at most Adam's default (1e-3) or SGD's on scaled data (1e-2)
  const suggested = Math.min(lr / 10, optimizer.name === 'adam' ? 1e-3 : 1e-2);
  const kept = epoch === 0 ? 'The untrained weights are kept' : `The weights from the end of epoch ${epoch} are kept`;
  return new TrainingDivergedError(
    `Training stopped at the end of epoch ${epoch + 1}: the loss exploded from ${num(start)} at the start to ${num(loss)}, more than ${factor}× higher, with learning rate ${lr}. ${kept}; lower the learning rate, e.g. to ${num(suggested)}${optimizer.name === 'adam' && suggested === 1e-3 ? " (Adam's default)" : ''}.`,
    history,
    'exploded',
  );
}

/** A loss or a rate as a message shows it: 4 significant digits, no trailing zeros (0.5363, 2021, 1e-7). */
function num(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** `data` as fit and evaluate take it: an iterable of batches (an array, a windowedDataset). */
function checkData(data: unknown, who: string): Iterable<unknown> {
  if (typeof data !== 'object' || data === null || typeof (data as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new InputError(
      `${who} needs batches: an iterable of { x, y } Tensors such as windowedDataset(series, { window: 20 }), got ${describe(data)}.`,
    );
  }
  return data as Iterable<unknown>;
}

/**
 * One batch, checked before the model sees it: `{ x, y }` Tensors with a batch axis first and as
 * many labels as examples (the model checks x's other axes against its input shape).
 */
function checkBatch(b: unknown, index: number, who: string): Batch {
  // every step passes here: the message's words are made only when a batch is refused
  const where = (): string => `${who} batch ${index + 1}`;
  const layout = 'x (batch, window) or (batch, window, features) and y (batch, outputs), as windowedDataset gives';
  if (typeof b !== 'object' || b === null) throw new InputError(`${where()} is ${describe(b)}, not { x, y }: each batch holds ${layout}.`);
  const { x, y } = b as Partial<Batch>;
  if (!(x instanceof Tensor) || !(y instanceof Tensor)) {
    const [name, t] = x instanceof Tensor ? ['y', y] : ['x', x];
    throw new InputError(
      `${where()}: ${name} is ${describe(t)}, not a Tensor: each batch holds ${layout}; wrap values with Tensor.from(values, shape).`,
    );
  }
  if (x.rank < 2) throw new InputError(`${where()}: x has shape [${x.shape.join(', ')}], without a batch axis: give ${layout}.`);
  if (y.rank < 1 || y.shape[0] !== x.shape[0] || x.shape[0] < 1)
    throw new InputError(
      `${where()}: x holds ${x.shape[0]} example(s) (shape [${x.shape.join(', ')}]) but y ${y.shape[0] ?? 0} (shape [${y.shape.join(', ')}]): give one label row per example.`,
    );
  return b as Batch;
}

/** A value as a message names it: null, the number 5, an Array of 3, a string, an object. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an Array of ${v.length}`;
  if (typeof v === 'object') return v.constructor && v.constructor !== Object ? `a ${v.constructor.name}` : 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

function prefixed(logs: Logs): Logs {
  return Object.fromEntries(Object.entries(logs).map(([k, v]) => [`val_${k}`, v]));
}
