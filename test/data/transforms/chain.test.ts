import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainTransforms } from '../../../src/data/transforms/chain.js';
import { differenceTransform, seasonalDifferenceTransform } from '../../../src/data/transforms/difference.js';
import { logTransform } from '../../../src/data/transforms/log.js';
import { scalingTransform } from '../../../src/data/transforms/scale.js';
import { InputError, OptionError } from '../../../src/errors.js';

const air = Float32Array.of(
  112,
  118,
  132,
  129,
  121,
  135,
  148,
  148,
  136,
  119,
  104,
  118,
  115,
  126,
  141,
  135,
  125,
  149,
  170,
  170,
  158,
  133,
  114,
  140,
  145,
  150,
  178,
  163,
  172,
  178,
  199,
  199,
  184,
  162,
  146,
  166,
  171,
  180,
  193,
  181,
  183,
  218,
  230,
  242,
  209,
  191,
  172,
  194,
);

test('chainTransforms(steps): lag is the sum of the steps’ lags, the name lists them', () => {
  const t = chainTransforms([logTransform(), seasonalDifferenceTransform(12), differenceTransform()]);
  assert.equal(t.lag, 13);
  assert.equal(t.name, 'chain [log, seasonal-difference (12), difference]');
  assert.equal(t.transform(air).length, air.length - 13);
});

test('fit fits each step on the training part as the steps before it left it', () => {
  const t = chainTransforms([seasonalDifferenceTransform(12), scalingTransform('standard')]).fit(air.subarray(0, 36));
  const d = seasonalDifferenceTransform(12).transform(air.subarray(0, 36));
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const json = t.toJSON() as unknown as { transforms: [unknown, { offset: number }] };
  assert.ok(Math.abs(json.transforms[1].offset - mean) < 1e-9);
  assert.deepEqual(json.transforms[0], { kind: 'seasonal-difference', period: 12 });
});

test('[log, difference]: multi-step inversion is exp(ln(last) + cumulative sums), one-step exp(ln(x[t−1]) + f)', () => {
  const t = chainTransforms([logTransform(), differenceTransform()]).fit(air);
  const f = [0.02, -0.01, 0.05];
  let level = Math.log(air[air.length - 1]);
  const expected = f.map((v) => Math.fround(Math.exp((level = Math.fround(level + v)))));
  const got = t.inverseForecast(air, f);
  got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-4, `${i}: ${v} vs ${expected[i]}`));
  const sliding = t.inverseSliding(air, 40, f);
  sliding.forEach((v, i) => {
    const e = Math.exp(Math.log(air[39 + i]) + f[i]);
    assert.ok(Math.abs(v - e) <= 1e-4, `${i}: ${v} vs ${e}`);
  });
});

test('[difference, difference]: multi-step inversion of second differences is a double cumulative sum', () => {
  const t = chainTransforms([differenceTransform(), differenceTransform()]);
  const history = [1, 2, 4];
  const f = [1, 1, 1]; // the slope (2) grows by 1 each step: 3, 4, 5
  assert.deepEqual(Array.from(t.inverseForecast(history, f)), [7, 11, 16]);
  // one-step: x[t−1] + (x[t−1] − x[t−2]) + f, with the actual values: 2 + 1 + 0, 4 + 2 + 1, 7 + 3 + 1
  assert.deepEqual(Array.from(t.inverseSliding([1, 2, 4, 7, 11], 2, [0, 1, 1])), [3, 7, 11]);
});

test('inverseSliding never reads the values it forecasts (the last may be anything a step would refuse)', () => {
  const t = chainTransforms([logTransform(), differenceTransform()]).fit(air);
  const series = air.slice(0, 43);
  const expected = t.inverseSliding(series, 40, [0, 0, 0]);
  series[42] = -5; // log would refuse it: it is the value the last forecast is of
  assert.deepEqual(t.inverseSliding(series, 40, [0, 0, 0]), expected);
  // a forecast difference of 0 is a naive forecast: the value before, through ln and exp in float32
  expected.forEach((v, i) => assert.ok(Math.abs(v - air[39 + i]) <= 1e-6 * air[39 + i], `${i}: ${v}`));
});

test("a step's error names the step", () => {
  const t = chainTransforms([differenceTransform(), logTransform()]);
  assert.throws(
    () => t.fit(air),
    (e: Error) =>
      e instanceof InputError &&
      /^chain \[difference, log\], step 2 \(log\): log: train\[\d+\] is -?\d+, but it takes positive values only/.test(e.message),
  );
});

test('fit needs more training values than the lag', () => {
  const t = chainTransforms([seasonalDifferenceTransform(12), differenceTransform()]);
  assert.throws(
    () => t.fit(air.subarray(0, 13)),
    (e: Error) => e instanceof InputError && /needs at least 14 training values, got 13/.test(e.message),
  );
});

test('chainTransforms refuses an empty array or a step that is not a transform', () => {
  assert.throws(
    () => chainTransforms([]),
    (e: Error) => e instanceof OptionError && /non-empty array of transforms/.test(e.message),
  );
  assert.throws(
    () => chainTransforms([logTransform(), 'difference' as never]),
    (e: Error) => e instanceof OptionError && /step 2 is not a transform/.test(e.message),
  );
});
