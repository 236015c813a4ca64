import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample } from '../../src/report/downsample.js';

test('downsample(values, max) keeps every point up to max', () => {
  assert.deepEqual(downsample([3, 1, 2], 4), [0, 1, 2]);
  assert.deepEqual(downsample(new Float32Array(0), 4), []);
});

test("downsample(values, max) keeps the first, the last and each bucket's lowest and highest, in order", () => {
  assert.deepEqual(downsample([0, 5, 1, 1, -4, 0, 0, 0], 6), [0, 1, 2, 4, 5, 7]);
  const values = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 50));
  const kept = downsample(values, 1000);
  assert.ok(kept.length <= 1000);
  assert.deepEqual([kept[0], kept.at(-1)], [0, 99_999]);
  assert.ok(kept.every((k, i) => i === 0 || k > kept[i - 1]));
  const drawn = kept.map((k) => values[k]);
  assert.ok(Math.max(...drawn) > 0.9999 && Math.min(...drawn) < -0.9999, 'the extremes survive');
});

test('downsample(values, max) keeps a gap (NaN) that fills a bucket, and skips NaN beside numbers', () => {
  // two buckets, 1..4 (all NaN: its first index stays, a gap) and 5..8 (lowest 2 at 5, highest 4 at 8)
  const values = [1, NaN, NaN, NaN, NaN, 2, NaN, 3, 4, 5];
  assert.deepEqual(downsample(values, 6), [0, 1, 5, 8, 9]);
});

test('downsample(values, max) throws on a max below 4', () => {
  assert.throws(() => downsample([1, 2, 3], 3), RangeError);
});
