import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBatches } from '../helpers/batches.js';
import { bufferShuffle, windowedDataset, windows } from '../../src/data/window.js';
import { RandomState } from '../../src/engine/random.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { InputError, OptionError } from '../../src/errors.js';

/** A series whose value is its index, so a window's content tells where it starts. */
const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);

/** The start index of every window of one epoch, in the order the batches deliver them. */
function epochStarts(ds: Iterable<{ x: { data: Float32Array; shape: number[] } }>, window: number): number[] {
  const starts: number[] = [];
  for (const { x } of ds) for (let r = 0; r < x.shape[0]; r++) starts.push(x.data[r * window]);
  return starts;
}

test('windowedDataset(1000 values, { window: 20 }) has 980 windows in 31 batches of (32, 20) / (32, 1), the last of 20', () => {
  const ds = windowedDataset(ramp(1000), { window: 20 });
  assert.equal(ds.size, 980);
  assert.equal(ds.batches, 31);
  assert.equal(ds.window, 20);
  assert.equal(ds.batchSize, 32);
  const shapes = Array.from(ds, ({ x, y }) => [x.shape, y.shape]);
  assert.equal(shapes.length, 31);
  for (const [xs, ys] of shapes.slice(0, 30)) {
    assert.deepEqual(xs, [32, 20]);
    assert.deepEqual(ys, [32, 1]);
  }
  assert.deepEqual(shapes[30], [
    [20, 20],
    [20, 1],
  ]);
});

test('windowedDataset(series, ...) gives windows of consecutive values whose label is the value after the features', () => {
  const { series } = syntheticSeries();
  const train = series.subarray(0, 1000);
  // The course series has no repeated value in its first 1000 points, so x[0] locates the window.
  const where = new Map<number, number>();
  train.forEach((v, i) => where.set(v, i));
  assert.equal(where.size, 1000);
  let checked = 0;
  for (const { x, y } of windowedDataset(train, { window: 20, seed: 3 })) {
    for (let r = 0; r < x.shape[0]; r++) {
      const k = where.get(x.data[r * 20])!;
      for (let j = 0; j < 20; j++) assert.equal(x.data[r * 20 + j], train[k + j]);
      assert.equal(y.data[r], train[k + 20]);
      checked++;
    }
  }
  assert.equal(checked, 980);
});

test('windowedDataset(...) visits every window exactly once per epoch', () => {
  const ds = windowedDataset(ramp(1000), { window: 20 });
  for (let e = 0; e < 3; e++) {
    const starts = epochStarts(ds, 20).sort((a, b) => a - b);
    assert.deepEqual(
      starts,
      Array.from({ length: 980 }, (_, i) => i),
    );
  }
});

test('windowedDataset(...) shuffles each epoch into a different order', () => {
  const ds = windowedDataset(ramp(1000), { window: 20 });
  const first = epochStarts(ds, 20);
  const second = epochStarts(ds, 20);
  const inOrder = Array.from({ length: 980 }, (_, i) => i);
  assert.notDeepEqual(first, inOrder);
  assert.notDeepEqual(second, inOrder);
  assert.notDeepEqual(first, second);
});

test('windowedDataset(..., { seed }) with the same seed gives the same epoch orders, another seed others', () => {
  const a = windowedDataset(ramp(300), { window: 10, seed: 7 });
  const b = windowedDataset(ramp(300), { window: 10, seed: 7 });
  const c = windowedDataset(ramp(300), { window: 10, seed: 8 });
  const a1 = epochStarts(a, 10);
  const a2 = epochStarts(a, 10);
  assert.deepEqual(epochStarts(b, 10), a1);
  assert.deepEqual(epochStarts(b, 10), a2);
  assert.notDeepEqual(epochStarts(c, 10), a1);
});

test('windowedDataset(...) epoch order does not depend on how far the previous epoch was read', () => {
  const full = windowedDataset(ramp(300), { window: 10, seed: 1 });
  const partial = windowedDataset(ramp(300), { window: 10, seed: 1 });
  epochStarts(full, 10);
  for (const _ of partial) break; // abandon epoch 1 after one batch
  assert.deepEqual(epochStarts(partial, 10), epochStarts(full, 10));
});

test('windowedDataset(..., { shuffleBuffer: 0 or 1 }) keeps the series order', () => {
  const inOrder = Array.from({ length: 90 }, (_, i) => i);
  for (const shuffleBuffer of [0, 1]) {
    const ds = windowedDataset(ramp(100), { window: 10, batchSize: 7, shuffleBuffer });
    assert.deepEqual(epochStarts(ds, 10), inOrder);
    assert.deepEqual(epochStarts(ds, 10), inOrder);
  }
});

test('windowedDataset(..., { shuffleBuffer: 4 }) only moves a window a buffer length earlier, as tf.data', () => {
  const starts = epochStarts(windowedDataset(ramp(200), { window: 5, shuffleBuffer: 4, seed: 2 }), 5);
  assert.notDeepEqual(
    starts,
    Array.from({ length: 195 }, (_, i) => i),
  );
  starts.forEach((k, pos) => assert.ok(pos >= k - 3, `window ${k} emitted at position ${pos}, before ${k - 3}`));
});

test('bufferShuffle(n, bufferSize, rng) is a permutation, uniform-ish when the buffer holds everything', () => {
  const rng = new RandomState(11);
  const firstCounts = new Array<number>(4).fill(0);
  for (let t = 0; t < 4000; t++) {
    const order = bufferShuffle(4, 10, rng);
    assert.deepEqual(Array.from(order).sort(), [0, 1, 2, 3]);
    firstCounts[order[0]]++;
  }
  for (const c of firstCounts) assert.ok(c > 850 && c < 1150, `first-position count ${c} is far from 1000`);
  assert.throws(() => bufferShuffle(-1, 2, rng), /non-negative integers/);
});

test('windows(series, window) returns every window in order with its next value as label', () => {
  const { x, y } = windows([1, 2, 3, 4, 5], 2);
  assert.deepEqual(Array.from(x), [1, 2, 2, 3, 3, 4]);
  assert.deepEqual(Array.from(y), [3, 4, 5]);
});

test('windowedDataset(series, { window }) throws when the window is not a positive integer', () => {
  assert.throws(() => windowedDataset(ramp(50), { window: 0 }), /window must be a positive integer number of time steps, got 0/);
  assert.throws(() => windowedDataset(ramp(50), { window: 2.5 }), /window must be a positive integer.*got 2.5/);
  assert.throws(() => windows(ramp(50), -1), /window must be a positive integer/);
});

test('windowedDataset(15 values, { window: 20 }) throws naming both lengths and the fix', () => {
  assert.throws(() => windowedDataset(ramp(15), { window: 20 }), {
    message:
      'The series has 15 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.',
  });
  assert.throws(() => windowedDataset(ramp(20), { window: 20 }), /The series has 20 values but window 20 needs at least 21/);
  assert.equal(windowedDataset(ramp(21), { window: 20 }).size, 1);
});

test('windowedDataset(series, { batchSize }) throws when the batch size is not a positive integer', () => {
  assert.throws(() => windowedDataset(ramp(50), { window: 5, batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  assert.throws(() => windowedDataset(ramp(50), { window: 5, batchSize: 1.5 }), /batchSize must be a positive integer/);
});

test('windowedDataset(series, ...) throws on NaN or Infinity, naming the index', () => {
  const withNaN = Array.from(ramp(50));
  withNaN[17] = NaN;
  assert.throws(() => windowedDataset(withNaN, { window: 5 }), /series\[17\] is NaN: windows need finite values/);
  const withInf = ramp(50);
  withInf[3] = -Infinity;
  assert.throws(() => windowedDataset(withInf, { window: 5 }), /series\[3\] is -Infinity/);
  assert.throws(() => windows([1, 2, 1e39, 4], 2), /series\[2\] is 1e\+39, too large for float32/);
});

test('windowedDataset(series, { shuffleBuffer, seed }) throws on a negative buffer or a bad seed', () => {
  assert.throws(() => windowedDataset(ramp(50), { window: 5, shuffleBuffer: -1 }), /shuffleBuffer must be a non-negative integer/);
  assert.throws(() => windowedDataset(ramp(50), { window: 5, seed: -2 }), /seed must be an integer in \[0, 4294967295\]/);
});

test('windowedDataset(series, options) says what a series and the options must be when they are not', () => {
  const series = [1, 2, 3, 4, 5];
  const notSeries: [unknown, string][] = [
    [null, 'null'],
    [undefined, 'undefined'],
    ['12345', 'a string'],
    [42, '42'],
    [{}, 'an object without a length'],
  ];
  for (const [bad, got] of notSeries) {
    assert.throws(
      () => windowedDataset(bad as never, { window: 2 }),
      (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.equal(
          e.message,
          `A series must be an array or Float32Array of numbers (or an array of rows of numbers for a multivariate series), got ${got}: e.g. windowedDataset(Float32Array.from(values), { window: 20 }).`,
        );
        return true;
      },
    );
  }
  // Keras's positional windowed_dataset(series, window_size) habit: the window where the options go
  assert.throws(
    () => windowedDataset(series, 3 as never),
    (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.match(
        e.message,
        /^The windowing options must be an object such as \{ window: 20 \}, got 3: e\.g\. windowedDataset\(series, \{ window: 20, batchSize: 32 \}\)\.$/,
      );
      return true;
    },
  );
  assert.throws(
    () => windowedDataset(series, undefined as never),
    /^SeriesInputError: window must be a positive integer number of time steps, got undefined/,
  );
  for (const [options, message] of [
    [{ window: 2, batchSize: 0 }, /batchSize must be a positive integer/],
    [{ window: 2, shuffleBuffer: -1 }, /shuffleBuffer must be a non-negative integer/],
    [{ window: 2, seed: -1 }, /seed must be an integer in \[0, 4294967295\]/],
    [{ window: 2, horizon: 0 }, /horizon must be a positive integer/],
  ] as const)
    assert.throws(
      () => windowedDataset(series, options),
      (e: unknown) => e instanceof OptionError && message.test(e.message),
    );
  assert.throws(
    () => windowedDataset([1, NaN, 3, 4], { window: 2 }),
    (e: unknown) => e instanceof InputError && /series\[1\] is NaN/.test(e.message),
  );
  assert.throws(
    () => windowedDataset([[1, 2], [3]], { window: 1 }),
    (e: unknown) => e instanceof InputError && /series\[1\] has 1 values/.test(e.message),
  );
});

test('windows() and windowedDataset() refuse to lay out more than 1 GB at once, before allocating', () => {
  const long = new Float32Array(2_000_000);
  assert.throws(
    () => windows(long, 100_000),
    (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.match(
        e.message,
        /^The 1,900,000 windows \(100,001 values each with its label\) would take 708 GB, more than the 1 GB windowing lays out at once: .*use windowedDataset, which makes one batch at a time, or a shorter window\.$/,
      );
      return true;
    },
  );
  assert.throws(
    () => windowedDataset(long, { window: 100_000, batchSize: 100_000 }),
    /^OptionError: A batch of 100,000 windows \(100,001 values each with its label\) would take 37\.3 GB, .*use a smaller batchSize or window\.$/,
  );
  // the batch is what one step lays out: a batch larger than the series is only the series
  assert.equal(windowedDataset(long.subarray(0, 1000), { window: 100, batchSize: 100_000 }).batches, 1);
  assert.equal(windowedDataset(long, { window: 100_000, batchSize: 32 }).size, 1_900_000);
});

test('examplesDataset(windows(...)) batches and shuffles the laid-out rows exactly as windowedDataset does', async () => {
  const { examplesDataset } = await import('../../src/data/window.js');
  const { series } = syntheticSeries();
  const values = series.subarray(0, 300);
  for (const options of [
    { horizon: 1, batchSize: 32, seed: 0 },
    { horizon: 6, batchSize: 7, shuffleBuffer: 50, seed: 9 },
  ]) {
    const lazy = windowedDataset(values, { window: 24, ...options });
    const { x, y, xShape, yShape } = windows(values, 24, { horizon: options.horizon });
    const laid = examplesDataset(x, y, xShape, yShape, options);
    assert.equal(laid.size, lazy.size);
    assert.equal(laid.batches, lazy.batches);
    assert.deepEqual(laid.xShape, lazy.xShape);
    assertSameBatches(laid, lazy);
  }
  assert.throws(() => examplesDataset(new Float32Array(10), new Float32Array(3), [5], [1]), /same number of rows/);
});
