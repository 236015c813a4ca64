/**
 * LSTM, as Keras `LSTM`. Per step, with the gates in Keras's order [i, f, c, o]:
 *   z = x[t]·W + h[t-1]·U + b                          (B, 4H) pre-activations
 *   i = σ(z_i), f = σ(z_f), g = act(z_c), o = σ(z_o)   σ = recurrentActivation, act = activation
 *   c[t] = f ⊙ c[t-1] + i ⊙ g,   h[t] = o ⊙ act(c[t]),   h[-1] = c[-1] = 0
 *
 * Letters: B = batch, T = timesteps, F = features, H = units, G = 4H (the width of the gates).
 *
 * Fused: one GEMM projects all B·T rows (X·W + b) into the gate buffer; per step one GEMM adds
 * h[t-1]·U into the step's B rows (leading dimension T·G), the activations run in place and one
 * loop updates c and h. BPTT keeps dZ for every t, so dW, dX and db are one GEMM or sum each
 * after the loop, and dU one GEMM per sequence. `Recurrent` handles returnSequences, returnState
 * ([output, h, c]) and goBackwards. With the WebAssembly kernels, each step's elementwise loops
 * run as one call (engine/wasm/lstm-step.ts); the loops below are the reference.
 */
import { gemmNN, gemmNT } from '../engine/gemm.js';
import { activateInPlace, activationBackwardInPlace, type ActivationName } from '../engine/activations.js';
import { allocF32, resizeF32 } from '../engine/wasm/arena.js';
import { lstmBackwardStep, lstmForwardStep } from '../engine/wasm/lstm-step.js';
import type { ConfigKeys } from './layer.js';
import { GATED_CONFIG_KEYS, GatedRecurrent, addRecurrentGrad, lastStep, type GatedOptions, type StepBuffers } from './recurrent.js';

/** LSTM's options: the gated ones (`activation`: of the candidate g and of act(c); `recurrentActivation`: of i, f, o) and: */
export interface LSTMOptions extends GatedOptions {
  /** Initialize the forget gate's bias to 1 (the others to 0), as Keras; default true. */
  unitForgetBias?: boolean;
}

/** act(x) for one value: the cell's activation on c inside the fused loop. */
const SCALAR: Record<ActivationName, (x: number) => number> = {
  linear: (x) => x,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : 0),
};

/** act'(x) written from y = act(x). */
const SCALAR_DERIVATIVE: Record<ActivationName, (y: number) => number> = {
  linear: () => 1,
  tanh: (y) => 1 - y * y,
  sigmoid: (y) => y * (1 - y),
  relu: (y) => (y > 0 ? 1 : 0),
};

export class LSTM extends GatedRecurrent<LSTMOptions> {
  /** The keys of a saved LSTM config, with their JSON types. */
  static readonly configKeys: ConfigKeys = { ...GATED_CONFIG_KEYS, unitForgetBias: 'boolean' };

  /** Rebuilds a saved LSTM through `lstm`, which validates the values. */
  static fromConfig({ units, ...options }: Record<string, unknown>): LSTM {
    return lstm(units as number, options as LSTMOptions);
  }

  readonly className = 'LSTM';
  override readonly stateCount = 2;
  readonly unitForgetBias: boolean;
  // kept by forward for backward (with the gates i, f, g, o), reused while B·T stays the same
  private cs = allocF32(0); // (B, T, H) c[t]: f's gradient needs c[t-1]
  private acs = allocF32(0); // (B, T, H) act(c[t]): o's and c's gradients need it
  private dc = allocF32(0); // (B, H) in backward: dL/dc[t] carried from step t+1

  constructor(units: number, options: LSTMOptions = {}) {
    super('lstm', units, options);
    this.unitForgetBias = options.unitForgetBias ?? true;
  }

  protected declareParams(F: number): void {
    const G = 4 * this.units;
    this.declareWeights(F, G, [G], this.unitForgetBias ? 'lstmBias' : 'zeros');
  }

  protected forwardSteps({ x, hs, B, T }: StepBuffers): void {
    const H = this.units;
    const G = 4 * H;
    const n = B * T;
    this.gates = resizeF32(this.gates, n * G);
    this.cs = resizeF32(this.cs, n * H);
    this.acs = resizeF32(this.acs, n * H);
    const gates = this.gates; // (B, T, G)
    const cs = this.cs; // (B, T, H)
    const acs = this.acs; // (B, T, H)
    // input projection of all B·T rows at once: Z = X·W + b
    this.projectInput(x, gates, n);
    const u = this.recurrent!.value; // (H, G)
    const rec = this.recurrentActivation;
    const act = this.activation;
    const actC = SCALAR[act];
    const ldH = T * H; // leading dimension of a step's rows in (B, T, H)
    const ldG = T * G; // ... in (B, T, G)
    for (let t = 0; t < T; t++) {
      // Z[t] += h[t-1]·U over the B rows of step t (h[-1] = 0)
      if (t > 0) gemmNN(B, G, H, hs, (t - 1) * H, ldH, u, 0, G, gates, t * G, ldG);
      if (lstmForwardStep({ rec, act, B, H, T, t }, gates, cs, acs, hs)) continue;
      for (let b = 0; b < B; b++) {
        const z = b * ldG + t * G; // this row's gates
        const s = b * ldH + t * H; // this row's states
        activateInPlace(rec, gates, z, z + 2 * H); // i, f
        activateInPlace(act, gates, z + 2 * H, z + 3 * H); // g
        activateInPlace(rec, gates, z + 3 * H, z + G); // o
        for (let j = 0; j < H; j++) {
          const cPrev = t > 0 ? cs[s - H + j] : 0;
          const c = gates[z + H + j] * cPrev + gates[z + j] * gates[z + 2 * H + j];
          const a = actC(c);
          cs[s + j] = c;
          acs[s + j] = a;
          hs[s + j] = gates[z + 3 * H + j] * a;
        }
      }
    }
  }

  protected override extraStates(B: number, T: number): Float32Array[] {
    return [lastStep(this.cs, B, T, this.units)];
  }

  protected backwardSteps({ x, hs, B, T }: StepBuffers, dh: Float32Array, dStates: (Float32Array | null)[], dx: Float32Array): void {
    const H = this.units;
    const G = 4 * H;
    const n = B * T;
    const U = this.recurrent!;
    this.dG = resizeF32(this.dG, n * G);
    this.dc = resizeF32(this.dc, B * H);
    const dG = this.dG; // (B, T, G)
    const dc = this.dc; // (B, H)
    const gates = this.gates;
    const cs = this.cs;
    const acs = this.acs;
    if (dStates[0]) dc.set(dStates[0]);
    else dc.fill(0);
    const u = U.value; // (H, G)
    const rec = this.recurrentActivation;
    const act = this.activation;
    const dAct = SCALAR_DERIVATIVE[act];
    const ldH = T * H;
    const ldG = T * G;
    for (let t = T - 1; t >= 0; t--) {
      const fast = lstmBackwardStep({ rec, act, B, H, T, t }, gates, dG, cs, acs, dh, dc);
      for (let b = 0; b < B && !fast; b++) {
        const z = b * ldG + t * G;
        const s = b * ldH + t * H;
        const d = b * H;
        // gradients with respect to the gates' outputs; dc[t] = carry + dh·o·act'(c)
        for (let j = 0; j < H; j++) {
          const dhv = dh[s + j];
          const a = acs[s + j];
          const dcv = dc[d + j] + dhv * gates[z + 3 * H + j] * dAct(a);
          const cPrev = t > 0 ? cs[s - H + j] : 0;
          dG[z + j] = dcv * gates[z + 2 * H + j]; // di = dc·g
          dG[z + H + j] = dcv * cPrev; // df = dc·c[t-1]
          dG[z + 2 * H + j] = dcv * gates[z + j]; // dg = dc·i
          dG[z + 3 * H + j] = dhv * a; // do = dh·act(c)
          dc[d + j] = dcv * gates[z + H + j]; // dc[t-1] = dc·f
        }
        // through the activations: dZ = d(gate) · act'(gate)
        activationBackwardInPlace(rec, gates, dG, z, z + 2 * H);
        activationBackwardInPlace(act, gates, dG, z + 2 * H, z + 3 * H);
        activationBackwardInPlace(rec, gates, dG, z + 3 * H, z + G);
      }
      // dh[t-1] += dZ[t]·Uᵀ
      if (t > 0) gemmNT(B, H, G, dG, t * G, ldG, u, 0, G, dh, (t - 1) * H, ldH);
    }
    // dW += Xᵀ·dZ over all B·T rows (F, G); dX = dZ·Wᵀ (B, T, F)
    this.addInputGrads(x, dG, n, dx);
    // dU += Σ_t h[t-1]ᵀ·dZ[t]  (H, G)
    addRecurrentGrad(B, T, H, G, hs, 0, dG, 0, G, U.grad, 0, G);
    if (this.bias) this.addBiasGrad(0, dG, n, 0, G, G);
  }

  protected override cellConfig(): Record<string, unknown> {
    return { unitForgetBias: this.unitForgetBias };
  }
}

/**
 * A long short-term memory layer, as Keras `LSTM`: kernel (features, 4·units) glorotUniform,
 * recurrent_kernel (units, 4·units) orthogonal, bias (4·units) zeros with ones on the forget gate
 * (`unitForgetBias`); gate order [i, f, c, o], so Keras weights load as they are. Input
 * (batch, time, features); output (batch, units), or (batch, time, units) with `returnSequences`.
 * `goBackwards` and `returnState` ([output, h, c] from `forwardWithState`) as Keras.
 *
 * @example
 * // the course's LSTM model: windows of any length, one feature
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.lstm(32, { returnSequences: true }),
 *   layers.lstm(32),
 *   layers.dense(1),
 * ]);
 * @throws when `units` is not a positive integer or an activation is unknown; at build when the
 * input is not (time, features); at forward when the input is not 3-D or has another feature count.
 */
export function lstm(units: number, options?: LSTMOptions): LSTM {
  return new LSTM(units, options);
}
