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
import type { ActivationName } from '../engine/activations.js';
import { gemmNN, gemmNT, gemmTN } from '../engine/gemm.js';
import { checkActivation } from '../engine/activations.js';
import { activateRows, activationBackwardRows } from '../engine/wasm/rows.js';
import type { ConfigKeys, Param } from './layer.js';
import { RECURRENT_CONFIG_KEYS, Recurrent, addColumnSums, addRecurrentGrad, type RecurrentOptions } from './recurrent.js';

export interface SimpleRNNOptions extends RecurrentOptions {
  /** Activation of the state; default 'tanh', as Keras. */
  activation?: ActivationName;
  /** Add a bias vector; default true. */
  useBias?: boolean;
}

export class SimpleRNN extends Recurrent<SimpleRNNOptions> {
  /** The keys of a saved SimpleRNN config, with their JSON types. */
  static readonly configKeys: ConfigKeys = RECURRENT_CONFIG_KEYS;

  /** Rebuilds a saved SimpleRNN through `simpleRNN`, which validates the values. */
  static fromConfig({ units, ...options }: Record<string, unknown>): SimpleRNN {
    return simpleRNN(units as number, options as SimpleRNNOptions);
  }

  readonly className = 'SimpleRNN';
  readonly stateCount = 1;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  private kernel: Param | null = null; // (F, H)
  private recurrent: Param | null = null; // (H, H)
  private bias: Param | null = null; // (H)
  private dbAcc = new Float64Array(0); // (H) column sums of dz, in float64 (sums over B·T rows)

  constructor(units: number, options: SimpleRNNOptions = {}) {
    super('simple_rnn', units, options);
    this.activation = checkActivation(options.activation ?? 'tanh');
    this.useBias = options.useBias ?? true;
  }

  protected declareParams(F: number): void {
    const H = this.units;
    this.kernel = this.addParam('kernel', [F, H], 'glorotUniform');
    this.recurrent = this.addParam('recurrent_kernel', [H, H], 'orthogonal');
    if (this.useBias) this.bias = this.addParam('bias', [H], 'zeros');
  }

  protected forwardSteps(x: Float32Array, hs: Float32Array, B: number, T: number): void {
    const F = this.features;
    const H = this.units;
    const ld = T * H; // leading dimension of one timestep's rows in a (B, T, H) buffer
    // input projection of all B·T rows at once: hs = X·W + b
    if (this.bias) {
      const b = this.bias.value;
      for (let r = 0; r < B * T; r++) hs.set(b, r * H);
    }
    gemmNN(B * T, H, F, x, 0, F, this.kernel!.value, 0, H, hs, 0, H, !this.bias);
    const u = this.recurrent!.value; // (H, H)
    for (let t = 0; t < T; t++) {
      // h[t] += h[t-1]·U over the B rows of step t (h[-1] = 0: nothing to add at t = 0)
      if (t > 0) gemmNN(B, H, H, hs, (t - 1) * H, ld, u, 0, H, hs, t * H, ld);
      activateRows(this.activation, hs, t * H, B, H, ld);
    }
  }

  protected backwardSteps(
    x: Float32Array,
    hs: Float32Array,
    dz: Float32Array,
    _dStates: (Float32Array | null)[],
    B: number,
    T: number,
    dx: Float32Array,
  ): void {
    // dz (B, T, H) holds dh[t] until step t turns it into dz[t]
    const F = this.features;
    const H = this.units;
    const ld = T * H;
    const W = this.kernel!;
    const U = this.recurrent!;
    const u = U.value; // (H, H)
    for (let t = T - 1; t >= 0; t--) {
      // dz[t] = dh[t] * act'(h[t])
      activationBackwardRows(this.activation, hs, dz, t * H, B, H, ld);
      // dh[t-1] += dz[t]·Uᵀ
      if (t > 0) gemmNT(B, H, H, dz, t * H, ld, u, 0, H, dz, (t - 1) * H, ld);
    }
    // dW += Xᵀ·dZ over all B·T rows  (F, H)
    gemmTN(F, H, B * T, x, 0, F, dz, 0, H, W.grad, 0, H);
    // dU += Σ_t h[t-1]ᵀ·dz[t]  (H, H)
    addRecurrentGrad(B, T, H, H, hs, 0, dz, 0, H, U.grad, 0, H);
    if (this.bias) {
      if (this.dbAcc.length !== H) this.dbAcc = new Float64Array(H);
      addColumnSums(this.bias.grad, 0, dz, B * T, 0, H, H, this.dbAcc);
    }
    // dX = dZ·Wᵀ  (B, T, F)
    gemmNT(B * T, F, H, dz, 0, H, W.value, 0, H, dx, 0, F, true);
  }

  config(): Record<string, unknown> {
    return { ...this.recurrentConfig(), activation: this.activation, useBias: this.useBias };
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
