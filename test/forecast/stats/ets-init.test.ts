// initialStates (R's forecast:::initstate heuristic) against R's own output on the fixture series,
// and the classical decomposition on a case worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decompose, initialStates } from '../../../src/forecast/stats/ets-init.js';
import { loadEtsFixture } from './ets-fixture.js';

const fixture = loadEtsFixture();

test('initialStates(y, m, trend, season) equals R forecast:::initstate for every fixed form on every fixture series', () => {
  let checked = 0;
  for (const s of fixture.series) {
    for (const f of s.fixed) {
      if (!f.heuristic || !f.form) continue;
      const trend = f.form[1] as 'N' | 'A';
      const season = f.form[f.form.length - 1] as 'N' | 'A' | 'M';
      const got = initialStates(s.values, season === 'N' ? 1 : s.period, trend, season);
      assert.equal(got.length, f.heuristic.length, `${s.name} ${f.form}`);
      // R sums in long double and solves by QR: the last bits may differ
      got.forEach((v, i) =>
        assert.ok(
          Math.abs(v - f.heuristic![i]) <= 1e-12 * Math.max(1, Math.abs(f.heuristic![i])),
          `${s.name} ${f.form} state ${i}: ${v} vs R ${f.heuristic![i]}`,
        ),
      );
      checked++;
    }
  }
  assert.ok(checked > 150, `${checked} heuristics checked`); // both paths: decomposition (n >= 3m) and Fourier regression (n < 3m)
});

test('decompose(y, m, season) is the classical decomposition: a pure season comes back exactly', () => {
  const y = Float64Array.of(1, 3, 1, 3, 1, 3);
  assert.deepEqual(Array.from(decompose(y, 2, 'A')), [-1, 1, -1, 1, -1, 1]);
  const z = Float64Array.from({ length: 12 }, (_, t) => (10 + t) * [0.5, 1.5, 1, 1][t % 4]);
  const seasonal = decompose(z, 4, 'M');
  assert.ok(Math.abs(seasonal.slice(0, 4).reduce((a, v) => a + v, 0) - 4) < 1e-12, 'indices average 1');
  assert.throws(() => decompose(Float64Array.of(1, 2, 3), 2, 'A'), /two full seasons/);
});

test('initialStates throws for a seasonal start from fewer than 4 values', () => {
  assert.throws(() => initialStates(Float64Array.of(1, 2, 3), 2, 'N', 'A'), /at least 4 values/);
});
