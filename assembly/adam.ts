/**
 * Adam's update over n weights (src/optim/adam.ts), two weights per f64x2: every operation in
 * float64 in the TypeScript loop's order, each stored value rounded once to float32 as a
 * Float32Array store rounds it, so the same bits as the loop (float64 add, sub, mul, div and sqrt
 * are correctly rounded in both). Without AMSGrad; c1 = 1 − β1, c2 = 1 − β2.
 */

/** m += (g − m)·c1; v += (g² − v)·c2; p −= (m·alpha) / (√v + eps), over n floats at p, g, m, v. */
export function adamStep(n: i32, p: usize, g: usize, m: usize, v: usize, c1: f64, c2: f64, alpha: f64, eps: f64): void {
  const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), A = f64x2.splat(alpha), E = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 2;
    const gi = f64x2.promote_low_f32x4(v128.load64_zero(g + o));
    const mi = f64x2.promote_low_f32x4(v128.load64_zero(m + o));
    const vi = f64x2.promote_low_f32x4(v128.load64_zero(v + o));
    const m32 = f32x4.demote_f64x2_zero(f64x2.add(mi, f64x2.mul(f64x2.sub(gi, mi), C1)));
    const v32 = f32x4.demote_f64x2_zero(f64x2.add(vi, f64x2.mul(f64x2.sub(f64x2.mul(gi, gi), vi), C2)));
    v128.store64_lane(m + o, m32, 0);
    v128.store64_lane(v + o, v32, 0);
    const step = f64x2.div(f64x2.mul(f64x2.promote_low_f32x4(m32), A), f64x2.add(f64x2.sqrt(f64x2.promote_low_f32x4(v32)), E));
    const pi = f64x2.promote_low_f32x4(v128.load64_zero(p + o));
    v128.store64_lane(p + o, f32x4.demote_f64x2_zero(f64x2.sub(pi, step)), 0);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = <f64>load<f32>(g + o);
    const mi = <f64>load<f32>(m + o);
    const vi = <f64>load<f32>(v + o);
    const m32 = <f32>(mi + (gi - mi) * c1);
    const v32 = <f32>(vi + (gi * gi - vi) * c2);
    store<f32>(m + o, m32);
    store<f32>(v + o, v32);
    store<f32>(p + o, <f32>(<f64>load<f32>(p + o) - (<f64>m32 * alpha) / (Math.sqrt(<f64>v32) + eps)));
  }
}
