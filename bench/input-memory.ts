/**
 * Peak memory of `seqcast train` on a large CSV, against the file's size: the promise is that a big
 * input streams (read line by line into numbers, charts downsampled), so the peak stays under 10x
 * the file. Writes the file with bench/big-csv.ts (2,000,000 hourly rows, about 57 MB) unless it
 * exists, then runs, under `/usr/bin/time -v` (its "Maximum resident set size"),
 *
 *   seqcast train --file FILE --column value --epochs 1 [--date date]
 *
 * and prints the peak, the ratio to the file's size and whether it is under 10x. The training
 * takes a few minutes on two cores.
 *
 *   npx tsx bench/input-memory.ts [--rows 2000000] [--file /tmp/seqcast-big.csv] [--date] [--json]
 *
 * Measured on the 2-core development machine, 2,000,000 rows (55.8 MB): 1,629 MB before the
 * reader streamed (29x the file), 294 MB after (5.3x); 282 MB (5.1x) with csv-parse tokenizing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { writeBigCsv } from './big-csv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const MB = 1e6;
const LIMIT = 10; // the promise: peak RSS under 10x the file

const opts = new Command('bench-input-memory')
  .description('peak RSS of seqcast train on a large CSV, against the file size')
  .option(
    '--rows <n>',
    'rows of the generated file',
    (v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1000) throw new InvalidArgumentError(`--rows must be an integer ≥ 1000, got '${v}'.`);
      return n;
    },
    2_000_000,
  )
  .option('--file <path>', 'the CSV to use (written first if it does not exist)', join(tmpdir(), 'seqcast-big.csv'))
  .option('--date', 'read the date column too (--date date)')
  .option('--json', 'print the result as JSON')
  .parse(process.argv)
  .opts<{ rows: number; file: string; date?: boolean; json?: boolean }>();

if (!existsSync('/usr/bin/time')) throw new Error('This bench needs /usr/bin/time (GNU time): apt-get install time.');
if (!existsSync(opts.file)) {
  if (!opts.json) console.log(`Writing ${opts.rows} rows to ${opts.file} ...`);
  await writeBigCsv(opts.file, opts.rows);
}
const bytes = statSync(opts.file).size;
const out = mkdtempSync(join(tmpdir(), 'seqcast-input-memory-'));
const tsx = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const args = [
  'train',
  '--file',
  opts.file,
  '--column',
  'value',
  '--epochs',
  '1',
  ...(opts.date ? ['--date', 'date'] : []),
  '--out',
  join(out, 'run'),
];
if (!opts.json) console.log(`seqcast ${args.join(' ')}  (${(bytes / MB).toFixed(1)} MB)`);
const started = performance.now();
const run = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', tsx, join(root, 'src/cli/main.ts'), ...args], {
  encoding: 'utf8',
  maxBuffer: 64 * MB,
});
const seconds = (performance.now() - started) / 1000;
rmSync(out, { recursive: true, force: true });
const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
if (run.status !== 0 || !rss) throw new Error(`seqcast train failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
const peakMB = (Number(rss[1]) * 1024) / MB;
const ratio = (peakMB * MB) / bytes;
const result = { rows: opts.rows, fileMB: bytes / MB, peakMB, ratio, limit: LIMIT, ok: ratio < LIMIT, seconds };
if (opts.json) console.log(JSON.stringify(result));
else
  console.log(
    `peak RSS ${peakMB.toFixed(0)} MB = ${ratio.toFixed(1)}x the file (${(bytes / MB).toFixed(1)} MB): ${result.ok ? 'under' : 'OVER'} ${LIMIT}x; ${seconds.toFixed(0)} s`,
  );
process.exitCode = result.ok ? 0 : 1;
