import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTransform } from '../../../src/data/transforms/log.js';
import { InputError } from '../../../src/errors.js';

test('logTransform() is ln on the way in and exp on the way out, pointwise', () => {
  const log = logTransform();
  assert.equal(log.lag, 0);
  assert.deepEqual(Array.from(log.transform([1, Math.E])), [0, 1]);
  assert.deepEqual(Array.from(log.inverseForecast([], [0, 2])), [1, Math.fround(Math.exp(2))]);
  assert.deepEqual(Array.from(log.inverseSliding([5, 6, 7], 1, [0, Math.log(3)])), [1, 3]);
  assert.deepEqual(log.toJSON(), { kind: 'log' });
});

test('logTransform() refuses values <= 0 with an InputError naming the value and the fix', () => {
  const log = logTransform();
  assert.throws(
    () => log.fit([3, 1, -2]),
    (e: Error) =>
      e instanceof InputError &&
      /log: train\[2\] is -2, but it takes positive values only: use it on strictly positive data/.test(e.message),
  );
  assert.throws(
    () => log.transform([0]),
    (e: Error) => e instanceof InputError && /values\[0\] is 0/.test(e.message),
  );
});

test('logTransform() refuses a forecast whose exp overflows float32 instead of returning Infinity', () => {
  assert.throws(
    () => logTransform().inverseForecast([], [10, 100]),
    (e: Error) => e instanceof InputError && /at 1 is 2\.68\d*e\+43, beyond float32's range/.test(e.message),
  );
});
