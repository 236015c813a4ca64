/**
 * Dropout, as Keras `Dropout` (inverted dropout): in training every value is kept with probability
 * 1 − rate and scaled by 1/(1 − rate), else zeroed, so the expected output equals the input; at
 * inference the layer is the identity.
 *
 * Letters: N = number of values of the input, any shape.
 *
 * The mask comes from the layer's own seeded `RandomState`, so a seed gives the same sequence of
 * masks on every machine; backward multiplies by the mask of the last training forward.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { RandomState } from '../engine/random.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions } from './layer.js';

export interface DropoutOptions extends LayerOptions {
  /**
   * Seed of the layer's mask generator, an integer in [0, 2^32 − 1]; default: derived from the
   * layer's name, so a model's layers draw different masks and a rerun draws the same ones.
   */
  seed?: number;
}

/** 1/2^32: a 32-bit draw to a uniform in [0, 1). */
const U32 = 2.3283064365386963e-10;

/** FNV-1a hash of a string: a default seed that differs between `dropout`, `dropout_1`, ... */
function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Dropout extends Layer {
  /** The keys of a saved Dropout config, with their JSON types. */
  static readonly configKeys: ConfigKeys = { ...LAYER_CONFIG_KEYS, rate: 'number', seed: 'number' };

  /** Rebuilds a saved Dropout through `dropout`, which validates the values. */
  static fromConfig({ rate, ...options }: Record<string, unknown>): Dropout {
    return dropout(rate as number, options as DropoutOptions);
  }

  readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number;
  private readonly rng: RandomState;
  // kept by a training forward for backward: the mask, 1/(1 − rate) where kept and 0 where dropped;
  // null after an inference forward (the identity, whose backward passes dy through)
  private mask: Float32Array | null = null; // (N)
  private maskBuf = new Float32Array(0); // (N) reused while the size stays the same
  private forwarded = false;

  constructor(rate: number, options: DropoutOptions = {}) {
    super('dropout', options);
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new Error(`Dropout rate must be a number in [0, 1), got ${rate}: it is the fraction of values dropped, e.g. 0.2.`);
    }
    this.rate = rate;
    const seed = options.seed ?? hashSeed(this.name);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`Dropout seed must be an integer in [0, 4294967295], got ${seed}.`);
    }
    this.seed = seed;
    this.rng = new RandomState(this.seed);
  }

  build(inputShape: LayerShape): LayerShape {
    this.outputShape = [...inputShape];
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    this.forwarded = true;
    if (!training || this.rate === 0) {
      this.mask = null;
      return x;
    }
    const n = x.size;
    if (this.maskBuf.length !== n) this.maskBuf = new Float32Array(n);
    const mask = this.maskBuf;
    const rate = this.rate;
    const scale = 1 / (1 - rate);
    // keep where u ≥ rate, as Keras (`random_uniform >= rate`)
    for (let i = 0; i < n; i++) mask[i] = this.rng.nextUint32() * U32 >= rate ? scale : 0;
    const y = new Float32Array(n);
    const xd = x.data;
    for (let i = 0; i < n; i++) y[i] = xd[i] * mask[i];
    this.mask = mask;
    return new Tensor(y, x.shape);
  }

  backward(dy: Tensor): Tensor {
    if (!this.forwarded) throw new Error(`Layer '${this.name}' (Dropout): backward() needs a forward(x, true) before it.`);
    const mask = this.mask;
    if (!mask) return dy;
    if (dy.size !== mask.length) {
      throw new Error(
        `Layer '${this.name}' (Dropout): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${mask.length} values.`,
      );
    }
    // dx = dy * mask: the same values kept, with the same scale
    const dx = new Float32Array(mask.length);
    const d = dy.data;
    for (let i = 0; i < dx.length; i++) dx[i] = d[i] * mask[i];
    return new Tensor(dx, dy.shape);
  }

  config(): Record<string, unknown> {
    return { name: this.name, rate: this.rate, seed: this.seed, inputShape: this.inputShape };
  }
}

/**
 * Dropout as Keras `Dropout(rate)`: during training zeroes each value with probability `rate` and
 * scales the kept ones by 1/(1 − rate); at inference (predict, evaluate) passes the input through.
 *
 * @example
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.simpleRNN(40, { returnSequences: true }),
 *   layers.dropout(0.2, { seed: 7 }),
 *   layers.simpleRNN(40),
 *   layers.dense(1),
 * ]);
 * @throws when `rate` is not in [0, 1) or `seed` is not an integer in [0, 2^32 − 1].
 */
export function dropout(rate: number, options?: DropoutOptions): Dropout {
  return new Dropout(rate, options);
}
