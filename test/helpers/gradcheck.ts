/**
 * Finite-difference gradient checks for layers that compute in float32.
 *
 * The loss is L = Σ y·R (summed in float64) for a fixed random R, so dL/dy = R is what backward
 * receives. Each checked entry θ is moved to θ ± eps and the central difference
 * (L(θ+) − L(θ−)) / (θ+ − θ−), with θ± as actually stored in float32, is compared to the analytic
 * gradient g:  |g − n| ≤ atol + rtol · max(|g|, |n|).
 *
 * Why eps = 1e-2, atol = 2e-3, rtol = 1e-2: the forward pass is float32, so L carries a rounding
 * noise of about 1e-7 per output entry, ~1e-6 in total for the small shapes of the tests; divided
 * by 2·eps that is ~1e-4 in the difference. The truncation error of a central difference is
 * eps²·L'''/6, ~1e-5 for activations of order-1 curvature. Measured on SimpleRNN(4) over 96
 * configurations (4 activations, T = 1/7, F = 1/3, both outputs, 3 seeds): a correct layer is off
 * by at most 1e-3 absolute, a tenth of the tolerance (worst ratio 0.1); a wrong one (a missing
 * term, a transposed matrix, a dropped BPTT step) is off by a fraction of the gradient itself and
 * fails: even dU scaled by 0.98 gives a ratio of 1.8. A smaller eps drowns in float32 noise
 * (at 1e-4 the noise alone is ~1e-2).
 *
 * Kinks (relu): if θ ± eps straddles a point where a relu switches, the central difference is
 * wrong however right the gradient is. With `allowKinks`, an entry whose two one-sided slopes
 * disagree (a kink inside the interval) passes when one of them matches the gradient; such
 * entries are counted and may be at most 10% of the checked ones.
 */
import { Tensor } from '../../src/engine/tensor.js';
import type { Layer } from '../../src/layers/layer.js';

/** A small seeded generator (mulberry32), so tests do not depend on the engine's RandomState. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  random(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal (Box–Muller). */
  randn(): number {
    const u = 1 - this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
  /** Fills `out` with uniform values in [lo, hi). */
  fill(out: Float32Array, lo = -1, hi = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.random();
    return out;
  }
  /** A tensor of uniform values in [lo, hi). */
  tensor(shape: number[], lo = -1, hi = 1): Tensor {
    return new Tensor(this.fill(new Float32Array(shape.reduce((a, b) => a * b, 1)), lo, hi), shape);
  }
}

/** Fills a built layer's weights uniformly in ±scale and zeroes its gradients. */
export function randomizeParams(layer: Layer, rng: Rng, scale = 0.5): void {
  for (const p of layer.params) {
    rng.fill(p.value, -scale, scale);
    p.grad.fill(0);
  }
}

/** An array checked entry by entry: `value` is perturbed in place, `grad` holds the analytic gradient. */
export interface Target {
  name: string;
  value: Float32Array;
  grad: Float32Array;
}

export interface GradCheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Tensors larger than this are checked on a random subset of this many entries; default 60. */
  maxPerTensor?: number;
  /** Accept entries that straddle a kink (see the file comment); default false. */
  allowKinks?: boolean;
  seed?: number;
}

export interface GradCheckResult {
  checked: number;
  kinks: number;
  /** Largest |g − n| / (atol + rtol·max(|g|, |n|)): below 1 passes. */
  worstRatio: number;
  worstAbs: number;
  failures: string[];
}

/**
 * Compares the analytic gradients in `targets` with central differences of `loss`.
 * `loss` must recompute everything from the current `value` arrays.
 */
export function checkGradients(targets: Target[], loss: () => number, opts: GradCheckOptions = {}): GradCheckResult {
  const eps = opts.eps ?? 1e-2;
  const atol = opts.atol ?? 2e-3;
  const rtol = opts.rtol ?? 1e-2;
  const maxPer = opts.maxPerTensor ?? 60;
  const rng = new Rng(opts.seed ?? 7);
  const res: GradCheckResult = { checked: 0, kinks: 0, worstRatio: 0, worstAbs: 0, failures: [] };
  const L0 = loss();
  for (const { name, value, grad } of targets) {
    let idx = Array.from(value, (_, i) => i);
    if (idx.length > maxPer) {
      for (let i = 0; i < maxPer; i++) {
        const j = i + Math.floor(rng.random() * (idx.length - i));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      idx = idx.slice(0, maxPer);
    }
    for (const i of idx) {
      const orig = value[i];
      value[i] = orig + eps;
      const up = value[i]; // as stored in float32
      const Lp = loss();
      value[i] = orig - eps;
      const down = value[i];
      const Lm = loss();
      value[i] = orig;
      const g = grad[i];
      const n = (Lp - Lm) / (up - down);
      const tol = (a: number, b: number): number => atol + rtol * Math.max(Math.abs(a), Math.abs(b));
      const ratio = Math.abs(g - n) / tol(g, n);
      res.checked++;
      if (ratio <= 1) {
        if (ratio > res.worstRatio) res.worstRatio = ratio;
        res.worstAbs = Math.max(res.worstAbs, Math.abs(g - n));
        continue;
      }
      const sUp = (Lp - L0) / (up - orig);
      const sDown = (L0 - Lm) / (orig - down);
      const kink = Math.abs(sUp - sDown) > 2 * tol(sUp, sDown);
      const oneSided = Math.abs(g - sUp) <= 2 * tol(g, sUp) || Math.abs(g - sDown) <= 2 * tol(g, sDown);
      if (opts.allowKinks && kink && oneSided) {
        res.kinks++;
        continue;
      }
      res.worstRatio = Math.max(res.worstRatio, ratio);
      res.worstAbs = Math.max(res.worstAbs, Math.abs(g - n));
      res.failures.push(`${name}[${i}]: analytic ${g.toExponential(4)}, numeric ${n.toExponential(4)}`);
    }
  }
  if (res.kinks > 0.1 * res.checked)
    res.failures.push(`${res.kinks} of ${res.checked} entries straddle a kink: use smaller inputs or eps.`);
  return res;
}

export interface LayerCheckOptions extends GradCheckOptions {
  /** Runs after backward, before the comparison: lets a test corrupt a gradient on purpose. */
  afterBackward?: (layer: Layer, dx: Tensor) => void;
}

/**
 * Gradient check of a built layer with its current weights on input `x`: every parameter and the
 * input, with L = Σ y·R for a random normal R. Zeroes the layer's gradients first.
 */
export function gradCheckLayer(layer: Layer, x: Tensor, opts: LayerCheckOptions = {}): GradCheckResult {
  const rng = new Rng((opts.seed ?? 7) + 1);
  const y0 = layer.forward(x, false);
  const R = new Float32Array(y0.size); // float32 so that backward and the loss see the same R
  for (let i = 0; i < R.length; i++) R[i] = rng.randn();
  const loss = (): number => {
    const y = layer.forward(x, false).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * R[i];
    return s;
  };
  for (const p of layer.params) p.grad.fill(0);
  layer.forward(x, true);
  const dx = layer.backward(new Tensor(R.slice(), y0.shape));
  opts.afterBackward?.(layer, dx);
  const targets: Target[] = layer.params.map((p) => ({ name: p.name, value: p.value, grad: p.grad }));
  targets.push({ name: 'input', value: x.data, grad: dx.data });
  return checkGradients(targets, loss, opts);
}

/** Throws with the first failing entries when a check failed. */
export function assertGradients(res: GradCheckResult, label = 'gradient check'): void {
  if (res.failures.length === 0 && res.checked > 0) return;
  const head = res.failures.slice(0, 8).join('\n  ');
  throw new Error(`${label}: ${res.failures.length} of ${res.checked} entries fail (worst ratio ${res.worstRatio.toFixed(2)}):\n  ${head}`);
}

/** A layer that also returns and takes final states, as `Recurrent` (structural: no layer import here). */
export interface StatefulLayer {
  readonly name: string;
  readonly params: Layer['params'];
  forwardWithState(x: Tensor, training: boolean): Tensor[];
  backwardWithState(dOutput: Tensor | null, dStates: (Tensor | null)[]): Tensor;
}

export interface StateCheckOptions extends GradCheckOptions {
  /** Which of [output, ...states] the loss uses (the others get a null gradient); default all. */
  use?: boolean[];
}

/**
 * Gradient check through `forwardWithState` / `backwardWithState`: L = Σ_k Σ y_k·R_k over the
 * output and the final states (those selected by `use`), every parameter and the input.
 */
export function gradCheckLayerWithState(layer: StatefulLayer, x: Tensor, opts: StateCheckOptions = {}): GradCheckResult {
  const rng = new Rng((opts.seed ?? 7) + 1);
  const ys0 = layer.forwardWithState(x, false);
  const use = ys0.map((_, k) => opts.use?.[k] ?? true);
  const Rs = ys0.map((y) => Float32Array.from({ length: y.size }, () => rng.randn()));
  const loss = (): number => {
    const ys = layer.forwardWithState(x, false);
    let s = 0;
    ys.forEach((y, k) => {
      if (use[k]) for (let i = 0; i < y.size; i++) s += y.data[i] * Rs[k][i];
    });
    return s;
  };
  for (const p of layer.params) p.grad.fill(0);
  layer.forwardWithState(x, true);
  const grads = ys0.map((y, k) => (use[k] ? new Tensor(Rs[k].slice(), y.shape) : null));
  const dx = layer.backwardWithState(grads[0], grads.slice(1));
  const targets: Target[] = layer.params.map((p) => ({ name: p.name, value: p.value, grad: p.grad }));
  targets.push({ name: 'input', value: x.data, grad: dx.data });
  return checkGradients(targets, loss, opts);
}
