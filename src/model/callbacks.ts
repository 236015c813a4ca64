/**
 * Training callbacks, as Keras: hooks the training loop calls; none of them knows about layers.
 */
import type { Tensor } from '../engine/tensor.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Loss } from '../losses/losses.js';
import type { FusedStep } from './dense-step.js';
import type { ParamStore } from './params.js';

/** Per-epoch or per-batch values: `loss`, metric names, `val_` ones, `lr`. */
export type Logs = Record<string, number>;

/**
 * The model as the training loop and its callbacks see it (a compiled `Sequential` is one): the
 * forward and backward passes, the flat parameter buffers, the optimizer, and the flag that ends
 * training.
 */
export interface TrainingModel {
  readonly name: string;
  /** Set by a callback to end training after the current epoch, as Keras `stop_training`. */
  stopTraining: boolean;
  readonly params: ParamStore;
  readonly optimizer: Optimizer;
  forward(x: Tensor, training: boolean): Tensor;
  /** Adds the parameters' gradients; returns the input's (fit passes `inputGrad` false and reads none: a model may skip it). */
  backward(dy: Tensor, inputGrad?: boolean): Tensor | null;
  /**
   * A fused forward-loss-backward for this loss that gives the numbers of forward, the loss on the
   * tape and backward, faster (src/model/dense-step.ts); null or absent when the model has none.
   */
  fusedStep?(loss: Loss): FusedStep | null;
}

/** Hooks of the training loop; `M` is the model `fit` was called on (`model.fit` passes a `Sequential`). */
export interface Callback<M extends TrainingModel = TrainingModel> {
  /** `params.epochs`: the epochs this fit will run (Keras's `params`), fewer than a spec's when it has `maxSteps`. */
  onTrainBegin?(model: M, params: { epochs: number }): void | Promise<void>;
  onEpochBegin?(epoch: number, model: M): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, model: M): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, model: M): void | Promise<void>;
  onTrainEnd?(model: M): void | Promise<void>;
}

/**
 * Sets the learning rate at each epoch's start (epochs count from 0), as Keras
 * `LearningRateScheduler`; the course's sweep is `epoch => 1e-8 * 10 ** (epoch / 20)`.
 * @example learningRateScheduler((epoch) => 1e-8 * 10 ** (epoch / 20))
 * @throws (at that epoch) when the schedule returns a rate that is not a positive number.
 */
export function learningRateScheduler(schedule: (epoch: number, lr: number) => number): Callback {
  return {
    onEpochBegin(epoch, model) {
      const optimizer = model.optimizer;
      const lr = schedule(epoch, optimizer.learningRate);
      if (!(lr > 0) || !Number.isFinite(lr))
        throw new Error(`learningRateScheduler returned ${lr} at epoch ${epoch}: a learning rate must be a positive number.`);
      optimizer.learningRate = lr;
    },
  };
}
