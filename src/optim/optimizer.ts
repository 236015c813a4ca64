/** The optimizer contract: one step over the model's flat weight and gradient buffers. */
export interface Optimizer {
  readonly name: string;
  /** Current learning rate; schedules set it at each epoch's start. */
  learningRate: number;
  /** Updates `params` in place from `grads` (both the model's flat buffers). */
  step(params: Float32Array, grads: Float32Array): void;
  /** Settings as JSON, for saved models. */
  config(): Record<string, number | boolean>;
}
