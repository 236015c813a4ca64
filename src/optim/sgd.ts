/**
 * Stochastic gradient descent with momentum, as Keras:
 *   v = momentum·v − lr·g;  w += v            (plain momentum)
 *   w += momentum·v − lr·g  after updating v  (nesterov)
 */
import type { Optimizer } from './optimizer.js';

export interface SgdOptions {
  /** Step size; Keras default 0.01. */
  learningRate?: number;
  /** Momentum in [0, 1); 0 is plain SGD (Keras default). */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

export class SGD implements Optimizer {
  readonly name = 'sgd';
  learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  /** Velocity per weight, allocated at the first step. */
  private velocity: Float32Array | null = null;

  constructor({ learningRate = 0.01, momentum = 0, nesterov = false }: SgdOptions = {}) {
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`sgd learningRate must be a positive number, got ${learningRate}.`);
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`sgd momentum must be in [0, 1), got ${momentum}.`);
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  step(params: Float32Array, grads: Float32Array): void {
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
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * SGD with optional (Nesterov) momentum, Keras semantics.
 * @example optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 })
 * @throws when learningRate is not positive or momentum is outside [0, 1).
 */
export function sgd(options?: SgdOptions): SGD {
  return new SGD(options);
}
