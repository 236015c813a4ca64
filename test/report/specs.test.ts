import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossChart, lrChart, MAX_LINE_POINTS, seriesChart, stepErrorChart, thin } from '../../src/report/specs.js';

// The specs are plain objects; tests read them loosely, layer by layer.
type Layer = { data: { values: Record<string, unknown>[] }; mark: { type: string; [k: string]: unknown }; encoding: Record<string, any> };
const layers = (spec: object): Layer[] => (spec as { layer: Layer[] }).layer;
const byMark = (spec: object, type: string): Layer[] => layers(spec).filter((l) => l.mark.type === type);
const rowsOf = (layer: Layer, series: string) => layer.data.values.filter((r) => r.series === series);

test('seriesChart({ actual, forecasts }) draws actual and each forecast as coloured lines by time step', () => {
  const spec = seriesChart({ title: 'T', actual: [1, 2, 3, 4, 5], forecasts: [{ name: 'naive', start: 3, values: [3, 4, 5, 6] }] });
  assert.equal((spec as { title: string }).title, 'T');
  assert.equal((spec as { width: number }).width, 800);
  assert.equal((spec as { height: number }).height, 300);
  const [line] = byMark(spec, 'line');
  assert.equal(line.encoding.x.type, 'quantitative');
  assert.equal(line.encoding.x.title, 'time step');
  assert.equal(line.encoding.y.title, 'value');
  assert.deepEqual(line.encoding.color.scale.domain, ['actual', 'naive']);
  assert.equal(line.encoding.color.field, 'series');
  assert.deepEqual(
    rowsOf(line, 'actual').map((r) => r.x),
    [0, 1, 2, 3, 4],
  );
  // starts at index 3 and runs two points past the data (indices 5 and 6)
  assert.deepEqual(
    rowsOf(line, 'naive').map((r) => [r.x, r.value]),
    [
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ],
  );
  assert.equal((spec as { config: { font: string } }).config.font, 'DejaVu Sans');
});

test('seriesChart({ dates }) uses a temporal x axis and the forecast dates for future points', () => {
  const dates = ['2024-01-01', '2024-01-02', '2024-01-03'];
  const spec = seriesChart({
    title: 'T',
    dates,
    actual: [1, 2, 3],
    forecasts: [{ name: 'future', start: 2, values: [3, 4, 5], dates: ['2024-01-04', '2024-01-05'] }],
  });
  const [line] = byMark(spec, 'line');
  assert.equal(line.encoding.x.type, 'temporal');
  assert.equal(line.encoding.x.title, 'date');
  assert.deepEqual(
    rowsOf(line, 'actual').map((r) => r.x),
    dates,
  );
  assert.deepEqual(
    rowsOf(line, 'future').map((r) => r.x),
    ['2024-01-03', '2024-01-04', '2024-01-05'],
  );
  // one date per value works too
  const all = seriesChart({
    title: 'T',
    dates,
    actual: [1, 2, 3],
    forecasts: [{ name: 'f', start: 3, values: [4], dates: ['2024-02-01'] }],
  });
  assert.deepEqual(
    rowsOf(byMark(all, 'line')[0], 'f').map((r) => r.x),
    ['2024-02-01'],
  );
});

test('seriesChart({ folds, split }) shades the folds and draws a rule at the split', () => {
  const actual = Array.from({ length: 30 }, (_, i) => i);
  const spec = seriesChart({
    title: 'T',
    actual,
    folds: [
      { start: 10, end: 20, label: 'fold 1' },
      { start: 20, end: 30, label: 'fold 2' },
    ],
    split: 25,
  });
  const [rect] = byMark(spec, 'rect');
  assert.deepEqual(
    rect.data.values.map((r) => [r.x, r.x2, r.label]),
    [
      [10, 20, 'fold 1'],
      [20, 29, 'fold 2'],
    ],
  );
  assert.equal(rect.encoding.x2.field, 'x2');
  const [rule] = byMark(spec, 'rule');
  assert.deepEqual(
    rule.data.values.map((r) => r.x),
    [25],
  );
  assert.deepEqual(
    byMark(spec, 'text').map((l) => l.data.values.map((r) => r.label)),
    [['fold 1', 'fold 2'], ['split']],
  );
  // without them, only the line
  assert.deepEqual(
    layers(seriesChart({ title: 'T', actual })).map((l) => l.mark.type),
    ['line'],
  );
});

test("seriesChart({ forecasts }) draws lines of the same name apart in one colour (each fold's multi-step forecast)", () => {
  const spec = seriesChart({
    title: 'T',
    actual: [1, 2, 3, 4, 5, 6],
    forecasts: [
      { name: 'naive', start: 2, values: [2, 2] },
      { name: 'naive', start: 4, values: [4, 4] },
      { name: 'drift', start: 4, values: [5, 6] },
    ],
  });
  const [line] = byMark(spec, 'line');
  assert.deepEqual(line.encoding.color.scale.domain, ['actual', 'naive', 'drift'], 'one legend entry per name');
  assert.equal(line.encoding.detail.field, 'part');
  assert.deepEqual(
    rowsOf(line, 'naive').map((r) => [r.x, r.part]),
    [
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 1],
    ],
  );
  // distinct names need no parts: the spec is as before
  const plain = byMark(seriesChart({ title: 'T', actual: [1, 2], forecasts: [{ name: 'naive', start: 1, values: [1] }] }), 'line')[0];
  assert.equal(plain.encoding.detail, undefined);
  assert.equal('part' in plain.data.values[0], false);
});

test('seriesChart({ firstStep }) counts the time steps of a part of a series from its first index', () => {
  const spec = seriesChart({
    title: 'T',
    actual: [1, 2, 3],
    firstStep: 100,
    forecasts: [{ name: 'f', start: 1, values: [2, 3, 4] }],
    folds: [{ start: 1, end: 3, label: 'fold 1' }],
  });
  const [line] = byMark(spec, 'line');
  assert.deepEqual(
    rowsOf(line, 'actual').map((r) => r.x),
    [100, 101, 102],
  );
  assert.deepEqual(
    rowsOf(line, 'f').map((r) => r.x),
    [101, 102, 103],
  );
  assert.deepEqual(
    byMark(spec, 'rect')[0].data.values.map((r) => [r.x, r.x2]),
    [[101, 102]],
  );
  assert.deepEqual(line.encoding.x.scale, { zero: false }, 'the axis starts near the first step, not at 0');
});

test('stepErrorChart({ lines }) draws the error against the step ahead, 1..h, a line per forecaster', () => {
  const spec = stepErrorChart({
    title: 'MAE by step',
    lines: [
      { name: 'naive', values: [1, 2, NaN] },
      { name: 'lstm', values: [0.5, 1, 1.5] },
    ],
  });
  const [line] = byMark(spec, 'line');
  assert.equal(line.encoding.x.field, 'step');
  assert.equal(line.encoding.x.title, 'step ahead');
  assert.equal(line.encoding.y.title, 'MAE');
  assert.deepEqual(line.encoding.color.sort, ['naive', 'lstm']);
  assert.deepEqual(
    rowsOf(line, 'naive').map((r) => [r.step, r.value]),
    [
      [1, 1],
      [2, 2],
      [3, null],
    ],
  );
  assert.equal(line.mark.point, true, 'points up to 50 steps');
  assert.equal(byMark(stepErrorChart({ title: 'T', lines: [{ name: 'a', values: new Float32Array(51) }] }), 'line')[0].mark.point, false);
  assert.throws(() => stepErrorChart({ title: 'T', lines: [] }), /stepErrorChart\("T"\) got no errors/);
  assert.throws(
    () =>
      stepErrorChart({
        title: 'T',
        lines: [
          { name: 'a', values: [1, 2] },
          { name: 'b', values: [1] },
        ],
      }),
    /got 1 steps for "b" and 2 for "a": pass one error per step for every line/,
  );
});

test('seriesChart(options) turns NaN and Infinity into null (a gap in the line)', () => {
  const spec = seriesChart({ title: 'T', actual: Float32Array.of(1, NaN, Infinity, 4) });
  assert.deepEqual(
    rowsOf(byMark(spec, 'line')[0], 'actual').map((r) => r.value),
    [1, null, null, 4],
  );
});

test(`seriesChart(options) keeps ${MAX_LINE_POINTS} points and reduces longer lines to each bucket's lowest and highest, ends kept`, () => {
  const full = seriesChart({ title: 'T', actual: new Float32Array(MAX_LINE_POINTS) });
  assert.equal(rowsOf(byMark(full, 'line')[0], 'actual').length, MAX_LINE_POINTS);
  // a sawtooth of 2,000,000 values with one spike: every peak drawn, and the spike
  const n = 2_000_000;
  const actual = Float32Array.from({ length: n }, (_, i) => (i % 1000) / 1000);
  actual[1_234_567] = 50;
  const forecast = actual.subarray(1_600_000);
  const long = seriesChart({ title: 'T', actual, forecasts: [{ name: 'lstm', start: 1_600_000, values: forecast }] });
  const line = byMark(long, 'line')[0];
  const drawn = rowsOf(line, 'actual');
  assert.ok(drawn.length <= MAX_LINE_POINTS && drawn.length > MAX_LINE_POINTS / 2, `${drawn.length} points`);
  assert.deepEqual([drawn[0].x, drawn.at(-1)!.x], [0, n - 1]);
  assert.equal(Math.max(...drawn.map((r) => r.value as number)), 50);
  assert.ok(drawn.filter((r) => (r.value as number) > 0.99 && (r.value as number) < 1).length >= 1900, 'the peaks of the sawtooth');
  assert.ok(rowsOf(line, 'lstm').length <= MAX_LINE_POINTS);
  const xs = drawn.map((r) => r.x as number);
  assert.ok(
    xs.every((x, i) => i === 0 || x > xs[i - 1]),
    'in order',
  );
  assert.ok(JSON.stringify(long).length < 600_000, 'a spec of a few hundred kilobytes');
});

test('thin(n) keeps every k-th index and the last, for loss and learning-rate curves', () => {
  assert.deepEqual(thin(4), [0, 1, 2, 3]);
  assert.equal(thin(10_000).length, 3334); // k = 3: 0, 3, ..., 9999 (a multiple of 3: nothing added)
  assert.deepEqual(thin(10_001).slice(-2), [9999, 10_000]);
});

test('seriesChart(options) throws on bad input, naming the fix', () => {
  assert.throws(() => seriesChart({ title: 'T', actual: [] }), /got an empty actual series: pass at least one value/);
  assert.throws(
    () => seriesChart({ title: 'T', actual: [1, 2], dates: ['2024-01-01'] }),
    /got 1 dates for 2 values: pass one date per value/,
  );
  assert.throws(
    () => seriesChart({ title: 'T', actual: [1, 2], forecasts: [{ name: 'f', start: 3, values: [1] }] }),
    /forecast "f" starts at 3, outside \[0, 2\]/,
  );
  assert.throws(
    () =>
      seriesChart({
        title: 'T',
        actual: [1, 2],
        dates: ['2024-01-01', '2024-01-02'],
        forecasts: [{ name: 'f', start: 2, values: [1, 2] }],
      }),
    /forecast "f" runs 2 points past the dated series but has no dates: pass dates for those 2 future points/,
  );
  assert.throws(
    () => seriesChart({ title: 'T', actual: [1, 2, 3], folds: [{ start: 2, end: 5, label: 'x' }] }),
    /fold "x" covers \[2, 5\).*fix the fold's start and end/,
  );
  assert.throws(() => seriesChart({ title: 'T', actual: [1, 2, 3], split: 3 }), /split must be an integer index in \[0, 2\], got 3/);
});

test('lossChart({ loss, valLoss, metric }) draws one line per history on 1-based epochs', () => {
  const spec = lossChart({ title: 'L', loss: [4, 3, 2], valLoss: [5, 4, 3], metric: { name: 'mae', values: [2, 1.5, 1] } });
  const [line] = byMark(spec, 'line');
  assert.equal(line.encoding.x.field, 'epoch');
  assert.equal(line.encoding.x.title, 'epoch');
  assert.equal(line.encoding.y.title, 'loss');
  assert.deepEqual(line.encoding.color.sort, ['loss', 'val_loss', 'mae']);
  assert.deepEqual(
    rowsOf(line, 'val_loss').map((r) => [r.epoch, r.value]),
    [
      [1, 5],
      [2, 4],
      [3, 3],
    ],
  );
  assert.equal(line.encoding.y.scale.type, undefined); // 4..1 spans less than two decades: linear
});

test('lossChart(options) uses a log y axis when the values span more than two decades', () => {
  const log = byMark(lossChart({ title: 'L', loss: [1000, 10, 5] }), 'line')[0];
  assert.equal(log.encoding.y.scale.type, 'log');
  const exactly100 = byMark(lossChart({ title: 'L', loss: [100, 1] }), 'line')[0];
  assert.equal(exactly100.encoding.y.scale.type, undefined);
  const withZero = byMark(lossChart({ title: 'L', loss: [1000, 0] }), 'line')[0];
  assert.equal(withZero.encoding.y.scale.type, undefined); // log cannot show 0
});

test('lossChart(options) throws on an empty history or mismatched lengths', () => {
  assert.throws(() => lossChart({ title: 'L', loss: [] }), /empty loss history: train for at least one epoch/);
  assert.throws(() => lossChart({ title: 'L', loss: [1, 2], valLoss: [1] }), /got 1 val_loss values for 2 epochs of loss/);
  assert.throws(() => lossChart({ title: 'L', loss: [1], metric: { name: 'mae', values: [1, 2] } }), /got 2 mae values for 1 epochs/);
});

test('lrChart({ points, suggested }) plots loss on a log learning-rate axis with a rule at the suggestion', () => {
  const spec = lrChart({
    title: 'LR',
    points: [
      { lr: 1e-4, loss: 3 },
      { lr: 1e-6, loss: 5 },
      { lr: 1e-3, loss: NaN },
    ],
    suggested: 1e-5,
  });
  const [line] = byMark(spec, 'line');
  assert.equal(line.encoding.x.scale.type, 'log');
  assert.equal(line.encoding.x.title, 'learning rate');
  assert.equal(line.encoding.y.title, 'loss');
  assert.deepEqual(line.data.values, [
    { lr: 1e-6, loss: 5 },
    { lr: 1e-4, loss: 3 },
  ]); // sorted, NaN dropped
  const [rule] = byMark(spec, 'rule');
  assert.equal(rule.data.values[0].lr, 1e-5);
  assert.equal(rule.encoding.x.scale.type, 'log');
  assert.equal(byMark(spec, 'text')[0].data.values[0].label, 'suggested 1.0e-5');
  assert.equal(byMark(lrChart({ title: 'LR', points: [{ lr: 1, loss: 1 }] }), 'rule').length, 0);
  const exploding = lrChart({
    title: 'LR',
    points: [
      { lr: 1e-6, loss: 2 },
      { lr: 1e-3, loss: 1e6 },
    ],
  });
  assert.equal(byMark(exploding, 'line')[0].encoding.y.scale.type, 'log');
});

test('lrChart(options) throws on no points or a non-positive learning rate', () => {
  assert.throws(() => lrChart({ title: 'LR', points: [] }), /got no points/);
  assert.throws(
    () => lrChart({ title: 'LR', points: [{ lr: 0, loss: 1 }] }),
    /got learning rate 0: a log axis needs positive finite rates/,
  );
  assert.throws(() => lrChart({ title: 'LR', points: [{ lr: 1, loss: 1 }], suggested: -1 }), /got learning rate -1/);
});

test('seriesChart({ forecasts: [{ bands }] }) shades each level between its bounds under the lines, in the line colour, the widest lightest', () => {
  const mean = [10, 11, 12, 13];
  const bands = [
    { level: 80, lower: [9, 9.5, NaN, 11], upper: [11, 12.5, NaN, 15] },
    { level: 95, lower: [8, 8.5, NaN, 10], upper: [12, 13.5, NaN, 16] },
  ];
  const spec = seriesChart({ title: 'T', actual: [1, 2, 3], forecasts: [{ name: 'ets', start: 3, values: mean, bands }] });
  const [area] = byMark(spec, 'area');
  const all = layers(spec);
  assert.ok(all.indexOf(area) < all.findIndex((l) => l.mark.type === 'line'), 'the bands under the lines');
  // a non-finite bound (a step past the intervals' reach) is left out
  assert.deepEqual(
    area.data.values.map((r) => [r.band, r.x, r.lower, r.upper]),
    [
      ['80 %', 3, 9, 11],
      ['80 %', 4, 9.5, 12.5],
      ['80 %', 6, 11, 15],
      ['95 %', 3, 8, 12],
      ['95 %', 4, 8.5, 13.5],
      ['95 %', 6, 10, 16],
    ],
  );
  assert.equal(area.encoding.y.field, 'lower');
  assert.equal(area.encoding.y2.field, 'upper');
  assert.deepEqual(area.encoding.color.scale, byMark(spec, 'line')[0].encoding.color.scale, 'the line colours');
  const opacity = area.encoding.opacity.scale;
  assert.deepEqual(opacity.domain, ['95 %', '80 %']);
  assert.ok(opacity.range[0] < opacity.range[1], 'the 95 % band lighter than the 80 %');
  // one level: one opacity (a one-value range would not be read as one)
  const single = seriesChart({
    title: 'T',
    actual: [1],
    forecasts: [{ name: 'f', start: 1, values: [1], bands: [{ level: 90, lower: [0], upper: [2] }] }],
  });
  const range = byMark(single, 'area')[0].encoding.opacity.scale.range;
  assert.ok(range.every((v: number) => v === range[0] && v > 0 && v < 1));
  assert.throws(
    () =>
      seriesChart({
        title: 'T',
        actual: [1],
        forecasts: [{ name: 'f', start: 1, values: [1, 2], bands: [{ level: 90, lower: [0], upper: [2] }] }],
      }),
    /90 % band of 1 lower and 1 upper bounds for 2 values/,
  );
  assert.equal(byMark(seriesChart({ title: 'T', actual: [1], forecasts: [{ name: 'f', start: 1, values: [1] }] }), 'area').length, 0);
});
