import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globalWindows, inputShape, writeInput } from '../../src/forecast/global-data.js';
import { windowNormalizer } from '../../src/data/transforms/window-normalizer.js';

// series i holds 100·i + t, so a window's first value names its series and start
const series = [Float32Array.from({ length: 10 }, (_, t) => t), Float32Array.from({ length: 7 }, (_, t) => 100 + t)];
const identity = [
  { center: 0, scale: 1 },
  { center: 0, scale: 1 },
];
const options = {
  series,
  ids: [0, 1],
  seriesStats: identity,
  normalizer: windowNormalizer(),
  layout: { window: 3, ids: 2, recurrent: false },
  steps: 2,
  batchSize: 4,
  seed: 0,
  cap: 1000,
};

test('globalWindows(options) gives every window of every series once an epoch, in a new order each epoch', () => {
  const data = globalWindows(options);
  // 10 − 3 − 2 + 1 = 6 windows, and 7 − 4 = 3
  assert.equal(data.windows, 9);
  assert.equal(data.perEpoch, 9);
  assert.equal(data.batches, 3);
  const epoch = (): number[][] =>
    [...data].flatMap((b) => Array.from({ length: b.x.shape[0] }, (_, r) => Array.from(b.x.data.subarray(r * 5, r * 5 + 5))));
  const first = epoch();
  const starts = first.map((row) => row[0]).sort((a, b) => a - b);
  assert.deepEqual(starts, [0, 1, 2, 3, 4, 5, 100, 101, 102]);
  for (const row of first) {
    const s = row[0] >= 100 ? 1 : 0;
    assert.deepEqual(row, [row[0], row[0] + 1, row[0] + 2, s === 0 ? 1 : 0, s === 1 ? 1 : 0], 'the window, then its series one-hot');
  }
  assert.notDeepEqual(
    epoch().map((r) => r[0]),
    first.map((r) => r[0]),
    'the next epoch is reshuffled',
  );
  const [batch] = data;
  assert.deepEqual(batch.x.shape, [4, 5]);
  assert.deepEqual(batch.y.shape, [4, 2]);
  for (let r = 0; r < 4; r++)
    assert.deepEqual([...batch.y.data.subarray(r * 2, r * 2 + 2)], [batch.x.data[r * 5] + 3, batch.x.data[r * 5] + 4]);
});

test('globalWindows(options) past the cap samples cap windows an epoch, and normalizes each window by itself without series stats', () => {
  const data = globalWindows({ ...options, cap: 4, seriesStats: null, layout: { window: 3, ids: 0, recurrent: true } });
  assert.equal(data.perEpoch, 4);
  const batches = [...data];
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].x.shape, [4, 3]);
  for (let r = 0; r < 4; r++) {
    const x = [...batches[0].x.data.subarray(r * 3, r * 3 + 3)];
    // w, w + 1, w + 2 normalized by its mean and deviation: −1.2247, 0, 1.2247
    assert.deepEqual(
      x.map((v) => Math.round(v * 1e4) / 1e4),
      [-1.2247, 0, 1.2247],
    );
    assert.deepEqual(
      [...batches[0].y.data.subarray(r * 2, r * 2 + 2)].map((v) => Math.round(v * 1e4) / 1e4),
      [2.4495, 3.6742],
    );
  }
});

test('writeInput(out, offset, x, id, layout) lays out an mlp row and recurrent steps', () => {
  const mlp = new Float32Array(7);
  writeInput(mlp, 0, [1, 2, 3], 2, { window: 3, ids: 4, recurrent: false });
  assert.deepEqual([...mlp], [1, 2, 3, 0, 0, 1, 0]);
  const rnn = new Float32Array(9).fill(9);
  writeInput(rnn, 0, [1, 2, 3], 1, { window: 3, ids: 2, recurrent: true });
  assert.deepEqual([...rnn], [1, 0, 1, 2, 0, 1, 3, 0, 1]);
  assert.deepEqual(inputShape({ window: 3, ids: 2, recurrent: true }), [3, 3]);
  assert.deepEqual(inputShape({ window: 3, ids: 0, recurrent: true }), [3]);
  assert.deepEqual(inputShape({ window: 3, ids: 2, recurrent: false }), [5]);
});
