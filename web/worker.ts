/**
 * The playground's training worker: fits the chosen forecaster (a network, ETS, Theta: any spec
 * makeForecaster builds) or runs a network's learning-rate sweep, off the page's thread, posting
 * each epoch's loss, then the multi-step forecasts of the validation part (fitAndScore, mode
 * 'multi-step': one fit on the training part, a forecast of H values from every H-th origin),
 * the scores of the forecaster and the baselines with the MAE at each step, the H values after
 * the series' end, and for a network the saved model's two files with the metadata
 * `seqcast forecast` reads (a RunMetadata).
 *
 * Stopping: every job has an AbortController whose signal goes to `fit` (or `lrFind`); the page
 * posts `stop`, which aborts it. Training yields to the worker's event loop after every batch
 * (through a MessageChannel, which browsers do not throttle as they do nested timers: see
 * src/model/abort.ts), so the `stop` message arrives and training ends before the next batch.
 */
import { describeFitted, fitAndScore } from '../src/forecast/fit-and-score.js';
import { calibrateConformal, conformalForecasterFromFitted, resolveConformalOptions } from '../src/forecast/conformal.js';
import { intervalSource, type IntervalSource } from '../src/forecast/interval-source.js';
import { InputError } from '../src/errors.js';
import { makeForecaster } from '../src/forecast/forecaster-spec.js';
import type { NetworkForecaster } from '../src/forecast/network.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../src/forecast/forecaster.js';
import { runMetadata, type RunInput } from '../src/forecast/run-metadata.js';
import { lrFind } from '../src/model/lr-find.js';
import { modelToFiles } from '../src/model/serialize.js';
import { TrainingDivergedError } from '../src/model/fit.js';
import type { Callback } from '../src/model/callbacks.js';
import type { LrFindRequest, PageIntervals, Score, TrainRequest, TrainResult, WorkerReply, WorkerRequest } from './protocol.js';

const scope = globalThis as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

/** The running job's controller; `stop` aborts it. */
let job: AbortController | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'stop') {
    job?.abort();
    return;
  }
  const controller = new AbortController();
  job = controller;
  const run = request.type === 'train' ? train(request, controller.signal) : sweep(request, controller.signal);
  run
    .catch((err: unknown) => {
      // an abort rejects with the signal's reason: the page shows it as "stopped", not as an error
      const stopped = controller.signal.aborted && err === controller.signal.reason;
      scope.postMessage({ type: 'failed', stopped, message: stopped ? 'Training stopped.' : plainWords(err) });
    })
    .finally(() => {
      if (job === controller) job = null;
    });
};

/**
 * Posts every epoch's loss, and the epochs the fit runs (what it says at its start: a spec's
 * epochs, fewer when its `maxSteps` stops it sooner, or the sweep's).
 */
function reporting({ sweep = false, calibrating = false } = {}): Callback {
  let epochs = 0;
  return {
    onTrainBegin(_model, params) {
      epochs = params.epochs;
    },
    onEpochEnd(epoch, logs) {
      scope.postMessage({
        type: 'epoch',
        epoch: epoch + 1,
        epochs,
        loss: logs.loss,
        ...(sweep ? { lr: logs.lr } : {}),
        ...(calibrating ? { calibrating } : {}),
      });
    },
  };
}

async function train({ forecaster: spec, series, split, horizon, info, levels }: TrainRequest, signal: AbortSignal): Promise<void> {
  const model = makeForecaster(spec);
  const network = spec.kind === 'network' ? (model as NetworkForecaster) : null;
  const seasonal = info.period > 1 && split > info.period;
  const forecasters: Forecaster[] = [model, naiveForecaster(), ...(seasonal ? [seasonalNaiveForecaster(info.period)] : [])];
  // whole horizons only, so that every step is averaged over the same origins
  const origins = Math.floor((series.length - split) / horizon);
  if (origins < 1) {
    throw new Error(
      `The horizon (${horizon}) is longer than the validation part (${series.length - split} values): lower the horizon to at most ${series.length - split}.`,
    );
  }
  let fitMs = 0;
  const results = await fitAndScore(series, forecasters, split, {
    end: split + origins * horizon,
    mode: 'multi-step',
    horizon,
    masePeriod: info.period,
    callbacks: (f) => (f === network ? [reporting()] : []),
    signal,
    onFitted: (f, seconds) => {
      if (f === model) fitMs = seconds * 1000;
    },
  });
  const future = model.forecast(series, horizon);
  const bands = levels ? await intervals(spec, model, network, series, split, horizon, info.period, levels, signal) : null;
  const scores: Score[] = results.map((r, i) => ({
    name: i === 0 ? `${r.name} (this model)` : r.name,
    mae: r.scores.mae,
    rmse: r.scores.rmse,
    mase: r.scores.mase,
    stepMae: stepMae(r.stepErrors!, horizon),
  }));
  const losses = network?.history?.history.loss ?? [];
  const reply: TrainResult = {
    type: 'trained',
    forecast: results[0].forecast,
    future,
    scores,
    name: model.name,
    losses,
    fitMs,
    ...chosenBy(model),
    ...(bands && 'note' in bands ? { intervalNote: bands.note } : bands ? { intervals: bands } : {}),
  };
  if (network) {
    const files = modelToFiles(network.model, {
      createdBy: 'seqcast playground',
      metadata: {
        ...runMetadata({
          spec: network.spec,
          transform: network.transform!.toJSON(),
          split,
          input: info.input as RunInput, // the page's shipped series are seqcast's datasets
          series: { name: info.name, columns: [info.column], length: series.length },
          season: { ...(seasonal ? { baseline: info.period } : {}), mase: info.period },
          metrics: results.map((r) => ({ forecaster: r.name, ...r.scores })),
        }),
      },
    });
    reply.model = { json: files['model.json'], weights: files['weights.bin'] };
  }
  scope.postMessage(reply);
}

/**
 * The intervals of the validation forecasts (one block of h values from each origin, as `forecast`)
 * and of the forecast past the end: ETS's analytical ones where its form has them, else conformal,
 * calibrated on the training part for h steps (a network trains a second time for it; its epochs
 * are posted too). A training part too short to calibrate gives a note instead.
 */
async function intervals(
  spec: TrainRequest['forecaster'],
  model: Forecaster,
  network: NetworkForecaster | null,
  series: Float32Array,
  split: number,
  h: number,
  period: number,
  levels: number[],
  signal: AbortSignal,
): Promise<PageIntervals | { note: string }> {
  let source: IntervalSource | null = intervalSource(model, null);
  if (!source || source.horizon < h) {
    const options = resolveConformalOptions({ horizon: h, period });
    try {
      const calibration = await calibrateConformal(() => makeForecaster(spec), series.subarray(0, split), options, {
        signal,
        callbacks: network ? [reporting({ calibrating: true })] : [],
      });
      source = intervalSource(model, conformalForecasterFromFitted(model, options, calibration));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { note: `No prediction intervals: ${err.message}` };
    }
  }
  const s = source!;
  const origins = Math.floor((series.length - split) / h);
  const lower = levels.map(() => new Float32Array(origins * h));
  const upper = levels.map(() => new Float32Array(origins * h));
  for (let b = 0; b < origins; b++) {
    const { intervals: ivs } = s.intervals(series.subarray(0, split + b * h), h, levels);
    ivs.forEach((iv, i) => {
      lower[i].set(iv.lower, b * h);
      upper[i].set(iv.upper, b * h);
    });
  }
  const ahead = s.intervals(series, h, levels).intervals;
  return {
    levels,
    method: s.method,
    lower,
    upper,
    futureLower: ahead.map((iv) => iv.lower),
    futureUpper: ahead.map((iv) => iv.upper),
  };
}

/** The mean absolute error at steps 1..h of forecasts of h values laid end to end. */
function stepMae(errors: number[], h: number): number[] {
  const sums = new Array<number>(h).fill(0);
  for (let i = 0; i < errors.length; i++) sums[i % h] += errors[i];
  const origins = errors.length / h;
  return sums.map((s) => s / origins);
}

async function sweep({ spec, series, split, start, end }: LrFindRequest, signal: AbortSignal): Promise<void> {
  const result = await lrFind(series.subarray(0, split), spec, {
    start,
    end,
    signal,
    callbacks: [reporting({ sweep: true })],
  });
  scope.postMessage({ type: 'swept', points: result.points, suggestion: result.suggestion, note: result.note });
}

/** The error as one sentence a person can act on. */
function plainWords(err: unknown): string {
  if (err instanceof TrainingDivergedError && err.kind === 'exploded') {
    return `The training loss exploded (an epoch ended far above where the loss started), so the model diverged: lower the learning rate (for adam, 1e-3 is a good start) and train again. (${err.message})`;
  }
  if (err instanceof TrainingDivergedError) {
    return `The training loss became NaN (not a number), so the model diverged: lower the learning rate (e.g. divide it by 10) or use the 'adam' optimizer, and train again. (${err.message})`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** What a fitted forecaster says it chose: auto's message (its members, or that a baseline won), ETS's form. */
function chosenBy(forecaster: Forecaster): { chosen?: string } {
  const { description, choice } = describeFitted(forecaster);
  const chosen = choice?.message ?? description;
  return chosen === undefined ? {} : { chosen };
}
