/**
 * What a network spec trains on: the training part through the spec's target transform (fitted on
 * it), windowed with labels of `outputSteps(spec)` values, each window normalized by itself when
 * `spec.normalize` is 'window'. The network forecaster and the learning-rate sweep both train on
 * this, so the sweep sees the data the network will.
 *
 *   T = specTransform(spec).fit(train)          lag L values fewer after T.transform
 *   windows of T.transform(train)               W inputs, the next H' labels (H' = outputSteps)
 *   normalize 'window': each x and y by x's mean and standard deviation
 *
 * Browser-safe.
 */
import type { Dataset } from '../data/dataset.js';
import { SeriesInputError } from '../data/input-error.js';
import type { TargetTransform } from '../data/transforms/transform.js';
import { windowNormalizer, type WindowNormalizer } from '../data/transforms/window-normalizer.js';
import { examplesDataset, windowedDataset, windows } from '../data/window.js';
import { Tensor } from '../engine/tensor.js';
import { checkWindowFits } from '../data/window-spec.js';
import type { NetworkSpec } from './model-spec.js';
import { outputSteps, specTransform } from './target-spec.js';

/** Options of {@link networkTrainingData}: how a too-short series is named in the message. */
export interface TrainingDataOptions {
  /** Who checks, written before the message: a forecaster's name, 'lrFind'. */
  who?: string;
  /** What the values are; default 'training part'. */
  part?: 'series' | 'training part';
}

/**
 * The spec's transform fitted on `train`, and the windowed (and normalized) transformed values.
 *
 * @example const { transform, data } = networkTrainingData(spec, train); await model.fit(data, { epochs: spec.epochs });
 * @throws SeriesInputError when `train` is shorter than the transform's lag + window + output
 *   steps (naming all three); the transform's InputError when it cannot take the values (log of a
 *   value ≤ 0), or a value is NaN or ±Infinity.
 */
export function networkTrainingData(
  spec: NetworkSpec,
  train: Float32Array,
  { who, part = 'training part' }: TrainingDataOptions = {},
): { transform: TargetTransform; data: Dataset } {
  const transform = specTransform(spec);
  const steps = outputSteps(spec);
  checkLong(train.length, spec.window, steps, transform, { who, part });
  transform.fit(train);
  const values = transform.transform(train);
  const batching = { batchSize: spec.batchSize, shuffleBuffer: spec.shuffleBuffer, seed: spec.seed };
  const windowed = (): Dataset => windowedDataset(values, { window: spec.window, horizon: steps, ...batching });
  const normalizer = specNormalizer(spec);
  if (!normalizer) return { transform, data: windowed() };
  // each window normalized once, laid out, instead of again in every epoch's batches (the same
  // rows, so the same batches); a series too long to lay out is normalized batch by batch
  const windowCount = values.length - spec.window - steps + 1;
  if (windowCount * (spec.window + steps) > MAX_NORMALIZED_LAYOUT) return { transform, data: normalizer.normalizeDataset(windowed()) };
  const { x, y, xShape, yShape } = windows(values, spec.window, { horizon: steps });
  const [rows] = normalizer.normalizeDataset([{ x: new Tensor(x, [windowCount, ...xShape]), y: new Tensor(y, [windowCount, ...yShape]) }]);
  return { transform, data: examplesDataset(rows.x.data, rows.y.data, xShape, yShape, batching) };
}

/**
 * Values (windows and their labels) up to which a per-window normalized training set is laid out
 * once: 2^24 floats, 64 MiB (twice, the windows and their normalized copy).
 */
const MAX_NORMALIZED_LAYOUT = 2 ** 24;

/**
 * The per-window normalizer a spec asks for (RevIN: each window's mean and standard deviation), or null.
 * @example specNormalizer({ normalize: 'window' })?.normalize([1, 2, 3]).x; // ≈ [-1.2247, 0, 1.2247]
 * @throws never.
 */
export function specNormalizer(spec: Pick<NetworkSpec, 'normalize'>): WindowNormalizer | null {
  return spec.normalize === 'window' ? windowNormalizer({ center: 'mean', scale: 'std' }) : null;
}

/** With no lag, the window rule's own words (checkWindowFits); with one, the lag counted in. */
function checkLong(length: number, window: number, steps: number, transform: TargetTransform, options: TrainingDataOptions): void {
  const { lag } = transform;
  if (lag === 0) {
    checkWindowFits(length, window, { horizon: steps, ...options });
    return;
  }
  const need = lag + window + steps;
  if (length >= need) return;
  const subject = options.who === undefined ? `The ${options.part}` : `${options.who}: the ${options.part}`;
  const labels = steps === 1 ? 'the value after it' : `the ${steps} values after it`;
  throw new SeriesInputError(({ window: windowName, split }) => {
    const longer = options.part === 'training part' && split ? `a larger ${split()}` : 'a longer series';
    return `${subject} has ${length} values but the transform ${transform.name} takes ${lag} of them, so window ${window} needs at least ${need} (${lag} for the transform, one window and ${labels}): use a shorter ${windowName ? windowName() : 'window'} or ${longer}.`;
  });
}
