import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compensatedSum } from '../../src/metrics/sums.js';

test('compensatedSum(n, term) keeps the low-order bits a plain sum drops', () => {
  const terms = [1e16, 1, -1e16];
  assert.equal(
    terms.reduce((a, b) => a + b, 0),
    0,
  );
  assert.equal(
    compensatedSum(3, (i) => terms[i]),
    1,
  );
  assert.equal(
    compensatedSum(0, () => 1),
    0,
  );
  assert.equal(
    compensatedSum(10, (i) => i + 0.1),
    46,
  );
});
