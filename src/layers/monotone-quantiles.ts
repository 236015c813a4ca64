/**
 * MonotoneQuantiles: makes a network's raw outputs into quantiles that never cross. The last axis
 * holds groups of Q values, one group per target (step-major: the Q quantiles of step 1, then of
 * step 2, ...), in increasing quantile order. In each group one value, the `center` (the median
 * of a forecaster's quantiles), passes through unchanged; every other quantile is the center plus
 * or minus a sum of softplus increments, each > 0:
 *
 *   y[c] = r[c]
 *   y[j] = y[j − 1] + softplus(r[j])    for j > c      (above the center, cumulative)
 *   y[j] = y[j + 1] − softplus(r[j])    for j < c      (below the center, cumulative)
 *
 * so y[0] ≤ y[1] ≤ ... ≤ y[Q − 1] whatever the weights and the input. In float32 too: adding a
 * value ≥ 0 never rounds below where it started, so the order holds exactly (ties only when an
 * increment is below the values' resolution). It has no weights: a Dense(H·Q) before it learns the
 * raw values (the quantile head of a network forecaster is that pair).
 *
 * Backward, with g = dL/dy: y[c] moves every y of its group, y[j] above the center moves the ones
 * from j up, below the center the ones from j down:
 *
 *   dr[c] = Σ_k g[k]
 *   dr[j] = sigmoid(r[j]) · Σ_{k ≥ j} g[k]      for j > c
 *   dr[j] = −sigmoid(r[j]) · Σ_{k ≤ j} g[k]     for j < c
 *
 * Letters: N = groups (batch × targets), Q = quantiles per group.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { MAX_QUANTILES } from '../limits.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions } from './layer.js';

export interface MonotoneQuantilesOptions extends LayerOptions {
  /** Index (0-based) of the quantile that passes through unchanged; default ⌊Q / 2⌋, the median of an odd, symmetric set. */
  center?: number;
}

/** softplus(x) = log(1 + eˣ), without overflow for large x nor loss of the small values for very negative x. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The logistic function, the derivative of softplus, without overflow either side. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export class MonotoneQuantiles extends Layer {
  /** The keys of a saved MonotoneQuantiles config, with their JSON types. */
  static readonly configKeys: ConfigKeys = { ...LAYER_CONFIG_KEYS, quantiles: 'number', center: 'number' };

  /** Rebuilds a saved MonotoneQuantiles through `monotoneQuantiles`, which validates the values. */
  static fromConfig({ quantiles, ...options }: Record<string, unknown>): MonotoneQuantiles {
    return monotoneQuantiles(quantiles as number, options as MonotoneQuantilesOptions);
  }

  readonly className = 'MonotoneQuantiles';
  /** Q, the values per group. */
  readonly quantiles: number;
  /** The index of the value that passes through. */
  readonly center: number;
  private cacheR: Float32Array | null = null; // (N, Q) the raw input, kept by a training forward for backward
  private built = false;

  constructor(quantiles: number, options: MonotoneQuantilesOptions = {}) {
    super('monotone_quantiles', options);
    if (typeof quantiles !== 'number' || !Number.isInteger(quantiles) || quantiles < 1 || quantiles > MAX_QUANTILES) {
      throw new Error(
        `MonotoneQuantiles quantiles must be an integer from 1 to ${MAX_QUANTILES}, got ${quantiles}: the number of quantile levels, e.g. 5.`,
      );
    }
    const center = options.center ?? Math.floor(quantiles / 2);
    if (typeof center !== 'number' || !Number.isInteger(center) || center < 0 || center >= quantiles) {
      throw new Error(
        `MonotoneQuantiles center must be an integer from 0 to ${quantiles - 1} (an index into the ${quantiles} quantiles), got ${center}: e.g. the index of the median.`,
      );
    }
    this.quantiles = quantiles;
    this.center = center;
  }

  build(inputShape: LayerShape): LayerShape {
    const last = inputShape[inputShape.length - 1];
    if (inputShape.length < 1 || last === null || last === undefined || last % this.quantiles !== 0 || last === 0) {
      throw this.shapeError(`(..., a multiple of ${this.quantiles}): ${this.quantiles} quantiles for each target`, inputShape);
    }
    this.built = true;
    return (this.outputShape = [...inputShape]);
  }

  forward(x: Tensor, training: boolean): Tensor {
    const Q = this.quantiles;
    const c = this.center;
    if (x.rank < 2 || x.shape[x.rank - 1] % Q !== 0) {
      throw new Error(
        `Layer '${this.name}' (MonotoneQuantiles) expects input of shape (batch, ..., a multiple of ${Q}) but gets [${x.shape.join(', ')}]: fix the previous layer's units.`,
      );
    }
    const r = x.data;
    const y = new Float32Array(r.length); // (N, Q)
    for (let o = 0; o < r.length; o += Q) {
      y[o + c] = r[o + c];
      for (let j = c + 1; j < Q; j++) y[o + j] = y[o + j - 1] + softplus(r[o + j]);
      for (let j = c - 1; j >= 0; j--) y[o + j] = y[o + j + 1] - softplus(r[o + j]);
    }
    this.cacheR = training ? r : null;
    return new Tensor(y, x.shape);
  }

  backward(dy: Tensor): Tensor {
    const R = this.cacheR;
    if (!R || !this.built) throw new Error(`Layer '${this.name}' (MonotoneQuantiles): backward() needs a forward(x, true) before it.`);
    if (dy.size !== R.length) {
      throw new Error(
        `Layer '${this.name}' (MonotoneQuantiles): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${R.length} values.`,
      );
    }
    const Q = this.quantiles;
    const c = this.center;
    const g = dy.data;
    const dr = new Float32Array(R.length); // (N, Q)
    for (let o = 0; o < R.length; o += Q) {
      // suffix sums of g above the center, prefix sums below it
      let above = 0;
      for (let j = Q - 1; j > c; j--) {
        above += g[o + j];
        dr[o + j] = sigmoid(R[o + j]) * above;
      }
      let below = 0;
      for (let j = 0; j < c; j++) {
        below += g[o + j];
        dr[o + j] = -sigmoid(R[o + j]) * below;
      }
      dr[o + c] = above + below + g[o + c];
    }
    return new Tensor(dr, dy.shape);
  }

  config(): Record<string, unknown> {
    return { name: this.name, quantiles: this.quantiles, center: this.center, inputShape: this.inputShape };
  }
}

/**
 * Quantiles that never cross, from raw values (see the file's comment): the last axis in groups
 * of `quantiles` values, step-major, each group made non-decreasing by the center value plus or
 * minus cumulative softplus increments. No weights; put a Dense(steps · quantiles) before it.
 *
 * @example
 * // 3 steps ahead, quantiles 0.1, 0.5, 0.9 of each: the median (index 1) passes through
 * const head = [layers.dense(3 * 3), layers.monotoneQuantiles(3, { center: 1 })];
 * @throws when `quantiles` is not an integer from 1 to 99 or `center` not an index into them; at
 *   build when the input's last axis is not a known multiple of `quantiles`.
 */
export function monotoneQuantiles(quantiles: number, options?: MonotoneQuantilesOptions): MonotoneQuantiles {
  return new MonotoneQuantiles(quantiles, options);
}
