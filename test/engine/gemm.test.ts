import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemm, gemmNN, gemmNT, gemmTN, kernelBackend, kernelLoadError, setKernelBackend, type LayoutGemm } from '../../src/engine/gemm.js';
import * as ref from '../../src/engine/gemm-ref.js';
import { allocF32 } from '../../src/engine/wasm/arena.js';

/** Plain triple loop in float64: the reference the blocked kernel must agree with. */
function reference(
  M: number,
  N: number,
  K: number,
  a: (i: number, k: number) => number,
  b: (k: number, j: number) => number,
): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) c[i * N + j] += a(i, k) * b(k, j);
  return c;
}

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

// sizes around the 4×4 block: multiples, remainders, and 1
const sizes = [
  [1, 1, 1],
  [4, 4, 4],
  [5, 7, 3],
  [32, 40, 40],
  [13, 6, 1],
  [3, 9, 17],
];

/** gemmNN/gemmNT/gemmTN on the active backend against the float64 triple loop. */
function checkAgainstTripleLoop(backend: string): void {
  for (const [M, N, K] of sizes) {
    const pad = 3; // operands sit at an offset inside larger buffers, with wider leading dimensions
    const A = random(pad + M * (K + 2) + K * (M + 2), M * 7 + 1);
    const B = random(pad + K * (N + 2) + N * (K + 2), N * 11 + 2);
    const C0 = random(pad + M * (N + 1), K * 13 + 3);
    const cases = [
      {
        name: 'NN',
        fn: gemmNN,
        lda: K + 2,
        ldb: N + 2,
        a: (i: number, k: number) => A[pad + i * (K + 2) + k],
        b: (k: number, j: number) => B[pad + k * (N + 2) + j],
      },
      {
        name: 'NT',
        fn: gemmNT,
        lda: K + 2,
        ldb: K + 2,
        a: (i: number, k: number) => A[pad + i * (K + 2) + k],
        b: (k: number, j: number) => B[pad + j * (K + 2) + k],
      },
      {
        name: 'TN',
        fn: gemmTN,
        lda: M + 2,
        ldb: N + 2,
        a: (i: number, k: number) => A[pad + k * (M + 2) + i],
        b: (k: number, j: number) => B[pad + k * (N + 2) + j],
      },
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
            assert.ok(
              Math.abs(got - (base + want[i * N + j])) < 1e-5 * (1 + K),
              `${backend}: ${name} ${M}x${N}x${K} overwrite=${overwrite} C[${i},${j}]`,
            );
          }
          // the padding column past N is never written
          if (N + 1 > N) assert.equal(C[pad + i * (N + 1) + N], C0[pad + i * (N + 1) + N]);
        }
      }
    }
  }
}

test('gemmNN/gemmNT/gemmTN match a plain triple loop, with offsets, strides and accumulation', () => {
  checkAgainstTripleLoop('wasm');
});

test('the reference kernels (the ts backend) match a plain triple loop, with offsets, strides and accumulation', () => {
  try {
    setKernelBackend('ts');
    checkAgainstTripleLoop('ts');
  } finally {
    setKernelBackend('wasm');
  }
});

// ---- the WebAssembly kernels against the reference (gemm-ref.ts) ----

/** |got − want| ≤ 1e-5·Σ_k |a(i,k)·b(k,j)| + 1e-6: float32 rounding of a sum in another order. */
function assertCloseGemm(
  got: Float32Array,
  want: Float32Array,
  scale: Float64Array,
  cOff: number,
  ldc: number,
  M: number,
  N: number,
  what: string,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const g = got[cOff + i * ldc + j];
      const w = want[cOff + i * ldc + j];
      assert.ok(Math.abs(g - w) <= 1e-5 * scale[i * N + j] + 1e-6, `${what} C[${i},${j}] = ${g}, reference ${w}`);
    }
  }
}

/** The operands of one random case, stored with offsets and padded leading dimensions. */
function randomCase(M: number, N: number, K: number, seed: number, inMemory: boolean) {
  const pad = 5;
  const alloc = (n: number) => (inMemory ? allocF32(n) : new Float32Array(n));
  const fill = (n: number, s: number) => {
    const v = alloc(n);
    v.set(random(n, s));
    return v;
  };
  return {
    pad,
    A: fill(pad + (M + 3) * (K + 3), seed),
    B: fill(pad + (K + 3) * (N + 3), seed + 1),
    C: fill(pad + M * (N + 2), seed + 2),
  };
}

const SHAPES = [
  [1, 1, 1],
  [1, 9, 1],
  [7, 1, 5],
  [2, 3, 4],
  [5, 7, 3],
  [4, 8, 8],
  [9, 13, 7],
  [13, 6, 1],
  [3, 9, 17],
  [32, 40, 40],
  [32, 40, 1],
  [33, 41, 19],
  [640, 1, 40],
  [64, 128, 32],
  [17, 130, 65],
];

test('gemm/gemmNN/gemmNT/gemmTN on the wasm backend equal the reference kernels, in and out of the arena', () => {
  assert.equal(kernelBackend(), 'wasm', `the WebAssembly kernels are not loaded: ${kernelLoadError()}`);
  let seed = 1;
  for (const [M, N, K] of SHAPES) {
    for (const inMemory of [true, false]) {
      const { pad, A, B, C } = randomCase(M, N, K, seed++ * 3, inMemory);
      const lda = K + 3;
      const ldc = N + 2;
      // each variant: the call, the same call on the reference, and A(i, k), B(k, j) for the tolerance
      const variants = [
        {
          name: 'NN',
          ldb: N + 3,
          run: (g: LayoutGemm, ow: boolean) => g(M, N, K, A, pad, lda, B, pad, N + 3, C, pad, ldc, ow),
          a: (i: number, k: number) => A[pad + i * lda + k],
          b: (k: number, j: number) => B[pad + k * (N + 3) + j],
        },
        {
          name: 'NT',
          ldb: K + 3,
          run: (g: LayoutGemm, ow: boolean) => g(M, N, K, A, pad, lda, B, pad, K + 3, C, pad, ldc, ow),
          a: (i: number, k: number) => A[pad + i * lda + k],
          b: (k: number, j: number) => B[pad + j * (K + 3) + k],
        },
        {
          name: 'TN',
          ldb: N + 3,
          run: (g: LayoutGemm, ow: boolean) => g(M, N, K, A, pad, M + 3, B, pad, N + 3, C, pad, ldc, ow),
          a: (i: number, k: number) => A[pad + k * (M + 3) + i],
          b: (k: number, j: number) => B[pad + k * (N + 3) + j],
        },
      ];
      const fast = { NN: gemmNN, NT: gemmNT, TN: gemmTN };
      // the reference kernel, with each layout's strides written out here rather than taken from gemm.ts
      const slow: Record<string, LayoutGemm> = {
        NN: (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, ow = false) =>
          ref.gemm(M, N, K, A, aOff, lda, 1, B, bOff, ldb, 1, C, cOff, ldc, ow),
        NT: (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, ow = false) =>
          ref.gemm(M, N, K, A, aOff, lda, 1, B, bOff, 1, ldb, C, cOff, ldc, ow),
        TN: (M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, ow = false) =>
          ref.gemm(M, N, K, A, aOff, 1, lda, B, bOff, ldb, 1, C, cOff, ldc, ow),
      };
      for (const v of variants) {
        const scale = new Float64Array(M * N);
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) scale[i * N + j] += Math.abs(v.a(i, k) * v.b(k, j));
        for (const overwrite of [false, true]) {
          const C0 = C.slice();
          v.run(fast[v.name as 'NN'], overwrite);
          const got = C.slice();
          C.set(C0);
          v.run(slow[v.name], overwrite);
          const what = `${v.name} ${M}x${N}x${K} ${inMemory ? 'in' : 'out of'} the arena, overwrite=${overwrite}`;
          assertCloseGemm(got, C, scale, pad, ldc, M, N, what);
          // nothing outside C's block moves: the padding columns and the leading offset
          for (let i = 0; i < M; i++)
            for (let j = N; j < ldc; j++) assert.equal(got[pad + i * ldc + j], C0[pad + i * ldc + j], `${what}: padding`);
          for (let i = 0; i < pad; i++) assert.equal(got[i], C0[i], `${what}: before the offset`);
          C.set(C0);
        }
      }
    }
  }
});

test('gemm(...) with an A whose strides are both above 1 equals the reference kernel, for B in either layout', () => {
  const M = 6,
    N = 5,
    K = 9;
  const A = allocF32(200);
  const B = allocF32(200);
  A.set(random(200, 41));
  B.set(random(200, 42));
  // A(i, k) = A[3 + 2i + 13k]; B(k, j) = B[1 + 3k + 29j] (no unit stride: copied) or B[1 + 7k + j] (in place)
  for (const [brs, bcs] of [
    [3, 29],
    [7, 1],
  ]) {
    const want = random(M * N, 43);
    const got = allocF32(M * N);
    got.set(want);
    gemm(M, N, K, A, 3, 2, 13, B, 1, brs, bcs, got, 0, N, false);
    ref.gemm(M, N, K, A, 3, 2, 13, B, 1, brs, bcs, want, 0, N, false);
    const scale = new Float64Array(M * N);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++)
        for (let k = 0; k < K; k++) scale[i * N + j] += Math.abs(A[3 + 2 * i + 13 * k] * B[1 + brs * k + bcs * j]);
    assertCloseGemm(got, want, scale, 0, N, M, N, `strided gemm, B strides (${brs}, ${bcs})`);
  }
});

test("setKernelBackend('ts') runs the reference kernels bit for bit; setKernelBackend('wasm') switches back", () => {
  const M = 9,
    N = 11,
    K = 13;
  const A = allocF32(M * K);
  const B = allocF32(K * N);
  A.set(random(M * K, 51));
  B.set(random(K * N, 52));
  const viaTs = new Float32Array(M * N);
  const direct = new Float32Array(M * N);
  try {
    setKernelBackend('ts');
    assert.equal(kernelBackend(), 'ts');
    gemmNN(M, N, K, A, 0, K, B, 0, N, viaTs, 0, N, true);
  } finally {
    setKernelBackend('wasm');
  }
  ref.gemm(M, N, K, A, 0, K, 1, B, 0, N, 1, direct, 0, N, true);
  assert.deepEqual(viaTs, direct);
  assert.equal(kernelBackend(), 'wasm');
});
