import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillMissing, insertMissing } from '../../src/data/fill.js';
import { messagesOf } from '../helpers/messages.js';

const at = (i: number) => `line ${i + 2} of temps.csv`;

test("fillMissing(values, 'previous') carries the last value forward and counts the fills", () => {
  const v = Float64Array.of(1, NaN, NaN, 4, NaN);
  assert.equal(fillMissing(v, 'previous'), 3);
  assert.deepEqual([...v], [1, 1, 1, 4, 4]);
});

test("fillMissing(values, 'linear') interpolates inside and copies the nearest value at the ends", () => {
  const v = Float64Array.of(NaN, NaN, 2, NaN, NaN, 8, NaN);
  assert.equal(fillMissing(v, 'linear'), 5);
  assert.deepEqual([...v], [2, 2, 2, 4, 6, 8, 8]);
  const none = Float64Array.of(1, 2);
  assert.equal(fillMissing(none, 'linear'), 0);
  assert.deepEqual([...none], [1, 2]);
});

test("fillMissing(values, 'previous') names the line of a missing first value and suggests 'linear' (the CLI: --fill linear)", () => {
  assert.deepEqual(
    messagesOf(() => fillMissing(Float64Array.of(NaN, 1), 'previous', { column: 'Temp', where: at })),
    {
      plain:
        "Line 2 of temps.csv: the first value of column 'Temp' is missing, so fill 'previous' has nothing to carry forward: use fill 'linear' (it copies the first known value), or give a first value.",
      cli: "Line 2 of temps.csv: the first value of column 'Temp' is missing, so --fill previous has nothing to carry forward: use --fill linear (it copies the first known value), or give a first value.",
    },
  );
  assert.throws(
    () => fillMissing(Float64Array.of(NaN, 1), 'previous'),
    /^SeriesInputError: Value 0: the first value of column 'value' is missing/,
  );
});

test('fillMissing(values, method) throws when every value is missing or the method is unknown', () => {
  assert.deepEqual(
    messagesOf(() => fillMissing(Float64Array.of(NaN, NaN), 'linear', { column: 'Temp' })),
    {
      plain: "Column 'Temp' has no values at all (2 missing), so there is nothing to fill from: choose another column, or fix the data.",
      cli: "Column 'Temp' has no values at all (2 missing), so there is nothing to fill from: choose another column with --column, or fix the data.",
    },
  );
  assert.throws(() => fillMissing(Float64Array.of(1), 'mean' as 'linear'), /Unknown fill method 'mean': use previous or linear/);
  assert.equal(fillMissing(new Float64Array(0), 'linear'), 0);
});

test('insertMissing(values, missing) puts NaN rows where dates are missing', () => {
  const out = insertMissing(Float64Array.of(1, 4, 5), [0, 2, 0]);
  assert.deepEqual(
    [...out].map((x) => (Number.isNaN(x) ? 'NaN' : x)),
    [1, 'NaN', 'NaN', 4, 5],
  );
  assert.throws(() => insertMissing(Float64Array.of(1, 2), [0]), /one count per value: got 1 counts for 2 values/);
});
