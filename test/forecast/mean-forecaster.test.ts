import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageForecasts, combineForecasts, meanForecaster } from '../../src/forecast/mean-forecaster.js';
import { driftForecaster, naiveForecaster, seasonalNaiveForecaster } from '../../src/forecast/forecaster.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../src/forecast/saved-forecaster.js';
import type { NetworkForecaster } from '../../src/forecast/network.js';
import type { Forecaster } from '../../src/forecast/forecaster.js';

const series = Float32Array.from({ length: 40 }, (_, t) => 10 + t + 3 * Math.sin(t));

test("combine 'median': the middle member's value at every step (the mean of the middle two for an even count)", async () => {
  assert.deepEqual(
    combineForecasts(
      [
        [1, 9],
        [2, 4],
        [7, 5],
      ],
      'median',
    ),
    Float32Array.of(2, 5),
  );
  assert.deepEqual(
    combineForecasts(
      [
        [1, 9],
        [2, 4],
        [7, 5],
        [100, -3],
      ],
      'median',
    ),
    Float32Array.of(4.5, 4.5),
  );
  assert.deepEqual(
    combineForecasts(
      [
        [1, 9],
        [3, 4],
      ],
      'mean',
    ),
    averageForecasts([
      [1, 9],
      [3, 4],
    ]),
  );
  assert.throws(() => combineForecasts([[1, 2], [3]], 'median'), /differ in length \(2, 1\)/);
  const parts = () => [naiveForecaster(), seasonalNaiveForecaster(4), driftForecaster()];
  const median = meanForecaster(parts(), 'median of three', 'median');
  await median.fit(series.subarray(0, 30));
  assert.equal(median.combine, 'median');
  const each = parts().map((f) => f.forecast(series, 5));
  const expected = Float32Array.from({ length: 5 }, (_, i) => each.map((f) => f[i]).sort((a, b) => a - b)[1]);
  assert.deepEqual(median.forecast(series, 5), expected);
  assert.notDeepEqual(expected, meanForecaster(parts()).forecast(series, 5), 'the median is not the mean here');
  assert.throws(() => meanForecaster(parts(), 'x', 'max' as never), /combines by 'mean' or 'median', got max/);
});

test('meanForecaster averages its members element by element, one-step and multi-step', async () => {
  const mean = meanForecaster([naiveForecaster(), seasonalNaiveForecaster(4), driftForecaster()]);
  await mean.fit(series.subarray(0, 30));
  const parts = [naiveForecaster(), seasonalNaiveForecaster(4), driftForecaster()];
  const multi = parts.map((f) => f.forecast(series, 5));
  const expected = Float32Array.from({ length: 5 }, (_, i) => (multi[0][i] + multi[1][i] + multi[2][i]) / 3);
  assert.deepEqual(mean.forecast(series, 5), expected);
  const one = parts.map((f) => f.predictSliding(series, 30));
  assert.deepEqual(
    mean.predictSliding(series, 30),
    Float32Array.from({ length: 10 }, (_, i) => (one[0][i] + one[1][i] + one[2][i]) / 3),
  );
  assert.equal(mean.minHistory, 4, 'the longest member history');
  assert.throws(() => meanForecaster([]), /needs at least one member/);
  assert.throws(() => averageForecasts([[1, 2], [3]]), /differ in length \(2, 1\)/);
  assert.throws(() => makeForecaster({ kind: 'mean', of: [] }), /needs a non-empty list 'of' member specs/);
});

test('a mean of seeded networks saves each network and loads back to the same forecasts', async () => {
  const spec = {
    kind: 'mean' as const,
    of: [0, 1].map((seed) => ({
      kind: 'network' as const,
      spec: { model: 'mlp' as const, window: 6, units: 4, layers: 1, epochs: 3, seed },
    })),
  };
  const mean = makeForecaster(spec);
  await mean.fit(series.subarray(0, 30));
  const saved = new Map<string, NetworkForecaster>();
  const json = savedForecasterToJSON(spec, mean, (member, index) => {
    saved.set(`members/${index + 1}`, member);
    return `members/${index + 1}`;
  });
  assert.deepEqual(json, {
    kind: 'mean',
    members: [
      { kind: 'network', model: 'members/1' },
      { kind: 'network', model: 'members/2' },
    ],
  });
  const loaded = await savedForecasterFromJSON(JSON.parse(JSON.stringify(json)), async (ref): Promise<Forecaster> => saved.get(ref)!);
  assert.deepEqual(loaded.forecast(series, 7), mean.forecast(series, 7));
  await assert.rejects(
    savedForecasterFromJSON({ kind: 'mean', members: [] }, async () => naiveForecaster()),
    /\.members must be a non-empty list/,
  );
  // the two seeds give different networks: the mean is not one of them
  const [a, b] = [0, 1].map((seed) => networkForecaster({ model: 'mlp', window: 6, units: 4, layers: 1, epochs: 3, seed }));
  await a.fit(series.subarray(0, 30));
  await b.fit(series.subarray(0, 30));
  assert.notDeepEqual(a.forecast(series, 3), b.forecast(series, 3));
});
