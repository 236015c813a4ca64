/**
 * The base of the recurrent layers (SimpleRNN, LSTM, GRU): the options they all have and the work
 * around the time loop that they all do the same way. A subclass declares its weights and runs its
 * cell's time loop and BPTT over flat (B, T, ·) buffers; this class checks the input, reverses time
 * for `goBackwards`, picks the output and the final states, and seeds dh from their gradients.
 * It also holds what every cell has the same way: the activation and useBias options, the weights
 * (kernel, recurrent_kernel, bias), the input projection before the time loop (X·W + b for all B·T
 * rows in one GEMM), the gradients after it (dW, dX, db), and the saved config.
 * `GatedRecurrent` adds the gates of LSTM and GRU: their recurrentActivation and gate buffers.
 *
 * Letters: B = batch, T = timesteps, F = features, H = units, G = the width of the gates (H for
 * SimpleRNN, 4H for LSTM, 3H for GRU).
 *
 * goBackwards (Keras semantics): the input is copied reversed in time into a scratch buffer
 * (B·T·F values, nothing next to the GEMMs), the ordinary loop runs on it and dX is reversed back.
 * Everything a subclass sees is in processing order, and so is the output with `returnSequences`:
 * step s of the output is the state after the input's step T−1−s, as Keras and tfjs return it.
 *
 * returnState: `forward` returns the main output only, so the layer can sit in a `sequential` model
 * (where Keras would refuse `return_state`; the option is for code that calls the layer directly).
 * `forwardWithState` returns [output, ...final states]: [output, h] for SimpleRNN and GRU,
 * [output, h, c] for LSTM; `backwardWithState` takes a gradient for each of them.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { gemmNN, gemmNT, gemmTN } from '../engine/gemm.js';
import { checkActivation, type ActivationName } from '../engine/activations.js';
import { allocF32, inArena, resizeF32 } from '../engine/wasm/arena.js';
import { addColumnSums } from '../engine/wasm/rows.js';
import type { InitializerName } from './initializers.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions, type Param } from './layer.js';

/** Options every recurrent layer accepts. */
export interface RecurrentOptions extends LayerOptions {
  /** Output every h[t], (batch, time, units), instead of the last one, (batch, units); default false. */
  returnSequences?: boolean;
  /**
   * Also give the final states, through `forwardWithState`: [output, h] (SimpleRNN, GRU) or
   * [output, h, c] (LSTM); default false. `forward`, and so a `sequential` model, passes only the output on.
   */
  returnState?: boolean;
  /** Process the sequence from its last step to its first, as Keras; the output stays in processing order; default false. */
  goBackwards?: boolean;
  /** Activation of the state (SimpleRNN) or of the candidate (LSTM: g and act(c); GRU: h̃); default 'tanh', as Keras. */
  activation?: ActivationName;
  /** Add bias vectors; default true. */
  useBias?: boolean;
}

/** Options of the gated layers, LSTM and GRU. */
export interface GatedOptions extends RecurrentOptions {
  /** Activation of the gates (LSTM: i, f, o; GRU: z, r); default 'sigmoid', as Keras 2.3+ (tfjs defaults to hardSigmoid). */
  recurrentActivation?: ActivationName;
}

/** What a cell's time loop works on: x (B, T, F) in processing order and hs (B, T, H), h[t] for every t. */
export interface StepBuffers {
  x: Float32Array;
  hs: Float32Array;
  B: number;
  T: number;
}

/** The keys every recurrent layer's saved config accepts (each class adds its own). */
export const RECURRENT_CONFIG_KEYS: ConfigKeys = {
  ...LAYER_CONFIG_KEYS,
  units: 'number',
  returnSequences: 'boolean',
  returnState: 'boolean',
  goBackwards: 'boolean',
  activation: 'string',
  useBias: 'boolean',
};

/** The keys of the gated layers' saved configs (LSTM and GRU add their own). */
export const GATED_CONFIG_KEYS: ConfigKeys = { ...RECURRENT_CONFIG_KEYS, recurrentActivation: 'string' };

export abstract class Recurrent<O extends RecurrentOptions = RecurrentOptions> extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  /** Number of final states: 1 (h), or 2 (h, c) for LSTM. */
  readonly stateCount: number = 1;
  protected features = 0;
  protected kernel: Param | null = null; // (F, G)
  protected recurrent: Param | null = null; // (H, G)
  protected bias: Param | null = null; // (G), or (2, G) for GRU with resetAfter
  private dbAcc = new Float64Array(0); // column sums of a gradient, in float64 (sums over B·T rows)
  private readonly initOptions: O;
  private built = false;
  // kept by a training forward for backward (null after an inference forward): the input in
  // processing order and h[t] for every t; subclasses keep their gates in their own buffers
  private cacheX: Float32Array | null = null; // (B, T, F)
  private cacheH: Float32Array | null = null; // (B, T, H)
  private cacheB = 0;
  private cacheT = 0;
  // internal buffers, reused while the sizes stay the same, in the kernels' memory (allocF32)
  private hBuf = allocF32(0); // (B, T, H) h[t] (a returned sequence is a copy of it)
  private xBuf = allocF32(0); // (B, T, F) the input in processing order (reversed in time with goBackwards)
  private dhBuf = allocF32(0); // (B, T, H) dL/dh[t] from above, handed to the subclass
  private dxRevBuf = allocF32(0); // (B, T, F) dX in processing order (goBackwards)

  constructor(kind: string, units: number, options: O) {
    super(kind, options);
    if (!Number.isInteger(units) || units < 1) throw new Error(`Layer '${this.name}': units must be a positive integer, got ${units}.`);
    this.units = units;
    this.initOptions = { ...options };
    this.returnSequences = options.returnSequences ?? false;
    this.returnState = options.returnState ?? false;
    this.goBackwards = options.goBackwards ?? false;
    this.activation = checkActivation(options.activation ?? 'tanh');
    this.useBias = options.useBias ?? true;
  }

  /**
   * A fresh, unbuilt layer of the same class and settings, with `overrides` applied. The name is
   * not copied: it is `overrides.name` or a new default name.
   * @example
   * const backward = lstm.cloneWith({ goBackwards: !lstm.goBackwards, name: 'backward_lstm' });
   */
  cloneWith(overrides: Partial<O> = {}): this {
    // every subclass has the constructor (units, options)
    const Ctor = this.constructor as new (units: number, options: O) => this;
    return new Ctor(this.units, { ...this.initOptions, name: undefined, ...overrides });
  }

  /** Declares the weights for F input features (with `declareWeights`). */
  protected abstract declareParams(F: number): void;

  /**
   * The time loop: x (B, T, F) in processing order; fills hs (B, T, H) with h[t] and keeps in the
   * subclass's buffers what `backwardSteps` needs.
   */
  protected abstract forwardSteps(s: StepBuffers): void;

  /**
   * BPTT over the buffers of the training forward: dh (B, T, H) holds dL/dh[t] from the output and
   * h's final state (the subclass may overwrite it); dStates holds the gradients of the other final
   * states (LSTM: c), null for zero. Adds into the parameter gradients and writes dL/dx (B, T, F),
   * processing order, into dx.
   */
  protected abstract backwardSteps(s: StepBuffers, dh: Float32Array, dStates: (Float32Array | null)[], dx: Float32Array): void;

  /**
   * Declares kernel (F, G) glorotUniform, recurrent_kernel (H, G) orthogonal and, with useBias, a
   * bias of `biasShape` (default (G)) initialized by `biasInit` (default zeros).
   */
  protected declareWeights(F: number, G: number, biasShape: number[] = [G], biasInit: InitializerName = 'zeros'): void {
    this.kernel = this.addParam('kernel', [F, G], 'glorotUniform');
    this.recurrent = this.addParam('recurrent_kernel', [this.units, G], 'orthogonal');
    if (this.useBias) this.bias = this.addParam('bias', biasShape, biasInit);
  }

  /**
   * The input projection of all n = B·T rows at once, before the time loop: out (n, G) = X·W + bias,
   * with `bias` (G) the bias vector (default: the layer's, none without useBias).
   */
  protected projectInput(x: Float32Array, out: Float32Array, n: number, bias = this.bias?.value): void {
    const F = this.features;
    const G = this.kernel!.shape[1];
    if (bias) for (let r = 0; r < n; r++) out.set(bias, r * G);
    gemmNN(n, G, F, x, 0, F, this.kernel!.value, 0, G, out, 0, G, !bias);
  }

  /** After the time loop, from dZ (n, G) over all n = B·T rows: dW += Xᵀ·dZ (F, G) and dX = dZ·Wᵀ (n, F). */
  protected addInputGrads(x: Float32Array, dz: Float32Array, n: number, dx: Float32Array): void {
    const F = this.features;
    const W = this.kernel!;
    const G = W.shape[1];
    gemmTN(F, G, n, x, 0, F, dz, 0, G, W.grad, 0, G);
    gemmNT(n, F, G, dz, 0, G, W.value, 0, G, dx, 0, F, true);
  }

  /** bias.grad[dbOff + j] += Σ_r g[r·gw + gOff + j] over n rows, j < N (see `addColumnSums`). */
  protected addBiasGrad(dbOff: number, g: Float32Array, n: number, gOff: number, gw: number, N: number): void {
    if (this.dbAcc.length < N) this.dbAcc = new Float64Array(N);
    addColumnSums(this.bias!.grad, dbOff, g, n, gOff, gw, N, this.dbAcc);
  }

  /** The final states after h, each (B, H): LSTM returns [c[T-1]]; after a forward. */
  protected extraStates(_B: number, _T: number): Float32Array[] {
    return [];
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.built) throw new Error(`Layer '${this.name}' (${this.className}) is already built: a layer belongs to one model.`);
    const [T, F] = inputShape;
    if (inputShape.length !== 2 || F === null || F < 1) {
      const err = this.shapeError('(time, features) with a known number of features', inputShape);
      if (inputShape.length === 1) err.message += ' For a univariate series add layers.expandDims(-1) before it.';
      throw err;
    }
    this.features = F;
    this.declareParams(F);
    this.built = true;
    this.outputShape = this.returnSequences ? [T, this.units] : [this.units];
    return this.outputShape;
  }

  /** The main output: (B, T, H) with `returnSequences`, else (B, H). */
  forward(x: Tensor, training: boolean): Tensor {
    return this.run(x, training, false)[0];
  }

  /** [output, h] (SimpleRNN, GRU) or [output, h, c] (LSTM); final states are (B, H), after the last processed step. */
  forwardWithState(x: Tensor, training: boolean): Tensor[] {
    return this.run(x, training, true);
  }

  backward(dy: Tensor): Tensor {
    return this.backwardWithState(dy, []);
  }

  /**
   * Backward from the gradients of the output and of the final states (null or missing: zero).
   * @throws without a training forward before it, or on a gradient of the wrong size.
   */
  backwardWithState(dOutput: Tensor | null, dStates: readonly (Tensor | null)[] = []): Tensor {
    const X = this.cacheX;
    const hs = this.cacheH;
    if (!X || !hs) throw new Error(`Layer '${this.name}' (${this.className}): backward() needs a forward(x, true) before it.`);
    const B = this.cacheB;
    const T = this.cacheT;
    const F = this.features;
    const H = this.units;
    const ld = T * H; // leading dimension of one timestep's rows in a (B, T, H) buffer
    const expected = this.returnSequences ? B * ld : B * H;
    if (dOutput && dOutput.size !== expected) {
      throw new Error(
        `Layer '${this.name}' (${this.className}): backward got a gradient of shape [${dOutput.shape.join(', ')}] for an output of ${expected} values.`,
      );
    }
    if (dStates.length > this.stateCount || dStates.some((d) => d && d.size !== B * H)) {
      throw new Error(
        `Layer '${this.name}' (${this.className}): backwardWithState takes up to ${this.stateCount} state gradient(s) of shape [${B}, ${H}].`,
      );
    }
    this.dhBuf = resizeF32(this.dhBuf, B * ld);
    const dh = this.dhBuf; // (B, T, H)
    if (this.returnSequences && dOutput) dh.set(dOutput.data);
    else {
      dh.fill(0);
      if (dOutput) for (let b = 0; b < B; b++) dh.set(dOutput.data.subarray(b * H, (b + 1) * H), b * ld + (T - 1) * H);
    }
    const dhLast = dStates[0]?.data;
    if (dhLast) for (let b = 0; b < B; b++) for (let j = 0, o = b * ld + (T - 1) * H; j < H; j++) dh[o + j] += dhLast[b * H + j];
    const dx = new Float32Array(B * T * F); // (B, T, F)
    if (this.goBackwards) this.dxRevBuf = resizeF32(this.dxRevBuf, dx.length);
    const dxSteps = this.goBackwards ? this.dxRevBuf : dx;
    const rest = dStates.slice(1).map((d) => d?.data ?? null);
    this.backwardSteps({ x: X, hs, B, T }, dh, rest, dxSteps);
    if (this.goBackwards) reverseTime(dxSteps, dx, B, T, F);
    return new Tensor(dx, [B, T, F]);
  }

  private run(x: Tensor, training: boolean, withStates: boolean): Tensor[] {
    const [B, T, F] = this.checkInput(x);
    const H = this.units;
    const n = B * T * H;
    // h[t] for every t, in a reused internal buffer (the output never shares it)
    this.hBuf = resizeF32(this.hBuf, n);
    const hs = this.hBuf; // (B, T, H)
    let xs = x.data; // (B, T, F) in processing order, in the kernels' memory when it can be
    if (this.goBackwards || !inArena(xs)) {
      this.xBuf = resizeF32(this.xBuf, x.size);
      if (this.goBackwards) reverseTime(x.data, this.xBuf, B, T, F);
      else this.xBuf.set(x.data);
      xs = this.xBuf;
    }
    this.forwardSteps({ x: xs, hs, B, T });
    this.cacheX = training ? xs : null;
    this.cacheH = training ? hs : null;
    this.cacheB = B;
    this.cacheT = T;
    const out = this.returnSequences ? new Tensor(hs.slice(), [B, T, H]) : new Tensor(lastStep(hs, B, T, H), [B, H]);
    if (!withStates) return [out];
    const states = [lastStep(hs, B, T, H), ...this.extraStates(B, T)];
    return [out, ...states.map((s) => new Tensor(s, [B, H]))];
  }

  /** Checks a forward input and returns [B, T, F]. */
  private checkInput(x: Tensor): [number, number, number] {
    if (!this.built) throw new Error(`Layer '${this.name}' (${this.className}) is used before build().`);
    if (x.rank !== 3) {
      throw new Error(
        `Layer '${this.name}': ${this.className} expects (batch, time, features) but gets [${x.shape.join(', ')}]; add layers.expandDims(-1) before it for a univariate series.`,
      );
    }
    const [B, T, F] = x.shape;
    if (F !== this.features) {
      throw new Error(
        `Layer '${this.name}' (${this.className}) was built for ${this.features} feature(s) but gets input [${x.shape.join(', ')}] with ${F}: fix the data or the inputShape.`,
      );
    }
    if (T < 1) throw new Error(`Layer '${this.name}' (${this.className}) needs at least one timestep, gets input [${x.shape.join(', ')}].`);
    return [B, T, F];
  }

  /**
   * The saved settings, in model.json's order: goBackwards and returnState only when set, the
   * gated layers' recurrentActivation (`gateConfig`) between activation and useBias, the layer's
   * own settings (`cellConfig`) last.
   */
  config(): Record<string, unknown> {
    return {
      name: this.name,
      units: this.units,
      returnSequences: this.returnSequences,
      ...(this.returnState ? { returnState: true } : {}),
      ...(this.goBackwards ? { goBackwards: true } : {}),
      inputShape: this.inputShape,
      activation: this.activation,
      ...this.gateConfig(),
      useBias: this.useBias,
      ...this.cellConfig(),
    };
  }

  /** The gates' settings, saved after activation: none here (see `GatedRecurrent`). */
  protected gateConfig(): Record<string, unknown> {
    return {};
  }

  /** A subclass's own settings, saved last: none here. */
  protected cellConfig(): Record<string, unknown> {
    return {};
  }
}

/**
 * The base of the gated layers, LSTM and GRU: the activation of their gates (recurrentActivation)
 * and the buffers of the gates for every step, which forward keeps for backward.
 */
export abstract class GatedRecurrent<O extends GatedOptions = GatedOptions> extends Recurrent<O> {
  readonly recurrentActivation: ActivationName;
  // kept by forward for backward, reused while B·T stays the same, in the kernels' memory
  protected gates = allocF32(0); // (B, T, G) the gates after their activations
  protected dG = allocF32(0); // (B, T, G) dL/dz for every t, in backward

  constructor(kind: string, units: number, options: O) {
    super(kind, units, options);
    this.recurrentActivation = checkActivation(options.recurrentActivation ?? 'sigmoid');
  }

  protected override gateConfig(): Record<string, unknown> {
    return { recurrentActivation: this.recurrentActivation };
  }
}

/** dst (B, T, D) = src with the time axis reversed; returns dst. */
export function reverseTime(src: Float32Array, dst: Float32Array, B: number, T: number, D: number): Float32Array {
  for (let b = 0; b < B; b++) {
    const base = b * T * D;
    for (let t = 0; t < T; t++) {
      const from = base + t * D;
      const to = base + (T - 1 - t) * D;
      // a few values: a loop (a subarray per step costs more than the copy); more: one set
      if (D < 16) for (let i = 0; i < D; i++) dst[to + i] = src[from + i];
      else dst.set(src.subarray(from, from + D), to);
    }
  }
  return dst;
}

/** A copy of step T−1 of a (B, T, H) buffer: (B, H). */
export function lastStep(seq: Float32Array, B: number, T: number, H: number): Float32Array {
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) out.set(seq.subarray(b * T * H + (T - 1) * H, b * T * H + T * H), b * H);
  return out;
}

/**
 * The recurrent kernel's gradient, as one GEMM per sequence:
 * dU (H×N at uOff, leading dimension ldu) += Σ_b Σ_{t≥1} a[b, t−1+aShift]ᵀ · g[b, t][gOff .. gOff+N),
 * with a (B, T, H) and g (B, T, gw). aShift = 0 pairs h[t−1] with step t's gradient; 1 pairs a[t].
 */
export function addRecurrentGrad(
  B: number,
  T: number,
  H: number,
  N: number,
  a: Float32Array,
  aShift: 0 | 1,
  g: Float32Array,
  gOff: number,
  gw: number,
  dU: Float32Array,
  uOff: number,
  ldu: number,
): void {
  if (T < 2) return;
  for (let b = 0; b < B; b++) gemmTN(H, N, T - 1, a, (b * T + aShift) * H, H, g, (b * T + 1) * gw + gOff, gw, dU, uOff, ldu);
}
