import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowedDataset, windows } from '../../src/data/window.js';
import type { Batch } from '../../src/data/dataset.js';

/** A series whose value is its index, so a window's content tells where it starts. */
const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);
/** N rows of 3 features: [i, 100 + i, 200 + i]. */
const table = (n: number): number[][] => Array.from({ length: n }, (_, i) => [i, 100 + i, 200 + i]);

/** Every example of one epoch as [x values, y values]. */
function examples(ds: Iterable<Batch>): Array<[number[], number[]]> {
  const out: Array<[number[], number[]]> = [];
  for (const { x, y } of ds) {
    const b = x.shape[0],
      xs = x.size / b,
      ys = y.size / b;
    for (let r = 0; r < b; r++)
      out.push([Array.from(x.data.subarray(r * xs, (r + 1) * xs)), Array.from(y.data.subarray(r * ys, (r + 1) * ys))]);
  }
  return out;
}

test('windowedDataset(series, { horizon: 3 }) labels each window with the 3 values after it, y (B, 3)', () => {
  const ds = windowedDataset(ramp(30), { window: 5, horizon: 3, batchSize: 8 });
  assert.equal(ds.size, 23); // 30 − 5 − 3 + 1
  assert.deepEqual([ds.xShape, ds.yShape], [[5], [3]]);
  const shapes = Array.from(ds, ({ x, y }) => [x.shape, y.shape]);
  assert.deepEqual(shapes[0], [
    [8, 5],
    [8, 3],
  ]);
  assert.deepEqual(shapes.at(-1), [
    [7, 5],
    [7, 3],
  ]);
  const all = examples(ds);
  assert.equal(all.length, 23);
  for (const [x, y] of all) {
    const k = x[0];
    assert.deepEqual(x, [k, k + 1, k + 2, k + 3, k + 4]);
    assert.deepEqual(y, [k + 5, k + 6, k + 7]);
  }
  assert.deepEqual(
    all.map(([x]) => x[0]).sort((a, b) => a - b),
    [...Array(23).keys()],
  );
});

test('windows(series, window, { horizon }) returns every window in order with its next values', () => {
  const { x, y, xShape, yShape } = windows([1, 2, 3, 4, 5], 2, { horizon: 2 });
  assert.deepEqual(Array.from(x), [1, 2, 2, 3]);
  assert.deepEqual(Array.from(y), [3, 4, 4, 5]);
  assert.deepEqual([xShape, yShape], [[2], [2]]);
  assert.deepEqual(windows([1, 2, 3, 4], 2).yShape, [1]);
});

test('windowedDataset(series, { sequenceLabels: true }) gives the course seq2seq windows: x = w[:-1], y = w[1:], both (B, W, 1)', () => {
  const ds = windowedDataset(ramp(30), { window: 5, sequenceLabels: true, batchSize: 8, seed: 4 });
  assert.equal(ds.size, 25);
  assert.deepEqual(
    [ds.xShape, ds.yShape],
    [
      [5, 1],
      [5, 1],
    ],
  );
  const first = ds[Symbol.iterator]().next().value as Batch;
  assert.deepEqual(
    [first.x.shape, first.y.shape],
    [
      [8, 5, 1],
      [8, 5, 1],
    ],
  );
  for (const [x, y] of examples(ds)) {
    const k = x[0];
    assert.deepEqual(x, [k, k + 1, k + 2, k + 3, k + 4]);
    assert.deepEqual(y, [k + 1, k + 2, k + 3, k + 4, k + 5]);
  }
});

test('windowedDataset(..., { sequenceLabels }) shuffles exactly as the default mode with the same seed', () => {
  const starts = (ds: Iterable<Batch>): number[] => examples(ds).map(([x]) => x[0]);
  const a = windowedDataset(ramp(200), { window: 10, seed: 9 });
  const b = windowedDataset(ramp(200), { window: 10, seed: 9, sequenceLabels: true });
  assert.deepEqual(starts(b), starts(a));
  assert.deepEqual(starts(b), starts(a)); // and the second epoch too
});

test('windowedDataset(rows, { window, horizon }) on a multivariate series: x (B, W, F), y (B, H) from column 0', () => {
  const ds = windowedDataset(table(20), { window: 4, horizon: 2, batchSize: 5 });
  assert.equal(ds.size, 15);
  assert.deepEqual([ds.xShape, ds.yShape], [[4, 3], [2]]);
  const { x, y } = ds[Symbol.iterator]().next().value as Batch;
  assert.deepEqual(
    [x.shape, y.shape],
    [
      [5, 4, 3],
      [5, 2],
    ],
  );
  for (const [xs, ys] of examples(ds)) {
    const k = xs[0];
    assert.deepEqual(
      xs,
      [0, 1, 2, 3].flatMap((t) => [k + t, 100 + k + t, 200 + k + t]),
    );
    assert.deepEqual(ys, [k + 4, k + 5]);
  }
});

test('windowedDataset(rows, { targets }) labels the chosen columns: (B, H, T), or (B, H) for one', () => {
  const two = windowedDataset(table(20), { window: 4, horizon: 2, targets: [0, 2], shuffleBuffer: 0 });
  assert.deepEqual(two.yShape, [2, 2]);
  const [x0, y0] = examples(two)[0];
  assert.equal(x0[0], 0);
  assert.deepEqual(y0, [4, 204, 5, 205]); // (H, T): step 1 [col 0, col 2], step 2 [col 0, col 2]
  const one = windowedDataset(table(20), { window: 4, targets: [2], shuffleBuffer: 0 });
  assert.deepEqual(one.yShape, [1]);
  assert.deepEqual(examples(one)[3][1], [207]);
  const seq = windows(table(10), 3, { sequenceLabels: true, targets: [1] });
  assert.deepEqual(
    [seq.xShape, seq.yShape],
    [
      [3, 3],
      [3, 1],
    ],
  );
  assert.deepEqual(Array.from(seq.y.subarray(0, 3)), [101, 102, 103]);
  // Float32Array rows work the same
  assert.deepEqual(
    windows(
      table(6).map((r) => Float32Array.from(r)),
      2,
    ).y,
    windows(table(6), 2).y,
  );
});

test('windowedDataset(series, { horizon }) throws on a horizon below 1 and when window + horizon exceeds the length', () => {
  assert.throws(
    () => windowedDataset(ramp(50), { window: 5, horizon: 0 }),
    /horizon must be a positive integer number of future steps, got 0/,
  );
  assert.throws(() => windows(ramp(50), 5, { horizon: 1.5 }), /horizon must be a positive integer/);
  assert.throws(() => windowedDataset(ramp(10), { window: 8, horizon: 3 }), {
    message:
      'The series has 10 values but window 8 and horizon 3 need at least 11 (one window and the 3 values after it): use a shorter window or horizon, or a longer series.',
  });
  assert.equal(windowedDataset(ramp(11), { window: 8, horizon: 3 }).size, 1);
  assert.throws(
    () => windowedDataset(table(5), { window: 5 }),
    /^SeriesInputError: The series has 5 rows but window 5 needs at least 6 \(one window and the row after it\)/,
  );
  assert.throws(
    () => windowedDataset(ramp(10), { window: 10, sequenceLabels: true }),
    /The series has 10 values but window 10 needs at least 11 \(one window and the value after it\)/,
  );
  assert.throws(
    () => windowedDataset(ramp(50), { window: 5, horizon: 2, sequenceLabels: true }),
    /sequenceLabels .* needs horizon 1, got 2/,
  );
});

test('windowedDataset(rows, ...) throws on ragged rows, NaN cells and bad targets, naming the place', () => {
  const ragged: number[][] = table(10);
  ragged[4] = [1, 2];
  assert.throws(() => windowedDataset(ragged, { window: 3 }), /series\[4\] has 2 values, series\[0\] has 3: every row/);
  const holey = table(10);
  holey[6][2] = NaN;
  assert.throws(() => windowedDataset(holey, { window: 3 }), /series\[6\]\[2\] is NaN: windows need finite values/);
  assert.throws(
    () => windowedDataset(table(10), { window: 3, targets: [3] }),
    /targets must be distinct column indices in \[0, 2\], got \[3\]/,
  );
  assert.throws(() => windowedDataset(table(10), { window: 3, targets: [1, 1] }), /distinct column indices/);
  assert.throws(() => windowedDataset(table(10), { window: 3, targets: [] }), /distinct column indices/);
  assert.throws(() => windowedDataset(ramp(10), { window: 3, targets: [1] }), /targets \[1\] need a multivariate series/);
  assert.throws(() => windowedDataset([[], []], { window: 1 }), /series\[0\] has no values/);
});
