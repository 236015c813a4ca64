/**
 * Training progress for CLI commands, as a training `Callback`: a progress bar on a terminal,
 * plain lines when the output is piped or logged. Progress always goes to stderr (by default), so
 * stdout stays clean for results and `--json`.
 */
import cliProgress from 'cli-progress';
import type { Callback, Logs } from '../model/callbacks.js';

/**
 * How progress is shown. The epochs come from the fit itself (`onTrainBegin`): the bar's total and
 * the `/100` of the plain lines are what it runs, fewer than a spec's epochs with its maxSteps.
 */
export interface ProgressOptions {
  /** Where progress goes; default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Bar (true) or plain lines (false); default: whether `stream` is a terminal. */
  tty?: boolean;
  /** Plain mode: one line every this many epochs (and after the last one); default 10. */
  every?: number;
  /** Short label before the bar; default `training`. */
  label?: string;
}

/** A progress callback; `close()` ends the bar when training stops early (an error), else a no-op. */
export interface ProgressCallback extends Callback {
  close(): void;
}

/**
 * A callback that reports each epoch's loss and metrics while a model trains.
 * @example
 * const progress = progressCallback({ label: 'lstm' });
 * try { await model.fit(data, { epochs, callbacks: [progress] }); } finally { progress.close(); }
 * @throws when `every` is not a positive integer.
 */
export function progressCallback(options: ProgressOptions = {}): ProgressCallback {
  const { stream = process.stderr, every = 10, label = 'training' } = options;
  if (!Number.isInteger(every) || every < 1) throw new Error(`progressCallback every must be a positive integer, got ${every}.`);
  const tty = options.tty ?? Boolean(stream.isTTY);
  return tty ? barCallback(stream, label) : lineCallback(stream, every);
}

/** `epoch 10/100 loss 12.3 mae 12.8`: the epoch (from 1) and every log but the learning rate. */
export function formatEpochLine(epoch: number, epochs: number, logs: Logs): string {
  return [`epoch ${epoch + 1}/${epochs}`, ...logEntries(logs).map(([k, v]) => `${k} ${short(v)}`)].join(' ');
}

function lineCallback(stream: NodeJS.WritableStream, every: number): ProgressCallback {
  let epochs = 0; // what the fit runs, from onTrainBegin
  return {
    close() {},
    onTrainBegin(_model, params) {
      epochs = params.epochs;
    },
    onEpochEnd(epoch, logs) {
      if ((epoch + 1) % every === 0 || epoch + 1 === epochs) stream.write(formatEpochLine(epoch, epochs, logs) + '\n');
    },
  };
}

function barCallback(stream: NodeJS.WriteStream, label: string): ProgressCallback {
  let bar: cliProgress.SingleBar | null = null;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    onTrainBegin(_model, params) {
      bar = new cliProgress.SingleBar({
        // `{logs}` is a payload field: whatever loss and metrics the model reports
        format: `${label} |{bar}| epoch {value}/{total} {logs} | {duration_formatted} eta {eta_formatted}`,
        stream,
        hideCursor: false, // a Ctrl-C mid-training must not leave the terminal without a cursor
        barsize: 30,
        // the training loop blocks the event loop: update() redraws synchronously when it is due
        synchronousUpdate: true,
      });
      bar.start(params.epochs, 0, { logs: '' });
    },
    onEpochEnd(epoch, logs) {
      bar?.update(epoch + 1, {
        logs: logEntries(logs)
          .map(([k, v]) => `${k} ${short(v)}`)
          .join(' '),
      });
    },
    onTrainEnd: stop,
    close: stop,
  };
}

function logEntries(logs: Logs): [string, number][] {
  return Object.entries(logs).filter(([k]) => k !== 'lr');
}

/** 3 to 4 significant digits: `12.3`, `0.0412`, `1234`, `2.13e+35`. */
function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6) return v.toPrecision(3);
  if (abs >= 1000) return v.toFixed(0);
  if (abs >= 100) return v.toFixed(1);
  return String(Number(v.toPrecision(3)));
}

/** A count of things done (series of a many-series run): `update(done)` as they finish, `close()` at the end. */
export interface CountProgress {
  update(done: number): void;
  close(): void;
}

/** Options of {@link countProgress}. */
export interface CountOptions {
  /** Things to do: the bar's total. */
  total: number;
  /** What is counted, e.g. 'series'. */
  label: string;
  /** Where progress goes; default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Bar (true) or plain lines (false, one per tenth of the total and at the end); default: whether `stream` is a terminal. */
  tty?: boolean;
}

/**
 * Progress of a count on stderr: a bar on a terminal, a line per tenth when piped.
 * @example const p = countProgress({ total: 1000, label: 'series' }); p.update(10); p.close();
 * @throws when `total` is not a non-negative integer.
 */
export function countProgress({ total, label, stream = process.stderr, tty = Boolean(stream.isTTY) }: CountOptions): CountProgress {
  if (!Number.isInteger(total) || total < 0) throw new Error(`countProgress total must be a non-negative integer, got ${total}.`);
  if (tty) {
    const bar = new cliProgress.SingleBar({
      format: `${label} |{bar}| {value}/{total} | {duration_formatted} eta {eta_formatted}`,
      stream,
      hideCursor: false,
      barsize: 30,
    });
    bar.start(total, 0);
    return { update: (done) => bar.update(done), close: () => bar.stop() };
  }
  let shown = 0; // the last tenth written
  return {
    update(done) {
      const tenth = total === 0 ? 10 : Math.floor((10 * done) / total);
      if (tenth > shown) {
        shown = tenth;
        stream.write(`${label} ${done}/${total}\n`);
      }
    },
    close() {},
  };
}
