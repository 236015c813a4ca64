/**
 * The fuzz suite: seeded malformed inputs (CSV and JSON series, model folders, option values,
 * output locations, config files) run through the real CLI, two at a time, each in its own
 * sandbox folder, each checked against the promise for bad input (see check.ts).
 *
 *   SEQCAST_FUZZ_CASES=2000   how many cases (default 80, under a minute on 2 cores)
 *   SEQCAST_FUZZ_SEED=7       the run's seed (default 21; `random` picks one and prints it)
 *   SEQCAST_FUZZ_ONLY=17,40   only these cases of the seed (to replay a failure)
 *   SEQCAST_FUZZ_KINDS=csv,model   only these generators (csv, json, model, option, out, config)
 *   SEQCAST_FUZZ_TIMEOUT=30   seconds before a run is killed and counted as a failure
 *   SEQCAST_FUZZ_REPORT=f.json   write every case's outcome there
 *   SEQCAST_FUZZ_KEEP=1       keep the sandboxes of failed cases (their path is in the message)
 *
 * `npm run fuzz` runs 1000 cases.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundedCli, type BoundedResult } from '../helpers/bounded.js';
import { changes, snapshot } from '../helpers/snapshot.js';
import { violations, excerpt, type Limits } from './check.js';
import { baseCsv } from './csv-cases.js';
import { KINDS, makeCase } from './generate.js';
import { layOut } from './sandbox.js';
import type { FuzzCase, FuzzContext } from './case.js';

const env = process.env;
const CASES = Number(env.SEQCAST_FUZZ_CASES ?? 80);
const SEED = env.SEQCAST_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(env.SEQCAST_FUZZ_SEED ?? 21);
const ONLY = env.SEQCAST_FUZZ_ONLY ? env.SEQCAST_FUZZ_ONLY.split(',').map(Number) : undefined;
const KIND_FILTER = env.SEQCAST_FUZZ_KINDS ? env.SEQCAST_FUZZ_KINDS.split(',') : undefined;
const LIMITS: Limits = { timeoutMs: 1000 * Number(env.SEQCAST_FUZZ_TIMEOUT ?? 30), memoryKiB: 1 << 20 };
/** V8's heap cap for each run: below the memory bound, so a runaway heap fails before the machine does. */
const HEAP_MIB = 1024;

if (
  !Number.isInteger(CASES) ||
  CASES < 0 ||
  !Number.isInteger(SEED) ||
  SEED < 0 ||
  (ONLY && ONLY.some((i) => !Number.isInteger(i) || i < 0))
) {
  throw new Error(
    'SEQCAST_FUZZ_CASES, SEQCAST_FUZZ_SEED and SEQCAST_FUZZ_ONLY must be non-negative integers (SEQCAST_FUZZ_SEED may be `random`).',
  );
}
if (KIND_FILTER && KIND_FILTER.some((k) => !KINDS.some(([name]) => name === k))) {
  throw new Error(`SEQCAST_FUZZ_KINDS lists generators: ${KINDS.map(([k]) => k).join(', ')}.`);
}

const root = mkdtempSync(join(tmpdir(), 'seqcast-fuzz-'));

/** The suite's model: trained once per run on the base CSV, as `seqcast train --out` writes it. */
async function trainBase(): Promise<FuzzContext> {
  const csv = baseCsv();
  const dir = join(root, 'base');
  layOut(dir, [{ path: 'base.csv', content: csv }]);
  const r = await boundedCli(
    [
      'train',
      '--file',
      'base.csv',
      '--date',
      'day',
      '--column',
      'visitors',
      '--epochs',
      '1',
      '--units',
      '4',
      '--layers',
      '1',
      '--window',
      '5',
      '--out',
      'run',
    ],
    {
      cwd: dir,
      timeoutMs: 120_000,
      memoryKiB: LIMITS.memoryKiB,
      heapMiB: HEAP_MIB,
    },
  );
  if (r.code !== 0) throw new Error(`The fuzz suite could not train its base model (exit ${r.code}): ${r.stderr}`);
  return {
    csv,
    modelJson: readFileSync(join(dir, 'run/model/model.json'), 'utf8'),
    weights: readFileSync(join(dir, 'run/model/weights.bin')),
  };
}

interface Outcome {
  index: number;
  kind: string;
  title: string;
  args: string[];
  recipe: Record<string, unknown>;
  expect: number[];
  code: number | null;
  signal: string | null;
  seconds: number;
  peakMiB?: number;
  stderr: string;
  problems: string[];
}

const outcomes: Outcome[] = [];

/** The failure message: what broke, and everything needed to replay and read the case. */
function report(c: FuzzCase, r: BoundedResult, problems: string[], sandbox: string, kept: boolean): string {
  const quote = (a: string): string => (/^[\w./=:,+-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return [
    `fuzz case ${c.index} of seed ${c.seed} (${c.title}) broke the promise for bad input:`,
    ...problems.map((p) => `  - ${p}`),
    `command:  seqcast ${c.args.map(quote).join(' ')}`,
    `recipe:   ${JSON.stringify({ kind: c.kind, ...c.recipe })}`,
    `expected: exit ${c.expect.join(' or ')} (${c.why})`,
    `got:      exit ${r.code}${r.signal ? `, ${r.signal}` : ''} after ${r.seconds.toFixed(1)} s${r.peakKiB ? `, peak ${(r.peakKiB / 1024).toFixed(0)} MiB` : ''}`,
    `stderr:   ${excerpt(r.stderr)}`,
    `stdout:   ${excerpt(r.stdout, 300)}`,
    kept ? `sandbox:  ${sandbox}` : `sandbox:  removed (SEQCAST_FUZZ_KEEP=1 keeps it)`,
    `replay:   SEQCAST_FUZZ_SEED=${c.seed} SEQCAST_FUZZ_ONLY=${c.index} npm run fuzz`,
  ].join('\n');
}

async function runCase(c: FuzzCase): Promise<void> {
  const sandbox = join(root, `case-${c.index}`);
  layOut(sandbox, c.files);
  const before = snapshot(sandbox);
  const r = await boundedCli(c.args, { cwd: sandbox, timeoutMs: LIMITS.timeoutMs, memoryKiB: LIMITS.memoryKiB, heapMiB: HEAP_MIB });
  const changed = changes(before, snapshot(sandbox));
  const problems = violations(c, r, changed, LIMITS);
  const keep = problems.length > 0 && env.SEQCAST_FUZZ_KEEP === '1';
  if (!keep) rmSync(sandbox, { recursive: true, force: true });
  outcomes.push({
    index: c.index,
    kind: c.kind,
    title: c.title,
    args: c.args,
    recipe: c.recipe,
    expect: c.expect,
    code: r.code,
    signal: r.signal,
    seconds: r.seconds,
    peakMiB: r.peakKiB && Math.round(r.peakKiB / 1024),
    stderr: r.stderr.slice(-2000),
    problems,
  });
  assert.deepEqual(problems, [], report(c, r, problems, sandbox, keep));
}

const ctx = await trainBase();
/** The base folder (the CSV the model cases' runs read, the trained model): no case may change it. */
const baseBefore = snapshot(join(root, 'base'));
const indices = ONLY ?? Array.from({ length: CASES }, (_, i) => i);
const cases = indices.map((i) => makeCase(SEED, i, ctx)).filter((c) => !KIND_FILTER || KIND_FILTER.includes(c.kind));

describe(`seqcast under ${cases.length} fuzzed inputs (seed ${SEED}: SEQCAST_FUZZ_SEED=${SEED} replays them)`, { concurrency: 2 }, () => {
  after(() => {
    const failed = outcomes.filter((o) => o.problems.length > 0);
    if (env.SEQCAST_FUZZ_REPORT)
      writeFileSync(
        env.SEQCAST_FUZZ_REPORT,
        JSON.stringify({ seed: SEED, cases: outcomes.length, failed: failed.length, outcomes }, null, 2),
      );
    if (failed.length > 0) {
      const byProblem = new Map<string, number[]>();
      for (const o of failed)
        for (const p of o.problems) byProblem.set(p.replace(/: .*/, ''), [...(byProblem.get(p.replace(/: .*/, '')) ?? []), o.index]);
      const lines = [...byProblem]
        .sort((a, b) => b[1].length - a[1].length)
        .map(([p, ix]) => `  ${ix.length}× ${p} (cases ${ix.slice(0, 12).join(', ')}${ix.length > 12 ? ', …' : ''})`);
      process.stdout.write(
        `# fuzz seed ${SEED}: ${failed.length} of ${outcomes.length} cases broke the promise\n${lines.map((l) => `# ${l}`).join('\n')}\n`,
      );
    }
    const baseChanged = changes(baseBefore, snapshot(join(root, 'base')));
    if (env.SEQCAST_FUZZ_KEEP !== '1' || failed.length === 0) rmSync(root, { recursive: true, force: true });
    assert.deepEqual(baseChanged, [], 'a case changed the base folder outside its sandbox (the CSV and model the model cases read)');
  });
  for (const c of cases) it(`case ${c.index} ${c.title}`, () => runCase(c));
});
