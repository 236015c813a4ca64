/**
 * One flat buffer for all weights, one for all gradients; every layer parameter is a view into
 * both. Zeroing, an optimizer step, clipping, a NaN check and saving are then one loop each.
 * Both lie in the WebAssembly kernels' memory (`allocF32`), so the GEMMs read weights and add into
 * gradients in place; every view keeps its block alive (`shareF32`).
 */
import { RandomState } from '../engine/random.js';
import { allocF32, shareF32 } from '../engine/wasm/arena.js';
import { sizeOf } from '../engine/shape.js';
import { checkParamSize, type Layer, type Param } from '../layers/layer.js';
import { initializer } from '../layers/initializers.js';
import type { ParamSegment } from '../optim/optimizer.js';

export class ParamStore {
  /** All weights, layer by layer, parameter by parameter (Keras `get_weights()` order). */
  readonly values: Float32Array;
  /** All gradients, same layout as `values`. */
  readonly grads: Float32Array;
  readonly list: Param[];
  /** Where each parameter of `list` lies in the buffers, for per-tensor work (Keras `clipnorm`). */
  readonly segments: readonly ParamSegment[];

  /** Allocates the buffers, points every parameter at its views and initializes it from `seed`. */
  constructor(layers: readonly Layer[], seed: number) {
    for (const layer of layers) for (const p of layer.params) checkParamSize(layer, p); // before allocating
    this.list = layers.flatMap((l) => l.params);
    const total = this.list.reduce((n, p) => n + sizeOf(p.shape), 0);
    this.values = allocF32(total);
    this.grads = allocF32(total);
    const rng = new RandomState(seed);
    const segments: ParamSegment[] = [];
    let offset = 0;
    for (const p of this.list) {
      const n = sizeOf(p.shape);
      segments.push({ offset, length: n });
      p.value = shareF32(this.values, offset, offset + n);
      p.grad = shareF32(this.grads, offset, offset + n);
      initializer(p.init)(p.value, p.shape, rng);
      offset += n;
    }
    this.segments = segments;
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** True when every weight is a finite number. */
  allFinite(): boolean {
    const v = this.values;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
    return true;
  }
}
