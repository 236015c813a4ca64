/**
 * Adam, as Keras 2 and 3 (`keras.optimizers.Adam`, and tf.keras's fused `ResourceApplyAdam`):
 *
 *   t += 1
 *   m = β1·m + (1 − β1)·g              (Keras writes it m += (g − m)·(1 − β1))
 *   v = β2·v + (1 − β2)·g²
 *   v̂ = max(v̂, v), then v ← v̂          (amsgrad only)
 *   α = lr·√(1 − β2^t) / (1 − β1^t)
 *   w −= α·m / (√v + ε)
 *
 * ε is Kingma & Ba's "epsilon hat" (added after the bias corrections are folded into α), as
 * Keras documents it. TensorFlow.js's `tf.train.adam` adds ε to √(v / (1 − β2^t)) instead; the
 * two agree whenever ε is small next to √v̂ (the usual case, and what the golden test checks).
 * m and v are float32 per weight (as Keras's slot variables), α is computed in float64.
 */
import { allocF32, inArena } from '../engine/wasm/arena.js';
import { wasmKernels } from '../engine/wasm/backend.js';
import type { Optimizer, ParamSegment } from './optimizer.js';
import { checkOptionNames, GradientClipper, type ClipOptions } from './clip.js';

/** Options of {@link adam} (Keras defaults), plus one clipping option. */
export interface AdamOptions extends ClipOptions {
  /** Step size; Keras default 0.001. */
  learningRate?: number;
  /** Decay of the first-moment average, in [0, 1); default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1); default 0.999. */
  beta2?: number;
  /** Keras's "epsilon hat", a positive number; default 1e-7 (Keras's, not the paper's 1e-8). */
  epsilon?: number;
  /** AMSGrad (Reddi et al. 2018): divide by the running maximum of v; default false. */
  amsgrad?: boolean;
}

/**
 * The Adam optimizer; build it with {@link adam}.
 * @example const opt = new Adam({ learningRate: 1e-3 }); opt.step(weights, grads);
 * @throws (constructor) as {@link adam}.
 */
export class Adam implements Optimizer {
  readonly name = 'adam';
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  private readonly clipper: GradientClipper;
  /** Steps taken so far (Keras `iterations`); t of the formula is this + 1 during a step. */
  private t = 0;
  /** First and second moments per weight (and v̂ for amsgrad), allocated at the first step. */
  private m: Float32Array | null = null;
  private v: Float32Array | null = null;
  private vHat: Float32Array | null = null;

  constructor(options: AdamOptions = {}) {
    checkOptionNames('adam', options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'amsgrad']);
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = options;
    if (!(learningRate > 0) || !Number.isFinite(learningRate))
      throw new Error(`adam learningRate must be a positive number, got ${learningRate}: use e.g. 0.001.`);
    if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`adam beta1 must be in [0, 1), got ${beta1}: use e.g. 0.9.`);
    if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`adam beta2 must be in [0, 1), got ${beta2}: use e.g. 0.999.`);
    if (!(epsilon > 0) || !Number.isFinite(epsilon))
      throw new Error(`adam epsilon must be a positive number, got ${epsilon}: use e.g. 1e-7.`);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.amsgrad = amsgrad;
    this.clipper = new GradientClipper('adam', options);
  }

  /** Steps taken so far, as Keras `optimizer.iterations`. */
  get iterations(): number {
    return this.t;
  }

  /**
   * One update; `grads` is clipped first when a clipping option is set (`segments` for
   * `clipNorm`). The moments restart from zero when the buffer size changes (another model).
   */
  step(params: Float32Array, grads: Float32Array, segments?: readonly ParamSegment[]): void {
    const g = this.clipper.clip(grads, segments);
    const n = params.length;
    if (!this.m || this.m.length !== n) {
      // in the kernels' memory, beside the weights, so that the WebAssembly update reads them in place
      this.m = allocF32(n);
      this.v = allocF32(n);
      this.vHat = this.amsgrad ? new Float32Array(n) : null;
      this.t = 0;
    }
    const m = this.m;
    const v = this.v!;
    const vHat = this.vHat;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const t = this.t + 1;
    const alpha = (this.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    this.t = t;
    // the same update in f64x2 lanes, to the bit (assembly/adam.ts), when every buffer lies in the kernels' memory
    const k = wasmKernels();
    if (k && !vHat && inArena(params) && inArena(g) && inArena(m) && inArena(v)) {
      k.adamStep(n, params.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, 1 - b1, 1 - b2, alpha, eps);
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      m[i] += (gi - m[i]) * (1 - b1);
      v[i] += (gi * gi - v[i]) * (1 - b2);
      let vi = v[i];
      if (vHat) {
        if (vi > vHat[i]) vHat[i] = vi;
        vi = vHat[i];
      }
      params[i] -= (m[i] * alpha) / (Math.sqrt(vi) + eps);
    }
  }

  config(): Record<string, number | boolean> {
    const { learningRate, beta1, beta2, epsilon, amsgrad } = this;
    return { learningRate, beta1, beta2, epsilon, amsgrad, ...this.clipper.config() };
  }
}

/**
 * Adam with Keras's defaults and formula (see the file comment), optionally AMSGrad, with
 * Keras's gradient clipping options.
 * @example model.compile({ loss: 'huber', optimizer: optimizers.adam() })
 * @example optimizers.adam({ learningRate: 1e-3, amsgrad: true, globalClipNorm: 1 })
 * @throws when learningRate or epsilon is not a positive number, beta1 or beta2 is outside
 *   [0, 1), a clipping option is not positive or more than one is set, or an option name is unknown.
 */
export function adam(options?: AdamOptions): Adam {
  return new Adam(options);
}
