import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lrFind, suggestLearningRate, type LrPoint } from '../../src/model/lr-find.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { OptionError } from '../../src/errors.js';

const { series } = syntheticSeries({ length: 200, period: 40, amplitude: 15 });
const spec = { model: 'rnn', units: 8, layers: 1, window: 10, batchSize: 32 } as const;

// A hand-made sweep: the raw minimum (2) is at 1e-2, but the smoothed one is at 1e-3.
// Centred 5-point means: 7.67, 6.5, 5.6, 4.4, 6.8, 7, 8.33 -> minimum 4.4 at index 3 (lr 1e-3).
const curve: LrPoint[] = [9, 8, 6, 3, 2, 3, 20].map((loss, i) => ({ lr: 10 ** (i - 6), loss })); // 1e-6 .. 1;

test('suggestLearningRate(points) is a tenth of the rate at the minimum of the smoothed loss', () => {
  assert.equal(suggestLearningRate(curve), 1e-3 / 10);
});

test('suggestLearningRate(points, 1) without smoothing takes the raw minimum', () => {
  assert.equal(suggestLearningRate(curve, 1), 1e-2 / 10);
});

test('suggestLearningRate(points) ignores NaN and infinite losses and throws when none is finite', () => {
  const withNaN = [...curve, { lr: 10, loss: NaN }, { lr: 100, loss: Infinity }]; // the smoothing window skips them
  assert.equal(suggestLearningRate(withNaN), 1e-4);
  assert.throws(() => suggestLearningRate([{ lr: 1, loss: NaN }]), /needs at least one point with a finite loss/);
  assert.throws(() => suggestLearningRate([]), /needs at least one point with a finite loss/);
});

test("lrFind(series, spec, { epochs }) records one (lr, loss) per epoch on the course's schedule", async () => {
  const result = await lrFind(series, spec, { epochs: 5 });
  assert.equal(result.stopped, 'completed');
  assert.equal(result.points.length, 5);
  result.points.forEach((p, epoch) => {
    assert.ok(Math.abs(p.lr - 1e-8 * 10 ** (epoch / 20)) < 1e-20, `epoch ${epoch}: lr ${p.lr}`);
    assert.ok(Number.isFinite(p.loss) && p.loss > 0);
  });
  assert.equal(result.suggestion, suggestLearningRate(result.points));
  assert.match(result.note, /^Swept 5 epochs up to lr 1\.6e-8 without divergence.*Suggested learning rate: /);
  assert.equal(result.spec.model, 'rnn');
  assert.equal(result.spec.epochs, 100, 'the spec is resolved, its own epochs untouched');
});

test('lrFind(series, spec, { start, factor, end }) sweeps from start until the rate passes end', async () => {
  const result = await lrFind(series, spec, { start: 1e-4, factor: 10, end: 1e-2 });
  assert.deepEqual(
    result.points.map((p) => Number(p.lr.toPrecision(6))),
    [1e-4, 1e-3, 1e-2],
  );
});

test('lrFind(series, spec) is deterministic for a seed', async () => {
  const a = await lrFind(series, { ...spec, seed: 4 }, { start: 1e-3, factor: 2, epochs: 4 });
  const b = await lrFind(series, { ...spec, seed: 4 }, { start: 1e-3, factor: 2, epochs: 4 });
  assert.deepEqual(a.points, b.points);
});

test('lrFind(series, spec) stops early when the loss explodes and says so', async () => {
  const result = await lrFind(series, { ...spec, optimizer: 'sgd', loss: 'mse' }, { start: 1e-3, factor: 10, epochs: 12 });
  assert.notEqual(result.stopped, 'completed');
  assert.ok(result.points.length < 12, `${result.points.length} epochs`);
  assert.match(result.note, /^Stopped after \d+ of 12 epochs: the loss (became NaN or infinite|passed 4× its minimum)/);
  assert.ok(result.suggestion! < result.points.at(-1)!.lr, 'the suggestion is below where it blew up');
});

test('lrFind(series, spec, options) throws on bad options and a short series', async () => {
  await assert.rejects(lrFind(series, spec, { factor: 1 }), /lrFind factor must be a number above 1, got 1/);
  await assert.rejects(lrFind(series, spec, { start: 1e-3, end: 1e-4 }), /lrFind end must be a number above start \(0\.001\), got 0\.0001/);
  await assert.rejects(lrFind(series, spec, { start: 0 }), /lrFind start must be a positive number, got 0/);
  await assert.rejects(lrFind(series, spec, { epochs: 0 }), /lrFind epochs must be an integer from 1 to 1000, got 0/);
  await assert.rejects(lrFind(series, spec, { epochs: 1001 }), /lrFind epochs must be an integer from 1 to 1000, got 1001/);
  // a range that would take 12,001 epochs at the course's pace is refused before anything is built
  await assert.rejects(lrFind(series, spec, { start: 1e-300, end: 1e300 }), (e: unknown) => {
    assert.ok(e instanceof OptionError);
    assert.match(
      e.message,
      /^lrFind epochs must be an integer from 1 to 1000, got 12001 \(the sweep from 1e-300 to 1e\+300 at ×1\.122 per epoch\)/,
    );
    return true;
  });
  await assert.rejects(lrFind(series, spec, { divergence: 1 }), /lrFind divergence must be a number above 1, got 1/);
  await assert.rejects(
    lrFind(series.subarray(0, 10), spec),
    /^SeriesInputError: lrFind: the series has 10 values but window 10 needs at least 11 \(one window and the value after it\)/,
  );
  await assert.rejects(lrFind(series, { ...spec, units: 0 }), /units must be an integer from 1 to 4096, got 0/);
});

test('lrFind(series, spec, { signal }) stops when the signal aborts', async () => {
  await assert.rejects(lrFind(series, spec, { signal: AbortSignal.abort(new Error('cancelled')) }), /cancelled/);
  // an abort from a timer reaches a running sweep: it yields to the event loop between batches
  const timed = new AbortController();
  setTimeout(() => timed.abort(new Error('timer')), 0);
  await assert.rejects(lrFind(series, spec, { start: 1e-6, factor: 1.0001, epochs: 1000, divergence: 1e9, signal: timed.signal }), /timer/);
});

test("lrFind(series, spec) sweeps past 10× the starting loss: fit's divergence check is off for the sweep", async () => {
  // sgd + mse from 1e-3 ×10 per epoch: the loss climbs far above its start before it becomes NaN
  const result = await lrFind(
    series,
    { ...spec, optimizer: 'sgd', loss: 'mse' },
    { start: 1e-3, factor: 10, epochs: 12, divergence: 1e12 },
  );
  const first = result.points[0].loss;
  assert.ok(
    result.points.some((p) => p.loss > 10 * first),
    `a point above 10× the first (${first}) shows the sweep went on: ${result.points.map((p) => p.loss).join(', ')}`,
  );
});
