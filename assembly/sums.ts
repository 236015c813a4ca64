/**
 * Column sums over many rows in float64 (the bias gradients: B·T rows of dZ), eight columns per
 * pass in four f64x2 accumulators. Each column is summed row after row, in the same order as the
 * TypeScript loop, so the result is the same to the bit.
 */

/** dst[j] += Σ_r src[r·ld + j] over `rows` rows, for j < N; ld in bytes. */
export function addColumnSums(rows: i32, N: i32, src: usize, ld: usize, dst: usize): void {
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let p = src + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      const v0 = v128.load(p), v1 = v128.load(p, 16);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v0));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v0, v0, 2, 3, 0, 1)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v1));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(v1, v1, 2, 3, 0, 1)));
      p += ld;
    }
    const d = dst + (<usize>j << 2);
    add(d, f64x2.extract_lane(s0, 0)); add(d + 4, f64x2.extract_lane(s0, 1));
    add(d + 8, f64x2.extract_lane(s1, 0)); add(d + 12, f64x2.extract_lane(s1, 1));
    add(d + 16, f64x2.extract_lane(s2, 0)); add(d + 20, f64x2.extract_lane(s2, 1));
    add(d + 24, f64x2.extract_lane(s3, 0)); add(d + 28, f64x2.extract_lane(s3, 1));
  }
  for (; j < N; j++) {
    let s: f64 = 0;
    let p = src + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s += <f64>load<f32>(p);
      p += ld;
    }
    add(dst + (<usize>j << 2), s);
  }
}

/** *p += s, rounded once to float32 (as `db[j] += acc[j]` in TypeScript). */
@inline function add(p: usize, s: f64): void {
  store<f32>(p, <f32>(<f64>load<f32>(p) + s));
}
