/**
 * What training consumes: an iterable of batches. Iterating it again starts a new epoch, so a
 * dataset that shuffles gives a new order each time it is iterated.
 */
import type { Tensor } from '../engine/tensor.js';

/**
 * One batch of examples: inputs `x` (batch first) and targets `y`, row `b` of `y` belonging to
 * row `b` of `x`.
 *
 * @example
 * const batch: Batch = { x: Tensor.from([[1, 2], [2, 3]]), y: Tensor.from([[3], [4]]) };
 * @throws never (a plain data type).
 */
export interface Batch {
  /** Inputs, e.g. (B, window) for a windowed series. */
  x: Tensor;
  /** Targets, e.g. (B, 1) for a one-step-ahead label. */
  y: Tensor;
}

/**
 * A source of batches for `fit` and `evaluate`; each `for ... of` is one epoch.
 *
 * @example
 * for (const { x, y } of windowedDataset(series, { window: 20 })) console.log(x.shape, y.shape);
 * @throws never (an interface; implementations validate their input when built).
 */
export interface Dataset extends Iterable<Batch> {
  /** Batches per epoch, when known in advance (for progress bars). */
  readonly batches?: number;
}
