/**
 * Stochastic gradient descent with momentum, as Keras:
 *   v = momentum·v − lr·g;  w += v            (plain momentum)
 *   w += momentum·v − lr·g  after updating v  (nesterov)
 */
import type { Optimizer, ParamSegment } from './optimizer.js';
import { checkOptionNames, GradientClipper, type ClipOptions } from './clip.js';

/** Options of {@link sgd}, plus one clipping option (`clipNorm`, `globalClipNorm` or `clipValue`). */
export interface SgdOptions extends ClipOptions {
  /** Step size; Keras default 0.01. */
  learningRate?: number;
  /** Momentum in [0, 1); 0 is plain SGD (Keras default). */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

/**
 * The SGD optimizer; build it with {@link sgd}.
 * @example const opt = new SGD({ learningRate: 0.01, momentum: 0.9 }); opt.step(weights, grads);
 * @throws (constructor) as {@link sgd}.
 */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  /** Velocity per weight, allocated at the first step. */
  private velocity: Float32Array | null = null;
  private readonly clipper: GradientClipper;

  constructor(options: SgdOptions = {}) {
    checkOptionNames('sgd', options, ['learningRate', 'momentum', 'nesterov']);
    const { learningRate = 0.01, momentum = 0, nesterov = false } = options;
    if (!(learningRate > 0) || !Number.isFinite(learningRate))
      throw new Error(`sgd learningRate must be a positive number, got ${learningRate}.`);
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`sgd momentum must be in [0, 1), got ${momentum}.`);
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.clipper = new GradientClipper('sgd', options);
  }

  /** One update; `grads` is clipped first when a clipping option is set (`segments` for `clipNorm`). */
  step(params: Float32Array, grads: Float32Array, segments?: readonly ParamSegment[]): void {
    grads = this.clipper.clip(grads, segments);
    const lr = this.learningRate;
    const m = this.momentum;
    const n = params.length;
    if (m === 0) {
      for (let i = 0; i < n; i++) params[i] -= lr * grads[i];
      return;
    }
    if (!this.velocity || this.velocity.length !== n) this.velocity = new Float32Array(n);
    const v = this.velocity;
    if (this.nesterov) {
      for (let i = 0; i < n; i++) {
        v[i] = m * v[i] - lr * grads[i];
        params[i] += m * v[i] - lr * grads[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        v[i] = m * v[i] - lr * grads[i];
        params[i] += v[i];
      }
    }
  }

  config(): Record<string, number | boolean> {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov, ...this.clipper.config() };
  }
}

/**
 * SGD with optional (Nesterov) momentum, Keras semantics, with Keras's gradient clipping options.
 * @example optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 })
 * @example optimizers.sgd({ learningRate: 1e-2, momentum: 0.9, clipNorm: 1 })
 * @throws when learningRate is not positive, momentum is outside [0, 1), a clipping option is not
 *   positive or more than one is set, or an option name is unknown.
 */
export function sgd(options?: SgdOptions): SGD {
  return new SGD(options);
}
