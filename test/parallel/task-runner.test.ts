import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPool } from '../../src/parallel/pool.js';
import { poolRunner, threadRunner } from '../../src/parallel/task-runner.js';
import type { CandidateOutcome } from '../../src/forecast/auto.js';

const candidates = [0, 1, 2].map((seed) => ({
  series: Float32Array.from({ length: 48 }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 12) + 0.05 * i + ((i * 7919 + seed) % 5) / 10),
  origin: 36,
  horizon: 6,
  spec: { kind: 'seasonal-naive', period: 12 },
}));

test('the pool runner gives the thread runner’s results in the payloads’ order, and reports each as it finishes', async () => {
  const thread = threadRunner();
  const forecasts = (outcomes: CandidateOutcome[]) => outcomes.map(({ forecast, error }) => ({ forecast, error }));
  const expected = forecasts(await thread.run<unknown, CandidateOutcome>('candidate', candidates));
  const runner = poolRunner(createPool({ workers: 2 }));
  const seen: number[] = [];
  try {
    const got = await runner.run<unknown, CandidateOutcome>('candidate', candidates, { onResult: (_r, index) => void seen.push(index) });
    assert.deepEqual(forecasts(got), expected);
    assert.equal(expected.length, 3);
    assert.ok(expected.every((e) => e.error === null && e.forecast?.length === 6));
    assert.deepEqual([...seen].sort(), [0, 1, 2]);
    assert.equal(runner.where, '2 workers');
  } finally {
    await runner.close();
  }
});

test('an aborted signal stops the thread runner before the next job', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stopped by the test'));
  await assert.rejects(threadRunner().run('candidate', candidates, { signal: controller.signal }), /stopped by the test/);
});
