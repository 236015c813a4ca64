/**
 * The playground's training worker: trains a network forecaster (or runs the learning-rate sweep)
 * off the page's thread, posting each epoch's loss, then the validation forecast, the scores of
 * the model and the baselines, and the saved model's two files.
 *
 * Stopping: the page posts `stop`; training yields to the worker's event loop after every batch
 * (through a MessageChannel, which browsers do not throttle as they do nested timers) and then
 * stops with the epochs done so far.
 */
import { networkForecaster } from '../src/forecast/network.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../src/forecast/forecaster.js';
import { mae, rmse } from '../src/metrics/errors.js';
import { lrFind, sweepEpochs } from '../src/model/lr-find.js';
import { modelToFiles } from '../src/model/serialize.js';
import { TrainingDivergedError } from '../src/model/fit.js';
import type { Callback } from '../src/model/callbacks.js';
import type { LrFindRequest, Score, TrainRequest, WorkerReply, WorkerRequest } from './protocol.js';

const scope = globalThis as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

let stopRequested = false;

/** Raised by the stop callback; the page shows it as "stopped", not as an error. */
class StopError extends Error {}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'stop') {
    stopRequested = true;
    return;
  }
  stopRequested = false;
  const job = request.type === 'train' ? train(request) : sweep(request);
  job.catch((err: unknown) => {
    const stopped = err instanceof StopError;
    scope.postMessage({ type: 'failed', stopped, message: stopped ? 'Training stopped.' : plainWords(err) });
  });
};

/** Resolves after the worker has handled the messages already queued (e.g. `stop`). */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Posts every epoch's loss and stops between batches once the page asked to. */
function reporting(epochs: number, { sweep = false } = {}): Callback {
  return {
    onEpochBegin() {
      if (stopRequested) throw new StopError('stopped');
    },
    async onBatchEnd() {
      await yieldToMessages();
      if (stopRequested) throw new StopError('stopped');
    },
    onEpochEnd(epoch, logs) {
      scope.postMessage({ type: 'epoch', epoch: epoch + 1, epochs, loss: logs.loss, ...(sweep ? { lr: logs.lr } : {}) });
    },
  };
}

async function train({ spec, series, split, info }: TrainRequest): Promise<void> {
  const network = networkForecaster(spec);
  const trainPart = series.subarray(0, split);
  const started = performance.now();
  await network.fit(trainPart, { callbacks: [reporting(network.spec.epochs)] });
  const fitMs = performance.now() - started;
  const forecast = network.predictSliding(series, split);
  const actual = series.subarray(split);
  const scores: Score[] = [{ name: `${network.spec.model} (this model)`, mae: mae(actual, forecast), rmse: rmse(actual, forecast) }];
  const baselines: Forecaster[] = [naiveForecaster()];
  if (info.period > 1 && split > info.period) baselines.push(seasonalNaiveForecaster(info.period));
  for (const baseline of baselines) {
    await baseline.fit(trainPart);
    const predicted = baseline.predictSliding(series, split);
    scores.push({ name: baseline.name, mae: mae(actual, predicted), rmse: rmse(actual, predicted) });
  }
  const metrics = Object.fromEntries(scores.map((s) => [s.name, { mae: s.mae, rmse: s.rmse }]));
  const files = modelToFiles(network.model, {
    createdBy: 'seqcast playground',
    metadata: {
      spec: network.spec,
      scaler: network.scaler!.toJSON(),
      split,
      input: info.input,
      series: { name: info.name, columns: [info.column], length: series.length },
      metrics,
    },
  });
  const losses = network.history?.history.loss ?? [];
  scope.postMessage({ type: 'trained', forecast, scores, losses, fitMs, modelJson: files['model.json'], weights: files['weights.bin'] });
}

async function sweep({ spec, series, split, start, end }: LrFindRequest): Promise<void> {
  const result = await lrFind(series.subarray(0, split), spec, { start, end, callbacks: [reporting(sweepEpochs(start, end), { sweep: true })] });
  scope.postMessage({ type: 'swept', points: result.points, suggestion: result.suggestion, note: result.note });
}

/** The error as one sentence a person can act on. */
function plainWords(err: unknown): string {
  if (err instanceof TrainingDivergedError) {
    return `The training loss became NaN (not a number), so the model diverged: lower the learning rate (e.g. divide it by 10) or use the 'adam' optimizer, and train again. (${err.message})`;
  }
  return err instanceof Error ? err.message : String(err);
}
