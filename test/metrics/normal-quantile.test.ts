// normalQuantile against R's qnorm (fixture: bench/r/qnorm-fixtures.R, R 4.2.2), at 1,300 or so
// probabilities from 1e-300 to 1 − 1e-15: the centre, both tails and the seams between AS 241's
// three formulas. Tolerance 1e-15 relative (plus 1e-300 absolute for qnorm(0.5) = 0): AS 241 is
// accurate to about 1e-16, and R evaluates the same rational functions, so only the last bit or
// two of rounding may differ. A wrong coefficient digit moves the result by far more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalQuantile } from '../../src/metrics/normal-quantile.js';

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/r/qnorm.json', import.meta.url)), 'utf8')) as {
  p: number[];
  q: number[];
  levels: number[];
  z: number[];
};

test("normalQuantile(p) gives R's qnorm(p) to 1e-15 relative from p = 1e-300 to 1 − 1e-15", () => {
  assert.ok(fixture.p.length > 1000);
  let worst = 0;
  fixture.p.forEach((p, i) => {
    const ours = normalQuantile(p);
    const rel = Math.abs(ours - fixture.q[i]) / Math.max(Math.abs(fixture.q[i]), 1e-300);
    worst = Math.max(worst, rel);
    assert.ok(rel <= 1e-15, `p ${p}: ${ours} vs R ${fixture.q[i]} (relative ${rel})`);
  });
  assert.ok(worst < 1e-15);
});

test("normalQuantile((1 + L/100) / 2) is R's z of the usual interval levels (80 %: 1.2816, 95 %: 1.96)", () => {
  fixture.levels.forEach((level, i) => {
    const z = normalQuantile((1 + level / 100) / 2);
    assert.ok(Math.abs(z - fixture.z[i]) <= 1e-15 * fixture.z[i], `level ${level}: ${z} vs R ${fixture.z[i]}`);
  });
  assert.equal(normalQuantile(0.975).toFixed(6), '1.959964');
});

test('normalQuantile(p) is odd about ½, −Infinity and Infinity at 0 and 1, and throws outside [0, 1]', () => {
  for (const p of [2 ** -40, 2 ** -10, 0.125, 0.375])
    // 1 − p exact assert.equal(normalQuantile(p), -normalQuantile(1 - p));
    assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  for (const p of [-0.1, 1.5, NaN]) assert.throws(() => normalQuantile(p), /normalQuantile\(p\) needs a probability p in \[0, 1\]/);
});
