/**
 * Activations on f32x4 lanes, and over blocks of rows (a timestep's B rows inside a (B, T, ·)
 * buffer), forward in place and backward from the activation's output y, as the layers keep it.
 *
 * Kinds, in the order of `ACTIVATIONS` in src/engine/activations.ts: 0 linear, 1 tanh,
 * 2 sigmoid, 3 relu.
 *
 * exp is Cephes's expf (range reduction by ln 2 split in two, a degree-6 polynomial, 2^n built
 * in the exponent bits); tanh is Eigen's rational approximation; sigmoid is 1/(1 + e^{−x}). Each
 * is within 3 float32 ulps of the correctly rounded value (measured over ±12).
 */

export const LINEAR = 0;
export const TANH = 1;
export const SIGMOID = 2;
export const RELU = 3;

/** e^x in each lane; x is clamped to [−87.3, 88.3] (results from 1e-38 to 2e38); NaN stays NaN. */
@inline export function expf4(x0: v128): v128 {
  // pmin/pmax (one instruction each) rather than min/max: x0 is NaN-free or its NaN goes on anyway
  const x = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-87.3)), f32x4.splat(88.3));
  // n = round(x·log2 e) by the 1.5·2^23 trick: the sum's low mantissa bits hold n as an integer
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const n = f32x4.sub(shifted, f32x4.splat(12582912.0));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n: n + 127 in the exponent field (n is the integer in shifted's low bits, 0x4B400000 its zero)
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(shifted, i32x4.splat(0x4b400000)), i32x4.splat(127)), 23);
  return f32x4.mul(p, pow2n);
}

/**
 * tanh in each lane: Eigen's rational approximation (odd degree-13 over even degree-6 polynomial
 * on x clamped to ±7.9053, where tanh rounds to ±1 in float32), within 3 ulps; NaN stays NaN.
 */
@inline export function tanhf4(x0: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-7.90531110763549805)), f32x4.splat(7.90531110763549805));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(f32x4.mul(p, x), q);
}

/** 1/(1 + e^{−x}) in each lane. */
@inline export function sigmoidf4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expf4(f32x4.neg(x))));
}

/** act(x) in each lane. */
@inline export function act4(kind: i32, x: v128): v128 {
  if (kind == TANH) return tanhf4(x);
  if (kind == SIGMOID) return sigmoidf4(x);
  if (kind == RELU) return f32x4.pmax(x, f32x4.splat(0)); // keeps NaN and −0, as `x < 0 ? 0 : x`
  return x;
}

/** act'(x) in each lane, from y = act(x), as a factor (relu: 1 or 0). */
@inline export function actGrad4(kind: i32, y: v128): v128 {
  if (kind == TANH) return f32x4.sub(f32x4.splat(1), f32x4.mul(y, y));
  if (kind == SIGMOID) return f32x4.mul(y, f32x4.sub(f32x4.splat(1), y));
  if (kind == RELU) return v128.andnot(f32x4.splat(1), f32x4.le(y, f32x4.splat(0)));
  return f32x4.splat(1);
}

/** d·act'(x) in each lane, from y = act(x); relu zeroes d where y ≤ 0, as `if (y <= 0) d = 0`. */
@inline export function actBackward4(kind: i32, y: v128, d: v128): v128 {
  if (kind == RELU) return v128.andnot(d, f32x4.le(y, f32x4.splat(0)));
  if (kind == LINEAR) return d;
  return f32x4.mul(d, actGrad4(kind, y));
}

/** Four floats from p, or fewer (n < 4): the lanes past n are zero. */
@inline export function loadPart(p: usize, n: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first n (< 4) lanes of v at p. */
@inline export function storePart(p: usize, v: v128, n: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** y = act(y) in place over `rows` rows of `len` floats, `ld` bytes apart. */
export function activateRows(kind: i32, p: usize, rows: i32, len: i32, ld: usize): void {
  // one loop per kind: with `kind` a constant in each, the branches of act4 fold away
  if (kind == TANH) activateRowsOf(TANH, p, rows, len, ld);
  else if (kind == SIGMOID) activateRowsOf(SIGMOID, p, rows, len, ld);
  else if (kind == RELU) activateRowsOf(RELU, p, rows, len, ld);
}

@inline export function activateRowsOf(kind: i32, p: usize, rows: i32, len: i32, ld: usize): void {
  const len4 = len & ~3;
  for (let r = 0; r < rows; r++) {
    const row = p + <usize>r * ld;
    for (let j = 0; j < len4; j += 4) {
      const q = row + (<usize>j << 2);
      v128.store(q, act4(kind, v128.load(q)));
    }
    if (len4 < len) {
      const q = row + (<usize>len4 << 2);
      storePart(q, act4(kind, loadPart(q, len - len4)), len - len4);
    }
  }
}

/** dy *= act'(x), from y = act(x), over `rows` rows of `len` floats (y rows ldy bytes apart, dy rows lddy). */
export function activationBackwardRows(kind: i32, y: usize, ldy: usize, dy: usize, lddy: usize, rows: i32, len: i32): void {
  if (kind == TANH) backwardRowsOf(TANH, y, ldy, dy, lddy, rows, len);
  else if (kind == SIGMOID) backwardRowsOf(SIGMOID, y, ldy, dy, lddy, rows, len);
  else if (kind == RELU) backwardRowsOf(RELU, y, ldy, dy, lddy, rows, len);
}

@inline function backwardRowsOf(kind: i32, y: usize, ldy: usize, dy: usize, lddy: usize, rows: i32, len: i32): void {
  const len4 = len & ~3;
  for (let r = 0; r < rows; r++) {
    const yr = y + <usize>r * ldy;
    const dr = dy + <usize>r * lddy;
    for (let j = 0; j < len4; j += 4) {
      const o = <usize>j << 2;
      v128.store(dr + o, actBackward4(kind, v128.load(yr + o), v128.load(dr + o)));
    }
    if (len4 < len) {
      const o = <usize>len4 << 2;
      const n = len - len4;
      storePart(dr + o, actBackward4(kind, loadPart(yr + o, n), loadPart(dr + o, n)), n);
    }
  }
}
