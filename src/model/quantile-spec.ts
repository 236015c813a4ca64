/**
 * The `quantiles` field of a network spec: a quantile network forecasts, for each step ahead,
 * the given quantile levels of the value (e.g. [0.025, 0.1, 0.5, 0.9, 0.975]: 80 % and 95 % central
 * intervals and the median), trained with the pinball loss through a head that never crosses
 * (Dense(H·Q) → MonotoneQuantiles, step-major: the Q quantiles of step 1, then of step 2, ...).
 *
 * What a quantile spec must be, and why:
 *
 *   levels     strictly increasing, in (0, 1), at most 99; 0.5 among them: the median is the
 *              point forecast (`forecast`, `predictSliding`) and the center of the head
 *   strategy   'direct' (the default with quantiles, at any horizon): one prediction gives every
 *              quantile of every step. A recursive network feeds one forecast back per step, and
 *              the quantiles of step 2 are not a function of one value of step 1 (they need the
 *              whole distribution of step 1, i.e. sampling), so 'recursive' is refused.
 *   transform  only kinds whose inverse maps a quantile to the quantile: an increasing function g
 *              applied value by value has P(g⁻¹(Z) ≤ g⁻¹(z_q)) = P(Z ≤ z_q) = q. That holds for the
 *              scalings ('standard', 'minmax', 'none': x·s + o, s > 0), 'log' and 'box-cox'
 *              (increasing for every λ), and per-window normalization (x·s + c per window, s > 0).
 *              It fails for 'difference' and 'seasonal-difference': their inverse adds the
 *              forecast steps up, and a sum of quantiles is not a quantile of the sum (it assumes
 *              the steps move together, too wide an interval). Those are refused.
 *   loss       the pinball loss on these levels: `loss` left out (or 'pinball').
 *
 * Browser-safe.
 */
import { OptionError } from '../errors.js';
import { checkQuantiles } from '../losses/pinball.js';
import type { TransformSpec } from '../data/transforms/registry.js';
import { transformKinds } from './target-spec.js';

/** The transform kinds whose inverse maps quantiles to quantiles (see the file's comment). */
export const QUANTILE_TRANSFORMS: readonly string[] = ['standard', 'minmax', 'none', 'log', 'box-cox'];

/** The fields of a network spec a quantile spec is checked against, as the user gave them. */
export interface QuantileSpecInput {
  quantiles?: unknown;
  strategy?: unknown;
  loss?: unknown;
}

/**
 * The checked quantile levels of a spec, or undefined when it has none; with levels, the
 * strategy and loss it then takes are checked too (transforms: {@link checkQuantileTransform}).
 *
 * @example resolveQuantiles({ quantiles: [0.1, 0.5, 0.9] }); // [0.1, 0.5, 0.9]
 * @example resolveQuantiles({}); // undefined
 * @throws OptionError when the levels are not strictly increasing in (0, 1), leave out 0.5, or come
 *   with strategy 'recursive' or a loss other than 'pinball'; and for loss 'pinball' without levels.
 */
export function resolveQuantiles(input: QuantileSpecInput): number[] | undefined {
  if (input.quantiles === undefined) {
    if (input.loss === 'pinball') {
      throw new OptionError(`loss 'pinball' needs quantiles: give the levels, e.g. quantiles: [0.1, 0.5, 0.9] (the loss is then pinball).`);
    }
    return undefined;
  }
  const levels = checkQuantiles(input.quantiles, 'quantiles');
  if (!levels.includes(0.5)) {
    throw new OptionError(
      `quantiles must include 0.5, the median a quantile network gives as its point forecast, got ${JSON.stringify(levels)}: add it, e.g. [${[...levels, 0.5].sort((a, b) => a - b).join(', ')}].`,
    );
  }
  if (input.strategy === 'recursive') {
    throw new OptionError(
      `strategy 'recursive' cannot forecast quantiles: feeding one value back per step gives no quantiles of the steps after the first. Leave strategy out (quantile networks are direct: one prediction gives every step's quantiles) and set horizon to the steps you need.`,
    );
  }
  if (input.loss !== undefined && input.loss !== 'pinball') {
    throw new OptionError(
      `loss ${JSON.stringify(input.loss)} cannot train a quantile network: it is trained with the pinball loss on its quantiles; leave loss out.`,
    );
  }
  return levels;
}

/**
 * Refuses a transform a quantile network cannot invert exactly (see the file's comment).
 * @example checkQuantileTransform(['log', 'standard']); // passes
 * @throws OptionError naming the first kind that is not one of {@link QUANTILE_TRANSFORMS}.
 */
export function checkQuantileTransform(transform: TransformSpec): void {
  const bad = transformKinds(transform).find((k) => !QUANTILE_TRANSFORMS.includes(k));
  if (bad === undefined) return;
  throw new OptionError(
    `transform '${bad}' cannot be used with quantiles: its inverse adds the forecast steps up, and a sum of quantiles is not a quantile of the sum. Use ${QUANTILE_TRANSFORMS.map((k) => `'${k}'`).join(', ')}, and normalize: 'window' for a series with a trend or a changing level.`,
  );
}

/**
 * The index of the median among resolved levels (they hold 0.5).
 * @example medianIndex([0.1, 0.5, 0.9]); // 1
 * @throws never (give it resolved levels).
 */
export function medianIndex(levels: readonly number[]): number {
  return levels.indexOf(0.5);
}
