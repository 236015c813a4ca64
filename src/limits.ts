/**
 * The upper bounds of seqcast's size options, in one place: the CLI's flag parsers
 * (src/cli/options.ts), the network spec resolver (src/model/model-spec.ts, so `--config spec.json`
 * and library users get the same bounds), the forecasters' horizon check and the worker pool all
 * read them. Each is far above real use and below what would exhaust memory or run for days; a
 * value past one is refused with an OptionError before anything is allocated.
 *
 * Browser-safe: no imports.
 */

/**
 * Units per recurrent layer (and Conv1D filters). The course uses 32–64; one LSTM layer of 4,096
 * units has 67 M weights and takes 1.9 GB to train (see {@link MAX_TRAINING_BYTES}), and minutes
 * per batch on a CPU.
 */
export const MAX_UNITS = 4096;

/** Stacked recurrent layers. The course stacks 2; past a handful a recurrent stack no longer trains better, only slower. */
export const MAX_LAYERS = 64;

/**
 * Past values each forecast sees. 100,000 is 270 years of daily values; the window must also fit
 * the series (checked with the data).
 */
export const MAX_WINDOW = 100_000;

/** Training epochs. The course's longest run is 500; 100,000 epochs of even a small network take days. */
export const MAX_EPOCHS = 100_000;
/** The largest `maxSteps` budget of a network spec (MAX_EPOCHS epochs of 1,000 batches). */
export const MAX_STEPS = 100_000_000;

/**
 * Windows per batch. A batch larger than the series' windows is simply all of them; the memory a
 * batch takes (batch × window × units) is checked with {@link MAX_TRAINING_BYTES}.
 */
export const MAX_BATCH_SIZE = 100_000;

/**
 * Values forecast after the end of a series. A recursive forecast runs the network once per value:
 * 100,000 values of the default LSTM take about 6 s, a million a minute.
 */
export const MAX_HORIZON = 100_000;

/** Backtest folds. Each fold trains the network afresh; 1,000 folds of a 100-epoch LSTM take hours. */
export const MAX_FOLDS = 1000;

/** Quantile levels of a quantile network or a pinball loss: enough for every percentile. */
export const MAX_QUANTILES = 99;

/** Seeds in one `reproduce --seeds` run; each seed trains every chosen case (the default cases take ~30 min per seed). */
export const MAX_SEEDS = 100;

/** Worker threads. More threads than cores only slow each other down, and each one holds its own copy of the engine (~40 MB). */
export const MAX_WORKERS = 64;

/**
 * Epochs of a learning-rate sweep. The course's sweep covers 5 decades of rates in 100 epochs;
 * 1,000 epochs cover 50 decades at its pace.
 */
export const MAX_SWEEP_EPOCHS = 1000;

/**
 * Memory a training may take: the weights with their gradients, the optimizer's state and the
 * copies training keeps, and the activations one batch caches for the backward pass (see
 * `trainingBytes` in src/model/model-spec.ts). The default LSTM takes 2.5 MB; a Conv1D + LSTM of
 * 64 units trained on batches of 256 windows of a year of daily values takes 800 MB.
 */
export const MAX_TRAINING_BYTES = 2 * 1024 ** 3;

/**
 * Values a windowing or forecasting step may lay out at once (e.g. windows × window): 2^28 floats,
 * 1 GiB as float32.
 */
export const MAX_LAYOUT_VALUES = 2 ** 28;

/**
 * Weights one tensor of a layer may hold: 2^28 floats, 1 GiB. An LSTM of 4,096 units has a
 * recurrent kernel of 67 M; one of 20,000 units would need 1.6 G (6 GB) for that kernel alone.
 * A layer built directly (`layers.lstm(100_000)`) is refused with this before it allocates.
 */
export const MAX_PARAM_VALUES = 2 ** 28;

/**
 * A byte count for people: `1.5 GB`, `268 MB`, `12 kB` (powers of 1,024, as the limits are).
 * @example formatBytes(2 * 1024 ** 3); // '2 GB'
 * @throws never.
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(v >= 100 ? 3 : 2))} ${units[i]}`;
}
