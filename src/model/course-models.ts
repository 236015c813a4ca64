/**
 * The course's models, built as its notebooks build them, so the demo, the benchmark, the
 * reproduction and users start from the same definitions.
 */
import * as layers from '../layers/index.js';
import { sequential, type Sequential } from './sequential.js';

export interface CourseModelOptions {
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/**
 * The RNN lab's model: expandDims → SimpleRNN(40, sequences) → SimpleRNN(40) → Dense(1) → ×100,
 * on windows of any length (4,961 parameters). Compile it yourself (the lab: Huber, SGD 1e-6
 * momentum 0.9, metric MAE).
 * @example const model = simpleRnnLab({ seed: 2 });
 */
export function simpleRnnLab({ seed = 0 }: CourseModelOptions = {}): Sequential {
  return sequential(
    [
      layers.expandDims(-1, { inputShape: [null] }),
      layers.simpleRNN(40, { returnSequences: true }),
      layers.simpleRNN(40),
      layers.dense(1),
      layers.scale(100),
    ],
    { seed },
  );
}
