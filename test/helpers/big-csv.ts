/**
 * A large `date,value` CSV, written in chunks so the writer's own memory stays small: hourly rows
 * from 2000-01-01T00:00Z, a daily and a yearly season plus seeded noise, three decimals. Used by the
 * CLI's memory test and by the input-memory bench (bench/big-csv.ts, bench/input-memory.ts).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { RandomState } from '../../src/engine/random.js';

/**
 * Writes `rows` hourly rows to `path` and resolves with the file's size in bytes.
 * @example await writeBigCsv('/tmp/big.csv', 2_000_000); // about 57 MB
 * @throws when `rows` is not a positive integer or the file cannot be written.
 */
export async function writeBigCsv(path: string, rows: number): Promise<number> {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`rows must be a positive integer, got ${rows}.`);
  const out = createWriteStream(path);
  const rng = new RandomState(7);
  const start = Date.UTC(2000, 0, 1);
  let bytes = 0;
  let chunk = 'date,value\n';
  for (let i = 0; i < rows; i++) {
    const hour = i % 24;
    const day = i / 24;
    const value = 20 + 5 * Math.sin((2 * Math.PI * hour) / 24) + 8 * Math.sin((2 * Math.PI * day) / 365.25) + rng.randn();
    chunk += `${new Date(start + i * 3_600_000).toISOString().slice(0, 19)}Z,${value.toFixed(3)}\n`; // 2000-01-01T00:00:00Z
    if (chunk.length > 1 << 16) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}
