/**
 * SimpleRNN: h[t] = act(x[t]·W + h[t-1]·U + b) with h[-1] = 0, as Keras `SimpleRNN`.
 *
 * Letters: B = batch, T = timesteps, F = features, H = units.
 *
 * Layout: every sequence buffer is batch-major (B, T, H), like the input and the output. The input
 * projection of all B·T rows is then one GEMM, and timestep t is the B rows starting at t·H with
 * leading dimension T·H, which the per-step GEMMs take as their stride (no transposed copies:
 * gemmNT/gemmTN run as fast as gemmNN at these sizes, measured, so transposing would only add work).
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { gemmNN, gemmNT, gemmTN } from '../engine/gemm.js';
import { activateInPlace, activationBackwardInPlace, checkActivation, type ActivationName } from '../engine/activations.js';
import { Layer, type LayerOptions, type Param } from './layer.js';

export interface SimpleRNNOptions extends LayerOptions {
  /** Activation of the state; default 'tanh', as Keras. */
  activation?: ActivationName;
  /** Output every h[t], (batch, time, units), instead of the last one, (batch, units); default false. */
  returnSequences?: boolean;
  /** Add a bias vector; default true. */
  useBias?: boolean;
}

export class SimpleRNN extends Layer {
  readonly className = 'SimpleRNN';
  readonly units: number;
  readonly activation: ActivationName;
  readonly returnSequences: boolean;
  readonly useBias: boolean;
  private kernel: Param | null = null; // (F, H)
  private recurrent: Param | null = null; // (H, H)
  private bias: Param | null = null; // (H)
  private features = 0;
  // kept by a training forward for backward: the input and h[t] for every t (act' comes from h[t],
  // and dU needs h[t-1]); a forward without training drops them
  private cacheX: Float32Array | null = null; // (B, T, F)
  private cacheH: Float32Array | null = null; // (B, T, H)
  private cacheB = 0;
  private cacheT = 0;
  // internal buffers, reused while B·T stays the same
  private hBuf = new Float32Array(0); // (B, T, H) h[t] when only the last step is returned
  private dzBuf = new Float32Array(0); // (B, T, H) dz[t] = dh[t] * act'(h[t])
  private dbAcc = new Float64Array(0); // (H) column sums of dz, in float64 (sums over B·T rows)

  constructor(units: number, options: SimpleRNNOptions = {}) {
    super('simple_rnn', options);
    if (!Number.isInteger(units) || units < 1) throw new Error(`SimpleRNN units must be a positive integer, got ${units}.`);
    this.units = units;
    this.activation = checkActivation(options.activation ?? 'tanh');
    this.returnSequences = options.returnSequences ?? false;
    this.useBias = options.useBias ?? true;
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.kernel) throw new Error(`Layer '${this.name}' (SimpleRNN) is already built: a layer belongs to one model.`);
    const [T, F] = inputShape;
    if (inputShape.length !== 2 || F === null || F < 1) {
      const err = this.shapeError('(time, features) with a known number of features', inputShape);
      if (inputShape.length === 1) err.message += ' For a univariate series add layers.expandDims(-1) before it.';
      throw err;
    }
    const H = this.units;
    this.features = F;
    this.kernel = this.addParam('kernel', [F, H], 'glorotUniform');
    this.recurrent = this.addParam('recurrent_kernel', [H, H], 'orthogonal');
    if (this.useBias) this.bias = this.addParam('bias', [H], 'zeros');
    this.outputShape = this.returnSequences ? [T, H] : [H];
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    const W = this.kernel;
    const U = this.recurrent;
    if (!W || !U) throw new Error(`Layer '${this.name}' (SimpleRNN) is used before build().`);
    if (x.rank !== 3) {
      throw new Error(`Layer '${this.name}': SimpleRNN expects (batch, time, features) but gets [${x.shape.join(', ')}]; add layers.expandDims(-1) before it for a univariate series.`);
    }
    const [B, T, F] = x.shape;
    const H = this.units;
    if (F !== this.features) {
      throw new Error(`Layer '${this.name}' (SimpleRNN) was built for ${this.features} feature(s) but gets input [${x.shape.join(', ')}] with ${F}: fix the data or the inputShape.`);
    }
    if (T < 1) throw new Error(`Layer '${this.name}' (SimpleRNN) needs at least one timestep, gets input [${x.shape.join(', ')}].`);
    const ld = T * H; // leading dimension of one timestep's rows in a (B, T, H) buffer
    // h[t] for every t: the output itself when returning sequences, else a reused internal buffer
    let hs: Float32Array; // (B, T, H)
    if (this.returnSequences) hs = new Float32Array(B * ld);
    else {
      if (this.hBuf.length !== B * ld) this.hBuf = new Float32Array(B * ld);
      hs = this.hBuf;
    }
    // input projection of all B·T rows at once: hs = X·W + b
    if (this.bias) {
      const b = this.bias.value;
      for (let r = 0; r < B * T; r++) hs.set(b, r * H);
    }
    gemmNN(B * T, H, F, x.data, 0, F, W.value, 0, H, hs, 0, H, !this.bias);
    const u = U.value; // (H, H)
    for (let t = 0; t < T; t++) {
      // h[t] += h[t-1]·U over the B rows of step t (h[-1] = 0: nothing to add at t = 0)
      if (t > 0) gemmNN(B, H, H, hs, (t - 1) * H, ld, u, 0, H, hs, t * H, ld);
      for (let b = 0, o = t * H; b < B; b++, o += ld) activateInPlace(this.activation, hs, o, o + H);
    }
    this.cacheX = training ? x.data : null;
    this.cacheH = training ? hs : null;
    this.cacheB = B;
    this.cacheT = T;
    if (this.returnSequences) return new Tensor(hs, [B, T, H]);
    const last = new Float32Array(B * H); // (B, H) = h[T-1]
    for (let b = 0; b < B; b++) last.set(hs.subarray(b * ld + (T - 1) * H, b * ld + T * H), b * H);
    return new Tensor(last, [B, H]);
  }

  backward(dy: Tensor): Tensor {
    const X = this.cacheX;
    const hs = this.cacheH;
    if (!X || !hs) throw new Error(`Layer '${this.name}' (SimpleRNN): backward() needs a forward(x, true) before it.`);
    const B = this.cacheB;
    const T = this.cacheT;
    const F = this.features;
    const H = this.units;
    const ld = T * H;
    const expected = this.returnSequences ? B * T * H : B * H;
    if (dy.size !== expected) {
      throw new Error(`Layer '${this.name}' (SimpleRNN): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${expected} values.`);
    }
    const W = this.kernel!;
    const U = this.recurrent!;
    if (this.dzBuf.length !== B * ld) this.dzBuf = new Float32Array(B * ld);
    const dz = this.dzBuf; // (B, T, H): holds dh[t] until step t turns it into dz[t]
    if (this.returnSequences) dz.set(dy.data);
    else {
      dz.fill(0);
      for (let b = 0; b < B; b++) dz.set(dy.data.subarray(b * H, (b + 1) * H), b * ld + (T - 1) * H);
    }
    const u = U.value; // (H, H)
    for (let t = T - 1; t >= 0; t--) {
      // dz[t] = dh[t] * act'(h[t])
      for (let b = 0, o = t * H; b < B; b++, o += ld) activationBackwardInPlace(this.activation, hs, dz, o, o + H);
      // dh[t-1] += dz[t]·Uᵀ
      if (t > 0) gemmNT(B, H, H, dz, t * H, ld, u, 0, H, dz, (t - 1) * H, ld);
    }
    // dW += Xᵀ·dZ over all B·T rows  (F, H)
    gemmTN(F, H, B * T, X, 0, F, dz, 0, H, W.grad, 0, H);
    // dU += Σ_t h[t-1]ᵀ·dz[t]: per sequence, rows 0..T-2 of h against rows 1..T-1 of dz  (H, H)
    if (T > 1) for (let b = 0; b < B; b++) gemmTN(H, H, T - 1, hs, b * ld, H, dz, b * ld + H, H, U.grad, 0, H);
    if (this.bias) {
      // db += Σ_rows dz, summed in float64: B·T rows
      if (this.dbAcc.length !== H) this.dbAcc = new Float64Array(H);
      const acc = this.dbAcc;
      acc.fill(0);
      for (let r = 0; r < B * T; r++) for (let j = 0, o = r * H; j < H; j++) acc[j] += dz[o + j];
      const db = this.bias.grad;
      for (let j = 0; j < H; j++) db[j] += acc[j];
    }
    // dX = dZ·Wᵀ  (B, T, F)
    const dx = new Float32Array(B * T * F);
    gemmNT(B * T, F, H, dz, 0, H, W.value, 0, H, dx, 0, F, true);
    return new Tensor(dx, [B, T, F]);
  }

  config(): Record<string, unknown> {
    return {
      name: this.name,
      units: this.units,
      activation: this.activation,
      returnSequences: this.returnSequences,
      useBias: this.useBias,
      inputShape: this.inputShape,
    };
  }
}

/**
 * A fully connected recurrent layer, as Keras `SimpleRNN`: kernel (features, units) glorotUniform,
 * recurrent_kernel (units, units) orthogonal, bias (units) zeros. Input (batch, time, features)
 * with any number of timesteps; output (batch, units), or (batch, time, units) with `returnSequences`.
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
