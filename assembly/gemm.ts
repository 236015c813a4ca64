/**
 * f32x4 GEMM kernels: C (M×N) (+)= A·B over row-major blocks of the one linear memory.
 *
 * Every pointer is a byte address and every stride a byte count. B's rows must be contiguous
 * (B(k, j) at b + k·ldb + 4j); A may have any strides (ars between rows, acs along K), so one
 * kernel serves A·B (acs = 4) and Aᵀ·B (ars = 4). A·Bᵀ packs Bᵀ into scratch first (`packT`).
 *
 * The core keeps a 4×8 tile of C in eight f32x4 registers while K runs: per k, two loads of B's
 * row and four splats of A feed eight multiply-adds. Columns past the last 8 take a 4-wide tile,
 * then single columns; rows past the last 4 take the same tiles one row at a time.
 */

/** C (M×N) (+)= A·B; `overwrite` != 0 stores instead of adding. */
export function gemm(
  M: i32, N: i32, K: i32,
  a: usize, ars: usize, acs: usize,
  b: usize, ldb: usize,
  c: usize, ldc: usize,
  overwrite: i32,
): void {
  const M4 = M & ~3;
  for (let i = 0; i < M4; i += 4) {
    rows4(N, K, a + <usize>i * ars, ars, acs, b, ldb, c + <usize>i * ldc, ldc, overwrite);
  }
  for (let i = M4; i < M; i++) {
    row1(N, K, a + <usize>i * ars, acs, b, ldb, c + <usize>i * ldc, overwrite);
  }
}

@inline function put(p: usize, v: v128, overwrite: i32): void {
  v128.store(p, overwrite ? v : f32x4.add(v128.load(p), v));
}

@inline function putScalar(p: usize, v: f32, overwrite: i32): void {
  store<f32>(p, overwrite ? v : load<f32>(p) + v);
}

/** Four rows of C: 8-wide tiles, a 4-wide tile, then single columns. */
function rows4(N: i32, K: i32, a0: usize, ars: usize, acs: usize, b: usize, ldb: usize, c0: usize, ldc: usize, overwrite: i32): void {
  const a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
  const c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
    let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
    let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
    let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    let pa: usize = 0;
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16);
      const x0 = v128.load32_splat(a0 + pa), x1 = v128.load32_splat(a1 + pa);
      const x2 = v128.load32_splat(a2 + pa), x3 = v128.load32_splat(a3 + pa);
      s00 = f32x4.add(s00, f32x4.mul(x0, b0)); s01 = f32x4.add(s01, f32x4.mul(x0, b1));
      s10 = f32x4.add(s10, f32x4.mul(x1, b0)); s11 = f32x4.add(s11, f32x4.mul(x1, b1));
      s20 = f32x4.add(s20, f32x4.mul(x2, b0)); s21 = f32x4.add(s21, f32x4.mul(x2, b1));
      s30 = f32x4.add(s30, f32x4.mul(x3, b0)); s31 = f32x4.add(s31, f32x4.mul(x3, b1));
      pb += ldb;
      pa += acs;
    }
    const o = <usize>j << 2;
    put(c0 + o, s00, overwrite); put(c0 + o + 16, s01, overwrite);
    put(c1 + o, s10, overwrite); put(c1 + o + 16, s11, overwrite);
    put(c2 + o, s20, overwrite); put(c2 + o + 16, s21, overwrite);
    put(c3 + o, s30, overwrite); put(c3 + o + 16, s31, overwrite);
  }
  if (j + 4 <= N) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    let pa: usize = 0;
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(pb);
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + pa), b0));
      s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a1 + pa), b0));
      s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a2 + pa), b0));
      s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a3 + pa), b0));
      pb += ldb;
      pa += acs;
    }
    const o = <usize>j << 2;
    put(c0 + o, s0, overwrite); put(c1 + o, s1, overwrite);
    put(c2 + o, s2, overwrite); put(c3 + o, s3, overwrite);
    j += 4;
  }
  for (; j < N; j++) {
    // one column: the four rows' dot products side by side in one register
    let s = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    let pa: usize = 0;
    for (let k = 0; k < K; k++) {
      let x = v128.load32_splat(a0 + pa);
      x = v128.load32_lane(a1 + pa, x, 1);
      x = v128.load32_lane(a2 + pa, x, 2);
      x = v128.load32_lane(a3 + pa, x, 3);
      s = f32x4.add(s, f32x4.mul(x, v128.load32_splat(pb)));
      pb += ldb;
      pa += acs;
    }
    const o = <usize>j << 2;
    putScalar(c0 + o, f32x4.extract_lane(s, 0), overwrite);
    putScalar(c1 + o, f32x4.extract_lane(s, 1), overwrite);
    putScalar(c2 + o, f32x4.extract_lane(s, 2), overwrite);
    putScalar(c3 + o, f32x4.extract_lane(s, 3), overwrite);
  }
}

/** One row of C: 8-wide, 4-wide, then single columns. */
function row1(N: i32, K: i32, a0: usize, acs: usize, b: usize, ldb: usize, c0: usize, overwrite: i32): void {
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    let pa = a0;
    for (let k = 0; k < K; k++) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      pb += ldb;
      pa += acs;
    }
    const o = <usize>j << 2;
    put(c0 + o, s0, overwrite); put(c0 + o + 16, s1, overwrite);
  }
  if (j + 4 <= N) {
    let s0 = f32x4.splat(0);
    let pb = b + (<usize>j << 2);
    let pa = a0;
    for (let k = 0; k < K; k++) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
      pb += ldb;
      pa += acs;
    }
    put(c0 + (<usize>j << 2), s0, overwrite);
    j += 4;
  }
  for (; j < N; j++) {
    let s: f32 = 0;
    let pb = b + (<usize>j << 2);
    let pa = a0;
    for (let k = 0; k < K; k++) {
      s += load<f32>(pa) * load<f32>(pb);
      pb += ldb;
      pa += acs;
    }
    putScalar(c0 + (<usize>j << 2), s, overwrite);
  }
}

/**
 * C (M×N) (+)= A·Bᵀ with A (M×K) and B (N×K) both contiguous along K (lda, ldb in bytes): dot
 * products vectorized along K, a 2×4 tile of C (eight f32x4 partial sums) per pass, reduced
 * across lanes at the end. For K ≥ 4; below that `packT` and `gemm` do better.
 */
export function gemmNT(
  M: i32, N: i32, K: i32,
  a: usize, lda: usize,
  b: usize, ldb: usize,
  c: usize, ldc: usize,
  overwrite: i32,
): void {
  const M2 = M & ~1;
  const N4 = N & ~3;
  const K4 = K & ~3;
  for (let i = 0; i < M2; i += 2) {
    const a0 = a + <usize>i * lda, a1 = a0 + lda;
    const c0 = c + <usize>i * ldc, c1 = c0 + ldc;
    for (let j = 0; j < N4; j += 4) {
      const b0 = b + <usize>j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let k: usize = 0; k < <usize>K4 << 2; k += 16) {
        const x0 = v128.load(a0 + k), x1 = v128.load(a1 + k);
        const y0 = v128.load(b0 + k), y1 = v128.load(b1 + k), y2 = v128.load(b2 + k), y3 = v128.load(b3 + k);
        s00 = f32x4.add(s00, f32x4.mul(x0, y0)); s01 = f32x4.add(s01, f32x4.mul(x0, y1));
        s02 = f32x4.add(s02, f32x4.mul(x0, y2)); s03 = f32x4.add(s03, f32x4.mul(x0, y3));
        s10 = f32x4.add(s10, f32x4.mul(x1, y0)); s11 = f32x4.add(s11, f32x4.mul(x1, y1));
        s12 = f32x4.add(s12, f32x4.mul(x1, y2)); s13 = f32x4.add(s13, f32x4.mul(x1, y3));
      }
      let r0 = hsum4(s00, s01, s02, s03);
      let r1 = hsum4(s10, s11, s12, s13);
      for (let k = K4; k < K; k++) {
        const o = <usize>k << 2;
        const y = gather4(b0 + o, b1 + o, b2 + o, b3 + o);
        r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(a0 + o), y));
        r1 = f32x4.add(r1, f32x4.mul(v128.load32_splat(a1 + o), y));
      }
      const o = <usize>j << 2;
      put(c0 + o, r0, overwrite);
      put(c1 + o, r1, overwrite);
    }
    for (let j = N4; j < N; j++) {
      const bj = b + <usize>j * ldb;
      putScalar(c0 + (<usize>j << 2), dot(a0, bj, K), overwrite);
      putScalar(c1 + (<usize>j << 2), dot(a1, bj, K), overwrite);
    }
  }
  if (M2 < M) {
    const a0 = a + <usize>M2 * lda;
    const c0 = c + <usize>M2 * ldc;
    for (let j = 0; j < N; j++) putScalar(c0 + (<usize>j << 2), dot(a0, b + <usize>j * ldb, K), overwrite);
  }
}

/** [Σ a, Σ b, Σ c, Σ d] over each vector's four lanes. */
@inline function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 2, 6), v128.shuffle<f32>(a, b, 1, 5, 3, 7)); // a01 b01 a23 b23
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 2, 6), v128.shuffle<f32>(c, d, 1, 5, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/** Four floats from four addresses. */
@inline function gather4(p0: usize, p1: usize, p2: usize, p3: usize): v128 {
  let v = v128.load32_splat(p0);
  v = v128.load32_lane(p1, v, 1);
  v = v128.load32_lane(p2, v, 2);
  return v128.load32_lane(p3, v, 3);
}

/** Σ_k x[k]·y[k] over K contiguous floats. */
function dot(x: usize, y: usize, K: i32): f32 {
  const K4 = K & ~3;
  let s = f32x4.splat(0);
  for (let k: usize = 0; k < <usize>K4 << 2; k += 16) s = f32x4.add(s, f32x4.mul(v128.load(x + k), v128.load(y + k)));
  let r = f32x4.extract_lane(hsum4(s, s, s, s), 0);
  for (let k = K4; k < K; k++) r += load<f32>(x + (<usize>k << 2)) * load<f32>(y + (<usize>k << 2));
  return r;
}

/**
 * dst (K×N, rows contiguous, leading dimension N) = the transpose of src (N×K, leading dimension
 * lds bytes): the packing that turns A·Bᵀ into A·B.
 */
export function packT(N: i32, K: i32, src: usize, lds: usize, dst: usize): void {
  const ldd = <usize>N << 2;
  for (let j = 0; j < N; j++) {
    let ps = src + <usize>j * lds;
    let pd = dst + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      store<f32>(pd, load<f32>(ps));
      ps += 4;
      pd += ldd;
    }
  }
}
