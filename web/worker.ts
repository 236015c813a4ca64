/**
 * The playground's training worker: trains a network forecaster (or runs the learning-rate sweep)
 * off the page's thread, posting each epoch's loss, then the validation forecast, the scores of
 * the model and the baselines (fitAndScore, as `seqcast train`), and the saved model's two files
 * with the metadata `seqcast forecast` reads (a RunMetadata).
 *
 * Stopping: every job has an AbortController whose signal goes to `fit` (or `lrFind`); the page
 * posts `stop`, which aborts it. Training yields to the worker's event loop after every batch
 * (through a MessageChannel, which browsers do not throttle as they do nested timers: see
 * src/model/abort.ts), so the `stop` message arrives and training ends before the next batch.
 */
import { fitAndScore } from '../src/forecast/fit-and-score.js';
import { networkForecaster } from '../src/forecast/network.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../src/forecast/forecaster.js';
import { runMetadata, type RunInput } from '../src/forecast/run-metadata.js';
import { lrFind, sweepEpochs } from '../src/model/lr-find.js';
import { modelToFiles } from '../src/model/serialize.js';
import { TrainingDivergedError } from '../src/model/fit.js';
import type { Callback } from '../src/model/callbacks.js';
import type { LrFindRequest, Score, TrainRequest, WorkerReply, WorkerRequest } from './protocol.js';

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

/** Posts every epoch's loss. */
function reporting(epochs: number, { sweep = false } = {}): Callback {
  return {
    onEpochEnd(epoch, logs) {
      scope.postMessage({ type: 'epoch', epoch: epoch + 1, epochs, loss: logs.loss, ...(sweep ? { lr: logs.lr } : {}) });
    },
  };
}

async function train({ spec, series, split, info }: TrainRequest, signal: AbortSignal): Promise<void> {
  const network = networkForecaster(spec);
  const seasonal = info.period > 1 && split > info.period;
  const forecasters: Forecaster[] = [network, naiveForecaster(), ...(seasonal ? [seasonalNaiveForecaster(info.period)] : [])];
  let fitMs = 0;
  const results = await fitAndScore(series, forecasters, split, {
    callbacks: (f) => (f === network ? [reporting(network.spec.epochs)] : []),
    signal,
    onFitted: (f, seconds) => {
      if (f === network) fitMs = seconds * 1000;
    },
  });
  const forecast = results[0].forecast;
  const scores: Score[] = results.map((r, i) => ({
    name: i === 0 ? `${network.spec.model} (this model)` : r.name,
    mae: r.scores.mae,
    rmse: r.scores.rmse,
  }));
  const files = modelToFiles(network.model, {
    createdBy: 'seqcast playground',
    metadata: {
      ...runMetadata({
        spec: network.spec,
        transform: network.transform!.toJSON(),
        split,
        input: info.input as RunInput, // the page's shipped series are seqcast's datasets
        series: { name: info.name, columns: [info.column], length: series.length },
        season: { ...(seasonal ? { baseline: info.period } : {}), mase: 1 },
        metrics: results.map((r) => ({ forecaster: r.name, ...r.scores })),
      }),
    },
  });
  const losses = network.history?.history.loss ?? [];
  scope.postMessage({ type: 'trained', forecast, scores, losses, fitMs, modelJson: files['model.json'], weights: files['weights.bin'] });
}

async function sweep({ spec, series, split, start, end }: LrFindRequest, signal: AbortSignal): Promise<void> {
  const result = await lrFind(series.subarray(0, split), spec, {
    start,
    end,
    signal,
    callbacks: [reporting(sweepEpochs(start, end), { sweep: true })],
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
