/**
 * The queue runner against a Redis server of its own and `seqcast worker` PROCESSES (the CLI from
 * the sources), as on several machines: the same results as the thread runner, a worker killed
 * mid-job, a resumed run, a failing job, and bad URLs and dead servers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queueRunner } from '../../src/queue/queue-runner.js';
import { Job, Queue } from 'bullmq';
import { QUEUE_NAME, runKeys } from '../../src/queue/run-keys.js';
import { packageVersion } from '../../src/package-version.js';
import { threadRunner } from '../../src/parallel/task-runner.js';
import type { TrainJob, TrainResult } from '../../src/parallel/worker.js';
import type { CandidateOutcome } from '../../src/forecast/auto.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { OptionError, QueueError } from '../../src/errors.js';
import { freePort } from '../helpers/redis.js';
import { eventually, queueFixture, startWorker, stopWorker } from '../helpers/queue-worker.js';

const { series } = syntheticSeries({ length: 240 });
const trainJobs = (count: number, epochs: number): TrainJob[] =>
  Array.from({ length: count }, (_, seed) => ({ series, split: 180, spec: { model: 'rnn', units: 8, epochs, seed } }));
/** What must not depend on where a job ran (its wall time does). */
const trained = (r: TrainResult) => ({ mae: r.mae, history: r.history, weights: r.weights });

const candidates = [0, 1, 2, 3].map((k) => ({
  series: Float32Array.from({ length: 48 }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 12) + 0.05 * i + ((i * 7919 + k) % 5) / 10),
  origin: 36,
  horizon: 6,
  spec: k === 3 ? { kind: 'theta', period: 12 } : { kind: 'seasonal-naive', period: 12 },
}));

/** The file's Redis server and the `seqcast worker` processes on it. */
const server = queueFixture();

test('queueRunner with 2 worker processes gives the thread runner’s results, in order, for train and candidate jobs', async () => {
  await server.startWorkers(2);
  const runner = await queueRunner(server.redis.url);
  try {
    assert.equal(runner.where, `queue ${server.redis.url}/0`);
    const jobs = trainJobs(4, 2);
    const seen: number[] = [];
    const got = await runner.run<TrainJob, TrainResult>('train', jobs, {
      onResult: (_r, index, done) => void seen.push(index * 100 + done),
    });
    const expected = await threadRunner().run<TrainJob, TrainResult>('train', jobs);
    assert.deepEqual(got.map(trained), expected.map(trained)); // weights bit for bit: Float32Arrays compared by value
    assert.ok(got.every((r) => r.weights instanceof Float32Array && r.seconds > 0));
    assert.deepEqual(seen.map((s) => s % 100).sort(), [1, 2, 3, 4]);
    assert.deepEqual(seen.map((s) => Math.floor(s / 100)).sort(), [0, 1, 2, 3]);

    const outcomes = (o: CandidateOutcome[]) => o.map(({ forecast, error }) => ({ forecast, error }));
    const gotCandidates = await runner.run<unknown, CandidateOutcome>('candidate', candidates);
    assert.deepEqual(outcomes(gotCandidates), outcomes(await threadRunner().run<unknown, CandidateOutcome>('candidate', candidates)));
    assert.ok(gotCandidates.every((o) => o.error === null && o.forecast?.length === 6));
  } finally {
    await runner.close();
  }
  // both workers took jobs
  const ran = await eventually(
    () => server.workers.map((w) => w.lines.filter((l) => / done in /.test(l)).length),
    (r) => r[0] + r[1] >= 8,
  );
  assert.equal(ran[0] + ran[1], 8);
});

test('a worker killed (SIGKILL) mid-job loses nothing: the other runs its job, every index is stored once', async () => {
  const [a, b] = server.workers.length === 2 ? server.workers : await server.startWorkers(2);
  const runner = await queueRunner(server.redis.url, { runId: 'kill-test' });
  try {
    const jobs = trainJobs(6, 30); // long enough (~0.3 s) that the killed worker cannot finish its job first
    const running = runner.run<TrainJob, TrainResult>('train', jobs);
    const started = await a.waitFor(/job kill-test-\d+ \(train\): started/);
    a.child.kill('SIGKILL');
    const killedIndex = Number(/kill-test-(\d+)/.exec(started)![1]);
    const got = await running;
    const expected = await threadRunner().run<TrainJob, TrainResult>('train', jobs);
    assert.deepEqual(got.map(trained), expected.map(trained));
    const keys = runKeys('kill-test');
    assert.equal(await server.redis.client.hlen(keys.results), 6);
    assert.deepEqual((await server.redis.client.hkeys(keys.results)).map(Number).sort(), [0, 1, 2, 3, 4, 5]);
    const executions = await server.redis.client.hgetall(keys.executions);
    assert.equal(executions[killedIndex], '2'); // started by the killed worker, then again by the other
    const doneByB = (l: string) => l.includes(`job kill-test-${killedIndex} (train): done`);
    assert.ok(await eventually(() => b.lines.some(doneByB), Boolean), b.lines.join('\n'));
    assert.equal(await a.exited, null);
  } finally {
    await runner.close();
  }
  server.forget(a);
});

test('a stopped run resumed with the same runId runs only the missing jobs and gives every result', async () => {
  if (server.workers.length !== 1) (await server.stopAll(), await server.startWorkers(1));
  const jobs = trainJobs(8, 3);
  const keys = runKeys('resume-test');
  const first = await queueRunner(server.redis.url, { runId: 'resume-test' });
  const controller = new AbortController();
  try {
    await assert.rejects(
      first.run<TrainJob, TrainResult>('train', jobs, {
        signal: controller.signal,
        onResult: (_r, _i, done) => void (done === 1 && controller.abort(new Error('stopped by the test'))),
      }),
      /stopped by the test/,
    );
  } finally {
    await first.close();
  }
  await server.stopAll(); // a job running when the gatherer stopped finishes and is stored
  const storedBefore = (await server.redis.client.hkeys(keys.results)).map(Number);
  assert.ok(storedBefore.length >= 1 && storedBefore.length < 8, `stored ${storedBefore}`);

  await server.startWorkers(1);
  const reported: number[] = [];
  const statuses: string[] = [];
  const resumed = await queueRunner(server.redis.url, { runId: 'resume-test', onStatus: (m) => void statuses.push(m) });
  try {
    const got = await resumed.run<TrainJob, TrainResult>('train', jobs, { onResult: (_r, index) => void reported.push(index) });
    assert.deepEqual(got.map(trained), (await threadRunner().run<TrainJob, TrainResult>('train', jobs)).map(trained));
  } finally {
    await resumed.close();
  }
  assert.deepEqual([...reported].sort(), [0, 1, 2, 3, 4, 5, 6, 7]); // the stored ones reported too
  assert.ok(
    statuses.some((s) => s.startsWith(`${storedBefore.length} of 8 results were already stored`)),
    statuses.join('\n'),
  );
  const executions = await server.redis.client.hgetall(keys.executions);
  assert.deepEqual(Object.keys(executions).map(Number).sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.ok(
    Object.values(executions).every((n) => n === '1'),
    JSON.stringify(executions),
  ); // nothing ran twice

  const other = await queueRunner(server.redis.url, { runId: 'resume-test' });
  try {
    await assert.rejects(
      other.run('train', jobs.slice(0, 2)),
      (e: Error) => e instanceof OptionError && /used for other inputs/.test(e.message),
    );
  } finally {
    await other.close();
  }
});

test('a job that fails rejects the run with the first failing index’s error, after its attempts; SIGTERM stops a worker gracefully', async () => {
  const runner = await queueRunner(server.redis.url, { attempts: 2, backoffMs: 50, pollMs: 100 });
  try {
    const jobs = trainJobs(4, 1);
    jobs[1] = { ...jobs[1], split: 999 };
    jobs[3] = { ...jobs[3], split: 0 };
    await assert.rejects(runner.run('train', jobs), (e: Error) => /split must be an integer in \[1, 240\].*got 999/.test(e.message));
  } finally {
    await runner.close();
  }
  // a job of another seqcast version, or naming no task of worker.ts, fails at once (no retry)
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: server.redis.port } });
  try {
    const base = { run: 'foreign', index: 0, keepSeconds: 60, payload: {} };
    const old = await queue.add('train', { ...base, version: '0.0.1', task: 'train' }, { jobId: 'foreign-0', attempts: 3 });
    const unknown = await queue.add(
      'x',
      { ...base, index: 1, version: packageVersion(), task: 'trainJob' },
      { jobId: 'foreign-1', attempts: 3 },
    );
    for (const [job, reason] of [
      [old, /made by seqcast 0\.0\.1, and this worker is seqcast .*: run the same version/],
      [unknown, /Unknown task 'trainJob': this worker runs .*candidate.*train/],
    ] as const) {
      const state = await eventually(
        () => job.getState(),
        (s) => s === 'failed',
        5_000,
      );
      assert.equal(state, 'failed');
      const failed = await Job.fromId(queue, job.id!);
      assert.match(failed!.failedReason, reason);
      assert.equal(failed!.attemptsMade, 1);
    }
  } finally {
    await queue.close();
  }

  const w = server.workers[0];
  const failedLine = (l: string) => /\(train\): failed, attempt \d of 2: trainJob: split must be .* got 999/.test(l);
  assert.equal(
    await eventually(
      () => w.lines.filter(failedLine).length,
      (n) => n >= 2,
    ),
    2,
  );

  // and the worker stops gracefully on SIGTERM, exiting 0
  w.child.kill('SIGTERM');
  assert.equal(await w.exited, 0, w.lines.join('\n'));
  assert.ok(w.lines.some((l) => /SIGTERM: finishing the jobs in hand/.test(l)));
  assert.ok(w.lines.some((l) => /seqcast worker: stopped\./.test(l)));
  server.forget(w);
});

test('queueRunner refuses a bad URL before connecting, and a dead server within seconds', async () => {
  await assert.rejects(
    queueRunner('http://127.0.0.1:6379'),
    (e: Error) => e instanceof OptionError && /scheme 'http', not redis.*redis:\/\/127\.0\.0\.1:6379/.test(e.message),
  );
  await assert.rejects(queueRunner('redis://127.0.0.1:99999'), /port 99999/);
  await assert.rejects(
    queueRunner(server.redis.url, { runId: 'a:b' }),
    (e: Error) => e instanceof OptionError && /run id "a:b"/.test(e.message),
  );
  const port = await freePort();
  const started = Date.now();
  await assert.rejects(
    queueRunner(`redis://127.0.0.1:${port}`),
    (e: Error) => e instanceof QueueError && e.message.includes(`Cannot reach Redis at redis://127.0.0.1:${port}/0 (connect ECONNREFUSED`),
  );
  assert.ok(Date.now() - started < 10_000);
});

test('seqcast worker exits 2 on a bad URL and 1 on a dead server, with one clear line', async () => {
  const port = await freePort();
  const bad = startWorker('redis//localhost');
  const dead = startWorker(`redis://127.0.0.1:${port}`);
  assert.equal(await bad.exited, 2);
  assert.match(bad.lines.join('\n'), /seqcast: The queue URL 'redis\/\/localhost' is not a URL: give redis:\/\/HOST:PORT\[\/DB\]/);
  assert.equal(await dead.exited, 1);
  assert.deepEqual(
    dead.lines.filter((l) => l !== ''),
    [
      `seqcast: Cannot reach Redis at redis://127.0.0.1:${port}/0 (connect ECONNREFUSED 127.0.0.1:${port}): start redis-server there, or check the host, port, database and password.`,
    ],
  );
});
