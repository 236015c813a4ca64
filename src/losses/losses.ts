/**
 * Losses as Keras computes them: the per-element loss averaged over every element (the mean over
 * the last axis, then over the batch). Each runs on the autograd tape, so its gradient with
 * respect to the predictions comes from `backward()`.
 */
import type { Tensor } from '../engine/tensor.js';
import { InputError } from '../errors.js';

export { pinball } from './pinball.js';

export interface Loss {
  /** Keras name: `mse`, `mae`, `huber`; or `pinball` (pinball.ts). */
  readonly name: string;
  /** Its settings as saved with a model: `{ delta }` for huber, `{ quantiles }` for pinball. */
  readonly config: Record<string, number | readonly number[]>;
  /** Scalar loss of predictions `yPred` against targets `yTrue` (same number of elements). */
  compute(yTrue: Tensor, yPred: Tensor): Tensor;
}

/** Targets reshaped to the predictions' shape; (B,) against (B, 1) is fine, as in Keras. */
function aligned(yTrue: Tensor, yPred: Tensor): Tensor {
  if (yTrue.size !== yPred.size) {
    throw new InputError(
      `Loss: targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${yPred.shape.join(', ')}]: the model's output must have one value per label.`,
    );
  }
  return yTrue.reshape(yPred.shape);
}

/**
 * Mean squared error.
 * @example model.compile({ loss: losses.mse(), optimizer })
 */
export function mse(): Loss {
  return { name: 'mse', config: {}, compute: (yTrue, yPred) => yPred.sub(aligned(yTrue, yPred)).square().mean() };
}

/**
 * Mean absolute error.
 * @example model.compile({ loss: losses.mae(), optimizer })
 */
export function mae(): Loss {
  return { name: 'mae', config: {}, compute: (yTrue, yPred) => yPred.sub(aligned(yTrue, yPred)).abs().mean() };
}

/**
 * Huber loss: quadratic for errors up to `delta`, linear beyond (Keras `Huber`, delta 1).
 * @example model.compile({ loss: losses.huber(), optimizer })
 * @throws when delta is not a positive number.
 */
export function huber(delta = 1): Loss {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new Error(`huber delta must be a positive number, got ${delta}.`);
  return {
    name: 'huber',
    config: { delta },
    compute: (yTrue, yPred) => {
      const absErr = yPred.sub(aligned(yTrue, yPred)).abs();
      // 0.5·q² + δ·(|e| − q) with q = min(|e|, δ): equals 0.5·e² inside δ and δ·|e| − 0.5·δ² outside
      const quad = absErr.minimum(delta);
      const lin = absErr.sub(quad);
      return quad.square().mul(0.5).add(lin.mul(delta)).mean();
    },
  };
}

export type LossName = 'mse' | 'mae' | 'huber';

/** A loss from its name or itself. @throws on an unknown name. */
export function getLoss(loss: Loss | LossName | string): Loss {
  if (typeof loss !== 'string') return loss;
  switch (loss) {
    case 'mse':
      return mse();
    case 'mae':
      return mae();
    case 'huber':
      return huber();
    case 'pinball':
      throw new Error("The pinball loss needs its quantile levels: use losses.pinball([0.1, 0.5, 0.9]) instead of the name 'pinball'.");
    default:
      throw new Error(`Unknown loss '${loss}': use mse, mae or huber.`);
  }
}
