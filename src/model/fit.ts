/**
 * The training loop: forward, loss, backward, optimizer step, callbacks. It knows the model only
 * through `forward`, `backward` and the flat parameter buffers.
 */
import { Tensor } from '../engine/tensor.js';
import type { Batch } from '../data/dataset.js';
import type { Loss } from '../losses/losses.js';
import type { Optimizer } from '../optim/optimizer.js';
import { mae, mse } from '../metrics/errors.js';
import type { Logs } from './callbacks.js';
import type { FitOptions, Sequential } from './sequential.js';

export type MetricName = 'mae' | 'mse';

const METRICS: Record<MetricName, (actual: ArrayLike<number>, predicted: ArrayLike<number>) => number> = { mae, mse };

/** Per-epoch values, as Keras `History.history`: `loss`, metrics, `val_*`, `lr`. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

interface Compiled {
  loss: Loss;
  optimizer: Optimizer;
  metrics: MetricName[];
}

/** Raised when the loss stops being a finite number; the model keeps its last good weights. */
export class TrainingDivergedError extends Error {
  constructor(message: string, readonly history: History) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/** Sums of batch values weighted by batch size, for epoch means as Keras reports them. */
class Means {
  private sums = new Map<string, number>();
  private count = 0;

  add(values: Logs, weight: number): void {
    for (const [k, v] of Object.entries(values)) this.sums.set(k, (this.sums.get(k) ?? 0) + v * weight);
    this.count += weight;
  }

  result(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, s] of this.sums) out[prefix + k] = s / this.count;
    return out;
  }
}

/** Loss and metrics of one batch; fills d(loss)/d(prediction) when `grad`. */
function scoreBatch(compiled: Compiled, y: Tensor, yPred: Tensor, grad: boolean): { logs: Logs; dy: Tensor | null } {
  const pred = grad ? yPred.variable() : yPred;
  const lossT = compiled.loss.compute(y, pred);
  const logs: Logs = { loss: lossT.item() };
  for (const m of compiled.metrics) logs[m] = METRICS[m](y.data, yPred.data);
  if (!grad) return { logs, dy: null };
  lossT.backward();
  return { logs, dy: pred.grad ? new Tensor(pred.grad, pred.shape) : null };
}

export function evaluateBatches(model: Sequential, compiled: Compiled, data: Iterable<Batch>): Logs {
  const means = new Means();
  for (const { x, y } of data) {
    const { logs } = scoreBatch(compiled, y, model.forward(x, false), false);
    means.add(logs, x.shape[0]);
  }
  return means.result();
}

export async function fitLoop(model: Sequential, compiled: Compiled, data: Iterable<Batch>, options: FitOptions): Promise<History> {
  const { epochs = 1, callbacks = [], validationData } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`fit epochs must be a positive integer, got ${epochs}.`);
  const history: History = { epoch: [], history: {} };
  const { optimizer } = compiled;
  model.stopTraining = false;
  let lastGood: Float32Array | null = null;

  for (const cb of callbacks) await cb.onTrainBegin?.(model);
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, model);
    const means = new Means();
    let batch = 0;
    for (const { x, y } of data) {
      const yPred = model.forward(x, true);
      const { logs, dy } = scoreBatch(compiled, y, yPred, true);
      if (!Number.isFinite(logs.loss)) {
        // keep the weights that gave the last finite loss
        if (lastGood) model.params.values.set(lastGood);
        throw new TrainingDivergedError(
          `Training stopped at epoch ${epoch + 1}, batch ${batch + 1}: the loss became ${logs.loss} (learning rate ${optimizer.learningRate}). The last good weights are kept; lower the learning rate or scale the data.`,
          history,
        );
      }
      lastGood ??= new Float32Array(model.params.values.length);
      lastGood.set(model.params.values);
      model.params.zeroGrad();
      model.backward(dy!);
      optimizer.step(model.params.values, model.params.grads);
      means.add(logs, x.shape[0]);
      for (const cb of callbacks) await cb.onBatchEnd?.(batch, logs, model);
      batch++;
    }
    if (batch === 0) throw new Error('fit got no batches: the dataset is empty.');
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
