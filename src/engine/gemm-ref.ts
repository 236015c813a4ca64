/**
 * The reference matrix kernels, in plain TypeScript: what `gemm.ts` runs when the WebAssembly
 * kernels are off (`setKernelBackend('ts')`) or unavailable, and what the tests hold the fast
 * path to. Flat row-major `Float32Array`s, with offsets and strides so that a layer can multiply
 * a block of a larger buffer (one timestep of a sequence) in place, or a transposed view without
 * copying it.
 *
 * M, N, K = the usual sizes: C is M×N, the shared axis is K.
 * Every kernel **adds** into C unless `overwrite` is set: backward passes accumulate.
 *
 * The core is one 4×4 register-blocked kernel: sixteen accumulators stay in registers while K
 * runs, so each pair of loads (one of A, one of B) feeds four multiply-adds. Only the strided
 * kernel lives here; the layouts layers call (gemmNN, gemmNT, gemmTN) are gemm.ts's, over either.
 */

/**
 * C (M×N) (+)= A·B for strided operands: A(i, k) = A[aOff + i·ars + k·acs] and
 * B(k, j) = B[bOff + k·brs + j·bcs]; C is row-major with leading dimension ldc.
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  ars: number,
  acs: number,
  B: Float32Array,
  bOff: number,
  brs: number,
  bcs: number,
  C: Float32Array,
  cOff: number,
  ldc: number,
  overwrite: boolean,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    const a0 = aOff + i * ars,
      a1 = a0 + ars,
      a2 = a1 + ars,
      a3 = a2 + ars;
    const c0 = cOff + i * ldc,
      c1 = c0 + ldc,
      c2 = c1 + ldc,
      c3 = c2 + ldc;
    for (let j = 0; j < N4; j += 4) {
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0;
      let s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      let pb = bOff + j * bcs;
      let pa = 0;
      for (let k = 0; k < K; k++, pb += brs, pa += acs) {
        const b0 = B[pb],
          b1 = B[pb + bcs],
          b2 = B[pb + 2 * bcs],
          b3 = B[pb + 3 * bcs];
        const x0 = A[a0 + pa],
          x1 = A[a1 + pa],
          x2 = A[a2 + pa],
          x3 = A[a3 + pa];
        s00 += x0 * b0;
        s01 += x0 * b1;
        s02 += x0 * b2;
        s03 += x0 * b3;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s12 += x1 * b2;
        s13 += x1 * b3;
        s20 += x2 * b0;
        s21 += x2 * b1;
        s22 += x2 * b2;
        s23 += x2 * b3;
        s30 += x3 * b0;
        s31 += x3 * b1;
        s32 += x3 * b2;
        s33 += x3 * b3;
      }
      C[c0 + j] = overwrite ? s00 : C[c0 + j] + s00;
      C[c0 + j + 1] = overwrite ? s01 : C[c0 + j + 1] + s01;
      C[c0 + j + 2] = overwrite ? s02 : C[c0 + j + 2] + s02;
      C[c0 + j + 3] = overwrite ? s03 : C[c0 + j + 3] + s03;
      C[c1 + j] = overwrite ? s10 : C[c1 + j] + s10;
      C[c1 + j + 1] = overwrite ? s11 : C[c1 + j + 1] + s11;
      C[c1 + j + 2] = overwrite ? s12 : C[c1 + j + 2] + s12;
      C[c1 + j + 3] = overwrite ? s13 : C[c1 + j + 3] + s13;
      C[c2 + j] = overwrite ? s20 : C[c2 + j] + s20;
      C[c2 + j + 1] = overwrite ? s21 : C[c2 + j + 1] + s21;
      C[c2 + j + 2] = overwrite ? s22 : C[c2 + j + 2] + s22;
      C[c2 + j + 3] = overwrite ? s23 : C[c2 + j + 3] + s23;
      C[c3 + j] = overwrite ? s30 : C[c3 + j] + s30;
      C[c3 + j + 1] = overwrite ? s31 : C[c3 + j + 1] + s31;
      C[c3 + j + 2] = overwrite ? s32 : C[c3 + j + 2] + s32;
      C[c3 + j + 3] = overwrite ? s33 : C[c3 + j + 3] + s33;
    }
  }
  // edges: rows past M4 (all columns) and columns past N4 (rows below M4), one dot product each
  for (let i = 0; i < M; i++) {
    const jStart = i < M4 ? N4 : 0;
    const ai = aOff + i * ars;
    const ci = cOff + i * ldc;
    for (let j = jStart; j < N; j++) {
      let s = 0;
      let pb = bOff + j * bcs;
      let pa = ai;
      for (let k = 0; k < K; k++, pb += brs, pa += acs) s += A[pa] * B[pb];
      C[ci + j] = overwrite ? s : C[ci + j] + s;
    }
  }
}
