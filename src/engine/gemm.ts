/**
 * Matrix kernels over flat row-major `Float32Array`s, with offsets and leading dimensions so
 * that a layer can multiply a block of a larger buffer (one timestep of a sequence) in place.
 *
 * M, N, K = the usual sizes: C is M×N, the shared axis is K.
 * Every kernel **adds** into C unless `overwrite` is set: backward passes accumulate.
 */

/** C (M×N) += A (M×K) · B (K×N). */
export function gemmNN(
  M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  overwrite = false,
): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * ldc;
    if (overwrite) C.fill(0, ci, ci + N);
    const ai = aOff + i * lda;
    let k = 0;
    // two rows of B per pass: half the loads and stores of C
    for (; k + 1 < K; k += 2) {
      const a0 = A[ai + k];
      const a1 = A[ai + k + 1];
      const b0 = bOff + k * ldb;
      const b1 = b0 + ldb;
      for (let j = 0; j < N; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j];
    }
    if (k < K) {
      const a0 = A[ai + k];
      const b0 = bOff + k * ldb;
      for (let j = 0; j < N; j++) C[ci + j] += a0 * B[b0 + j];
    }
  }
}

/** C (M×N) += A (M×K) · Bᵀ, with B stored N×K. */
export function gemmNT(
  M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  overwrite = false,
): void {
  for (let i = 0; i < M; i++) {
    const ai = aOff + i * lda;
    const ci = cOff + i * ldc;
    for (let j = 0; j < N; j++) {
      const bj = bOff + j * ldb;
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      for (; k + 1 < K; k += 2) {
        s0 += A[ai + k] * B[bj + k];
        s1 += A[ai + k + 1] * B[bj + k + 1];
      }
      if (k < K) s0 += A[ai + k] * B[bj + k];
      C[ci + j] = overwrite ? s0 + s1 : C[ci + j] + s0 + s1;
    }
  }
}

/** C (M×N) += Aᵀ · B, with A stored K×M and B stored K×N. */
export function gemmTN(
  M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  overwrite = false,
): void {
  if (overwrite) for (let i = 0; i < M; i++) C.fill(0, cOff + i * ldc, cOff + i * ldc + N);
  for (let k = 0; k < K; k++) {
    const ak = aOff + k * lda;
    const bk = bOff + k * ldb;
    for (let i = 0; i < M; i++) {
      const a = A[ak + i];
      if (a === 0) continue;
      const ci = cOff + i * ldc;
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
    }
  }
}
