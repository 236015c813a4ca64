/**
 * Writes a large `date,value` CSV for the input-memory bench (bench/input-memory.ts): hourly
 * rows from 2000-01-01T00:00Z, a daily and a yearly season plus seeded noise, three decimals.
 * 2,000,000 rows make a file of about 57 MB. The file is written in chunks, so this script's own
 * memory stays small whatever the row count.
 *
 *   npx tsx bench/big-csv.ts PATH [--rows 2000000]
 */
import { Command, InvalidArgumentError } from 'commander';
import { writeBigCsv } from '../test/helpers/big-csv.js';

export { writeBigCsv };

if (import.meta.url === `file://${process.argv[1]}`) {
  const program = new Command('big-csv')
    .description('write a large hourly date,value CSV')
    .argument('<path>', 'the file to write')
    .option(
      '--rows <n>',
      'data rows',
      (v) => {
        const n = Number(v);
        if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--rows must be a positive integer, got '${v}'.`);
        return n;
      },
      2_000_000,
    )
    .parse(process.argv);
  const [path] = program.args;
  const { rows } = program.opts<{ rows: number }>();
  const bytes = await writeBigCsv(path, rows);
  console.log(`Wrote ${rows} rows (${(bytes / 1e6).toFixed(1)} MB) to ${path}`);
}
