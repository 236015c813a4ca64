/**
 * The R peer of `npm run bench:accuracy`: writes the series and folds to a temporary plan file,
 * runs bench/r/accuracy-peer.R on it (R's forecast package) and reads back R's forecasts and
 * times. The scores are not R's: bench/accuracy.ts scores R's forecasts with seqcast's code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fold } from '../../src/forecast/backtest.js';
import type { RMethod } from './methods.js';

const SCRIPT = fileURLToPath(new URL('../r/accuracy-peer.R', import.meta.url));

/** One series of the plan the R script reads. */
export interface RPlanSeries {
  name: string;
  /** The CSV R reads (the same file seqcast reads). */
  file: string;
  valueColumn: string;
  period: number;
  /** The number of values, which R checks. */
  length: number;
  folds: Fold[];
}

/** One R forecast of one fold. */
export interface RResult {
  series: string;
  fold: number;
  method: RMethod;
  /** The h point forecasts; null when the method failed. */
  forecast: number[] | null;
  /** forecast(..., level = c(80, 95))'s bounds, one array per level; null for nnetar and failures. */
  intervals: { level: number[]; lower: number[][]; upper: number[][] } | null;
  seconds: number;
  error: string | null;
  /** What the function chose, e.g. 'ETS(M,Ad,M)' or 'ARIMA(0,1,1)(0,1,1)[12]'. */
  model: string | null;
}

/** What the R script returns. */
export interface ROutput {
  r: string;
  forecast: string;
  seed: number;
  results: RResult[];
}

/**
 * Whether `Rscript` runs and has the forecast package.
 * @throws never.
 */
export function rAvailable(): boolean {
  const run = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' });
  return run.status === 0;
}

/**
 * Runs R's methods on the plan's folds; `onResult` is called as R finishes each fold's method.
 * @throws when R fails (with the end of its stderr) or writes no output.
 */
export async function runRPeer(
  plan: { seed: number; methods: RMethod[]; series: RPlanSeries[] },
  onResult: (series: string, fold: number, method: string, seconds: number) => void,
): Promise<ROutput> {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-accuracy-'));
  try {
    const planFile = join(dir, 'plan.json');
    const outFile = join(dir, 'out.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const other: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('Rscript', [SCRIPT, planFile, outFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      let pending = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const m = /^peer (\S+) (\d+) (\S+) ([\d.]+)$/.exec(line);
          if (m) onResult(m[1], Number(m[2]), m[3], Number(m[4]));
          else if (line.trim() !== '') other.push(line);
        }
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`The R peer failed (exit code ${code}):\n${other.slice(-10).join('\n')}`);
    return JSON.parse(readFileSync(outFile, 'utf8')) as ROutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
