/**
 * The LSTM cell's elementwise work for one timestep over all B rows, as one WebAssembly call
 * (assembly/lstm.ts). Each function returns false, doing nothing, when the 'wasm' backend is off
 * or a buffer lies outside the kernels' memory: the layer then runs its own TypeScript loop, the
 * reference.
 *
 * Letters: B = batch, T = timesteps, H = units, G = 4H; gate buffers (B, T, G), states (B, T, H).
 */
import { ACTIVATIONS, type ActivationName } from '../activations.js';
import { wasmKernels } from './backend.js';
import type { LstmStepHead } from './loader.js';
import { inArena } from './arena.js';

/** Step t of an LSTM over (B, T, ·) buffers and its activations: what both step calls take first. */
export interface LstmStep {
  /** recurrentActivation, of the gates i, f, o. */
  rec: ActivationName;
  /** activation, of the candidate g and of act(c). */
  act: ActivationName;
  B: number;
  H: number;
  T: number;
  t: number;
}

/** The kernels' first arguments for step t: B, H, the activations' kinds, whether step t−1 exists, and step t's gates. */
function stepHead({ rec, act, B, H, t }: LstmStep, gates: Float32Array): LstmStepHead {
  const G = 4 * H;
  return [B, H, ACTIVATIONS.indexOf(rec), ACTIVATIONS.indexOf(act), t > 0 ? 1 : 0, gates.byteOffset + t * G * 4];
}

/**
 * Step t forward: gates (pre-activations z) → [i, f, g, o] in place; cs, acs, hs get c[t],
 * act(c[t]), h[t]. False when it did not run.
 * @example if (!lstmForwardStep({ rec: 'sigmoid', act: 'tanh', B, H, T, t }, gates, cs, acs, hs)) { ...the TS loop... }
 * @throws never.
 */
export function lstmForwardStep(step: LstmStep, gates: Float32Array, cs: Float32Array, acs: Float32Array, hs: Float32Array): boolean {
  const k = wasmKernels();
  if (!k || !inArena(gates) || !inArena(cs) || !inArena(acs) || !inArena(hs)) return false;
  const { H, T, t } = step;
  const G = 4 * H;
  const h = t * H * 4; // byte offset of step t in a (B, T, H) buffer
  k.lstmForwardStep(...stepHead(step, gates), T * G * 4, cs.byteOffset + h, acs.byteOffset + h, hs.byteOffset + h, T * H * 4);
  return true;
}

/**
 * Step t backward: dG[t] = dL/dz from dh[t] and the carried dc (B, H), which becomes dc[t−1].
 * False when it did not run.
 * @example if (!lstmBackwardStep({ rec: 'sigmoid', act: 'tanh', B, H, T, t }, gates, dG, cs, acs, dh, dc)) { ...the TS loop... }
 * @throws never.
 */
export function lstmBackwardStep(
  step: LstmStep,
  gates: Float32Array,
  dG: Float32Array,
  cs: Float32Array,
  acs: Float32Array,
  dh: Float32Array,
  dc: Float32Array,
): boolean {
  const k = wasmKernels();
  if (!k || !inArena(gates) || !inArena(dG) || !inArena(cs) || !inArena(acs) || !inArena(dh) || !inArena(dc)) return false;
  const { H, T, t } = step;
  const G = 4 * H;
  const h = t * H * 4;
  k.lstmBackwardStep(
    ...stepHead(step, gates),
    dG.byteOffset + t * G * 4,
    T * G * 4,
    cs.byteOffset + h,
    acs.byteOffset + h,
    dh.byteOffset + h,
    T * H * 4,
    dc.byteOffset,
  );
  return true;
}
