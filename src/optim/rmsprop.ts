/**
 * RMSprop (Hinton, lecture 6e), as Keras 3 and tf.keras 2 (`keras.optimizers.RMSprop`):
 *
 *   v = ρ·v + (1 − ρ)·g²
 *   ḡ = ρ·ḡ + (1 − ρ)·g,   d = v − ḡ² + ε      (centered)
 *                          d = v + ε            (otherwise)
 *   Δ = lr·g / √d
 *   μ = momentum·μ + Δ,  w −= μ                  (momentum > 0)
 *   w −= Δ                                       (otherwise)
 *
 * ε sits inside the square root, in Keras 3 as in TensorFlow's fused `ApplyRMSProp` kernel that
 * tf.keras 2 calls, and in TensorFlow.js's `tf.train.rmsprop`: the three agree whatever ε. (The old
 * standalone Keras 2.0–2.3, which M4's RNN benchmark ran, added ε after the root, lr·g / (√v + ε);
 * the two differ only where √v is as small as ε, 3e-4 at the default 1e-7.) No bias correction:
 * v starts at 0, so the first steps are up to 1/√(1 − ρ) ≈ 3.2 times lr. v, ḡ and μ are float32
 * per weight (Keras's slot variables); each step is computed in float64.
 */
import type { Optimizer, ParamSegment } from './optimizer.js';
import { checkOptionNames, GradientClipper, type ClipOptions } from './clip.js';

/** Options of {@link rmsprop} (Keras defaults), plus one clipping option. */
export interface RmspropOptions extends ClipOptions {
  /** Step size; Keras default 0.001. */
  learningRate?: number;
  /** Decay of the squared-gradient average, in [0, 1); default 0.9. */
  rho?: number;
  /** Plain (not Nesterov) momentum, in [0, 1); default 0 (none). */
  momentum?: number;
  /** Added to the average inside the square root, a positive number; default 1e-7 (Keras's). */
  epsilon?: number;
  /** Divide by the gradient's estimated variance instead of its second moment; default false. */
  centered?: boolean;
}

/**
 * The RMSprop optimizer; build it with {@link rmsprop}.
 * @example const opt = new Rmsprop({ learningRate: 1e-3 }); opt.step(weights, grads);
 * @throws (constructor) as {@link rmsprop}.
 */
export class Rmsprop implements Optimizer {
  readonly name = 'rmsprop';
  learningRate: number;
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private readonly clipper: GradientClipper;
  /** Per weight: the squared-gradient average v, the gradient average ḡ (centered), the momentum μ; allocated at the first step. */
  private v: Float32Array | null = null;
  private gBar: Float32Array | null = null;
  private mu: Float32Array | null = null;

  constructor(options: RmspropOptions = {}) {
    checkOptionNames('rmsprop', options, ['learningRate', 'rho', 'momentum', 'epsilon', 'centered']);
    const { learningRate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = options;
    if (!(learningRate > 0) || !Number.isFinite(learningRate))
      throw new Error(`rmsprop learningRate must be a positive number, got ${learningRate}: use e.g. 0.001.`);
    if (!(rho >= 0 && rho < 1)) throw new Error(`rmsprop rho must be in [0, 1), got ${rho}: use e.g. 0.9.`);
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`rmsprop momentum must be in [0, 1), got ${momentum}: use 0 (none) or e.g. 0.9.`);
    if (!(epsilon > 0) || !Number.isFinite(epsilon))
      throw new Error(`rmsprop epsilon must be a positive number, got ${epsilon}: use e.g. 1e-7.`);
    if (typeof centered !== 'boolean') throw new Error(`rmsprop centered must be true or false, got ${String(centered)}.`);
    this.learningRate = learningRate;
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
    this.clipper = new GradientClipper('rmsprop', options);
  }

  /**
   * One update; `grads` is clipped first when a clipping option is set (`segments` for
   * `clipNorm`). The averages restart from zero when the buffer size changes (another model).
   */
  step(params: Float32Array, grads: Float32Array, segments?: readonly ParamSegment[]): void {
    const g = this.clipper.clip(grads, segments);
    const n = params.length;
    if (!this.v || this.v.length !== n) {
      this.v = new Float32Array(n);
      this.gBar = this.centered ? new Float32Array(n) : null;
      this.mu = this.momentum > 0 ? new Float32Array(n) : null;
    }
    const { v, gBar, mu } = this;
    const { rho, momentum, epsilon: eps, learningRate: lr } = this;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      v[i] = rho * v[i] + (1 - rho) * gi * gi;
      let d = v[i] + eps;
      if (gBar) {
        gBar[i] = rho * gBar[i] + (1 - rho) * gi;
        d = v[i] - gBar[i] * gBar[i] + eps;
      }
      const delta = (lr * gi) / Math.sqrt(d);
      if (mu) {
        mu[i] = momentum * mu[i] + delta;
        params[i] -= mu[i];
      } else params[i] -= delta;
    }
  }

  config(): Record<string, number | boolean> {
    const { learningRate, rho, momentum, epsilon, centered } = this;
    return { learningRate, rho, momentum, epsilon, centered, ...this.clipper.config() };
  }
}

/**
 * RMSprop with Keras's defaults and formula (see the file comment), optionally with momentum or
 * centered, with Keras's gradient clipping options.
 * @example model.compile({ loss: 'mse', optimizer: optimizers.rmsprop() })
 * @example optimizers.rmsprop({ learningRate: 1e-3, momentum: 0.9, centered: true })
 * @throws when learningRate or epsilon is not a positive number, rho or momentum is outside
 *   [0, 1), centered is not a boolean, a clipping option is not positive or more than one is set,
 *   or an option name is unknown (Keras spellings such as `lr` included).
 */
export function rmsprop(options?: RmspropOptions): Rmsprop {
  return new Rmsprop(options);
}
