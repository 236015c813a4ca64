/**
 * What every engine script of the benchmark shares (`bench/seqcast.ts`, `bench/tfjs-peer.ts`; the
 * PyTorch peer `bench/torch_peer.py` follows the same protocol): its command line, the rule that
 * decides how many timed runs to make, the memory high-water mark, and the one JSON result it
 * prints for `bench/run.ts`, which starts each engine in a process of its own.
 *
 * Protocol: `<engine> --model rnn --runs 5 --warmup 1 --budget 60 --json` prints progress on stderr
 * and, last on stdout, one line of JSON: an {@link EngineResult}. Without `--json`, a short
 * human-readable line instead.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MODEL_IDS, SETUP, parseModelId, type ModelId } from './models.js';

/** One engine's measurements of one model. Times are in milliseconds, memory in MB (2^20 bytes). */
export interface EngineResult {
  /** `seqcast`, `tfjs-cpu`, `tfjs-wasm` or `torch`. */
  engine: string;
  /** Versions and backend, for the report. */
  detail: string;
  model: ModelId;
  /** Trainable parameters of the model as the engine built it. */
  params: number;
  batchesPerEpoch: number;
  trainWindows: number;
  predictWindows: number;
  /** Untimed runs done first (of training, and again of prediction). */
  warmup: number;
  /** One training epoch each, after the warm-up. */
  epochMs: number[];
  /** One whole-series prediction each, after the warm-up. */
  predictMs: number[];
  /** Process CPU time (user + system) of each timed epoch: near `epochMs` on an idle machine. */
  epochCpuMs: number[];
  predictCpuMs: number[];
  /** Training loss after the last epoch: a NaN would mean a broken run. */
  lastLoss: number;
  /** Mean of the last prediction, and whether all of it was finite. */
  forecastMean: number;
  forecastFinite: boolean;
  memory: {
    /** Resident set size after the engine's imports, before the model exists. */
    idleMB: number;
    /** The process's resident set size high-water mark (getrusage ru_maxrss) at the end. */
    peakMB: number;
  };
}

/** The options every engine script takes. */
export interface EngineOptions {
  model: ModelId;
  warmup: number;
  /** At most this many timed runs of each measurement. */
  runs: number;
  /** Soft time budget of each measurement's timed runs, in ms (at least one run is always made). */
  budgetMs: number;
  /** `true`: JSON on stdout; a string: JSON into that file; absent: a readable line. */
  json?: string | true;
}

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got '${value}'.`);
    return n;
  };
}

function seconds(value: string): number {
  const s = Number(value);
  if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError(`--budget must be a positive number of seconds, got '${value}'.`);
  return s;
}

/**
 * Parses an engine script's command line (plus any `extra` options the engine adds).
 * @example const { options } = parseEngineArgs('seqcast', process.argv);
 * @throws (exits through commander) on an unknown model or a malformed number.
 */
export function parseEngineArgs(
  name: string,
  argv: string[],
  extra: Option[] = [],
): { options: EngineOptions; extra: Record<string, unknown> } {
  const cmd = new Command(name)
    .description(`times ${name} on one benchmark model: training epochs, then whole-series predictions`)
    .addOption(new Option('--model <id>', 'benchmark model').choices(MODEL_IDS).default('rnn'))
    .option('--runs <n>', 'timed runs of each measurement at most (the median is reported)', integer('--runs', 1), 5)
    .option('--warmup <n>', 'untimed runs first (V8 optimizes over the first epochs)', integer('--warmup', 0), SETUP.warmup)
    .option('--budget <seconds>', 'stop adding timed runs once the next would pass this many seconds', seconds, 120)
    .option('--json [file]', 'print the result as one JSON line on stdout (or write it to file)');
  for (const o of extra) cmd.addOption(o);
  const o = cmd.parse(argv).opts<{ model: string; runs: number; warmup: number; budget: number; json?: string | true }>();
  const options: EngineOptions = { model: parseModelId(o.model), runs: o.runs, warmup: o.warmup, budgetMs: o.budget * 1000, json: o.json };
  return { options, extra: o };
}

/**
 * Decides how many runs to make: `warmup` untimed ones, then timed ones until `runs` are done or
 * one more (taking as long as the mean so far) would pass the budget; at least one timed run.
 * @example const plan = new RunPlan(1, 5, 60_000); while (!plan.done) { plan.start(); epoch(); plan.stop(); }
 * @throws never.
 */
export class RunPlan {
  /** Wall-clock ms of each timed run. */
  readonly timed: number[] = [];
  /** Process CPU ms of each timed run. */
  readonly cpu: number[] = [];
  private seen = 0;
  private wallStart = 0;
  private cpuStart = 0;

  constructor(
    private readonly warmup: number,
    private readonly runs: number,
    private readonly budgetMs: number,
  ) {}

  /** Marks the start of a run. */
  start(): void {
    this.cpuStart = cpuMs();
    this.wallStart = performance.now();
  }

  /** Marks the end of the run begun by {@link start}; the first `warmup` runs are dropped. */
  stop(): void {
    const wall = performance.now() - this.wallStart;
    const cpu = cpuMs() - this.cpuStart;
    if (this.seen++ >= this.warmup) {
      this.timed.push(wall);
      this.cpu.push(cpu);
    }
  }

  /** Runs made so far, warm-up included. */
  get made(): number {
    return this.seen;
  }

  get done(): boolean {
    const n = this.timed.length;
    if (n === 0) return false;
    if (n >= this.runs) return true;
    const sum = this.timed.reduce((a, b) => a + b, 0);
    return sum + sum / n > this.budgetMs;
  }
}

/** CPU time (user + system) this process has used, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The process's resident set size now, in MB. */
export function rssMB(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

/** The process's resident set size high-water mark so far, in MB (Linux reports ru_maxrss in KiB). */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Mean of a forecast and whether every value is finite. */
export function forecastCheck(forecast: ArrayLike<number>): { forecastMean: number; forecastFinite: boolean } {
  let sum = 0;
  let finite = true;
  for (let i = 0; i < forecast.length; i++) {
    if (!Number.isFinite(forecast[i])) finite = false;
    sum += forecast[i];
  }
  return { forecastMean: sum / forecast.length, forecastFinite: finite };
}

/** A one-line note on stderr (stdout carries only the result). */
export function progress(line: string): void {
  process.stderr.write(line + '\n');
}

/**
 * Writes the result as the protocol says: JSON (stdout or a file) or one readable line.
 * @example emitResult(result, options.json);
 * @throws when the JSON file cannot be written.
 */
export function emitResult(result: EngineResult, json: string | true | undefined): void {
  const line = JSON.stringify(result);
  if (json === true) process.stdout.write('\n' + line + '\n');
  else if (typeof json === 'string') writeFileSync(json, line + '\n');
  else {
    process.stdout.write(
      `${result.engine} ${result.model}: ${result.params} params, epoch ${median(result.epochMs).toFixed(1)} ms (${result.epochMs.length} runs), ` +
        `predict ${median(result.predictMs).toFixed(1)} ms (${result.predictMs.length} runs), peak RSS ${result.memory.peakMB.toFixed(0)} MB\n`,
    );
  }
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 * @example median([3, 1, 2]); // 2
 * @throws when `values` is empty: a measurement without runs has no median.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values: the measurement made no timed runs.');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
