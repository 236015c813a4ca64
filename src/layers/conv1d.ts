/**
 * Conv1D: y[t'] = act(Σ_j x[t'·s − pL + j·d]·W[j] + b), as Keras `Conv1D` over (batch, time, features).
 *
 * Letters: B = batch, T = input timesteps, F = input features, K = kernel size, C = filters,
 * T' = output timesteps, R = B·T' output rows, s = strides, d = dilation rate, pL = left padding,
 * KF = K·F, P = KF (+ 1 with a bias) rounded up to a multiple of 4.
 *
 * Padding as Keras: 'valid' (none), 'same' (total padding split as TensorFlow does, the extra step
 * on the right) and 'causal' (d·(K−1) zeros on the left, then 'valid': y[t] sees x[≤ t] only).
 *
 * Fast path: im2col. Every output step's receptive field is copied into one row of a reused
 * (R, P) buffer, so the whole convolution is one GEMM against the kernel viewed as (KF, C), and the
 * backward pass is two GEMMs (dW = colsᵀ·dZ, dCols = dZ·Wᵀ) plus a scatter-add of dCols into dX.
 * Rows are P wide, not KF: column KF holds a constant 1 (with a bias) and the rest zeros, and the
 * kernel is copied into a (P, C) matrix whose row KF is the bias. Then the bias rides in the GEMMs
 * (y = cols·Wp, and row KF of colsᵀ·dZ is db, summed in float64 by the GEMM), and every GEMM runs
 * on the 4×4 register-blocked core instead of its scalar edge loops: with F = 1, K = 3 (KF = 3),
 * measured 3.7x faster backward than GEMMs over KF = 3 plus a separate bias loop.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { gemmNN, gemmNT, gemmTN } from '../engine/gemm.js';
import { activateInPlace, activationGradient, checkActivation, type ActivationName } from '../engine/activations.js';
import { allocF32, resizeF32 } from '../engine/wasm/arena.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions, type Param } from './layer.js';

export type Conv1DPadding = 'valid' | 'same' | 'causal';

export interface Conv1DOptions extends LayerOptions {
  /** Length of the convolution window (required, as in Keras). */
  kernelSize: number;
  /** Step between two windows; default 1. Cannot be combined with dilationRate > 1 (as Keras). */
  strides?: number;
  /** 'valid' (default, as Keras), 'same' or 'causal'. */
  padding?: Conv1DPadding;
  /** Spacing between the taps of the kernel; default 1. */
  dilationRate?: number;
  /** Applied to the convolution plus bias; default 'linear' (none), as Keras. */
  activation?: ActivationName;
  /** Add a bias vector; default true. */
  useBias?: boolean;
}

const PADDINGS: readonly Conv1DPadding[] = ['valid', 'same', 'causal'];

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`Conv1D ${what} must be a positive integer, got ${v}.`);
  return v;
}

export class Conv1D extends Layer {
  /** The keys of a saved Conv1D config, with their JSON types. */
  static readonly configKeys: ConfigKeys = {
    ...LAYER_CONFIG_KEYS,
    filters: 'number',
    kernelSize: 'number',
    strides: 'number',
    padding: 'string',
    dilationRate: 'number',
    activation: 'string',
    useBias: 'boolean',
  };

  /** Rebuilds a saved Conv1D through `conv1d`, which validates the values (kernelSize included). */
  static fromConfig({ filters, ...options }: Record<string, unknown>): Conv1D {
    return conv1d(filters as number, options as unknown as Conv1DOptions);
  }

  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Conv1DPadding;
  readonly dilationRate: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  private kernel: Param | null = null; // (K, F, C), used as (KF, C)
  private bias: Param | null = null; // (C)
  private features = 0;
  private width = 0; // P
  // kept by a training forward for backward: the (activated) output and the geometry (cols stay in their buffer)
  private cacheY: Float32Array | null = null; // (B, T', C)
  private cacheB = 0;
  private cacheT = 0;
  private cacheTo = 0;
  // internal buffers, reused while the sizes stay the same, in the kernels' memory (allocF32)
  private cols = allocF32(0); // (R, P) receptive fields, one row per output step, then 1, 0...
  private dCols = allocF32(0); // (R, P)
  private dz = allocF32(0); // (R, C) dy * act'(y)
  private wp = allocF32(0); // (P, C) kernel rows, then the bias row, then zero rows
  private dwp = allocF32(0); // (P, C) colsᵀ·dZ: dW rows, then the db row

  constructor(filters: number, options: Conv1DOptions) {
    super('conv1d', options);
    if (!options || options.kernelSize === undefined) throw new Error('Conv1D needs a kernelSize: conv1d(filters, { kernelSize: 3 }).');
    this.filters = positiveInt(filters, 'filters');
    this.kernelSize = positiveInt(options.kernelSize, 'kernelSize');
    this.strides = positiveInt(options.strides ?? 1, 'strides');
    this.dilationRate = positiveInt(options.dilationRate ?? 1, 'dilationRate');
    this.padding = options.padding ?? 'valid';
    if (!PADDINGS.includes(this.padding))
      throw new Error(`Conv1D padding must be one of ${PADDINGS.join(', ')}, got '${String(this.padding)}'.`);
    if (this.strides > 1 && this.dilationRate > 1) {
      throw new Error(
        `Conv1D cannot combine strides ${this.strides} with dilationRate ${this.dilationRate} (as Keras): set one of them to 1.`,
      );
    }
    this.activation = checkActivation(options.activation ?? 'linear');
    this.useBias = options.useBias ?? true;
  }

  /** Number of input steps one output step sees: d·(K−1) + 1. */
  get receptiveField(): number {
    return this.dilationRate * (this.kernelSize - 1) + 1;
  }

  /** Output length and left padding for an input of T steps (output length < 1: too short). */
  private geometry(T: number): { To: number; padLeft: number } {
    const s = this.strides;
    const rf = this.receptiveField;
    if (this.padding === 'valid') return { To: Math.floor((T - rf) / s) + 1, padLeft: 0 };
    const To = Math.ceil(T / s); // 'same' and 'causal' (causal = left padding rf − 1, then valid)
    if (this.padding === 'causal') return { To, padLeft: rf - 1 };
    const total = Math.max((To - 1) * s + rf - T, 0);
    return { To, padLeft: Math.floor(total / 2) };
  }

  private tooShort(T: number): Error {
    if (this.padding !== 'valid') return new Error(`Layer '${this.name}' (Conv1D) needs at least one timestep, gets ${T}.`);
    return new Error(
      `Layer '${this.name}' (Conv1D) needs at least ${this.receptiveField} timesteps with padding 'valid' (kernelSize ${this.kernelSize}, dilationRate ${this.dilationRate}) but gets ${T}: use longer windows, padding 'same' or 'causal', or a smaller kernel.`,
    );
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.kernel) throw new Error(`Layer '${this.name}' (Conv1D) is already built: a layer belongs to one model.`);
    const [T, F] = inputShape;
    if (inputShape.length !== 2 || F === null || F < 1) {
      const err = this.shapeError('(time, features) with a known number of features', inputShape);
      if (inputShape.length === 1) err.message += ' For a univariate series add layers.expandDims(-1) before it.';
      throw err;
    }
    let To: number | null = null;
    if (T !== null) {
      if (T < 1 || (this.padding === 'valid' && T < this.receptiveField)) throw this.tooShort(T);
      To = this.geometry(T).To;
    }
    this.features = F;
    this.kernel = this.addParam('kernel', [this.kernelSize, F, this.filters], 'glorotUniform');
    if (this.useBias) this.bias = this.addParam('bias', [this.filters], 'zeros');
    const KF = this.kernelSize * F;
    this.width = Math.ceil((KF + (this.useBias ? 1 : 0)) / 4) * 4; // wp and dwp are allocated by the first forward/backward
    this.outputShape = [To, this.filters];
    return this.outputShape;
  }

  /**
   * The one index rule of im2col and of its transpose (backward's scatter-add): calls
   * `tap(o, xo)` for tap j of every output step, with o = the tap's offset in cols (R, P), F values
   * from row·P + j·F, and xo = the offset in x (B, T, F) of the input step it reads, or −1 where
   * it reads a padded zero.
   */
  private forEachTap(B: number, T: number, To: number, padLeft: number, tap: (o: number, xo: number) => void): void {
    const F = this.features;
    const K = this.kernelSize;
    const s = this.strides;
    const d = this.dilationRate;
    const P = this.width;
    for (let b = 0; b < B; b++) {
      const xb = b * T * F;
      for (let t = 0; t < To; t++) {
        const row = (b * To + t) * P;
        const t0 = t * s - padLeft;
        for (let j = 0; j < K; j++) {
          const ti = t0 + j * d;
          tap(row + j * F, ti < 0 || ti >= T ? -1 : xb + ti * F);
        }
      }
    }
  }

  /** Fills the receptive-field part [0, KF) of every row of cols (R, P) from x (B, T, F). */
  private im2col(x: Float32Array, B: number, T: number, To: number, padLeft: number): void {
    const F = this.features;
    const cols = this.cols;
    this.forEachTap(B, T, To, padLeft, (o, xo) => {
      if (xo < 0) cols.fill(0, o, o + F);
      else if (F === 1) cols[o] = x[xo];
      else cols.set(x.subarray(xo, xo + F), o);
    });
  }

  /** (Re)allocates cols for R rows, with the constant columns: 1 at KF when there is a bias, 0 after. */
  private colsFor(R: number): Float32Array {
    const P = this.width;
    if (this.cols.length !== R * P) {
      this.cols = resizeF32(this.cols, R * P);
      if (this.bias) for (let r = 0, o = this.kernelSize * this.features; r < R; r++, o += P) this.cols[o] = 1;
    }
    return this.cols;
  }

  /** Copies the current kernel (KF, C) and bias (C) into wp (P, C); its other rows stay zero. */
  private packWeights(): Float32Array {
    const KFC = this.kernelSize * this.features * this.filters;
    this.wp = resizeF32(this.wp, this.width * this.filters); // zeroed when new; only the kernel and bias rows are written
    this.wp.set(this.kernel!.value);
    if (this.bias) this.wp.set(this.bias.value, KFC);
    return this.wp;
  }

  forward(x: Tensor, training: boolean): Tensor {
    if (!this.kernel) throw new Error(`Layer '${this.name}' (Conv1D) is used before build().`);
    if (x.rank !== 3) {
      throw new Error(
        `Layer '${this.name}': Conv1D expects (batch, time, features) but gets [${x.shape.join(', ')}]; add layers.expandDims(-1) before it for a univariate series.`,
      );
    }
    const [B, T, F] = x.shape;
    const C = this.filters;
    const P = this.width;
    if (F !== this.features) {
      throw new Error(
        `Layer '${this.name}' (Conv1D) was built for ${this.features} feature(s) but gets input [${x.shape.join(', ')}] with ${F}: fix the data or the inputShape.`,
      );
    }
    const { To, padLeft } = this.geometry(T);
    if (T < 1 || To < 1) throw this.tooShort(T);
    const R = B * To;
    const cols = this.colsFor(R); // (R, P)
    this.im2col(x.data, B, T, To, padLeft);
    // y = [cols | 1 | 0]·[W; b; 0] = conv(x, W) + b  (R, C)
    const y = new Float32Array(R * C); // (B, T', C)
    gemmNN(R, C, P, cols, 0, P, this.packWeights(), 0, C, y, 0, C, true);
    activateInPlace(this.activation, y, 0, y.length);
    // keep y for backward (it gives act'), and cols in their buffer; an inference forward drops it
    this.cacheY = training ? y : null;
    this.cacheB = B;
    this.cacheT = T;
    this.cacheTo = To;
    return new Tensor(y, [B, To, C]);
  }

  backward(dy: Tensor): Tensor {
    const Y = this.cacheY;
    if (!Y) throw new Error(`Layer '${this.name}' (Conv1D): backward() needs a forward(x, true) before it.`);
    if (dy.size !== Y.length) {
      throw new Error(
        `Layer '${this.name}' (Conv1D): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${Y.length} values.`,
      );
    }
    const B = this.cacheB;
    const T = this.cacheT;
    const To = this.cacheTo;
    const F = this.features;
    const K = this.kernelSize;
    const C = this.filters;
    const P = this.width;
    const KFC = K * F * C;
    const R = B * To;
    const cols = this.cols; // (R, P), filled by the training forward
    // dz = dy * act'(y) (R, C): in a scratch buffer, never in the caller's dy
    const dz = activationGradient(this.activation, Y, dy.data, (n) => (this.dz = resizeF32(this.dz, n)));
    // [dW; db; -] = colsᵀ·dZ  (P, C), then added into the grad views
    this.dwp = resizeF32(this.dwp, P * C);
    const dwp = this.dwp;
    gemmTN(P, C, R, cols, 0, P, dz, 0, C, dwp, 0, C, true);
    const dW = this.kernel!.grad;
    for (let i = 0; i < KFC; i++) dW[i] += dwp[i];
    if (this.bias) {
      const db = this.bias.grad;
      for (let j = 0; j < C; j++) db[j] += dwp[KFC + j];
    }
    // dCols = dZ·Wpᵀ  (R, P), then col2im: scatter-add every row back onto the steps it was read from
    this.dCols = resizeF32(this.dCols, R * P);
    const dc = this.dCols;
    gemmNT(R, P, C, dz, 0, C, this.packWeights(), 0, C, dc, 0, P, true);
    const dx = new Float32Array(B * T * F); // (B, T, F)
    this.forEachTap(B, T, To, this.geometry(T).padLeft, (o, xo) => {
      // xo < 0: a padded zero, no input to send the gradient to
      if (xo >= 0) for (let f = 0; f < F; f++) dx[xo + f] += dc[o + f];
    });
    return new Tensor(dx, [B, T, F]);
  }

  config(): Record<string, unknown> {
    const { name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, inputShape } = this;
    return { name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, inputShape };
  }
}

/**
 * A 1-D convolution over time, as Keras `Conv1D`: kernel (kernelSize, features, filters)
 * glorotUniform, bias (filters) zeros. Input (batch, time, features), output (batch, time', filters)
 * with time' = ⌈(time − receptiveField + 1) / strides⌉ for 'valid' and ⌈time / strides⌉ for 'same'
 * and 'causal' (receptiveField = dilationRate·(kernelSize − 1) + 1); an unknown time stays unknown.
 *
 * @example
 * // the course's Conv1D + LSTM model: a causal convolution in front of the recurrent layers
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.conv1d(32, { kernelSize: 5, strides: 1, padding: 'causal', activation: 'relu' }),
 *   layers.lstm(64, { returnSequences: true }),
 *   layers.dense(1),
 * ]);
 * @throws when filters, kernelSize, strides or dilationRate is not a positive integer, padding or
 * activation is unknown, or strides > 1 is combined with dilationRate > 1; at build when the input
 * is not (time, features) or, with padding 'valid', shorter than the receptive field; at forward
 * when the input is not 3-D, has another feature count or is too short.
 */
export function conv1d(filters: number, options: Conv1DOptions): Conv1D {
  return new Conv1D(filters, options);
}
