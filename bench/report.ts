/**
 * Turns the engines' results into what `npm run bench` prints: one table per model (medians, runs,
 * memory, GFLOP/s, ratios to seqcast), the checks that every engine ran the same model, and one
 * PASS/FAIL line per acceptance target.
 */
import { renderTable, formatNumber } from '../src/cli/table.js';
import { median, type EngineResult } from './engine-cli.js';
import { forwardFlops, gflops, paramCount, trainFlops } from './flops.js';
import { MODELS, SETUP, benchCase, epochShape, type ModelId } from './models.js';

/** Which time ratios, GFLOP/s and targets use: wall clock (default), or the process's CPU time. */
export type Clock = 'wall' | 'cpu';

/** One engine's row of a model's table, as the JSON output carries it. */
export interface EngineRow {
  engine: string;
  detail: string;
  params: number;
  epochMs: { median: number; runs: number[] };
  predictMs: { median: number; runs: number[] };
  /** Process CPU time of the same runs: far below the wall time means the machine was busy. */
  epochCpuMs: { median: number; runs: number[] };
  predictCpuMs: { median: number; runs: number[] };
  memory: { idleMB: number; peakMB: number };
  /** On the chosen clock. */
  gflops: { train: number; predict: number };
  /** This engine's time over seqcast's (a peer's slowdown; 1 for seqcast), on the chosen clock; null without seqcast. */
  overSeqcast: { epoch: number; predict: number } | null;
  lastLoss: number;
}

/** One model's results, and the problems found checking that the engines agree. */
export interface ModelReport {
  id: ModelId;
  title: string;
  window: number;
  params: number;
  trainWindows: number;
  batchesPerEpoch: number;
  predictWindows: number;
  forwardFlopsPerWindow: number;
  trainFlopsPerEpoch: number;
  rows: EngineRow[];
  /** Engines that failed to run, with the reason. */
  failed: { engine: string; error: string }[];
  /** Disagreements (parameter counts, window counts, non-finite results): empty when all is well. */
  problems: string[];
}

/**
 * Summarizes one model's engine results and checks they measured the same thing.
 * @example const report = modelReport('rnn', results, [], 'wall');
 * @throws when an engine's result has no timed runs (it always has at least one).
 */
export function modelReport(
  id: ModelId,
  results: EngineResult[],
  failed: { engine: string; error: string }[],
  clock: Clock = 'wall',
): ModelReport {
  const spec = MODELS[id];
  const params = paramCount(spec);
  const { windows: trainWindows, batches: batchesPerEpoch, predictWindows } = epochShape(benchCase(id));
  const problems: string[] = [];
  const expect = (r: EngineResult, what: string, got: number, want: number): void => {
    if (got !== want) problems.push(`${r.engine} ${what} ${got}, expected ${want}: the engines do not run the same model or data.`);
  };
  for (const r of results) {
    expect(r, 'has parameter count', r.params, params);
    expect(r, 'trains on windows:', r.trainWindows, trainWindows);
    expect(r, 'runs batches per epoch:', r.batchesPerEpoch, batchesPerEpoch);
    expect(r, 'predicts windows:', r.predictWindows, predictWindows);
    if (!Number.isFinite(r.lastLoss) || !r.forecastFinite)
      problems.push(`${r.engine} produced a non-finite loss or forecast: its timings mean nothing.`);
  }
  const fwd = forwardFlops(spec);
  const perEpoch = trainFlops(spec) * trainWindows;
  // the times that ratios, GFLOP/s and targets use
  const epochOf = (r: EngineResult): number => median(clock === 'cpu' ? r.epochCpuMs : r.epochMs);
  const predictOf = (r: EngineResult): number => median(clock === 'cpu' ? r.predictCpuMs : r.predictMs);
  const seq = results.find((r) => r.engine === 'seqcast');
  const rows = results.map((r): EngineRow => {
    const epoch = epochOf(r);
    const predict = predictOf(r);
    return {
      engine: r.engine,
      detail: r.detail,
      params: r.params,
      epochMs: { median: median(r.epochMs), runs: r.epochMs },
      predictMs: { median: median(r.predictMs), runs: r.predictMs },
      epochCpuMs: { median: median(r.epochCpuMs), runs: r.epochCpuMs },
      predictCpuMs: { median: median(r.predictCpuMs), runs: r.predictCpuMs },
      memory: r.memory,
      gflops: { train: gflops(perEpoch, epoch), predict: gflops(fwd * predictWindows, predict) },
      overSeqcast: seq ? { epoch: epoch / epochOf(seq), predict: predict / predictOf(seq) } : null,
      lastLoss: r.lastLoss,
    };
  });
  return {
    id,
    title: spec.title,
    window: spec.window,
    params,
    trainWindows,
    batchesPerEpoch,
    predictWindows,
    forwardFlopsPerWindow: fwd,
    trainFlopsPerEpoch: perEpoch,
    rows,
    failed,
    problems,
  };
}

const times = (v: number): string => `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}x`;

/**
 * A model's table as text: a heading with the model's sizes, then one row per engine.
 * @example process.stdout.write(renderModelTable(report) + '\n');
 * @throws never.
 */
export function renderModelTable(m: ModelReport): string {
  const heading =
    `${m.title} — window ${m.window}, ${m.params.toLocaleString('en-US')} parameters; epoch: ${m.trainWindows} windows = ${m.batchesPerEpoch} batches of ${SETUP.batchSize}, ` +
    `${formatNumber(m.trainFlopsPerEpoch / 1e9, 3)} GFLOP (3 × ${m.forwardFlopsPerWindow.toLocaleString('en-US')} × ${m.trainWindows}); predict: ${m.predictWindows} windows`;
  const rows = m.rows.map((r) => [
    r.engine,
    `${formatNumber(r.epochMs.median, 1)} (${r.epochMs.runs.length})`,
    formatNumber(r.epochCpuMs.median, 1),
    `${formatNumber(r.predictMs.median, 1)} (${r.predictMs.runs.length})`,
    formatNumber(r.memory.peakMB, 0),
    formatNumber(r.memory.idleMB, 0),
    formatNumber(r.gflops.train, 2),
    formatNumber(r.gflops.predict, 2),
    r.params.toLocaleString('en-US'),
  ]);
  for (const f of m.failed) rows.push([f.engine, 'failed', '', '', '', '', '', '', '']);
  const right = { align: 'right' as const };
  const table = renderTable(
    [
      { header: 'engine' },
      { header: 'epoch ms (runs)', ...right },
      { header: 'epoch CPU ms', ...right },
      { header: 'predict ms (runs)', ...right },
      { header: 'peak MB', ...right },
      { header: 'idle MB', ...right },
      { header: 'GFLOP/s train', ...right },
      { header: 'GFLOP/s predict', ...right },
      { header: 'params', ...right },
    ],
    rows,
  );
  const ratios = m.rows
    .filter((r) => r.engine !== 'seqcast' && r.overSeqcast)
    .map((r) => `  ${r.engine} / seqcast = ${times(r.overSeqcast!.epoch)} epoch, ${times(r.overSeqcast!.predict)} predict`);
  const notes = [
    ...ratios,
    ...m.rows.map((r) => `  ${r.engine}: ${r.detail}`),
    ...m.failed.map((f) => `  ${f.engine} FAILED: ${f.error}`),
    ...m.problems.map((p) => `  PROBLEM: ${p}`),
  ];
  const agree =
    m.problems.length === 0 && m.rows.length > 0 ? `  parameter counts agree: ${m.params.toLocaleString('en-US')} in every engine` : '';
  return [heading, table, ...notes, agree].filter((s) => s !== '').join('\n');
}

/** One acceptance target, evaluated on one model. `pass` is null when an engine it needs did not run. */
export interface TargetResult {
  model: ModelId;
  target: string;
  value: number | null;
  pass: boolean | null;
  /** The peer the target compares seqcast with. */
  needs: string;
}

/** The acceptance targets; they apply to the course's two lab models. */
const TARGETS: { name: string; needs: string; models: ModelId[]; value: (m: ModelReport) => number | null; ok: (v: number) => boolean }[] =
  [
    {
      name: 'epoch   seqcast / torch     ≤ 1.0x',
      needs: 'torch',
      models: ['rnn', 'bilstm'],
      value: (m) => inverse(m, 'torch', 'epoch'),
      ok: (v) => v <= 1,
    },
    {
      name: 'epoch   tfjs-wasm / seqcast ≥ 10x',
      needs: 'tfjs-wasm',
      models: ['rnn', 'bilstm'],
      value: (m) => ratio(m, 'tfjs-wasm', 'epoch'),
      ok: (v) => v >= 10,
    },
    {
      name: 'epoch   tfjs-cpu / seqcast  ≥ 20x',
      needs: 'tfjs-cpu',
      models: ['rnn', 'bilstm'],
      value: (m) => ratio(m, 'tfjs-cpu', 'epoch'),
      ok: (v) => v >= 20,
    },
    {
      name: 'predict seqcast / torch     ≤ 1.0x',
      needs: 'torch',
      models: ['rnn', 'bilstm'],
      value: (m) => inverse(m, 'torch', 'predict'),
      ok: (v) => v <= 1,
    },
  ];

function ratio(m: ModelReport, engine: string, what: 'epoch' | 'predict'): number | null {
  return m.rows.find((r) => r.engine === engine)?.overSeqcast?.[what] ?? null;
}

function inverse(m: ModelReport, engine: string, what: 'epoch' | 'predict'): number | null {
  const r = ratio(m, engine, what);
  return r === null ? null : 1 / r;
}

/**
 * Evaluates every acceptance target on the models that were run.
 * @example const results = evaluateTargets(reports);
 * @throws never.
 */
export function evaluateTargets(reports: ModelReport[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const t of TARGETS) {
    for (const m of reports.filter((r) => t.models.includes(r.id))) {
      const value = t.value(m);
      out.push({ model: m.id, target: t.name, value, pass: value === null ? null : t.ok(value), needs: t.needs });
    }
  }
  return out;
}

/**
 * The acceptance summary: one PASS/FAIL (or SKIP) line per target and model.
 * @example process.stdout.write(renderTargets(evaluateTargets(reports), 'wall') + '\n');
 * @throws never.
 */
export function renderTargets(results: TargetResult[], clock: Clock = 'wall'): string {
  if (results.length === 0) return 'Acceptance targets: none apply to the models run (they are set for rnn and bilstm).';
  const lines = results.map((r) => {
    const verdict = r.pass === null ? 'SKIP' : r.pass ? 'PASS' : 'FAIL';
    const value = r.value === null ? `not measured: ${r.needs} did not run` : `measured ${times(r.value)}`;
    return `  ${verdict}  ${MODELS[r.model].title.padEnd(16)} ${r.target.padEnd(35)} ${value}`;
  });
  return [`Acceptance targets (issue 5), on ${clock === 'cpu' ? 'CPU' : 'wall-clock'} time:`, ...lines].join('\n');
}
