/**
 * What `model.compile` takes (a loss, an optimizer, metric names) and what it resolves them to:
 * the loss object and the metric functions the training loop calls. Its own module so that the
 * model (sequential.ts) and the training loop (fit.ts) both use it without importing each other.
 */
import { getLoss, type Loss, type LossName } from '../losses/losses.js';
import type { Optimizer } from '../optim/optimizer.js';
import { mae, mse } from '../metrics/errors.js';

/** Metrics `compile` accepts, each reported per epoch (and as `val_<name>` with validation data). */
export type MetricName = 'mae' | 'mse';

/** A metric: the mean error of every predicted value against its target. */
export type MetricFn = (actual: ArrayLike<number>, predicted: ArrayLike<number>) => number;

const METRICS: Record<MetricName, MetricFn> = { mae, mse };

export interface CompileOptions {
  loss: Loss | LossName;
  optimizer: Optimizer;
  /** Metrics reported per epoch besides the loss. */
  metrics?: MetricName[];
}

/** A compiled model's training setup: the loss object, the optimizer, the metric names. */
export interface Compiled {
  loss: Loss;
  optimizer: Optimizer;
  metrics: MetricName[];
}

/**
 * Checks `compile`'s options and resolves the loss name to its loss.
 * @example resolveCompile({ loss: 'huber', optimizer: sgd({ learningRate: 1e-6 }), metrics: ['mae'] })
 * @throws on an unknown metric or loss name, and when `optimizer` is not an optimizer.
 */
export function resolveCompile(options: CompileOptions): Compiled {
  const metrics = options.metrics ?? [];
  for (const m of metrics) if (!Object.hasOwn(METRICS, m)) throw new Error(`Unknown metric '${m}': use 'mae' or 'mse'.`);
  if (!options.optimizer || typeof options.optimizer.step !== 'function')
    throw new Error('compile needs an optimizer, e.g. optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 }).');
  return { loss: getLoss(options.loss), optimizer: options.optimizer, metrics };
}

/**
 * The function of a metric name.
 * @example getMetric('mae')([1, 2], [1, 4]); // 1
 * @throws on a name that is not a metric.
 */
export function getMetric(name: MetricName): MetricFn {
  if (!Object.hasOwn(METRICS, name)) throw new Error(`Unknown metric '${name}': use 'mae' or 'mse'.`);
  return METRICS[name];
}
