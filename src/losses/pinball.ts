/**
 * The pinball (quantile) loss, for a network that forecasts several quantiles of each target at
 * once. For a target y, a forecast ŷ of its q-quantile and the error e = y − ŷ:
 *
 *   ρ_q(e) = max(q·e, (q − 1)·e)       (q·e above the forecast, (1 − q)·|e| below it)
 *
 * whose expectation over y is smallest at the q-quantile of y (Koenker & Bassett 1978). The loss is
 * the mean of ρ over every output: with Q quantiles the predictions hold Q values per target,
 * step-major (all Q quantiles of a target side by side, in the order of `quantiles`), so targets
 * of shape (B, H) go with predictions of shape (B, H·Q) or (B, H, Q).
 *
 * Letters: B = batch, H = targets per example (steps ahead), Q = quantiles.
 */
import { Tensor } from '../engine/tensor.js';
import { InputError, OptionError } from '../errors.js';
import { MAX_QUANTILES } from '../limits.js';
import type { Loss } from './losses.js';

/**
 * Checks a list of quantile levels: 1 to {@link MAX_QUANTILES} numbers, each strictly between 0
 * and 1, strictly increasing. Returns a copy.
 * @example checkQuantiles([0.1, 0.5, 0.9], 'quantiles'); // [0.1, 0.5, 0.9]
 * @throws OptionError naming `what`, the value and the rule it breaks.
 */
export function checkQuantiles(quantiles: unknown, what: string): number[] {
  const fix = 'e.g. [0.1, 0.5, 0.9]';
  if (!Array.isArray(quantiles) || quantiles.length === 0 || quantiles.length > MAX_QUANTILES) {
    throw new OptionError(
      `${what} must be an array of 1 to ${MAX_QUANTILES} quantile levels, got ${JSON.stringify(quantiles) ?? String(quantiles)}: use ${fix}.`,
    );
  }
  quantiles.forEach((q, i) => {
    if (typeof q !== 'number' || !(q > 0 && q < 1)) {
      throw new OptionError(`${what}[${i}] must be a number strictly between 0 and 1, got ${JSON.stringify(q) ?? String(q)}: use ${fix}.`);
    }
    if (i > 0 && !(q > quantiles[i - 1])) {
      throw new OptionError(
        `${what} must be strictly increasing, but ${what}[${i}] = ${q} follows ${quantiles[i - 1]}: sort them and drop repeats, ${fix}.`,
      );
    }
  });
  return [...(quantiles as number[])];
}

/**
 * The pinball loss for the quantile levels `quantiles` (see the file's comment): the mean over
 * every output of max(q·(y − ŷ), (q − 1)·(y − ŷ)), the predictions holding the Q quantiles of
 * each target side by side.
 *
 * @example
 * model.compile({ loss: losses.pinball([0.1, 0.5, 0.9]), optimizer }); // a head of H·3 outputs
 * losses.pinball([0.5]).compute(Tensor.from([[2]]), Tensor.from([[1]])).item(); // 0.5: half the MAE
 * @throws OptionError when `quantiles` is not a strictly increasing list of levels in (0, 1).
 *   `compute` throws an InputError when the predictions do not hold Q values per target.
 */
export function pinball(quantiles: readonly number[]): Loss {
  const levels = checkQuantiles(quantiles, 'pinball quantiles');
  const Q = levels.length;
  const q = new Tensor(Float32Array.from(levels), [Q]); // (Q)
  const below = new Tensor(
    Float32Array.from(levels, (v) => v - 1),
    [Q],
  ); // (Q) q − 1
  return {
    name: 'pinball',
    config: { quantiles: levels },
    compute(yTrue, yPred) {
      if (yPred.size !== yTrue.size * Q) {
        throw new InputError(
          `Loss pinball (${Q} quantiles): targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${yPred.shape.join(', ')}]: the model must output ${Q} values (one per quantile) per target, ${yTrue.size * Q} in all.`,
        );
      }
      const n = yTrue.size;
      const e = yTrue.reshape([n, 1]).sub(yPred.reshape([n, Q])); // (n, Q) e = y − ŷ, y broadcast over the quantiles
      return e.mul(q).maximum(e.mul(below)).mean();
    },
  };
}
