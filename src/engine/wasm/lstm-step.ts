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
import { inArena } from './arena.js';

/**
 * Step t forward: gates (pre-activations z) → [i, f, g, o] in place; cs, acs, hs get c[t],
 * act(c[t]), h[t]. False when it did not run.
 * @example if (!lstmForwardStep('sigmoid', 'tanh', gates, cs, acs, hs, B, H, T, t)) { ...the TS loop... }
 * @throws never.
 */
export function lstmForwardStep(
  rec: ActivationName,
  act: ActivationName,
  gates: Float32Array,
  cs: Float32Array,
  acs: Float32Array,
  hs: Float32Array,
  B: number,
  H: number,
  T: number,
  t: number,
): boolean {
  const k = wasmKernels();
  if (!k || !inArena(gates) || !inArena(cs) || !inArena(acs) || !inArena(hs)) return false;
  const G = 4 * H;
  const h = t * H * 4; // byte offset of step t in a (B, T, H) buffer
  k.lstmForwardStep(
    B,
    H,
    ACTIVATIONS.indexOf(rec),
    ACTIVATIONS.indexOf(act),
    t > 0 ? 1 : 0,
    gates.byteOffset + t * G * 4,
    T * G * 4,
    cs.byteOffset + h,
    acs.byteOffset + h,
    hs.byteOffset + h,
    T * H * 4,
  );
  return true;
}

/**
 * Step t backward: dG[t] = dL/dz from dh[t] and the carried dc (B, H), which becomes dc[t−1].
 * False when it did not run.
 * @example if (!lstmBackwardStep('sigmoid', 'tanh', gates, dG, cs, acs, dh, dc, B, H, T, t)) { ...the TS loop... }
 * @throws never.
 */
export function lstmBackwardStep(
  rec: ActivationName,
  act: ActivationName,
  gates: Float32Array,
  dG: Float32Array,
  cs: Float32Array,
  acs: Float32Array,
  dh: Float32Array,
  dc: Float32Array,
  B: number,
  H: number,
  T: number,
  t: number,
): boolean {
  const k = wasmKernels();
  if (!k || !inArena(gates) || !inArena(dG) || !inArena(cs) || !inArena(acs) || !inArena(dh) || !inArena(dc)) return false;
  const G = 4 * H;
  const h = t * H * 4;
  const g = t * G * 4;
  k.lstmBackwardStep(
    B,
    H,
    ACTIVATIONS.indexOf(rec),
    ACTIVATIONS.indexOf(act),
    t > 0 ? 1 : 0,
    gates.byteOffset + g,
    dG.byteOffset + g,
    T * G * 4,
    cs.byteOffset + h,
    acs.byteOffset + h,
    dh.byteOffset + h,
    T * H * 4,
    dc.byteOffset,
  );
  return true;
}
