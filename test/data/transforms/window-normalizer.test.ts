import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowNormalizer, windowNormalizerFromJSON } from '../../../src/data/transforms/window-normalizer.js';
import { windowedDataset } from '../../../src/data/window.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { InputError, ModelFileError, OptionError } from '../../../src/errors.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, what = ''): void => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tolerance, `${what} at ${i}: ${a[i]} vs ${b[i]}`);
};

test('windowNormalizer() centers on the mean and scales by the population std (RevIN); the doc example holds', () => {
  const revin = windowNormalizer();
  assert.equal(revin.center, 'mean');
  assert.equal(revin.scale, 'std');
  const { x, stats } = revin.normalize([10, 12, 14]);
  assert.equal(stats.center, 12);
  assert.equal(stats.scale, Math.sqrt(8 / 3));
  close(x, [-1.2247449, 0, 1.2247449], 1e-6);
  close(revin.denormalize([2], stats), [15.265986], 1e-5);
});

test("center 'last' and scale 'none': values as changes from the last one", () => {
  const n = windowNormalizer({ center: 'last', scale: 'none' });
  const { x, stats } = n.normalize([5, 7]);
  assert.deepEqual(Array.from(x), [-2, 0]);
  assert.deepEqual(stats, { center: 7, scale: 1 });
  assert.deepEqual(Array.from(n.normalizeWith([8, 10], stats)), [1, 3]);
});

test("center 'none' and scale 'mean-abs' divides by the mean |value| (DeepAR); 'last' with 'mean-abs' by the mean |w − last|", () => {
  assert.deepEqual(windowNormalizer({ center: 'none', scale: 'mean-abs' }).normalize([2, -4, 6]).stats, { center: 0, scale: 4 });
  assert.deepEqual(windowNormalizer({ center: 'last', scale: 'mean-abs' }).normalize([2, 4, 8]).stats, { center: 8, scale: 10 / 3 });
});

test('every option: denormalize(normalize(w).x, stats) gives w back, and the x of a·w + b is the x of w (a > 0)', () => {
  const w = Float32Array.from({ length: 30 }, (_, i) => 50 + 3 * Math.sin(i / 2) + 0.1 * i);
  const moved = w.map((v) => 20 * v + 1000);
  for (const center of ['mean', 'last'] as const) {
    for (const scale of ['std', 'mean-abs'] as const) {
      const n = windowNormalizer({ center, scale });
      const { x, stats } = n.normalize(w);
      close(n.denormalize(x, stats), w, 1e-4, `${center}/${scale} round trip`);
      close(n.normalize(moved).x, x, 1e-4, `${center}/${scale} invariance`);
    }
  }
});

test('a window with no variation (or less than float32 resolves) gets scale 1: shifted, never divided by noise', () => {
  const n = windowNormalizer();
  assert.deepEqual(n.normalize([7, 7, 7]).stats, { center: 7, scale: 1 });
  assert.deepEqual(Array.from(n.normalize([7, 7, 7]).x), [0, 0, 0]);
  assert.equal(n.normalize([1e6, 1e6 + 1e-4]).stats.scale, 1);
  assert.ok(Math.abs(n.normalize([1e-9, 3e-9]).stats.scale - 1e-9) < 1e-24); // tiny values but real variation: kept
});

test('a trending series: every window of a straight line normalizes to the same x, past any training range', () => {
  const n = windowNormalizer({ center: 'last', scale: 'std' });
  const line = (from: number) => Array.from({ length: 10 }, (_, i) => 5 * (from + i) + 3);
  const first = n.normalize(line(0)).x;
  close(n.normalize(line(1000)).x, first, 1e-5);
});

test('normalizeDataset(ds) normalizes each row of x, and the row of y, by that window', () => {
  const series = Float32Array.from({ length: 60 }, (_, i) => 100 + 2 * i + 5 * Math.sin(i));
  const n = windowNormalizer();
  const ds = windowedDataset(series, { window: 8, horizon: 3, batchSize: 16, shuffleBuffer: 0 });
  const normalized = n.normalizeDataset(ds);
  assert.equal(normalized.batches, ds.batches);
  const raw = [...ds];
  const out = [...normalized];
  assert.equal(out.length, raw.length);
  for (let k = 0; k < raw.length; k++) {
    assert.deepEqual(out[k].x.shape, raw[k].x.shape);
    assert.deepEqual(out[k].y.shape, raw[k].y.shape);
    const rows = raw[k].x.shape[0];
    for (let b = 0; b < rows; b++) {
      const { x, stats } = n.normalize(raw[k].x.data.subarray(b * 8, b * 8 + 8));
      assert.deepEqual(out[k].x.data.subarray(b * 8, b * 8 + 8), x);
      assert.deepEqual(out[k].y.data.subarray(b * 3, b * 3 + 3), n.normalizeWith(raw[k].y.data.subarray(b * 3, b * 3 + 3), stats));
    }
  }
  // every window's x has mean 0 and std 1
  const row = out[0].x.data.subarray(0, 8);
  assert.ok(Math.abs(row.reduce((s, v) => s + v, 0)) < 1e-5);
});

test('normalizeDataset refuses multivariate windows (it normalizes one series)', () => {
  const batch = { x: new Tensor(new Float32Array(12), [1, 6, 2]), y: new Tensor(new Float32Array(1), [1, 1]) };
  const ds = windowNormalizer().normalizeDataset([batch]);
  assert.throws(
    () => [...ds],
    (e: Error) => e instanceof OptionError && /windows of one series, got x of shape \[1, 6, 2\]/.test(e.message),
  );
});

test('windowNormalizer checks its options and its input', () => {
  assert.throws(
    () => windowNormalizer({ center: 'median' as never }),
    (e: Error) => e instanceof OptionError && /center must be one of mean, last, none, got "median"/.test(e.message),
  );
  assert.throws(() => windowNormalizer({ scale: 'iqr' as never }), OptionError);
  const n = windowNormalizer();
  assert.throws(
    () => n.normalize([]),
    (e: Error) => e instanceof InputError && /empty window/.test(e.message),
  );
  assert.throws(
    () => n.normalize([1, NaN]),
    (e: Error) => e instanceof InputError && /window\[1\] is NaN/.test(e.message),
  );
  assert.throws(
    () => n.denormalize([1], { center: 0, scale: 0 }),
    (e: Error) => e instanceof InputError && /stats must be/.test(e.message),
  );
});

test('windowNormalizerFromJSON(toJSON()) rebuilds it; anything else is a ModelFileError', () => {
  const n = windowNormalizer({ center: 'last', scale: 'mean-abs' });
  const back = windowNormalizerFromJSON(JSON.parse(JSON.stringify(n.toJSON())));
  assert.deepEqual(back.toJSON(), { kind: 'window-normalizer', center: 'last', scale: 'mean-abs' });
  assert.deepEqual(back.normalize([1, 2, 4]), n.normalize([1, 2, 4]));
  assert.throws(
    () => windowNormalizerFromJSON({ kind: 'window-normalizer', center: 'mean' }),
    (e: Error) => e instanceof ModelFileError && /scale is undefined/.test(e.message),
  );
  assert.throws(
    () => windowNormalizerFromJSON({ kind: 'log' }),
    (e: Error) => e instanceof ModelFileError && /kind is "log"/.test(e.message),
  );
  assert.throws(
    () => windowNormalizerFromJSON({ kind: 'window-normalizer', center: 'mean', scale: 'std', eps: 1 }),
    (e: Error) => e instanceof ModelFileError && /unknown field 'eps'/.test(e.message),
  );
});
