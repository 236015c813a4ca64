// The conformance suite of target transforms: every kind (and chains of them) meets the contract
// of src/data/transforms/transform.ts. Add a kind by adding a line to `candidates`.
//
// Round trips are checked in float32 ulps of the series' largest value (2^-24 · max |x|):
//  - differencing and scaling: exact but for a rounding or two (2 ulps);
//  - log: ln x is stored in float32, and exp multiplies its rounding by x (16 ulps);
//  - Box-Cox with λ < 0: z = (x^λ − 1)/λ crowds near −1/λ as x grows, so float32 keeps fewer of
//    x's digits (co2 with λ = −1: x^λ ≈ 0.003 next to 1, ~8 bits lost; 512 ulps, still 3e-5 of x).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeTransform, transformFromJSON, type TransformSpec } from '../../../src/data/transforms/registry.js';
import type { TargetTransform } from '../../../src/data/transforms/transform.js';
import { InputError, SeqcastError } from '../../../src/errors.js';

const fixture: { series: Record<string, { values: number[] }> } = JSON.parse(
  readFileSync(new URL('../../fixtures/r/box-cox.json', import.meta.url), 'utf8'),
);
/** Positive, trending and seasonal series of different sizes; the training part is the first 100 values. */
const SERIES = ['AirPassengers', 'co2', 'wineind', 'lynx'].map((name) => ({ name, x: Float32Array.from(fixture.series[name].values) }));
const SPLIT = 100;

interface Candidate {
  spec: TransformSpec;
  /** The transform learns something in fit (is not usable before it). */
  learns: boolean;
  /** Round-trip tolerance in float32 ulps of max |x| (see the file's comment). */
  ulps: number;
}
const SEASONAL: TransformSpec = { kind: 'seasonal-difference', period: 12 };
const candidates: Candidate[] = [
  { spec: 'difference', learns: false, ulps: 2 },
  { spec: SEASONAL, learns: false, ulps: 2 },
  { spec: 'log', learns: false, ulps: 16 },
  { spec: { kind: 'box-cox', period: 12 }, learns: true, ulps: 512 },
  { spec: { kind: 'box-cox', lambda: -0.5 }, learns: false, ulps: 512 },
  { spec: { kind: 'box-cox', lambda: 0.5 }, learns: false, ulps: 16 },
  { spec: 'standard', learns: true, ulps: 2 },
  { spec: 'minmax', learns: true, ulps: 2 },
  { spec: 'none', learns: false, ulps: 2 },
  { spec: ['log', SEASONAL, 'standard'], learns: true, ulps: 16 },
  { spec: [{ kind: 'box-cox', period: 12 }, 'difference', SEASONAL, 'minmax'], learns: true, ulps: 512 },
];

const fitted = (spec: TransformSpec, x: Float32Array): TargetTransform => makeTransform(spec).fit(x.subarray(0, SPLIT));
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what} at ${i}: ${actual[i]} vs ${expected[i]} (tolerance ${tolerance})`);
  }
}

for (const { spec, learns, ulps } of candidates) {
  describe(`${makeTransform(spec).name} meets the transform contract`, () => {
    test('transform(values) gives values.length − lag values; fit returns the transform, fitted', () => {
      const t = makeTransform(spec);
      assert.equal(t.fitted, !learns);
      assert.equal(t.fit(SERIES[0].x.subarray(0, SPLIT)), t);
      assert.equal(t.fitted, true);
      assert.ok(Number.isInteger(t.lag) && t.lag >= 0);
      assert.equal(t.transform(SERIES[0].x).length, SERIES[0].x.length - t.lag);
    });

    test('inverseForecast(x[0, lag), transform(x)) and inverseSliding(x, lag, transform(x)) give x[lag..] back', () => {
      for (const { name, x } of SERIES) {
        const t = fitted(spec, x);
        const z = t.transform(x);
        const tolerance = ulps * 2 ** -24 * Math.max(...x);
        assertClose(t.inverseForecast(x.subarray(0, t.lag), z), x.subarray(t.lag), tolerance, `${name} inverseForecast`);
        assertClose(t.inverseSliding(x, t.lag, z), x.subarray(t.lag), tolerance, `${name} inverseSliding`);
      }
    });

    test('from a forecast origin: the transformed future values invert to the future, multi-step and one-step', () => {
      for (const { name, x } of SERIES) {
        const t = fitted(spec, x);
        const future = t.transform(x).subarray(SPLIT - t.lag); // the transformed values of x[SPLIT..]
        const tolerance = ulps * 2 ** -24 * Math.max(...x);
        assertClose(t.inverseForecast(x.subarray(0, SPLIT), future), x.subarray(SPLIT), tolerance, `${name} inverseForecast`);
        assertClose(t.inverseSliding(x, SPLIT, future), x.subarray(SPLIT), tolerance, `${name} inverseSliding`);
      }
    });

    test("the forecaster's recipe (transform.ts): sliding and recursive forecasts agree with point-by-point inversion", () => {
      // a stand-in for a network: forecasts the next transformed value as the window's mean
      const W = 5;
      const model = (z: ArrayLike<number>, end: number): number => {
        let sum = 0;
        for (let i = end - W; i < end; i++) sum += z[i];
        return sum / W;
      };
      const { x: s } = SERIES[0];
      const t = fitted(spec, s);
      const L = t.lag;
      // predictSliding(s, from): the transformed values before each point, one window each
      const from = SPLIT;
      const z = t.transform(s.subarray(from - W - L, s.length - 1));
      assert.equal(z.length, s.length - from + W - 1);
      const f = Float32Array.from({ length: s.length - from }, (_, k) => model(z, k + W));
      const sliding = t.inverseSliding(s, from, f);
      // forecast(history, h): the last W transformed values, then each forecast appended
      const tolerance = 1e-5 * Math.max(...s);
      for (const k of [0, 7, s.length - from - 1]) {
        const history = s.subarray(0, from + k);
        const values = Array.from(t.transform(history.subarray(history.length - W - L)));
        assert.equal(values.length, W);
        for (let j = 0; j < 3; j++) values.push(model(values, values.length));
        const recursive = t.inverseForecast(history, values.slice(W));
        // step 1 of a forecast from history is the one-step forecast of the next point
        assert.ok(Math.abs(recursive[0] - sliding[k]) <= tolerance, `${k}: ${recursive[0]} vs ${sliding[k]}`);
        // and it is the inverse of the model's output on the history's own transform
        const zh = t.transform(history);
        assert.ok(Math.abs(t.inverseForecast(history, [model(zh, zh.length)])[0] - sliding[k]) <= tolerance);
      }
    });

    test('fit uses only the training part: values after it change nothing fitted', () => {
      const { x } = SERIES[0];
      const other = x.slice();
      for (let i = SPLIT; i < other.length; i++) other[i] = other[i] * 3 + 7; // still positive
      const a = makeTransform(spec).fit(x.subarray(0, SPLIT));
      const b = makeTransform(spec).fit(other.subarray(0, SPLIT));
      assert.deepEqual(b.toJSON(), a.toJSON());
      assert.deepEqual(b.transform(x), a.transform(x));
    });

    test('inverseForecast reads only the last `lag` values of the history', () => {
      const { x } = SERIES[0];
      const t = fitted(spec, x);
      const f = t.transform(x).subarray(SPLIT - t.lag, SPLIT - t.lag + 6);
      const history = x.slice(0, SPLIT);
      const expected = t.inverseForecast(history, f);
      history.fill(12345, 0, SPLIT - t.lag); // all but the last `lag` values
      assert.deepEqual(t.inverseForecast(history, f), expected);
      assert.deepEqual(t.inverseForecast(x.subarray(SPLIT - t.lag, SPLIT), f), expected);
    });

    test('inverseSliding inverts each forecast with the actual values before it only', () => {
      const { x } = SERIES[0];
      const t = fitted(spec, x);
      const f = t
        .transform(x)
        .subarray(SPLIT - t.lag)
        .map((v) => v * 0.9); // forecasts, not the actuals
      const expected = t.inverseSliding(x, SPLIT, f);
      const changed = x.slice();
      changed[SPLIT + 5] *= 1.5; // an actual value: forecasts up to it do not see it
      const got = t.inverseSliding(changed, SPLIT, f);
      assert.deepEqual(got.subarray(0, 6), expected.subarray(0, 6));
      if (t.lag > 0) assert.notDeepEqual(got.subarray(6), expected.subarray(6));
    });

    test('transformFromJSON(JSON of toJSON()) rebuilds the same transform, bit for bit', () => {
      const { x } = SERIES[1];
      const t = fitted(spec, x);
      const json = JSON.parse(JSON.stringify(t.toJSON()));
      const back = transformFromJSON(json);
      assert.equal(back.kind, t.kind);
      assert.equal(back.lag, t.lag);
      assert.equal(back.fitted, true);
      assert.deepEqual(back.toJSON(), t.toJSON());
      const z = t.transform(x);
      assert.deepEqual(back.transform(x), z);
      assert.deepEqual(
        back.inverseForecast(x.subarray(0, SPLIT), z.subarray(SPLIT)),
        t.inverseForecast(x.subarray(0, SPLIT), z.subarray(SPLIT)),
      );
      assert.deepEqual(back.inverseSliding(x, SPLIT, z.subarray(SPLIT - t.lag)), t.inverseSliding(x, SPLIT, z.subarray(SPLIT - t.lag)));
    });

    test('NaN in the training part, the values or the forecasts is refused with an InputError', () => {
      const x = SERIES[0].x.slice(0, SPLIT);
      x[7] = NaN;
      assert.throws(
        () => makeTransform(spec).fit(x),
        (e: Error) => e instanceof InputError && /train\[7\] is NaN/.test(e.message),
      );
      const t = fitted(spec, SERIES[0].x);
      assert.throws(
        () => t.transform(x),
        (e: Error) => e instanceof InputError && /\[7\] is NaN/.test(e.message),
      );
      assert.throws(
        () => t.inverseForecast(SERIES[0].x, [0, NaN]),
        (e: Error) => e instanceof InputError && /forecasts\[1\] is NaN/.test(e.message),
      );
    });

    test('a history shorter than lag, or a bad `from`, is refused with an InputError', () => {
      const { x } = SERIES[0];
      const t = fitted(spec, x);
      if (t.lag > 0)
        assert.throws(
          () => t.inverseForecast(x.subarray(0, t.lag - 1), [0]),
          (e: Error) => e instanceof InputError && /needs the last/.test(e.message),
        );
      assert.throws(
        () => t.inverseSliding(x, t.lag - 1, [0]),
        (e: Error) => e instanceof InputError && /from must be an integer from/.test(e.message),
      );
      assert.throws(() => t.inverseSliding(x, x.length, [0]), InputError);
      assert.equal(t.inverseSliding(x, x.length, []).length, 0);
    });

    if (learns) {
      test('before fit, transform and toJSON throw a SeqcastError that says to call fit', () => {
        const t = makeTransform(spec);
        assert.throws(
          () => t.transform([1, 2, 3]),
          (e: Error) => e instanceof SeqcastError && /call fit\(train\) first/.test(e.message),
        );
        assert.throws(() => t.toJSON(), SeqcastError);
      });
    }
  });
}

test('the candidates cover every kind', () => {
  const kinds = new Set(candidates.map((c) => makeTransform(c.spec).kind));
  assert.deepEqual([...kinds].sort(), ['box-cox', 'chain', 'difference', 'log', 'minmax', 'none', 'seasonal-difference', 'standard']);
});
