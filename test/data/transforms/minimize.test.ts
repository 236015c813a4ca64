import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimizeBrent } from '../../../src/data/transforms/minimize.js';
import { OptionError } from '../../../src/errors.js';

test('minimizeBrent(f, lower, upper) finds a parabola’s minimum within its tolerance, in few evaluations', () => {
  const { x, fx, evaluations } = minimizeBrent((x) => (x - 1) ** 2 + 3, -1, 2);
  assert.ok(Math.abs(x - 1) < 2e-4, `${x}`);
  assert.equal(fx, (x - 1) ** 2 + 3);
  assert.ok(evaluations < 10, `${evaluations}`); // a parabola is found by interpolation at once
});

test('minimizeBrent with a tight tolerance converges to ~√ε on a non-quadratic function', () => {
  // min of x·ln x on (0, 2) is at 1/e; near a minimum f is flat to ε over ~√ε·|x|, so no method
  // does better than ~1e-8 there, and the stopping rule's √ε·|x| term says so
  const loose = minimizeBrent((x) => x * Math.log(x), 0, 2);
  const tight = minimizeBrent((x) => x * Math.log(x), 0, 2, { tolerance: 1e-12 });
  assert.ok(Math.abs(tight.x - 1 / Math.E) < 1e-7, `${tight.x}`);
  assert.ok(Math.abs(loose.x - 1 / Math.E) < 2e-4, `${loose.x}`);
  assert.ok(tight.evaluations > loose.evaluations);
});

test('minimizeBrent stops near the bound when the minimum lies beyond it, and never evaluates the bounds', () => {
  const seen: number[] = [];
  const { x } = minimizeBrent(
    (x) => {
      seen.push(x);
      return x;
    },
    -1,
    2,
  );
  assert.ok(x > -1 && x < -1 + 1e-3, `${x}`);
  assert.ok(seen.every((v) => v > -1 && v < 2));
});

test('minimizeBrent treats NaN and Infinity as the largest double, so it moves away from them (as R’s optimize)', () => {
  const { x } = minimizeBrent((x) => (x > 1 ? NaN : (x - 0.5) ** 2), -1, 2);
  assert.ok(Math.abs(x - 0.5) < 2e-4, `${x}`);
});

test('minimizeBrent refuses bad bounds and tolerances with OptionError', () => {
  assert.throws(
    () => minimizeBrent((x) => x, 2, 1),
    (e: Error) => e instanceof OptionError && /lower < upper, got \[2, 1\]/.test(e.message),
  );
  assert.throws(() => minimizeBrent((x) => x, 0, Infinity), OptionError);
  assert.throws(
    () => minimizeBrent((x) => x, 0, 1, { tolerance: 0 }),
    (e: Error) => e instanceof OptionError && /tolerance/.test(e.message),
  );
});
