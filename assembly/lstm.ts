/**
 * The LSTM cell's elementwise work for one timestep over all B rows, fused: what the layer's
 * loops do in src/layers/lstm.ts, four units per f32x4. Gates in Keras's order [i, f, c, o];
 * σ = `rec` (recurrentActivation), act = `act` (activation); kinds as in ./activations.
 *
 * Letters: B = batch, H = units, G = 4H. Pointers are byte addresses of row 0 of the step; rows
 * are ldG bytes apart in the gate buffers and ldH bytes apart in the (B, T, H) state buffers.
 */
import { SIGMOID, TANH, act4, actBackward4, actGrad4, activateRowsOf, loadPart, storePart } from './activations';

@inline function ld(p: usize, n: i32): v128 {
  return n == 4 ? v128.load(p) : loadPart(p, n);
}

@inline function st(p: usize, v: v128, n: i32): void {
  if (n == 4) v128.store(p, v);
  else storePart(p, v, n);
}

/**
 * Forward: gates holds z = x·W + h[t−1]·U + b; afterwards the activated [i, f, g, o], and
 * c[t] = f ⊙ c[t−1] + i ⊙ g, act(c[t]), h[t] = o ⊙ act(c[t]) are written to cs, acs, hs
 * (c[t−1] is the row H floats before, read only when hasPrev).
 */
export function lstmForwardStep(
  B: i32, H: i32, rec: i32, act: i32, hasPrev: i32,
  gates: usize, ldG: usize,
  cs: usize, acs: usize, hs: usize, ldH: usize,
): void {
  // Keras's default activations get a loop of their own, with the kinds folded in
  if (rec == SIGMOID && act == TANH) forwardOf(SIGMOID, TANH, B, H, hasPrev, gates, ldG, cs, acs, hs, ldH);
  else forwardOf(rec, act, B, H, hasPrev, gates, ldG, cs, acs, hs, ldH);
}

@inline function forwardOf(
  rec: i32, act: i32, B: i32, H: i32, hasPrev: i32,
  gates: usize, ldG: usize,
  cs: usize, acs: usize, hs: usize, ldH: usize,
): void {
  const hb = <usize>H << 2;
  // the gates first, each a tight loop over all B rows: i and f, g, o
  activateRowsOf(rec, gates, B, 2 * H, ldG);
  activateRowsOf(act, gates + 2 * hb, B, H, ldG);
  activateRowsOf(rec, gates + 3 * hb, B, H, ldG);
  // then the cell
  for (let b = 0; b < B; b++) {
    const z = gates + <usize>b * ldG;
    const s = <usize>b * ldH;
    for (let j = 0; j < H; j += 4) {
      const n = min(4, H - j);
      const o = <usize>j << 2;
      const i = ld(z + o, n);
      const f = ld(z + hb + o, n);
      const g = ld(z + 2 * hb + o, n);
      const og = ld(z + 3 * hb + o, n);
      const cPrev = hasPrev ? ld(cs + s - hb + o, n) : f32x4.splat(0);
      const c = f32x4.add(f32x4.mul(f, cPrev), f32x4.mul(i, g));
      const a = act4(act, c);
      st(cs + s + o, c, n);
      st(acs + s + o, a, n);
      st(hs + s + o, f32x4.mul(og, a), n);
    }
  }
}

/**
 * Backward: from dh[t] (B rows of dh) and the carried dc (B×H, contiguous), writes dZ[t] into dG
 * and leaves dc[t−1] = dc[t] ⊙ f in dc:
 *   dc[t] = dc + dh ⊙ o ⊙ act'(c),  dZ_i = dc[t]·g·σ'(i),  dZ_f = dc[t]·c[t−1]·σ'(f),
 *   dZ_g = dc[t]·i·act'(g),  dZ_o = dh·act(c)·σ'(o).
 */
export function lstmBackwardStep(
  B: i32, H: i32, rec: i32, act: i32, hasPrev: i32,
  gates: usize, dG: usize, ldG: usize,
  cs: usize, acs: usize, dh: usize, ldH: usize,
  dc: usize,
): void {
  if (rec == SIGMOID && act == TANH) backwardOf(SIGMOID, TANH, B, H, hasPrev, gates, dG, ldG, cs, acs, dh, ldH, dc);
  else backwardOf(rec, act, B, H, hasPrev, gates, dG, ldG, cs, acs, dh, ldH, dc);
}

@inline function backwardOf(
  rec: i32, act: i32, B: i32, H: i32, hasPrev: i32,
  gates: usize, dG: usize, ldG: usize,
  cs: usize, acs: usize, dh: usize, ldH: usize,
  dc: usize,
): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const z = <usize>b * ldG;
    const s = <usize>b * ldH;
    const d = dc + <usize>b * hb;
    for (let j = 0; j < H; j += 4) {
      const n = min(4, H - j);
      const o = <usize>j << 2;
      const dhv = ld(dh + s + o, n);
      const a = ld(acs + s + o, n);
      const i = ld(gates + z + o, n);
      const f = ld(gates + z + hb + o, n);
      const g = ld(gates + z + 2 * hb + o, n);
      const og = ld(gates + z + 3 * hb + o, n);
      const dcv = f32x4.add(ld(d + o, n), f32x4.mul(f32x4.mul(dhv, og), actGrad4(act, a)));
      const cPrev = hasPrev ? ld(cs + s - hb + o, n) : f32x4.splat(0);
      st(dG + z + o, actBackward4(rec, i, f32x4.mul(dcv, g)), n);
      st(dG + z + hb + o, actBackward4(rec, f, f32x4.mul(dcv, cPrev)), n);
      st(dG + z + 2 * hb + o, actBackward4(act, g, f32x4.mul(dcv, i)), n);
      st(dG + z + 3 * hb + o, actBackward4(rec, og, f32x4.mul(dhv, a)), n);
      st(d + o, f32x4.mul(dcv, f), n);
    }
  }
}
