/**
 * `seqcast reproduce`: the course's models on the course's series and on the two real series that
 * ship with seqcast, each scored as the course scores it (MAE of the sliding-window forecast over
 * the validation split), next to the course's own number.
 *
 * The cases live in src/forecast/course-cases.ts; this command runs them (for one seed in this
 * thread, or with `--seeds` for several seeds on worker threads) and prints the table.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { COURSE_CASES, runCase, type CaseResult, type CourseCase } from '../forecast/course-cases.js';
import { runTasks } from '../parallel/pool.js';
import type { CourseCaseTask } from '../parallel/worker.js';
import { parseEpochs, parseSeed, parseWorkers } from './options.js';
import { MAX_SEEDS } from '../limits.js';
import { progressCallback } from './progress.js';
import { renderTable } from './table.js';

export { COURSE_CASES, runCase, type CaseResult, type CourseCase } from '../forecast/course-cases.js';

const SOURCES_NOTE = "Each case's settings, and the course notebook run they come from: docs/reproduction.md in the seqcast repository.";

/** The results as one table: case, course MAE, seqcast MAE, training time. */
export function formatReproduceTable(results: CaseResult[]): string {
  return renderTable(
    [
      { header: 'case' },
      { header: 'course MAE', align: 'right', decimals: 2 },
      { header: 'seqcast MAE', align: 'right', decimals: 2 },
      { header: 'epochs', align: 'right', decimals: 0 },
      { header: 'training s', align: 'right', decimals: 1 },
    ],
    results.map((r) => [r.title, r.courseMae, r.diverged ? 'diverged' : r.mae, r.epochs, r.seconds]),
  );
}

/** One case over several seeds. */
export interface SeedSummary {
  id: string;
  title: string;
  courseMae: number;
  seeds: number[];
  /** MAE per seed, in the order of `seeds`. */
  maes: number[];
  median: number;
  min: number;
  max: number;
  /** Seeds whose MAE is at most the course's. */
  atCourse: number;
  /** Seeds whose training diverged (left out of the median and the range). */
  diverged: number;
  /** Median training time in seconds. */
  seconds: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Decimals the course prints a MAE with: at least 2 (15.4 is 15.40), more where it gives them (5.9379). */
function courseDecimals(mae: number): number {
  return Math.max(2, (String(mae).split('.')[1] ?? '').length);
}

/**
 * Per case: the median, lowest and highest MAE over the seeds, and how many seeds reach the course.
 * @example summarizeSeeds(results).map((s) => s.median)
 * @throws never.
 */
export function summarizeSeeds(results: CaseResult[]): SeedSummary[] {
  const ids = [...new Set(results.map((r) => r.id))];
  return ids.map((id) => {
    const rs = results.filter((r) => r.id === id);
    const maes = rs.map((r) => r.mae);
    const finite = maes.filter(Number.isFinite);
    return {
      id,
      title: rs[0].title,
      courseMae: rs[0].courseMae,
      seeds: rs.map((r) => r.seed),
      maes,
      median: finite.length ? median(finite) : NaN,
      min: finite.length ? Math.min(...finite) : NaN,
      max: finite.length ? Math.max(...finite) : NaN,
      diverged: rs.filter((r) => r.diverged).length,
      // compare at the precision the course prints (2 decimals, 4 for the synthetic naive case)
      atCourse: maes.filter((m) => Number(m.toFixed(courseDecimals(rs[0].courseMae))) <= rs[0].courseMae).length,
      seconds: median(rs.map((r) => r.seconds)),
    };
  });
}

/** The several-seeds table: case, course MAE, median, range, seeds at the course's level, time. */
export function formatSeedTable(summaries: SeedSummary[]): string {
  return renderTable(
    [
      { header: 'case' },
      { header: 'course MAE', align: 'right', decimals: 2 },
      { header: 'median MAE', align: 'right', decimals: 2 },
      { header: 'min–max', align: 'right' },
      { header: '≤ course', align: 'right' },
      { header: 'training s', align: 'right', decimals: 1 },
    ],
    summaries.map((s) => [
      s.title,
      s.courseMae,
      s.median,
      s.diverged === s.maes.length ? 'diverged' : `${s.min.toFixed(2)}–${s.max.toFixed(2)}`,
      `${s.atCourse}/${s.maes.length}${s.diverged ? ` (${s.diverged} diverged)` : ''}`,
      s.seconds,
    ]),
  );
}

/**
 * After the table is out: a run that diverged makes the command fail (exit 1) with one message
 * naming each such case and seed and what stopped it.
 * @throws when any result diverged.
 */
export function failOnDiverged(results: CaseResult[]): void {
  const bad = results.filter((r) => r.diverged);
  if (bad.length === 0) return;
  throw new Error(
    `${bad.length} training(s) diverged with the course's settings (shown as 'diverged' above): ${bad.map((r) => `${r.id} seed ${r.seed}: ${r.diverged}`).join('; ')}`,
  );
}

/**
 * `--seeds 0-4` or `--seeds 0,2,7`: 1 to 100 seeds (MAX_SEEDS), each an integer in [0, 2^32 - 1].
 * A range is checked by its ends and its length before any list is made.
 * @example parseSeeds('0-4'); // [0, 1, 2, 3, 4]
 * @throws InvalidArgumentError (exit 2) for anything else.
 */
export function parseSeeds(value: string): number[] {
  const usage = `--seeds takes a range such as 0-4 or a list such as 0,2,7 (1 to ${MAX_SEEDS} seeds, each in [0, 4294967295]), got '${value}'`;
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    if (!(first <= 0xffffffff && last <= 0xffffffff)) throw new InvalidArgumentError(`${usage}.`);
    const count = last - first + 1;
    if (!(count >= 1 && count <= MAX_SEEDS))
      throw new InvalidArgumentError(`${usage}: the range holds ${Math.max(0, count).toLocaleString('en-US')} seeds.`);
    return Array.from({ length: count }, (_, i) => first + i);
  }
  const parts = value.split(',');
  if (parts.length > MAX_SEEDS) throw new InvalidArgumentError(`${usage}: the list holds ${parts.length} seeds.`);
  return parts.map((s) => parseSeed(s.trim()));
}

/**
 * Every (case, seed) pair on a pool of worker threads, in case order then seed order. A naive case
 * has no seed and runs once.
 * @throws (rejects) with the first failing pair's error (e.g. TrainingDivergedError).
 */
async function runSeeds(cases: readonly CourseCase[], seeds: number[], workers: number, epochs?: number): Promise<CaseResult[]> {
  const tasks: CourseCaseTask[] = cases.flatMap((c) =>
    (c.network ? seeds : [0]).map((seed) => ({ id: c.id, seed, ...(epochs ? { epochs } : {}) })),
  );
  return runTasks<CourseCaseTask, CaseResult>('courseCase', tasks, {
    workers,
    onResult: (r, _index, done) =>
      void process.stderr.write(
        `[${done}/${tasks.length}] ${r.id} seed ${r.seed}: ${r.diverged ? 'diverged' : `MAE ${r.mae.toFixed(3)}`} (course ${r.courseMae}), ${r.seconds.toFixed(0)} s\n`,
      ),
  });
}

function parseCases(value: string): string[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = COURSE_CASES.map((c) => c.id);
  for (const id of ids) if (!known.includes(id)) throw new InvalidArgumentError(`unknown case '${id}': use ${known.join(', ')}.`);
  if (ids.length === 0) throw new InvalidArgumentError(`name at least one case: ${known.join(', ')}.`);
  return ids;
}

interface ReproduceFlags {
  cases?: string[];
  epochs?: number;
  seed: number;
  seeds?: number[];
  workers: number;
  json?: boolean;
}

/** Registers `seqcast reproduce` on the program. */
export function addReproduceCommand(program: Command): Command {
  return program
    .command('reproduce')
    .description("the course's models on its synthetic series, sunspots and Melbourne temperatures, next to the course's MAE")
    .addOption(
      new Option('--cases <ids>', `comma-separated cases to run (default: all): ${COURSE_CASES.map((c) => c.id).join(', ')}`).argParser(
        parseCases,
      ),
    )
    .option(
      '--epochs <n>',
      "override every network's epochs (a quick check; the table then no longer uses the course's settings)",
      parseEpochs,
    )
    .option('--seed <n>', 'seed of the weights and the shuffling', parseSeed, 0)
    .option(
      '--seeds <list>',
      'run every network case for several seeds (0-4, or 0,2,7) on worker threads and print the median and range per case',
      parseSeeds,
    )
    .option('--workers <n>', 'worker threads for --seeds', parseWorkers, 2)
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: ReproduceFlags) => {
      const cases = opts.cases ? COURSE_CASES.filter((c) => opts.cases!.includes(c.id)) : COURSE_CASES;
      if (opts.seeds) {
        const results = await runSeeds(cases, opts.seeds, opts.workers, opts.epochs);
        const summaries = summarizeSeeds(results);
        if (opts.json) process.stdout.write(JSON.stringify({ seeds: opts.seeds, summaries, results }, null, 2) + '\n');
        else
          process.stdout.write(
            `Seeds ${opts.seeds.join(', ')}; MAE on the validation split\n${formatSeedTable(summaries)}\n${SOURCES_NOTE}\n`,
          );
        failOnDiverged(results);
        return;
      }
      const results: CaseResult[] = [];
      for (const c of cases) {
        const progress = progressCallback({ label: c.id });
        try {
          results.push(await runCase(c, { seed: opts.seed, epochs: opts.epochs, callbacks: c.network ? [progress] : [] }));
        } finally {
          progress.close();
        }
        const r = results.at(-1)!;
        process.stderr.write(`${c.id}: ${r.diverged ? 'diverged' : `MAE ${r.mae.toFixed(3)}`} (course ${c.courseMae})\n`);
      }
      if (opts.json) process.stdout.write(JSON.stringify({ seed: opts.seed, results }, null, 2) + '\n');
      else process.stdout.write(`${formatReproduceTable(results)}\n${SOURCES_NOTE}\n`);
      failOnDiverged(results);
    });
}
