/**
 * Dense: y = act(x·W + b), as Keras `Dense`. On a 3-D input it applies per timestep
 * (sequence-to-sequence): the B·T rows go through one GEMM.
 *
 * Letters: B = batch, T = timesteps, I = input features, U = units, R = rows = B (2-D) or B·T (3-D).
 *
 * Training a model made only of Dense layers under the Huber loss runs src/model/dense-step.ts
 * instead, which repeats this arithmetic without the Tensors: change the two together
 * (test/model/dense-step.test.ts holds them equal, bit for bit).
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { gemmNN, gemmNT, gemmTN } from '../engine/gemm.js';
import { activateInPlace, activationGradient, checkActivation, type ActivationName } from '../engine/activations.js';
import { allocF32, resizeF32 } from '../engine/wasm/arena.js';
import { addColumnSums } from '../engine/wasm/rows.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions, type Param } from './layer.js';

export interface DenseOptions extends LayerOptions {
  /** Applied to x·W + b; default 'linear' (none), as Keras. */
  activation?: ActivationName;
  /** Add a bias vector; default true. */
  useBias?: boolean;
}

export class Dense extends Layer {
  /** The keys of a saved Dense config, with their JSON types. */
  static readonly configKeys: ConfigKeys = { ...LAYER_CONFIG_KEYS, units: 'number', activation: 'string', useBias: 'boolean' };

  /** Rebuilds a saved Dense through `dense`, which validates the values. */
  static fromConfig({ units, ...options }: Record<string, unknown>): Dense {
    return dense(units as number, options as DenseOptions);
  }

  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  private kernel: Param | null = null; // (I, U)
  private bias: Param | null = null; // (U)
  private inDim = 0;
  // kept by a training forward for backward: the input and the (activated) output
  private cacheX: Float32Array | null = null; // (R, I)
  private cacheY: Float32Array | null = null; // (R, U)
  private cacheShape: number[] = [];
  private dz = allocF32(0); // (R, U) scratch: dy * act'(y), reused across batches, in the kernels' memory
  private dbAcc = new Float64Array(0); // (U) column sums of dz, in float64 (sums over B·T rows)

  constructor(units: number, options: DenseOptions = {}) {
    super('dense', options);
    if (!Number.isInteger(units) || units < 1) throw new Error(`Dense units must be a positive integer, got ${units}.`);
    this.units = units;
    this.activation = checkActivation(options.activation ?? 'linear');
    this.useBias = options.useBias ?? true;
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.kernel) throw new Error(`Layer '${this.name}' (Dense) is already built: a layer belongs to one model.`);
    const last = inputShape[inputShape.length - 1];
    if ((inputShape.length !== 1 && inputShape.length !== 2) || last === null || last === undefined) {
      throw this.shapeError('(features) or (time, features) with a known number of features', inputShape);
    }
    this.inDim = last;
    this.kernel = this.addParam('kernel', [last, this.units], 'glorotUniform');
    if (this.useBias) this.bias = this.addParam('bias', [this.units], 'zeros');
    this.outputShape = [...inputShape.slice(0, -1), this.units];
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    const W = this.kernel;
    if (!W) throw new Error(`Layer '${this.name}' (Dense) is used before build().`);
    const I = this.inDim;
    const U = this.units;
    const r = x.rank;
    if ((r !== 2 && r !== 3) || x.shape[r - 1] !== I) {
      throw new Error(
        `Layer '${this.name}' (Dense) expects input of shape (batch, ${I}) or (batch, time, ${I}) but gets [${x.shape.join(', ')}]: fix the data or the previous layer.`,
      );
    }
    const R = x.size / I;
    const y = new Float32Array(R * U); // (R, U)
    if (this.bias) fillRows(y, this.bias.value, R);
    gemmNN(R, U, I, x.data, 0, I, W.value, 0, U, y, 0, U);
    activateInPlace(this.activation, y, 0, y.length);
    const shape = [...x.shape.slice(0, -1), U];
    // keep x and y for backward (y gives act'); a forward without training drops the cache
    this.cacheX = training ? x.data : null;
    this.cacheY = training ? y : null;
    this.cacheShape = x.shape;
    return new Tensor(y, shape);
  }

  backward(dy: Tensor): Tensor;
  backward(dy: Tensor, inputGrad: boolean): Tensor | null;
  backward(dy: Tensor, inputGrad = true): Tensor | null {
    const X = this.cacheX;
    const Y = this.cacheY;
    const W = this.kernel!;
    if (!X || !Y) throw new Error(`Layer '${this.name}' (Dense): backward() needs a forward(x, true) before it.`);
    if (dy.size !== Y.length) {
      throw new Error(
        `Layer '${this.name}' (Dense): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${Y.length} values.`,
      );
    }
    const I = this.inDim;
    const U = this.units;
    const R = X.length / I;
    // dz = dy * act'(y) (R, U): in a scratch buffer, never in the caller's dy
    const dz = activationGradient(this.activation, Y, dy.data, (n) => (this.dz = resizeF32(this.dz, n)));
    // dW += Xᵀ·dZ  (I, U)
    gemmTN(I, U, R, X, 0, I, dz, 0, U, W.grad, 0, U);
    if (this.bias) {
      // db += Σ_rows dz, summed in float64: up to B·T rows
      if (this.dbAcc.length !== U) this.dbAcc = new Float64Array(U);
      addColumnSums(this.bias.grad, 0, dz, R, 0, U, U, this.dbAcc);
    }
    if (!inputGrad) return null;
    // dX = dZ·Wᵀ  (R, I)
    const dx = new Float32Array(R * I);
    gemmNT(R, I, U, dz, 0, U, W.value, 0, U, dx, 0, I, true);
    return new Tensor(dx, this.cacheShape);
  }

  config(): Record<string, unknown> {
    return { name: this.name, units: this.units, activation: this.activation, useBias: this.useBias, inputShape: this.inputShape };
  }
}

/**
 * Writes `row` (U values) into each of the first `rows` rows of `out` (rows × U): a Dense's bias,
 * before x·W is added to it.
 * @example fillRows(y, bias.value, R); // y (R, U) = the bias in every row
 * @throws never.
 */
export function fillRows(out: Float32Array, row: Float32Array, rows: number): void {
  const U = row.length;
  // a few values: a loop (a subarray `set` per row costs more than the copy); more: the first row,
  // then the rows written so far copied after themselves (log2(rows) copies, not one per row)
  if (U < 16) for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < U; j++, o++) out[o] = row[j];
  else if (rows > 0) {
    const end = rows * U;
    out.set(row, 0);
    for (let done = U; done < end; done *= 2) out.copyWithin(done, 0, Math.min(done, end - done));
  }
}

/**
 * A densely connected layer, `act(x·kernel + bias)`, as Keras `Dense`: kernel (in, units)
 * glorotUniform, bias (units) zeros. A 3-D input (batch, time, features) is handled per timestep.
 *
 * @example
 * const head = dense(1);                                  // the course's forecast head
 * const hidden = dense(10, { activation: 'relu', inputShape: [20] });
 * @throws when `units` is not a positive integer or `activation` is unknown; at build when the
 * input's last axis is unknown or its rank is not 1 or 2 (without the batch axis).
 */
export function dense(units: number, options?: DenseOptions): Dense {
  return new Dense(units, options);
}
