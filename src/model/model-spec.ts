/**
 * A network described by plain JSON (`NetworkSpec`): what `seqcast train --model lstm --units 32`
 * means, saved with the model and sent to worker threads. `resolveNetworkSpec` fills the defaults
 * and validates; `modelFromSpec` builds the Sequential; `optimizerFromSpec` the optimizer.
 *
 * The models have no ×100 Lambda at the end, unlike the course's: the forecaster scales the data
 * instead (see scaling.ts), so the same learning rates work for series of any size.
 */
import * as layers from '../layers/index.js';
import type { Layer } from '../layers/layer.js';
import { adam } from '../optim/adam.js';
import { sgd } from '../optim/sgd.js';
import { rmsprop } from '../optim/rmsprop.js';
import type { Optimizer } from '../optim/optimizer.js';
import { pinball, type LossName } from '../losses/losses.js';
import type { ScalerKind } from '../data/scaling.js';
import { sequential, type Sequential } from './sequential.js';
import { NETWORK_KIND_IDS, type NetworkKind } from './network-kinds.js';
import { OptionError } from '../errors.js';
import { formatBytes, MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYERS, MAX_STEPS, MAX_TRAINING_BYTES, MAX_UNITS, MAX_WINDOW } from '../limits.js';
import { outputSteps, resolveTargetSpec, type TargetSpec, type TargetSpecInput } from './target-spec.js';
import { checkQuantileTransform, medianIndex, resolveQuantiles } from './quantile-spec.js';

export type { NetworkKind } from './network-kinds.js';

/** A network forecaster's whole configuration, plain JSON. */
export interface NetworkSpec {
  model: NetworkKind;
  /** Units of each recurrent layer (Conv1D filters for conv-lstm, Dense units for mlp); default 32. */
  units: number;
  /** Number of stacked recurrent layers; default 2. */
  layers: number;
  /** Past values each forecast sees; default 20 (the course's). */
  window: number;
  /** Passes over the training windows; default 100. */
  epochs: number;
  /** Windows per batch; default 32. */
  batchSize: number;
  /**
   * A budget of optimizer steps (neuralforecast's `max_steps`), counted in whole epochs: training
   * runs {@link trainingEpochs} = min(epochs, ⌈maxSteps / batches per epoch⌉) epochs, so a long
   * series trains for fewer passes than a short one; default none (every epoch runs).
   */
  maxSteps?: number;
  /** Step size; default from {@link defaultLearningRate} (optimizer and scaling). */
  learningRate: number;
  /** 'adam' (default), 'sgd' (momentum 0.9, as the course) or 'rmsprop' (Keras's, no momentum). */
  optimizer: 'sgd' | 'adam' | 'rmsprop';
  /** Training loss; default 'huber' (the course's); 'pinball' for a quantile network (given by `quantiles`). */
  loss: LossName | 'pinball';
  /** Scaling fitted on the training part; default 'standard'. The older form of `transform`
   * (`scaling: 'minmax'` is `transform: ['minmax']`); resolved, the transform's scaling step. */
  scaling: ScalerKind;
  /** Seed of the weights and the shuffle; default 0. */
  seed: number;
  /** tf.data shuffle buffer; default 1000 (the course's). */
  shuffleBuffer: number;
  /** Keras `clipnorm` (per-tensor gradient norm limit); default none. */
  clipNorm?: number;
  /** Steps the network is built to forecast; default 1 (see target-spec.ts). */
  horizon: TargetSpec['horizon'];
  /** 'direct' (a Dense(horizon) head) or 'recursive' (one step fed back); default direct when horizon > 1. */
  strategy: TargetSpec['strategy'];
  /** Target transforms fitted on the training part, in order; default [scaling], i.e. ['standard']. */
  transform: TargetSpec['transform'];
  /** 'window': per-window normalization (RevIN) after the transform; default 'none'. */
  normalize: TargetSpec['normalize'];
  /**
   * Quantile levels to forecast, e.g. [0.025, 0.1, 0.5, 0.9, 0.975] (must include 0.5, the point
   * forecast): a direct network with a non-crossing head of horizon × quantiles outputs, trained
   * with the pinball loss (see quantile-spec.ts for what it allows); default none.
   */
  quantiles?: number[];
}

/** A spec as a user writes it: the model kind and any fields that differ from the defaults. */
export type NetworkSpecInput = Partial<Omit<NetworkSpec, 'transform'>> & { model: NetworkKind } & Pick<TargetSpecInput, 'transform'>;

const LOSSES: readonly LossName[] = ['huber', 'mse', 'mae'];
const KEYS = [
  'model',
  'units',
  'layers',
  'window',
  'epochs',
  'batchSize',
  'maxSteps',
  'learningRate',
  'optimizer',
  'loss',
  'scaling',
  'seed',
  'shuffleBuffer',
  'clipNorm',
  'horizon',
  'strategy',
  'transform',
  'normalize',
  'quantiles',
];

/**
 * The default learning rate for an optimizer on data scaled one way or not at all:
 * adam and rmsprop 1e-3 (Keras's default) on scaled data, 1e-2 on raw data; sgd with momentum 0.9: 1e-2 on
 * scaled data, 1e-4 on raw data. On the course's synthetic series (train 0..1000, 100 epochs,
 * SimpleRNN 32×2, seed 0) the scaled defaults reach validation MAEs of 4.97–5.85 (naive: 5.94). Raw data
 * trains poorly whatever the rate (MAE 14–27 there): without the course's ×100 output Lambda the
 * network must learn outputs far from 0, so use 'none' only for a series that is already scaled.
 * Run `lrFind` to tune the rate for a series.
 *
 * @example defaultLearningRate('sgd', 'standard'); // 0.01
 * @throws never.
 */
export function defaultLearningRate(optimizer: 'sgd' | 'adam' | 'rmsprop', scaling: ScalerKind): number {
  const scaled = scaling !== 'none';
  if (optimizer === 'adam' || optimizer === 'rmsprop') return scaled ? 1e-3 : 1e-2;
  return scaled ? 1e-2 : 1e-4;
}

/**
 * The full spec: defaults filled in, every field validated, each size within its bound (see
 * src/limits.ts: units ≤ 4096, layers ≤ 64, window ≤ 100,000, epochs ≤ 100,000, batchSize ≤
 * 100,000) and the whole network small enough to train in memory ({@link checkTrainingMemory}).
 *
 * @example resolveNetworkSpec({ model: 'lstm', units: 64 }); // { model: 'lstm', units: 64, layers: 2, window: 20, ... }
 * @throws OptionError when a field is unknown (e.g. `lr`: use learningRate) or has a bad value, naming the
 *   field, the value and what is allowed: `units must be an integer from 1 to 4096, got 100000: use e.g. 32.`;
 *   or when the network would take more memory to train than seqcast allows; for `quantiles` as
 *   quantile-spec.ts says (levels without 0.5, strategy 'recursive', a differencing transform).
 */
export function resolveNetworkSpec(input: NetworkSpecInput): NetworkSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new OptionError(`A network spec must be an object such as { model: 'lstm' }, got ${show(input)}.`);
  }
  for (const key of Object.keys(input)) {
    if (!KEYS.includes(key)) throw new OptionError(`Unknown network spec field '${key}': the fields are ${KEYS.join(', ')}.`);
  }
  const model = oneOf(input.model, NETWORK_KIND_IDS, 'model');
  const optimizer = oneOf(input.optimizer ?? 'adam', ['adam', 'sgd', 'rmsprop'] as const, 'optimizer');
  const quantiles = resolveQuantiles(input);
  // a quantile network is direct at every horizon (resolveQuantiles refuses 'recursive')
  const target = resolveTargetSpec(quantiles ? { ...input, strategy: 'direct' } : input);
  if (quantiles) checkQuantileTransform(target.transform);
  // scaled data: a scaling step in the transform, or per-window normalization
  const scaledAs = target.normalize === 'window' ? 'standard' : target.scaling;
  const spec: Omit<NetworkSpec, keyof TargetSpec> & Pick<NetworkSpec, 'scaling'> = {
    model,
    units: integer(input.units ?? 32, 'units', 1, MAX_UNITS, 'e.g. 32'),
    layers: integer(input.layers ?? 2, 'layers', 1, MAX_LAYERS, 'e.g. 2'),
    window: integer(input.window ?? 20, 'window', 1, MAX_WINDOW, 'e.g. 20'),
    epochs: integer(input.epochs ?? 100, 'epochs', 1, MAX_EPOCHS, 'e.g. 100'),
    batchSize: integer(input.batchSize ?? 32, 'batchSize', 1, MAX_BATCH_SIZE, 'e.g. 32'),
    learningRate: positive(input.learningRate ?? defaultLearningRate(optimizer, scaledAs), 'learningRate', 'e.g. 0.001'),
    optimizer,
    loss: quantiles ? 'pinball' : oneOf(input.loss ?? 'huber', LOSSES, 'loss'),
    scaling: target.scaling,
    seed: integer(input.seed ?? 0, 'seed', 0, 0xffffffff, 'e.g. 0'),
    // a buffer larger than the series shuffles all of it (bufferShuffle allocates at most one slot per window)
    shuffleBuffer: integer(input.shuffleBuffer ?? 1000, 'shuffleBuffer', 0, Number.MAX_SAFE_INTEGER, '0 for no shuffling or e.g. 1000'),
  };
  if (input.clipNorm !== undefined) spec.clipNorm = positive(input.clipNorm, 'clipNorm', 'e.g. 1, or leave it out');
  if (input.maxSteps !== undefined) spec.maxSteps = integer(input.maxSteps, 'maxSteps', 1, MAX_STEPS, 'e.g. 1000, or leave it out');
  const { horizon, strategy, transform, normalize } = target;
  const full: NetworkSpec = { ...spec, horizon, strategy, transform, normalize };
  if (quantiles) full.quantiles = quantiles;
  checkTrainingMemory(full);
  return full;
}

/**
 * The epochs a spec's network trains for on data of `batches` batches per epoch: `epochs`, or
 * fewer when `maxSteps` is set, the first whole epoch that reaches maxSteps steps being the last.
 * @example trainingEpochs({ epochs: 100, maxSteps: 150 }, 13); // 12 (156 steps)
 * @example trainingEpochs({ epochs: 100 }, 13); // 100
 * @throws never.
 */
export function trainingEpochs(spec: Pick<NetworkSpec, 'epochs' | 'maxSteps'>, batches: number): number {
  if (spec.maxSteps === undefined || !(batches > 0)) return spec.epochs;
  return Math.min(spec.epochs, Math.ceil(spec.maxSteps / batches));
}

/** What training a spec's network takes, as {@link trainingBytes} estimates it. */
export interface TrainingSize {
  /** Weights of the network (as `model.countParams()`). */
  params: number;
  /** Bytes for the weights, their gradients, the optimizer's state and the copies training keeps. */
  weightBytes: number;
  /** Bytes the layers cache for the backward pass of one full batch (batchSize × window). */
  activationBytes: number;
  /** The two together. */
  bytes: number;
}

/**
 * The memory training a spec's network takes, computed from the sizes alone (nothing is built):
 * the weight count exactly, and per float32 weight 7 copies (value, gradient, Adam's two moments,
 * the last good weights and the epoch's start that training keeps, one spare); per recurrent layer
 * the buffers one batch caches for the backward pass, batchSize × window × (2 × gates + 4 × units
 * + 4 × inputs) floats (doubled for bidirectional). A guide to refuse absurd sizes, not an exact count.
 *
 * @example trainingBytes({ model: 'lstm', units: 32, layers: 2, window: 20, batchSize: 32 }).params; // 12,833
 * @throws never (give it a resolved spec).
 */
export function trainingBytes(
  spec: Pick<NetworkSpec, 'model' | 'units' | 'layers' | 'window' | 'batchSize'> &
    Partial<Pick<NetworkSpec, 'horizon' | 'strategy' | 'quantiles'>>,
): TrainingSize {
  const { model, units: H, layers: L, window: T, batchSize: B } = spec;
  const O = headWidth(spec);
  const rows = B * T; // time steps one batch runs through each layer
  let params = 0;
  let activations = 0; // floats
  if (model === 'mlp') {
    // Dense(H, relu) on the window, L − 1 more Dense(H, relu), Dense(O); each caches its input and output
    let inputs = T;
    for (let i = 0; i < L; i++) {
      params += inputs * H + H;
      activations += B * (inputs + 2 * H);
      inputs = H;
    }
    params += H * O + O;
    const weightBytes = params * 4 * 7;
    return { params, weightBytes, activationBytes: activations * 4, bytes: weightBytes + activations * 4 };
  }
  let F = 1; // features into the next layer: expandDims(-1) gives one per step
  if (model === 'conv-lstm') {
    params += 3 * F * H + H; // kernel (3, F, H), bias (H)
    activations += rows * (3 * F + 3 * H); // im2col input, output, its gradient
    F = H;
  }
  const gates = model === 'lstm' || model === 'bilstm' || model === 'conv-lstm' ? 4 : model === 'gru' ? 3 : 1;
  const directions = model === 'bilstm' ? 2 : 1;
  for (let i = 0; i < L; i++) {
    const G = gates * H;
    // kernel (F, G), recurrent kernel (H, G), bias (G); GRU with resetAfter keeps two biases
    const perDirection = G * (F + H) + (model === 'gru' ? 2 * G : G);
    params += directions * perDirection;
    activations += directions * rows * (2 * G + 4 * H + 4 * F);
    F = directions * H;
  }
  params += F * O + O; // Dense(O): one output per step ahead (1 but for a direct network), times the quantiles
  const weightBytes = params * 4 * 7;
  const activationBytes = activations * 4;
  return { params, weightBytes, activationBytes, bytes: weightBytes + activationBytes };
}

/**
 * Refuses a spec whose network would take more than {@link MAX_TRAINING_BYTES} (2 GiB) to train,
 * before anything is allocated, naming the sizes that make it large.
 * @example checkTrainingMemory(resolveNetworkSpec({ model: 'lstm' })); // passes: about 3 MB
 * @throws OptionError when the estimate ({@link trainingBytes}) passes the limit.
 */
export function checkTrainingMemory(
  spec: Pick<NetworkSpec, 'model' | 'units' | 'layers' | 'window' | 'batchSize'> &
    Partial<Pick<NetworkSpec, 'horizon' | 'strategy' | 'quantiles'>>,
): void {
  const size = trainingBytes(spec);
  if (size.bytes <= MAX_TRAINING_BYTES) return;
  const params = size.params >= 1e6 ? `${Number((size.params / 1e6).toPrecision(3))} M` : size.params.toLocaleString('en-US');
  const biggest =
    size.weightBytes >= size.activationBytes
      ? 'fewer units or layers'
      : `a smaller batch size or window (each batch caches ${spec.batchSize} × ${spec.window} steps of every layer), or fewer units`;
  throw new OptionError(
    `This network would need about ${formatBytes(size.bytes)} to train (${spec.layers} ${spec.model} layer(s) of ${spec.units} units, ${params} weights, batches of ${spec.batchSize} windows of ${spec.window} values), more than seqcast's limit of ${formatBytes(MAX_TRAINING_BYTES)}: use ${biggest}.`,
  );
}

/**
 * The Sequential a spec describes: expandDims(-1) on windows of any length → [Conv1D(units, k3,
 * causal, relu) for conv-lstm] → `layers` recurrent layers (all but the last return sequences;
 * Bidirectional(LSTM) for bilstm) → Dense(1), or Dense(horizon) for a direct network (one output
 * per step ahead). An mlp is `layers` Dense(units, relu) on windows of exactly `window` values, then
 * the same head. A quantile network's head is Dense(horizon · Q) → MonotoneQuantiles(Q), centred on
 * the median (quantile-spec.ts). Weights are seeded with `spec.seed`; not compiled. Horizon 1 (or a recursive
 * network) gives the same layers and the same initial weights as before horizons existed.
 *
 * `staticInputs` S > 0 (a global network's one-hot series id, src/forecast/global-network.ts)
 * widens the input: an mlp takes windows of `window + S` values (the window, then the S static
 * values); a recurrent network takes (time, 1 + S) inputs, each step's value followed by the S
 * static values, instead of expandDims(-1). S = 0, the default, is the network above, unchanged.
 *
 * @example modelFromSpec({ model: 'gru', units: 16, layers: 1 }).summary();
 * @example modelFromSpec({ model: 'lstm', window: 24 }, { staticInputs: 8 }).inputShape; // [null, 9]
 * @throws as {@link resolveNetworkSpec}; OptionError when `staticInputs` is not a non-negative integer.
 */
export function modelFromSpec(input: NetworkSpecInput, { staticInputs = 0 }: { staticInputs?: number } = {}): Sequential {
  const spec = resolveNetworkSpec(input);
  integer(staticInputs, 'staticInputs', 0, Number.MAX_SAFE_INTEGER, 'the number of static inputs, e.g. 0');
  if (spec.model === 'mlp') {
    const dense = Array.from({ length: spec.layers }, (_, i) =>
      layers.dense(spec.units, { activation: 'relu', ...(i === 0 ? { inputShape: [spec.window + staticInputs] } : {}) }),
    );
    return sequential([...dense, ...head(spec)], { seed: spec.seed, name: spec.model });
  }
  // (time, 1 + S) per example: a univariate window is expanded to one feature per step
  const stack: Layer[] = staticInputs === 0 ? [layers.expandDims(-1, { inputShape: [null] })] : [];
  const first = staticInputs === 0 ? {} : { inputShape: [null, 1 + staticInputs] };
  if (spec.model === 'conv-lstm') stack.push(layers.conv1d(spec.units, { kernelSize: 3, padding: 'causal', activation: 'relu', ...first }));
  for (let i = 0; i < spec.layers; i++) {
    const returnSequences = i < spec.layers - 1;
    stack.push(recurrent(spec.model, spec.units, returnSequences, stack.length === 0 ? first : {}));
  }
  stack.push(...head(spec));
  return sequential(stack, { seed: spec.seed, name: spec.model });
}

/**
 * Values the network outputs per window: the steps it forecasts (outputSteps), times the quantile
 * levels for a quantile network (step-major: the quantiles of step 1, then of step 2, ...).
 * @example headWidth({ horizon: 6, strategy: 'direct', quantiles: [0.1, 0.5, 0.9] }); // 18
 * @throws never.
 */
export function headWidth(spec: Partial<Pick<NetworkSpec, 'horizon' | 'strategy' | 'quantiles'>>): number {
  const steps =
    spec.horizon !== undefined && spec.strategy !== undefined ? outputSteps({ horizon: spec.horizon, strategy: spec.strategy }) : 1;
  return steps * (spec.quantiles?.length ?? 1);
}

/** The output layers: Dense(steps), or Dense(steps · Q) → MonotoneQuantiles(Q) centred on the median. */
function head(spec: NetworkSpec): Layer[] {
  const dense = layers.dense(headWidth(spec));
  if (!spec.quantiles) return [dense];
  return [dense, layers.monotoneQuantiles(spec.quantiles.length, { center: medianIndex(spec.quantiles) })];
}

/**
 * The optimizer a spec describes: Adam, RMSprop (Keras's defaults), or SGD with momentum 0.9 (the course's), at
 * `spec.learningRate`, with `clipNorm` when set.
 *
 * @example model.compile({ loss: spec.loss, optimizer: optimizerFromSpec(spec) });
 * @throws as {@link resolveNetworkSpec}.
 */
export function optimizerFromSpec(input: NetworkSpecInput): Optimizer {
  const spec = resolveNetworkSpec(input);
  const clip = spec.clipNorm === undefined ? {} : { clipNorm: spec.clipNorm };
  if (spec.optimizer === 'adam') return adam({ learningRate: spec.learningRate, ...clip });
  if (spec.optimizer === 'rmsprop') return rmsprop({ learningRate: spec.learningRate, ...clip });
  return sgd({ learningRate: spec.learningRate, momentum: 0.9, ...clip });
}

/**
 * Builds and compiles the spec's model (loss, optimizer, metric mae; a quantile network: the
 * pinball loss on its levels, no metric): ready for `fit`. `staticInputs` as {@link modelFromSpec}.
 * @example const model = compiledModelFromSpec({ model: 'lstm' }); await model.fit(data, { epochs: 10 });
 * @throws as {@link resolveNetworkSpec}.
 */
export function compiledModelFromSpec(input: NetworkSpecInput, options: { staticInputs?: number } = {}): Sequential {
  const spec = resolveNetworkSpec(input);
  const model = modelFromSpec(spec, options);
  if (spec.quantiles) {
    // no 'mae' metric: the outputs are quantiles, not one forecast per target
    model.compile({ loss: pinball(spec.quantiles), optimizer: optimizerFromSpec(spec) });
  } else {
    model.compile({ loss: spec.loss as LossName, optimizer: optimizerFromSpec(spec), metrics: ['mae'] });
  }
  return model;
}

function recurrent(kind: NetworkKind, units: number, returnSequences: boolean, first: { inputShape?: (number | null)[] } = {}): Layer {
  switch (kind) {
    case 'rnn':
      return layers.simpleRNN(units, { returnSequences, ...first });
    case 'gru':
      return layers.gru(units, { returnSequences, ...first });
    case 'bilstm':
      return layers.bidirectional(layers.lstm(units, { returnSequences }), first);
    default:
      return layers.lstm(units, { returnSequences, ...first });
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new OptionError(`${field} must be one of ${allowed.join(', ')}, got ${show(value)}.`);
  }
  return value as T;
}

function integer(value: unknown, field: string, min: number, max: number, fix: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const what =
      max === Number.MAX_SAFE_INTEGER ? (min === 0 ? 'a non-negative integer' : 'a positive integer') : `an integer from ${min} to ${max}`;
    throw new OptionError(`${field} must be ${what}, got ${show(value)}: use ${fix}.`);
  }
  return value;
}

function positive(value: unknown, field: string, fix: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new OptionError(`${field} must be a positive number, got ${show(value)}: use ${fix}.`);
  }
  return value;
}

/** A value as an error message shows it: numbers as JS prints them (NaN, -3), the rest as JSON. */
function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}
