/**
 * Many series on the job queue, end to end as users run it: a Redis server of the test's own, two
 * `seqcast worker` processes, and `seqcast forecast --queue` / `backtest --queue`, whose output must
 * equal the same command on this machine, byte for byte, even when a worker is killed mid-job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { queueFixture } from '../helpers/queue-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-many-queue-'));
/** The file's Redis server and the `seqcast worker` processes on it. */
const server = queueFixture();

/** A long CSV of `count` monthly series of 36 to 95 values with different starts. */
function longCsv(count: number): string {
  const rows = ['unique_id,ds,y'];
  for (let s = 0; s < count; s++) {
    const n = 36 + ((s * 11) % 60);
    const start = (s * 5) % 24;
    for (let i = 0; i < n; i++) {
      const t = start + i;
      const v = 200 + (s % 40) + 0.4 * i + 15 * Math.sin((2 * Math.PI * t) / 12) + ((i * 7919 + s * 104729) % 13) / 2;
      rows.push(`s${s},${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(3)}`);
    }
  }
  return rows.join('\n') + '\n';
}

const base = (file: string) => ['--file', file, '--id', 'unique_id', '--date', 'ds', '--column', 'y'];

test('seqcast forecast --queue over 1,000 series with 2 queue workers writes what 1 thread and 2 threads write', async () => {
  const file = join(dir, 'long1000.csv');
  writeFileSync(file, longCsv(1000));
  await server.startWorkers(2);
  const outputs: string[] = [];
  for (const [name, where] of [
    ['thread', ['--workers', '1']],
    ['pool', ['--workers', '2']],
    ['queue', ['--queue', server.redis.url]],
  ] as const) {
    const out = join(dir, `f-${name}.csv`);
    const r = await cli(['forecast', ...base(file), '--model', 'snaive', '--horizon', '6', ...where, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    outputs.push(readFileSync(out, 'utf8'));
  }
  assert.equal(outputs[0].trimEnd().split('\n').length, 1 + 1000 * 6);
  assert.equal(outputs[1], outputs[0]);
  assert.equal(outputs[2], outputs[0]);
});

test('a queue worker killed mid-job loses nothing: the other finishes, and the backtest scores equal the local run’s, each row once', async () => {
  const file = join(dir, 'long24.csv');
  writeFileSync(file, longCsv(24));
  const args = ['backtest', ...base(file), '--model', 'ets', '--horizon', '6', '--folds', '2', '--chunk-size', '1', '--json'];
  const local = await cli([...args, '--workers', '1', '--out', join(dir, 'bt-local')]);
  assert.equal(local.code, 0, local.stderr);
  await server.stopAll();
  const [victim] = await server.startWorkers(2);
  const queued = cli([...args, '--queue', server.redis.url, '--run-id', 'kill-test', '--out', join(dir, 'bt-queue')]);
  await victim.waitFor(/started/);
  victim.child.kill('SIGKILL');
  const r = await queued;
  assert.equal(r.code, 0, r.stderr);
  const scores = (d: string) => readFileSync(join(dir, d, 'scores.csv'), 'utf8');
  assert.equal(scores('bt-queue'), scores('bt-local'));
  const lines = scores('bt-queue').trimEnd().split('\n');
  assert.equal(new Set(lines).size, lines.length, 'no row twice');
  assert.deepEqual(JSON.parse(r.stdout).summary, JSON.parse(local.stdout).summary);
});
