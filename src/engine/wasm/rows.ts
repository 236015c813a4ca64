/**
 * Work over a block of rows, such as one timestep's B rows inside a (B, T, H) buffer: activations
 * forward and backward, and column sums. One WebAssembly call (f32x4) when the buffers lie in the
 * kernels' memory and the 'wasm' backend is on, else the TypeScript loops. The fast tanh and
 * sigmoid are within a few float32 ulps of Math.tanh and 1/(1 + e^−x).
 */
import { ACTIVATIONS, activateInPlace, activationBackwardInPlace, type ActivationName } from '../activations.js';
import { wasmKernels } from './backend.js';
import { inArena } from './arena.js';

/**
 * buf = act(buf) over `rows` rows of `len` floats, the first at `off`, each `ld` floats after the last.
 * @example
 * // h[t] = tanh(h[t]) over the B rows of step t of hs (B, T, H)
 * activateRows('tanh', hs, t * H, B, H, T * H);
 * @throws never; the name is one of ACTIVATIONS (checked when the layer was made).
 */
export function activateRows(name: ActivationName, buf: Float32Array, off: number, rows: number, len: number, ld: number): void {
  const k = wasmKernels();
  if (k && inArena(buf)) {
    k.activateRows(ACTIVATIONS.indexOf(name), buf.byteOffset + off * 4, rows, len, ld * 4);
    return;
  }
  for (let r = 0, o = off; r < rows; r++, o += ld) activateInPlace(name, buf, o, o + len);
}

/**
 * dy = dy ⊙ act'(x), from y = act(x), over `rows` rows of `len` floats laid out alike in y and dy
 * (first at `off`, `ld` floats apart).
 * @example
 * // dz[t] = dh[t] ⊙ tanh'(h[t]) over the B rows of step t
 * activationBackwardRows('tanh', hs, dz, t * H, B, H, T * H);
 * @throws never (see `activateRows`).
 */
export function activationBackwardRows(
  name: ActivationName,
  y: Float32Array,
  dy: Float32Array,
  off: number,
  rows: number,
  len: number,
  ld: number,
): void {
  const k = wasmKernels();
  if (k && inArena(y) && inArena(dy)) {
    k.activationBackwardRows(ACTIVATIONS.indexOf(name), y.byteOffset + off * 4, ld * 4, dy.byteOffset + off * 4, ld * 4, rows, len);
    return;
  }
  for (let r = 0, o = off; r < rows; r++, o += ld) activationBackwardInPlace(name, y, dy, o, o + len);
}

/**
 * dst[dstOff + j] += Σ_r src[r·ld + srcOff + j] over `rows` rows, j < N, summed in float64, in one
 * WebAssembly call (the same sums, to the bit, as the TypeScript loop). False, doing nothing, when
 * the 'wasm' backend is off or a buffer lies outside the kernels' memory.
 * @example if (!addColumnSumsFast(db, 0, dz, B * T, 0, H, H)) { ...the TypeScript loop... }
 * @throws never.
 */
export function addColumnSumsFast(
  dst: Float32Array,
  dstOff: number,
  src: Float32Array,
  rows: number,
  srcOff: number,
  ld: number,
  N: number,
): boolean {
  const k = wasmKernels();
  if (!k || !inArena(dst) || !inArena(src)) return false;
  k.addColumnSums(rows, N, src.byteOffset + srcOff * 4, ld * 4, dst.byteOffset + dstOff * 4);
  return true;
}

/**
 * db[dbOff + j] += Σ_r g[r·gw + gOff + j] over `rows` rows, j < N, summed in float64 (B·T rows);
 * `acc` is a scratch of at least N values: in one WebAssembly call when it can
 * (addColumnSumsFast), else the TypeScript loop, to the same bits.
 * @example addColumnSums(db, 0, dz, R, 0, U, U, acc); // a Dense's bias gradient
 * @throws never.
 */
export function addColumnSums(
  db: Float32Array,
  dbOff: number,
  g: Float32Array,
  rows: number,
  gOff: number,
  gw: number,
  N: number,
  acc: Float64Array,
): void {
  if (addColumnSumsFast(db, dbOff, g, rows, gOff, gw, N)) return;
  acc.fill(0, 0, N);
  for (let r = 0; r < rows; r++) for (let j = 0, o = r * gw + gOff; j < N; j++) acc[j] += g[o + j];
  for (let j = 0; j < N; j++) db[dbOff + j] += acc[j];
}
