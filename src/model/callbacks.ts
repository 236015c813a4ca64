/**
 * Training callbacks, as Keras: hooks the training loop calls; none of them knows about layers.
 */
import type { Sequential } from './sequential.js';

/** Per-epoch or per-batch values: `loss`, metric names, `val_` ones, `lr`. */
export type Logs = Record<string, number>;

export interface Callback {
  onTrainBegin?(model: Sequential): void | Promise<void>;
  onEpochBegin?(epoch: number, model: Sequential): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, model: Sequential): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, model: Sequential): void | Promise<void>;
  onTrainEnd?(model: Sequential): void | Promise<void>;
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
      if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learningRateScheduler returned ${lr} at epoch ${epoch}: a learning rate must be a positive number.`);
      optimizer.learningRate = lr;
    },
  };
}
