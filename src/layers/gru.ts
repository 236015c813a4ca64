/**
 * GRU, as Keras `GRU`. Gates in Keras's order [z, r, h]; σ = recurrentActivation, act = activation.
 * With `resetAfter` (the Keras 2/3 default; bias (2, 3H): input bias b_i and recurrent bias b_h):
 *   z = σ(x·W_z + b_iz + h[t-1]·U_z + b_hz),  r = σ(x·W_r + b_ir + h[t-1]·U_r + b_hr)
 *   h̃ = act(x·W_h + b_ih + r ⊙ (h[t-1]·U_h + b_hh))
 * Without it (bias (3H)):  z, r as above without b_h;  h̃ = act(x·W_h + b_h + (r ⊙ h[t-1])·U_h).
 * Both:  h[t] = z ⊙ h[t-1] + (1 − z) ⊙ h̃,  h[-1] = 0.
 *
 * Letters: B = batch, T = timesteps, F = features, H = units, G = 3H (the width of the gates).
 *
 * Fused as the LSTM: one GEMM projects all B·T rows into the gate buffer (with b_i, and b_h's z and
 * r parts, which add the same way); per step one GEMM adds h[t-1]·U_zr into the z, r columns and
 * one more handles the h column (h[t-1]·U_h into its own buffer with resetAfter, (r ⊙ h[t-1])·U_h
 * into the gates without). BPTT keeps dZ for every t: dW, dX, db are single GEMMs or sums after the loop.
 */
import { gemmNN, gemmNT } from '../engine/gemm.js';
import { activateInPlace, activationBackwardInPlace } from '../engine/activations.js';
import { allocF32, resizeF32 } from '../engine/wasm/arena.js';
import type { ConfigKeys } from './layer.js';
import { GATED_CONFIG_KEYS, GatedRecurrent, addRecurrentGrad, type GatedOptions, type StepBuffers } from './recurrent.js';

/** GRU's options: the gated ones (`activation`: of the candidate h̃; `recurrentActivation`: of z and r) and: */
export interface GRUOptions extends GatedOptions {
  /** Apply the reset gate after the recurrent matrix product, with a separate recurrent bias; default true, as Keras 2/3. */
  resetAfter?: boolean;
}

export class GRU extends GatedRecurrent<GRUOptions> {
  /** The keys of a saved GRU config, with their JSON types. */
  static readonly configKeys: ConfigKeys = { ...GATED_CONFIG_KEYS, resetAfter: 'boolean' };

  /** Rebuilds a saved GRU through `gru`, which validates the values. */
  static fromConfig({ units, ...options }: Record<string, unknown>): GRU {
    return gru(units as number, options as GRUOptions);
  }

  readonly className = 'GRU';
  readonly resetAfter: boolean;
  // kept by forward for backward (with the gates z, r, h̃), reused while B·T stays the same:
  // (B, T, H) resetAfter: h[t-1]·U_h + b_hh (r's gradient needs it); else r ⊙ h[t-1] (for dU_h)
  private rh = allocF32(0);
  private bx = new Float32Array(0); // (G) the bias added to the projection
  private dR = allocF32(0); // (B, T, H) in backward: dL/d(rh) for every t

  constructor(units: number, options: GRUOptions = {}) {
    super('gru', units, options);
    this.resetAfter = options.resetAfter ?? true;
  }

  protected declareParams(F: number): void {
    const G = 3 * this.units;
    this.declareWeights(F, G, this.resetAfter ? [2, G] : [G]);
  }

  protected forwardSteps({ x, hs, B, T }: StepBuffers): void {
    const H = this.units;
    const G = 3 * H;
    const n = B * T;
    const after = this.resetAfter;
    this.gates = resizeF32(this.gates, n * G);
    this.rh = resizeF32(this.rh, n * H);
    const gates = this.gates; // (B, T, G)
    const rh = this.rh; // (B, T, H)
    // input projection of all B·T rows at once: Z = X·W + b_i (+ b_h's z, r parts with resetAfter)
    if (this.bias) {
      const bias = this.bias.value;
      if (this.bx.length !== G) this.bx = new Float32Array(G);
      const bx = this.bx;
      for (let j = 0; j < G; j++) bx[j] = bias[j] + (after && j < 2 * H ? bias[G + j] : 0);
      if (after) for (let r = 0; r < n; r++) rh.set(bias.subarray(G + 2 * H, 2 * G), r * H);
    } else if (after) rh.fill(0);
    this.projectInput(x, gates, n, this.bias ? this.bx : undefined);
    const u = this.recurrent!.value; // (H, G)
    const rec = this.recurrentActivation;
    const act = this.activation;
    const ldH = T * H; // leading dimension of a step's rows in (B, T, H)
    const ldG = T * G; // ... in (B, T, G)
    for (let t = 0; t < T; t++) {
      if (t > 0) {
        // Z_zr[t] += h[t-1]·U_zr; with resetAfter rh[t] += h[t-1]·U_h
        gemmNN(B, 2 * H, H, hs, (t - 1) * H, ldH, u, 0, G, gates, t * G, ldG);
        if (after) gemmNN(B, H, H, hs, (t - 1) * H, ldH, u, 2 * H, G, rh, t * H, ldH);
      }
      for (let b = 0; b < B; b++) {
        const z = b * ldG + t * G; // this row's gates
        const s = b * ldH + t * H; // this row's states
        activateInPlace(rec, gates, z, z + 2 * H); // z, r
        if (after) for (let j = 0; j < H; j++) gates[z + 2 * H + j] += gates[z + H + j] * rh[s + j];
        else for (let j = 0; j < H; j++) rh[s + j] = t > 0 ? gates[z + H + j] * hs[s - H + j] : 0;
      }
      // without resetAfter: Z_h[t] += (r ⊙ h[t-1])·U_h
      if (!after && t > 0) gemmNN(B, H, H, rh, t * H, ldH, u, 2 * H, G, gates, t * G + 2 * H, ldG);
      for (let b = 0; b < B; b++) {
        const z = b * ldG + t * G;
        const s = b * ldH + t * H;
        activateInPlace(act, gates, z + 2 * H, z + G); // h̃
        for (let j = 0; j < H; j++) {
          const zg = gates[z + j];
          const hPrev = t > 0 ? hs[s - H + j] : 0;
          hs[s + j] = zg * hPrev + (1 - zg) * gates[z + 2 * H + j];
        }
      }
    }
  }

  protected backwardSteps({ x, hs, B, T }: StepBuffers, dh: Float32Array, _dStates: (Float32Array | null)[], dx: Float32Array): void {
    const H = this.units;
    const G = 3 * H;
    const n = B * T;
    const after = this.resetAfter;
    const U = this.recurrent!;
    this.dG = resizeF32(this.dG, n * G);
    this.dR = resizeF32(this.dR, n * H);
    const dG = this.dG; // (B, T, G)
    const dR = this.dR; // (B, T, H)
    const gates = this.gates;
    const rh = this.rh;
    const u = U.value; // (H, G)
    const rec = this.recurrentActivation;
    const act = this.activation;
    const ldH = T * H;
    const ldG = T * G;
    for (let t = T - 1; t >= 0; t--) {
      for (let b = 0; b < B; b++) {
        const z = b * ldG + t * G;
        const s = b * ldH + t * H;
        for (let j = 0; j < H; j++) {
          const dhv = dh[s + j];
          const zg = gates[z + j];
          const hPrev = t > 0 ? hs[s - H + j] : 0;
          dG[z + j] = dhv * (hPrev - gates[z + 2 * H + j]); // dz = dh·(h[t-1] − h̃)
          dG[z + 2 * H + j] = dhv * (1 - zg); // dh̃ = dh·(1 − z)
          if (t > 0) dh[s - H + j] += dhv * zg; // dh[t-1] += dh·z
        }
        activationBackwardInPlace(rec, gates, dG, z, z + H);
        activationBackwardInPlace(act, gates, dG, z + 2 * H, z + G);
        if (after) {
          // Z_h = X_h + r ⊙ rh: dr = dZ_h·rh, d(rh) = dZ_h·r
          for (let j = 0; j < H; j++) {
            const dzh = dG[z + 2 * H + j];
            dG[z + H + j] = dzh * rh[s + j];
            dR[s + j] = dzh * gates[z + H + j];
          }
          activationBackwardInPlace(rec, gates, dG, z + H, z + 2 * H);
        }
      }
      if (!after) {
        // Z_h = X_h + (r ⊙ h[t-1])·U_h: d(r ⊙ h[t-1]) = dZ_h·U_hᵀ, then dr = that·h[t-1], dh[t-1] += that·r
        if (t > 0) gemmNT(B, H, H, dG, t * G + 2 * H, ldG, u, 2 * H, G, dR, t * H, ldH, true);
        for (let b = 0; b < B; b++) {
          const z = b * ldG + t * G;
          const s = b * ldH + t * H;
          for (let j = 0; j < H; j++) {
            if (t === 0) {
              dG[z + H + j] = 0; // r meets h[-1] = 0
              continue;
            }
            dG[z + H + j] = dR[s + j] * hs[s - H + j];
            dh[s - H + j] += dR[s + j] * gates[z + H + j];
          }
          activationBackwardInPlace(rec, gates, dG, z + H, z + 2 * H);
        }
      }
      if (t > 0) {
        // dh[t-1] += dZ_zr[t]·U_zrᵀ (+ d(rh)[t]·U_hᵀ with resetAfter)
        gemmNT(B, H, 2 * H, dG, t * G, ldG, u, 0, G, dh, (t - 1) * H, ldH);
        if (after) gemmNT(B, H, H, dR, t * H, ldH, u, 2 * H, G, dh, (t - 1) * H, ldH);
      }
    }
    // dW += Xᵀ·dZ over all B·T rows (F, G); dX = dZ·Wᵀ (B, T, F)
    this.addInputGrads(x, dG, n, dx);
    // dU_zr += Σ_t h[t-1]ᵀ·dZ_zr[t]; dU_h += Σ_t h[t-1]ᵀ·d(rh)[t] or Σ_t (r ⊙ h[t-1])ᵀ·dZ_h[t]  (H, G)
    addRecurrentGrad(B, T, H, 2 * H, hs, 0, dG, 0, G, U.grad, 0, G);
    if (after) addRecurrentGrad(B, T, H, H, hs, 0, dR, 0, H, U.grad, 2 * H, G);
    else addRecurrentGrad(B, T, H, H, rh, 1, dG, 2 * H, G, U.grad, 2 * H, G);
    if (this.bias) {
      this.addBiasGrad(0, dG, n, 0, G, G); // b_i (or the one bias)
      if (after) {
        this.addBiasGrad(G, dG, n, 0, G, 2 * H); // b_h's z, r parts: as b_i's
        this.addBiasGrad(G + 2 * H, dR, n, 0, H, H); // b_hh
      }
    }
  }

  protected override cellConfig(): Record<string, unknown> {
    return { resetAfter: this.resetAfter };
  }
}

/**
 * A gated recurrent unit layer, as Keras `GRU`: kernel (features, 3·units) glorotUniform,
 * recurrent_kernel (units, 3·units) orthogonal, bias zeros of shape (2, 3·units) with
 * `resetAfter` (default, as Keras 2/3) or (3·units); gate order [z, r, h], so Keras weights load
 * as they are. Output (batch, units), or (batch, time, units) with `returnSequences`;
 * `goBackwards` and `returnState` ([output, h] from `forwardWithState`) as Keras.
 *
 * @example
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.gru(32, { returnSequences: true }),
 *   layers.gru(32),
 *   layers.dense(1),
 * ]);
 * @throws when `units` is not a positive integer or an activation is unknown; at build when the
 * input is not (time, features); at forward when the input is not 3-D or has another feature count.
 */
export function gru(units: number, options?: GRUOptions): GRU {
  return new GRU(units, options);
}
