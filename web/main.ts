/**
 * The playground page: reads the settings, loads the series, hands the fit to the worker
 * (web/worker.ts), and shows the live loss (a network), the multi-step forecasts against the
 * actual values and past the series' end, the scores and the MAE at each step, the learning-rate
 * sweep and the download links. Every error is shown in the page in words.
 *
 * For tests and curious users the last result is also on `window.__seqcast`.
 */
import { drawChart } from './chart.js';
import { csvColumns, csvSeries, loadShippedSeries, type LoadedSeries } from './series.js';
import { DATASET_CATALOG } from '../src/data/catalog.js';
import { checkLongEnough } from '../src/data/series-input.js';
import { m4Horizon } from '../src/forecast/horizon.js';
import { TRANSFORM_STEPS, parseTransformList } from '../src/data/transforms/registry.js';
import { NORMALIZE_KINDS, type Normalize } from '../src/model/target-spec.js';
import type { ForecasterSpec } from '../src/forecast/forecaster-spec.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import { PAGE_MODELS, pageModel } from './forecasters.js';
import type { PageIntervals, TrainResult, WorkerReply, WorkerRequest } from './protocol.js';
import { checkLevels } from '../src/forecast/intervals.js';

/** What the page exposes on `window.__seqcast`. */
export interface PlaygroundState {
  state: 'idle' | 'training' | 'trained' | 'swept' | 'stopped' | 'failed';
  series?: number[];
  split?: number;
  /** The steps each forecast covers. */
  horizon?: number;
  /** Multi-step forecasts of series[split, split + forecast.length), H values from each origin. */
  forecast?: number[];
  /** The H values after the series' end. */
  future?: number[];
  /** The forecaster's name. */
  name?: string;
  fitMs?: number;
  losses: number[];
  scores?: TrainResult['scores'];
  /** The prediction intervals of `forecast` and `future`, per level (absent with levels "none", or when they could not be calibrated). */
  intervals?: { levels: number[]; method: string; lower: number[][]; upper: number[][]; futureLower: number[][]; futureUpper: number[][] };
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const view: PlaygroundState = { state: 'idle', losses: [] };
(window as unknown as { __seqcast: PlaygroundState }).__seqcast = view;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let fileText: { name: string; text: string } | null = null;
let lrPoints: { lr: number; loss: number }[] = [];
let current: LoadedSeries | null = null;

/** The season length each series starts with: the catalog's for the shipped ones, 12 for a file. */
const PERIODS: Record<string, number> = { ...Object.fromEntries(DATASET_CATALOG.map((d) => [d.id, d.page.period])), file: 12 };

/** The horizon a season length starts with: M4's for it (src/forecast/horizon.ts), else 30. */
function defaultHorizon(period: number): number {
  return m4Horizon(undefined, period) ?? 30;
}

/** Fills the series, model, transform and normalize pickers from the catalogs; the first of each is selected. */
function fillPickers(): void {
  const series = $('series') as HTMLSelectElement;
  series.replaceChildren(...DATASET_CATALOG.map((d) => new Option(d.page.label, d.id)), new Option('my own CSV file…', 'file'));
  series.value = DATASET_CATALOG[0].id;
  setPeriod(PERIODS[series.value]);
  const model = $('model') as HTMLSelectElement;
  model.replaceChildren(...PAGE_MODELS.map((m) => new Option(m.label, m.id)));
  model.value = PAGE_MODELS[0].id;
  const normalize = $('normalize') as HTMLSelectElement;
  normalize.replaceChildren(...NORMALIZE_KINDS.map((k) => new Option(k, k)));
  normalize.value = NORMALIZE_KINDS[0];
  onModelChange();
}

/** Sets the season length, the horizon to its default, and the transform suggestions' periods. */
function setPeriod(period: number): void {
  ($('period') as HTMLInputElement).value = String(period);
  ($('horizon') as HTMLInputElement).value = String(defaultHorizon(period));
  // the CLI's steps, their placeholders filled in (the season length), and two common chains
  const p = period > 1 ? period : 12;
  const steps = TRANSFORM_STEPS.map((s) => s.replace('PERIOD', String(p)).replace('LAMBDA', '0.5'));
  $('transform-choices').replaceChildren(
    ...[...steps, 'difference,standard', 'box-cox,difference,standard'].map((v) =>
      Object.assign(document.createElement('option'), { value: v }),
    ),
  );
}

/** Turns the network-only fields (and the sweep) on for a network, off for the others. */
function onModelChange(): void {
  const network = pageModel(($('model') as HTMLSelectElement).value).network;
  for (const label of document.querySelectorAll<HTMLLabelElement>('label.network-only')) {
    label.classList.toggle('disabled', !network);
    for (const field of label.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) field.disabled = !network;
  }
  ($('sweep') as HTMLButtonElement).disabled = !network || view.state === 'training';
}

function showError(message: string): void {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
}

function clearError(): void {
  $('error').hidden = true;
  $('error').textContent = '';
}

function setStatus(message: string): void {
  $('status').textContent = message;
}

function setBusy(busy: boolean): void {
  ($('train') as HTMLButtonElement).disabled = busy;
  ($('sweep') as HTMLButtonElement).disabled = busy || !pageModel(($('model') as HTMLSelectElement).value).network;
  ($('stop') as HTMLButtonElement).disabled = !busy;
  view.state = busy ? 'training' : view.state;
}

/** The interval levels field: percentages in (0, 100), comma-separated, or none (null). */
function levelsField(): number[] | null {
  const text = ($('level') as HTMLInputElement).value.trim();
  if (text === '' || text.toLowerCase() === 'none') return null;
  const levels = text.split(',').map((p) => (/^\s*\d+(\.\d+)?\s*$/.test(p) ? Number(p) : NaN));
  try {
    checkLevels(levels, 'Interval levels');
  } catch (err) {
    throw new Error(`${(err as Error).message} Change the 'Interval levels %' field (e.g. 80, 95, or none).`);
  }
  return levels;
}

function numberField(id: string, what: string): number {
  const value = Number(($(id) as HTMLInputElement).value);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number of at least 1: change the '${what}' field.`);
  return value;
}

/** The network fields of the form (the network kind aside). */
function readNetwork(): Omit<NetworkSpecInput, 'model'> {
  const lrText = ($('lr') as HTMLInputElement).value.trim();
  const learningRate = lrText === '' ? undefined : Number(lrText);
  if (learningRate !== undefined && !(learningRate > 0))
    throw new Error(`The learning rate must be a positive number such as 0.001 (or empty for the default), got '${lrText}'.`);
  let transform;
  try {
    transform = parseTransformList(($('transform') as HTMLInputElement).value);
  } catch (err) {
    throw new Error(`The transform ${(err as Error).message}`);
  }
  return {
    units: numberField('units', 'Units'),
    layers: numberField('layers', 'Layers'),
    window: numberField('window', 'Window'),
    epochs: numberField('epochs', 'Epochs'),
    batchSize: numberField('batch', 'Batch size'),
    optimizer: ($('optimizer') as HTMLSelectElement).value as 'adam' | 'sgd',
    transform,
    normalize: ($('normalize') as HTMLSelectElement).value as Normalize,
    ...(learningRate !== undefined ? { learningRate } : {}),
  };
}

/** The forecaster the form describes (web/forecasters.ts), for a series with this season length. */
function readForecaster(period: number): { spec: ForecasterSpec; horizon: number; network: boolean } {
  const model = pageModel(($('model') as HTMLSelectElement).value);
  const horizon = numberField('horizon', 'Horizon');
  const network = model.network ? readNetwork() : {};
  return { spec: model.spec({ period, horizon, seed: 0, network }), horizon, network: model.network };
}

/**
 * The chosen series, loaded (fetched, generated or parsed from the chosen file) and checked
 * against the window as the CLI checks it: a window and its label in the training part, and at
 * least one value to validate on.
 */
async function readSeries(): Promise<LoadedSeries> {
  const choice = ($('series') as HTMLSelectElement).value;
  const period = numberField('period', 'Season length');
  let loaded: LoadedSeries;
  if (choice !== 'file') {
    const shipped = await loadShippedSeries(choice);
    loaded = { ...shipped, info: { ...shipped.info, period } };
  } else {
    if (!fileText) throw new Error('No CSV file chosen: choose one with the file picker, or pick another series.');
    const column = ($('column') as HTMLSelectElement).value || undefined;
    loaded = csvSeries(fileText.text, fileText.name, column, period);
  }
  // a network needs a window and its label in the training part (the others check their own needs when fitting)
  if (pageModel(($('model') as HTMLSelectElement).value).network)
    checkLongEnough(loaded.values.length, numberField('window', 'Window'), loaded.split);
  return loaded;
}

async function onSeriesChange(): Promise<void> {
  clearError();
  const choice = ($('series') as HTMLSelectElement).value;
  $('file-label').hidden = choice !== 'file';
  $('column-label').hidden = choice !== 'file' || !fileText;
  setPeriod(PERIODS[choice] ?? 12);
  await describeSeries();
}

async function describeSeries(): Promise<void> {
  try {
    current = await readSeries();
    const notes = (current.notes ?? []).map((n) => ` Note: ${n}`).join('');
    $('series-info').textContent =
      `${current.values.length} values; trains on the first ${current.split}, validates on the last ${current.values.length - current.split}.${notes}`;
  } catch (err) {
    current = null;
    $('series-info').textContent = '';
    if (($('series') as HTMLSelectElement).value !== 'file' || fileText) showError((err as Error).message);
  }
}

async function onFileChosen(): Promise<void> {
  clearError();
  const file = ($('file') as HTMLInputElement).files?.[0];
  if (!file) return;
  const text = await file.text();
  fileText = { name: file.name, text };
  const picker = $('column') as HTMLSelectElement;
  picker.replaceChildren();
  try {
    const header = csvColumns(text, file.name);
    for (const name of header) picker.append(new Option(name, name));
    picker.value = header[header.length - 1];
    $('column-label').hidden = false;
  } catch (err) {
    showError((err as Error).message);
    return;
  }
  await describeSeries();
}

async function start(kind: 'train' | 'lr-find'): Promise<void> {
  clearError();
  // the previous run's results would read as this run's
  $('scores').hidden = true;
  $('downloads').hidden = true;
  if (kind === 'train') {
    $('loss-chart').replaceChildren();
    $('forecast-chart').replaceChildren();
    $('step-chart').replaceChildren();
  } else {
    $('lr-chart').replaceChildren();
  }
  let request: WorkerRequest;
  try {
    current = await readSeries();
    const { values, split, info } = current;
    const { spec, horizon } = readForecaster(info.period);
    if (kind === 'train') request = { type: 'train', forecaster: spec, series: values, split, horizon, info, levels: levelsField() };
    else if (spec.kind === 'network') request = { type: 'lr-find', spec: spec.spec, series: values, split, start: 1e-6, end: 1 };
    else throw new Error('The learning-rate sweep is for networks: pick a network kind in the model picker.');
  } catch (err) {
    view.state = 'failed';
    showError((err as Error).message);
    return;
  }
  view.losses = [];
  view.state = 'training';
  lrPoints = [];
  ($('progress') as HTMLProgressElement).value = 0;
  $('scores').hidden = true;
  $('downloads').hidden = true;
  setBusy(true);
  setStatus(kind === 'train' ? 'Fitting…' : 'Running the learning-rate sweep…');
  worker.postMessage(request);
}

worker.onmessage = (event: MessageEvent<WorkerReply>) => {
  const reply = event.data;
  if (reply.type === 'epoch') {
    ($('progress') as HTMLProgressElement).value = reply.epoch / reply.epochs;
    if (reply.calibrating) {
      setStatus(
        `Calibrating the prediction intervals (a second network on the first part of the training part): epoch ${reply.epoch} of ${reply.epochs}`,
      );
    } else if (reply.lr !== undefined) {
      lrPoints.push({ lr: reply.lr, loss: reply.loss });
      drawChart($('lr-chart'), [{ label: 'loss', x: lrPoints.map((p) => p.lr), y: lrPoints.map((p) => p.loss), color: '#d62728' }], {
        title: 'Loss against learning rate',
        xLabel: 'learning rate',
        yLabel: 'loss',
        logX: true,
      });
      setStatus(
        `Sweep: epoch ${reply.epoch} of at most ${reply.epochs}, rate ${reply.lr.toExponential(2)}, loss ${reply.loss.toPrecision(4)}`,
      );
    } else {
      view.losses.push(reply.loss);
      drawChart($('loss-chart'), [{ label: 'training loss', x: view.losses.map((_, i) => i + 1), y: view.losses, color: '#1f77b4' }], {
        title: 'Training loss',
        xLabel: 'epoch',
        yLabel: 'loss',
        integerX: true,
      });
      setStatus(`Epoch ${reply.epoch} of ${reply.epochs}: loss ${reply.loss.toPrecision(4)}`);
    }
    return;
  }
  setBusy(false);
  if (reply.type === 'failed') {
    view.state = reply.stopped ? 'stopped' : 'failed';
    setStatus(reply.stopped ? `Stopped after ${view.losses.length || lrPoints.length} epochs.` : 'The run failed.');
    if (!reply.stopped) showError(reply.message);
  } else if (reply.type === 'swept') {
    view.state = 'swept';
    const best = reply.suggestion === null ? '' : ` Suggested learning rate: ${reply.suggestion.toExponential(2)}.`;
    setStatus(`${reply.note}${best}`);
    if (reply.suggestion !== null) ($('lr') as HTMLInputElement).value = reply.suggestion.toPrecision(2);
  } else {
    showResult(reply);
  }
};

worker.onerror = (event) => {
  setBusy(false);
  view.state = 'failed';
  showError(
    `The training worker failed to run (${event.message || 'no message'}): reload the page; if it happens again, rebuild it with \`npm run web\`.`,
  );
};

function showResult(result: TrainResult): void {
  const series = current!;
  const { values, split } = series;
  const forecast = Array.from(result.forecast);
  const future = Array.from(result.future);
  const horizon = future.length;
  Object.assign(view, {
    state: 'trained',
    series: Array.from(values),
    split,
    horizon,
    forecast,
    future,
    name: result.name,
    chosen: result.chosen,
    fitMs: result.fitMs,
    scores: result.scores,
    intervals: result.intervals && plainIntervals(result.intervals),
  });
  const origins = forecast.length / horizon;
  const fitted =
    result.losses.length > 0
      ? `Trained ${result.losses.length} epochs`
      : `Fitted ${result.name}${result.chosen ? `: ${result.chosen}` : ''}`;
  const iv = result.intervals;
  setStatus(
    `${fitted} in ${(result.fitMs / 1000).toFixed(1)} s; scored its forecasts of ${horizon} steps from ${origins} origin${origins === 1 ? '' : 's'} in the validation part.` +
      (iv ? ` Shaded: its ${iv.levels.join(' % and ')} % prediction intervals, ${iv.method}.` : '') +
      (result.intervalNote ? ` ${result.intervalNote}` : ''),
  );
  const n = values.length;
  // the widest level lightest; overlapping bands darken the narrower ones
  const order = iv ? iv.levels.map((level, i) => ({ level, i })).sort((a, b) => b.level - a.level) : [];
  const opacity = (rank: number): number => (order.length === 1 ? 0.25 : 0.12 + (0.18 * rank) / (order.length - 1));
  const bands = order.flatMap(({ level, i }, rank) => [
    { level, x: range(split, split + forecast.length), lower: iv!.lower[i], upper: iv!.upper[i], color: '#ff7f0e', opacity: opacity(rank) },
    { level, x: range(n, n + horizon), lower: iv!.futureLower[i], upper: iv!.futureUpper[i], color: '#2ca02c', opacity: opacity(rank) },
  ]);
  drawChart(
    $('forecast-chart'),
    [
      { label: 'actual', x: range(split, n), y: values.subarray(split), color: '#555' },
      { label: `forecast (${horizon} steps)`, x: range(split, split + forecast.length), y: forecast, color: '#ff7f0e' },
      { label: 'forecast past the end', x: range(n, n + horizon), y: future, color: '#2ca02c' },
    ],
    { title: `Multi-step forecasts: ${series.info.name}`, xLabel: 'time step', yLabel: series.info.column, integerX: true },
    bands,
  );
  const colors = ['#ff7f0e', '#555', '#1f77b4'];
  drawChart(
    $('step-chart'),
    result.scores.map((s, i) => ({
      label: i === 0 ? result.name : s.name,
      x: range(1, horizon + 1),
      y: s.stepMae,
      color: colors[i % colors.length],
    })),
    { title: 'MAE at each step ahead', xLabel: 'step', yLabel: 'MAE', integerX: true },
  );
  const body = $('scores').querySelector('tbody')!;
  body.replaceChildren(
    ...result.scores.map((s) => {
      const row = document.createElement('tr');
      for (const cell of [s.name, s.mae.toFixed(3), s.rmse.toFixed(3), Number.isFinite(s.mase) ? s.mase.toFixed(3) : 'n/a'])
        row.append(Object.assign(document.createElement('td'), { textContent: cell }));
      return row;
    }),
  );
  $('scores').hidden = false;
  $('dl-model').hidden = !result.model;
  if (result.model) {
    link('dl-json', new Blob([result.model.json], { type: 'application/json' }));
    link('dl-weights', new Blob([result.model.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  }
  // with intervals, lo<L>,hi<L> per level (as `seqcast forecast --out`)
  const bounds = (lower: Float32Array[], upper: Float32Array[], k: number): string =>
    iv ? iv.levels.map((_, i) => `,${lower[i][k]},${upper[i][k]}`).join('') : '';
  const header = ['index,actual,forecast', ...(iv ? iv.levels.map((l) => `lo${l},hi${l}`) : [])].join(',');
  const rows = [
    ...forecast.map((f, i) => `${split + i},${values[split + i]},${f}${iv ? bounds(iv.lower, iv.upper, i) : ''}`),
    ...future.map((f, i) => `${n + i},,${f}${iv ? bounds(iv.futureLower, iv.futureUpper, i) : ''}`),
  ];
  link('dl-csv', new Blob([`${[header, ...rows].join('\n')}\n`], { type: 'text/csv' }));
  $('downloads').hidden = false;
}

/** The intervals as plain arrays, for `window.__seqcast`. */
function plainIntervals(iv: PageIntervals): NonNullable<PlaygroundState['intervals']> {
  const plain = (a: Float32Array[]): number[][] => a.map((v) => Array.from(v));
  return {
    levels: iv.levels,
    method: iv.method,
    lower: plain(iv.lower),
    upper: plain(iv.upper),
    futureLower: plain(iv.futureLower),
    futureUpper: plain(iv.futureUpper),
  };
}

/** from, from + 1, ..., to − 1. */
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function link(id: string, blob: Blob): void {
  const anchor = $(id) as HTMLAnchorElement;
  if (anchor.href.startsWith('blob:')) URL.revokeObjectURL(anchor.href);
  anchor.href = URL.createObjectURL(blob);
}

fillPickers();
$('series').addEventListener('change', () => void onSeriesChange());
$('model').addEventListener('change', () => {
  clearError();
  onModelChange();
});
$('period').addEventListener('change', () => setPeriod(Number(($('period') as HTMLInputElement).value) || 1));
$('file').addEventListener('change', () => void onFileChosen());
$('column').addEventListener('change', () => {
  clearError();
  void describeSeries();
});
$('train').addEventListener('click', () => void start('train'));
$('sweep').addEventListener('click', () => void start('lr-find'));
$('stop').addEventListener('click', () => worker.postMessage({ type: 'stop' } satisfies WorkerRequest));
void describeSeries();
