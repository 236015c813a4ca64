import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemmNN, gemmNT, gemmTN } from '../src/engine/gemm.js';

/** Plain triple loop in float64: the reference the blocked kernel must agree with. */
function reference(M: number, N: number, K: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) c[i * N + j] += a(i, k) * b(k, j);
  return c;
}

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

// sizes around the 4×4 block: multiples, remainders, and 1
const sizes = [[1, 1, 1], [4, 4, 4], [5, 7, 3], [32, 40, 40], [13, 6, 1], [3, 9, 17]];

test('gemmNN/gemmNT/gemmTN match a plain triple loop, with offsets, strides and accumulation', () => {
  for (const [M, N, K] of sizes) {
    const pad = 3; // operands sit at an offset inside larger buffers, with wider leading dimensions
    const A = random(pad + M * (K + 2) + K * (M + 2), M * 7 + 1);
    const B = random(pad + K * (N + 2) + N * (K + 2), N * 11 + 2);
    const C0 = random(pad + M * (N + 1), K * 13 + 3);
    const cases = [
      { name: 'NN', fn: gemmNN, lda: K + 2, ldb: N + 2, a: (i: number, k: number) => A[pad + i * (K + 2) + k], b: (k: number, j: number) => B[pad + k * (N + 2) + j] },
      { name: 'NT', fn: gemmNT, lda: K + 2, ldb: K + 2, a: (i: number, k: number) => A[pad + i * (K + 2) + k], b: (k: number, j: number) => B[pad + j * (K + 2) + k] },
      { name: 'TN', fn: gemmTN, lda: M + 2, ldb: N + 2, a: (i: number, k: number) => A[pad + k * (M + 2) + i], b: (k: number, j: number) => B[pad + k * (N + 2) + j] },
    ];
    for (const { name, fn, lda, ldb, a, b } of cases) {
      const want = reference(M, N, K, a, b);
      for (const overwrite of [false, true]) {
        const C = C0.slice();
        fn(M, N, K, A, pad, lda, B, pad, ldb, C, pad, N + 1, overwrite);
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            const base = overwrite ? 0 : C0[pad + i * (N + 1) + j];
            const got = C[pad + i * (N + 1) + j];
            assert.ok(Math.abs(got - (base + want[i * N + j])) < 1e-5 * (1 + K), `${name} ${M}x${N}x${K} overwrite=${overwrite} C[${i},${j}]`);
          }
          // the padding column past N is never written
          if (N + 1 > N) assert.equal(C[pad + i * (N + 1) + N], C0[pad + i * (N + 1) + N]);
        }
      }
    }
  }
});
