/**
 * Shared set-up of the recurrent layers' tests: built layers with weights that keep the state
 * alive over 20 steps, time reversal, and tfjs's recurrent-layer arguments from ours.
 */
import { Tensor } from '../../src/engine/tensor.js';
import type { LayerShape } from '../../src/engine/shape.js';
import type { Layer } from '../../src/layers/layer.js';
import type { RecurrentOptions } from '../../src/layers/recurrent.js';
import { Rng, randomizeParams } from './gradcheck.js';

/**
 * Builds `layer` for `inputShape` and gives it uniform weights: ±0.5, the recurrent kernel
 * ±1.2/√H, so the state neither dies nor explodes over the test lengths.
 */
export function built<L extends Layer & { units: number }>(layer: L, inputShape: LayerShape, seed = 1): L {
  layer.build(inputShape);
  const rng = new Rng(seed);
  randomizeParams(layer, rng);
  const U = layer.params.find((p) => p.name === 'recurrent_kernel')!;
  const s = 1.2 / Math.sqrt(layer.units);
  rng.fill(U.value, -s, s);
  return layer;
}

/** x (B, T, D) with its time axis reversed. */
export function reversedInTime(x: Tensor): Tensor {
  const [B, T, D] = x.shape;
  const out = new Float32Array(x.size);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) out.set(x.data.subarray((b * T + t) * D, (b * T + t + 1) * D), (b * T + T - 1 - t) * D);
  return new Tensor(out, x.shape);
}

/** The recurrent options as tf.layers arguments (tfjs names them as we do). */
export function tfRecurrentArgs(o: RecurrentOptions): { returnSequences: boolean; returnState: boolean; goBackwards: boolean } {
  return { returnSequences: o.returnSequences ?? false, returnState: o.returnState ?? false, goBackwards: o.goBackwards ?? false };
}

/** The weights of a layer as tensors in Keras order, for `setWeights`. */
export function weightsOf(layer: Layer): Tensor[] {
  return layer.params.map((p) => new Tensor(p.value, p.shape));
}
