/**
 * The optimizer contract: one step over the model's flat weight and gradient buffers.
 *
 * @example
 * const opt: Optimizer = optimizers.adam({ learningRate: 1e-3, clipNorm: 1 });
 * opt.step(model.params.values, model.params.grads, model.params.segments);
 * @throws never (an interface; implementations validate their options when built).
 */
export interface Optimizer {
  readonly name: string;
  /** Current learning rate; schedules set it at each epoch's start. */
  learningRate: number;
  /**
   * Updates `params` in place from `grads` (both the model's flat buffers). `segments` says where
   * each parameter tensor lies in the buffers (Keras clips `clipNorm` per tensor); without it the
   * whole buffer counts as one tensor. `grads` is read, never written.
   */
  step(params: Float32Array, grads: Float32Array, segments?: readonly ParamSegment[]): void;
  /** Settings as JSON, for saved models. */
  config(): Record<string, number | boolean>;
}

/**
 * Where one parameter tensor (a kernel, a bias) lies in the flat buffers: `offset .. offset + length`.
 *
 * @example const segments: ParamSegment[] = [{ offset: 0, length: 6 }, { offset: 6, length: 3 }];
 * @throws never (a plain data type).
 */
export interface ParamSegment {
  readonly offset: number;
  readonly length: number;
}
