/**
 * The playground page: reads the settings, loads the series, hands training to the worker
 * (web/worker.ts), and shows the live loss, the forecast against the actual values, the scores,
 * the learning-rate sweep and the download links. Every error is shown in the page in words.
 *
 * For tests and curious users the last result is also on `window.__seqcast`.
 */
import { drawChart } from './chart.js';
import { csvColumns, csvSeries, loadShippedSeries, type LoadedSeries } from './series.js';
import { DATASET_CATALOG } from '../src/data/catalog.js';
import { checkLongEnough } from '../src/data/series-input.js';
import { NETWORK_KINDS, type NetworkKind } from '../src/model/network-kinds.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import type { TrainResult, WorkerReply, WorkerRequest } from './protocol.js';

/** What the page exposes on `window.__seqcast`. */
export interface PlaygroundState {
  state: 'idle' | 'training' | 'trained' | 'swept' | 'stopped' | 'failed';
  series?: number[];
  split?: number;
  forecast?: number[];
  fitMs?: number;
  losses: number[];
  scores?: TrainResult['scores'];
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

/** Fills the series and model pickers from the catalogs; the first of each is selected. */
function fillPickers(): void {
  const series = $('series') as HTMLSelectElement;
  series.replaceChildren(...DATASET_CATALOG.map((d) => new Option(d.page.label, d.id)), new Option('my own CSV file…', 'file'));
  series.value = DATASET_CATALOG[0].id;
  ($('period') as HTMLInputElement).value = String(PERIODS[series.value]);
  const model = $('model') as HTMLSelectElement;
  model.replaceChildren(...NETWORK_KINDS.map((k) => new Option(k.label, k.id)));
  model.value = NETWORK_KINDS[0].id;
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
  ($('sweep') as HTMLButtonElement).disabled = busy;
  ($('stop') as HTMLButtonElement).disabled = !busy;
  view.state = busy ? 'training' : view.state;
}

function numberField(id: string, what: string): number {
  const value = Number(($(id) as HTMLInputElement).value);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number of at least 1: change the '${what}' field.`);
  return value;
}

/** The spec the form describes. */
function readSpec(): NetworkSpecInput {
  const lrText = ($('lr') as HTMLInputElement).value.trim();
  const learningRate = lrText === '' ? undefined : Number(lrText);
  if (learningRate !== undefined && !(learningRate > 0))
    throw new Error(`The learning rate must be a positive number such as 0.001 (or empty for the default), got '${lrText}'.`);
  return {
    model: ($('model') as HTMLSelectElement).value as NetworkKind,
    units: numberField('units', 'Units'),
    layers: numberField('layers', 'Layers'),
    window: numberField('window', 'Window'),
    epochs: numberField('epochs', 'Epochs'),
    batchSize: numberField('batch', 'Batch size'),
    optimizer: ($('optimizer') as HTMLSelectElement).value as 'adam' | 'sgd',
    ...(learningRate !== undefined ? { learningRate } : {}),
  };
}

/**
 * The chosen series, loaded (fetched, generated or parsed from the chosen file) and checked
 * against the window as the CLI checks it: a window and its label in the training part, and at
 * least one value to validate on.
 */
async function readSeries(): Promise<LoadedSeries> {
  const choice = ($('series') as HTMLSelectElement).value;
  const period = numberField('period', 'Season length');
  const window = numberField('window', 'Window');
  let loaded: LoadedSeries;
  if (choice !== 'file') {
    const shipped = await loadShippedSeries(choice);
    loaded = { ...shipped, info: { ...shipped.info, period } };
  } else {
    if (!fileText) throw new Error('No CSV file chosen: choose one with the file picker, or pick another series.');
    const column = ($('column') as HTMLSelectElement).value || undefined;
    loaded = csvSeries(fileText.text, fileText.name, column, period);
  }
  checkLongEnough(loaded.values.length, window, loaded.split);
  return loaded;
}

async function onSeriesChange(): Promise<void> {
  clearError();
  const choice = ($('series') as HTMLSelectElement).value;
  $('file-label').hidden = choice !== 'file';
  $('column-label').hidden = choice !== 'file' || !fileText;
  ($('period') as HTMLInputElement).value = String(PERIODS[choice] ?? 12);
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
  } else {
    $('lr-chart').replaceChildren();
  }
  let request: WorkerRequest;
  try {
    const spec = readSpec();
    current = await readSeries();
    const { values, split, info } = current;
    request =
      kind === 'train'
        ? { type: 'train', spec, series: values, split, info }
        : { type: 'lr-find', spec, series: values, split, start: 1e-6, end: 1 };
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
  setStatus(kind === 'train' ? 'Training…' : 'Running the learning-rate sweep…');
  worker.postMessage(request);
}

worker.onmessage = (event: MessageEvent<WorkerReply>) => {
  const reply = event.data;
  if (reply.type === 'epoch') {
    ($('progress') as HTMLProgressElement).value = reply.epoch / reply.epochs;
    if (reply.lr !== undefined) {
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
    setStatus(reply.stopped ? `Stopped after ${view.losses.length || lrPoints.length} epochs.` : 'Training failed.');
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
  Object.assign(view, { state: 'trained', series: Array.from(values), split, forecast, fitMs: result.fitMs, scores: result.scores });
  setStatus(`Trained ${result.losses.length} epochs in ${(result.fitMs / 1000).toFixed(1)} s.`);
  const xs = forecast.map((_, i) => split + i);
  drawChart(
    $('forecast-chart'),
    [
      { label: 'actual', x: xs, y: values.subarray(split), color: '#555' },
      { label: 'forecast', x: xs, y: result.forecast, color: '#ff7f0e' },
    ],
    { title: `Validation forecast: ${series.info.name}`, xLabel: 'time step', yLabel: series.info.column, integerX: true },
  );
  const body = $('scores').querySelector('tbody')!;
  body.replaceChildren(
    ...result.scores.map((s) => {
      const row = document.createElement('tr');
      for (const cell of [s.name, s.mae.toFixed(3), s.rmse.toFixed(3)])
        row.append(Object.assign(document.createElement('td'), { textContent: cell }));
      return row;
    }),
  );
  $('scores').hidden = false;
  link('dl-json', new Blob([result.modelJson], { type: 'application/json' }));
  link('dl-weights', new Blob([result.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const csv = ['index,actual,forecast', ...forecast.map((f, i) => `${split + i},${values[split + i]},${f}`)].join('\n');
  link('dl-csv', new Blob([`${csv}\n`], { type: 'text/csv' }));
  $('downloads').hidden = false;
}

function link(id: string, blob: Blob): void {
  const anchor = $(id) as HTMLAnchorElement;
  if (anchor.href.startsWith('blob:')) URL.revokeObjectURL(anchor.href);
  anchor.href = URL.createObjectURL(blob);
}

fillPickers();
$('series').addEventListener('change', () => void onSeriesChange());
$('file').addEventListener('change', () => void onFileChosen());
$('column').addEventListener('change', () => {
  clearError();
  void describeSeries();
});
$('train').addEventListener('click', () => void start('train'));
$('sweep').addEventListener('click', () => void start('lr-find'));
$('stop').addEventListener('click', () => worker.postMessage({ type: 'stop' } satisfies WorkerRequest));
void describeSeries();
