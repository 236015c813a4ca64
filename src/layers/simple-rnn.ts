/**
 * SimpleRNN: h[t] = act(x[t]·W + h[t-1]·U + b) with h[-1] = 0, as Keras `SimpleRNN`.
 *
 * Letters: B = batch, T = timesteps, F = features, H = units.
 *
 * Layout: every sequence buffer is batch-major (B, T, H), like the input and the output. The input
 * projection of all B·T rows is then one GEMM, and timestep t is the B rows starting at t·H with
 * leading dimension T·H, which the per-step GEMMs take as their stride (no transposed copies:
 * gemmNT/gemmTN run as fast as gemmNN at these sizes, measured, so transposing would only add work).
 * `Recurrent` handles returnSequences, returnState and goBackwards around the time loop.
 */
import { gemmNN, gemmNT } from '../engine/gemm.js';
import { activateRows, activationBackwardRows } from '../engine/wasm/rows.js';
import type { ConfigKeys } from './layer.js';
import { RECURRENT_CONFIG_KEYS, Recurrent, addRecurrentGrad, type RecurrentOptions, type StepBuffers } from './recurrent.js';

/** SimpleRNN's options: the recurrent ones (`activation`: of the state, default 'tanh'). */
export type SimpleRNNOptions = RecurrentOptions;

export class SimpleRNN extends Recurrent<SimpleRNNOptions> {
  /** The keys of a saved SimpleRNN config, with their JSON types. */
  static readonly configKeys: ConfigKeys = RECURRENT_CONFIG_KEYS;

  /** Rebuilds a saved SimpleRNN through `simpleRNN`, which validates the values. */
  static fromConfig({ units, ...options }: Record<string, unknown>): SimpleRNN {
    return simpleRNN(units as number, options as SimpleRNNOptions);
  }

  readonly className = 'SimpleRNN';

  constructor(units: number, options: SimpleRNNOptions = {}) {
    super('simple_rnn', units, options);
  }

  protected declareParams(F: number): void {
    this.declareWeights(F, this.units);
  }

  protected forwardSteps({ x, hs, B, T }: StepBuffers): void {
    const H = this.units;
    const ld = T * H; // leading dimension of one timestep's rows in a (B, T, H) buffer
    // input projection of all B·T rows at once: hs = X·W + b
    this.projectInput(x, hs, B * T);
    const u = this.recurrent!.value; // (H, H)
    for (let t = 0; t < T; t++) {
      // h[t] += h[t-1]·U over the B rows of step t (h[-1] = 0: nothing to add at t = 0)
      if (t > 0) gemmNN(B, H, H, hs, (t - 1) * H, ld, u, 0, H, hs, t * H, ld);
      activateRows(this.activation, hs, t * H, B, H, ld);
    }
  }

  protected backwardSteps({ x, hs, B, T }: StepBuffers, dz: Float32Array, _dStates: (Float32Array | null)[], dx: Float32Array): void {
    // dz (B, T, H) holds dh[t] until step t turns it into dz[t]
    const H = this.units;
    const ld = T * H;
    const U = this.recurrent!;
    const u = U.value; // (H, H)
    for (let t = T - 1; t >= 0; t--) {
      // dz[t] = dh[t] * act'(h[t])
      activationBackwardRows(this.activation, hs, dz, t * H, B, H, ld);
      // dh[t-1] += dz[t]·Uᵀ
      if (t > 0) gemmNT(B, H, H, dz, t * H, ld, u, 0, H, dz, (t - 1) * H, ld);
    }
    // dW += Xᵀ·dZ over all B·T rows (F, H); dX = dZ·Wᵀ (B, T, F)
    this.addInputGrads(x, dz, B * T, dx);
    // dU += Σ_t h[t-1]ᵀ·dz[t]  (H, H)
    addRecurrentGrad(B, T, H, H, hs, 0, dz, 0, H, U.grad, 0, H);
    if (this.bias) this.addBiasGrad(0, dz, B * T, 0, H, H);
  }
}

/**
 * A fully connected recurrent layer, as Keras `SimpleRNN`: kernel (features, units) glorotUniform,
 * recurrent_kernel (units, units) orthogonal, bias (units) zeros. Input (batch, time, features)
 * with any number of timesteps; output (batch, units), or (batch, time, units) with `returnSequences`.
 * `goBackwards` and `returnState` (see `Recurrent.forwardWithState`) as Keras.
 *
 * @example
 * // the course's model: two SimpleRNN(40) on windows of any length, one feature
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.simpleRNN(40, { returnSequences: true }),
 *   layers.simpleRNN(40),
 *   layers.dense(1),
 * ]);
 * @throws when `units` is not a positive integer or `activation` is unknown; at build when the
 * input is not (time, features); at forward when the input is not 3-D or has another feature count.
 */
export function simpleRNN(units: number, options?: SimpleRNNOptions): SimpleRNN {
  return new SimpleRNN(units, options);
}
