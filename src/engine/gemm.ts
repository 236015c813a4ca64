/**
 * Matrix kernels over flat row-major `Float32Array`s, with offsets and strides so that a layer can
 * multiply a block of a larger buffer (one timestep of a sequence) in place, or a transposed view
 * without copying it.
 *
 * M, N, K = the usual sizes: C is M×N, the shared axis is K.
 * Every kernel **adds** into C unless `overwrite` is set: backward passes accumulate.
 *
 * This is the dispatcher: with the WebAssembly backend (the default once `npm run build` has
 * compiled assembly/), it runs the f32x4 kernels of assembly/gemm.ts on operands in place when
 * they lie in the kernels' memory (`allocF32`), copying the others in and out; with the 'ts'
 * backend, or for tiny products that would need copies, it runs the reference kernels of
 * gemm-ref.ts. Both agree to float32 rounding (the order of the sums differs).
 */
import * as ref from './gemm-ref.js';
import { wasmKernels } from './wasm/backend.js';
import { inArena } from './wasm/arena.js';
import { beginStaging, place, reserve, stagedSize, unplace } from './wasm/stage.js';

export { kernelBackend, setKernelBackend, kernelLoadError, type KernelBackend } from './wasm/backend.js';

/**
 * Below this many multiply-adds, copying operands into the memory costs more than the reference
 * kernel saves (measured: 8×8×8 runs faster in TypeScript, 32×1×40 three times faster in wasm
 * even with its copies).
 */
const STAGING_MIN_WORK = 1024;
/** From this K on, A·Bᵀ runs as dot products along K; below, Bᵀ is packed and A·B runs. */
const NT_DIRECT_MIN_K = 8;

/**
 * C (M×N) (+)= A·B for strided operands: A(i, k) = A[aOff + i·ars + k·acs] and
 * B(k, j) = B[bOff + k·brs + j·bcs]; C is row-major with leading dimension ldc.
 * @example
 * // C (2×2) = A (2×3) · B (3×2), all row-major
 * gemm(2, 2, 3, A, 0, 3, 1, B, 0, 2, 1, C, 0, 2, true);
 * @throws never; sizes and offsets are the caller's to get right (as the reference kernel).
 */
export const gemm: typeof ref.gemm = (M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite) => {
  const k = wasmKernels();
  if (k === null || M <= 0 || N <= 0) {
    ref.gemm(M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite);
    return;
  }
  const ow = overwrite ? 1 : 0;
  if (inArena(A) && inArena(B) && inArena(C)) {
    // the common case, every operand in place: no copies, no bookkeeping
    const a = A.byteOffset + aOff * 4;
    const b = B.byteOffset + bOff * 4;
    const c = C.byteOffset + cOff * 4;
    if (bcs === 1) {
      k.gemm(M, N, K, a, ars * 4, acs * 4, b, brs * 4, c, ldc * 4, ow);
      return;
    }
    if (brs === 1 && acs === 1 && K >= NT_DIRECT_MIN_K) {
      k.gemmNT(M, N, K, a, ars * 4, b, bcs * 4, c, ldc * 4, ow);
      return;
    }
  }
  // where each operand will lie: in place (a unit stride, in the memory) or copied into scratch
  const aIn = inArena(A) && (acs === 1 || ars === 1);
  const bIn = inArena(B) && (bcs === 1 || brs === 1);
  const cIn = inArena(C);
  const aRows = aIn ? acs === 1 : acs === 1 || ars !== 1; // A's rows contiguous once placed
  const bRows = bIn ? bcs === 1 : bcs === 1 || brs !== 1; // B's rows contiguous once placed
  const direct = !bRows && aRows && K >= NT_DIRECT_MIN_K; // A·Bᵀ as dot products
  const pack = !bRows && !direct;
  const need = (aIn ? 0 : stagedSize(M, K)) + (bIn ? 0 : stagedSize(K, N)) + (cIn ? 0 : stagedSize(M, N)) + (pack ? stagedSize(K, N) : 0);
  if (need > 0 && (M * N * K < STAGING_MIN_WORK || !beginStaging(need))) {
    ref.gemm(M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite);
    return;
  }
  const a = place(A, aOff, ars, acs, M, K);
  const b = place(B, bOff, brs, bcs, K, N);
  const c = place(C, cOff, ldc, 1, M, N, !overwrite);
  if (bRows) k.gemm(M, N, K, a.ptr, a.rs * 4, a.cs * 4, b.ptr, b.rs * 4, c.ptr, c.rs * 4, ow);
  else if (direct) k.gemmNT(M, N, K, a.ptr, a.rs * 4, b.ptr, b.cs * 4, c.ptr, c.rs * 4, ow);
  else {
    const bt = reserve(K * N); // Bᵀ stored N×K, packed to K×N
    k.packT(N, K, b.ptr, b.cs * 4, bt);
    k.gemm(M, N, K, a.ptr, a.rs * 4, a.cs * 4, bt, N * 4, c.ptr, c.rs * 4, ow);
  }
  unplace(c, C, cOff, ldc, M, N);
};

/**
 * `gemm` as it runs when an operand has to be copied into the kernels' memory: products below
 * STAGING_MIN_WORK multiply-adds on the reference kernel, the others as `gemm`. For code whose
 * operands lie in the memory (reused buffers) that must give, to the bit, what the layers give
 * with operands that do not (src/model/dense-step.ts against Dense): on operands in the memory
 * `gemm` would run small products in WebAssembly, which sums in another order.
 * @example gemmAsCopied(R, U, I, x, 0, I, 1, W, 0, U, 1, y, 0, U, false); // y (R×U) += x·W
 * @throws never (see `gemm`).
 */
export const gemmAsCopied: typeof ref.gemm = (M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite) => {
  if (M * N * K < STAGING_MIN_WORK) ref.gemm(M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite);
  else gemm(M, N, K, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, overwrite);
};

/**
 * The three layouts every layer uses, as `gemm` with unit strides: C (M×N) (+)= op(A)·op(B), each
 * operand row-major at an offset with its leading dimension; `overwrite` defaults to false (add).
 */
export type LayoutGemm = (
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  lda: number,
  B: Float32Array,
  bOff: number,
  ldb: number,
  C: Float32Array,
  cOff: number,
  ldc: number,
  overwrite?: boolean,
) => void;

/**
 * C (M×N) += A (M×K) · B (K×N), row-major with leading dimensions lda, ldb, ldc.
 * @example
 * // one recurrent step: h[t] += h[t-1]·U over the B rows of step t in a (B, T, H) buffer
 * gemmNN(B, H, H, hs, (t - 1) * H, T * H, u, 0, H, hs, t * H, T * H);
 * @throws never (see `gemm`).
 */
export const gemmNN: LayoutGemm = (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, overwrite = false) =>
  gemm(M, N, K, A, aOff, lda, 1, B, bOff, ldb, 1, C, cOff, ldc, overwrite);

/**
 * C (M×N) += A (M×K) · Bᵀ, with B stored N×K.
 * @example
 * // dX = dZ·Wᵀ with W (F, H): C (R×F), A = dZ (R×H), B = W
 * gemmNT(R, F, H, dz, 0, H, W, 0, H, dx, 0, F, true);
 * @throws never (see `gemm`).
 */
export const gemmNT: LayoutGemm = (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, overwrite = false) =>
  gemm(M, N, K, A, aOff, lda, 1, B, bOff, 1, ldb, C, cOff, ldc, overwrite);

/**
 * C (M×N) += Aᵀ · B, with A stored K×M and B stored K×N.
 * @example
 * // dW += Xᵀ·dZ over R rows: C = dW (F×H), A = X (R×F), B = dZ (R×H)
 * gemmTN(F, H, R, x, 0, F, dz, 0, H, dW, 0, H);
 * @throws never (see `gemm`).
 */
export const gemmTN: LayoutGemm = (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, overwrite = false) =>
  gemm(M, N, K, A, aOff, 1, lda, B, bOff, ldb, 1, C, cOff, ldc, overwrite);
