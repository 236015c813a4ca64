import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesInputError, messageFor, type OptionNames } from '../../src/data/input-error.js';

const fixable = () =>
  new SeriesInputError(
    ({ fill }) => `Line 3 of a.csv: the cell is empty: fix or remove that row${fill ? `, or fill it with ${fill()}` : ''}.`,
  );
const flags: OptionNames = { fill: (v = 'previous|linear') => `--fill ${v}` };

test('new SeriesInputError(say) is an Error whose message names no option', () => {
  const err = fixable();
  assert.ok(err instanceof Error);
  assert.equal(err.message, 'Line 3 of a.csv: the cell is empty: fix or remove that row.');
});

test('err.messageFor(names) words the same error with the caller’s names for its options', () => {
  assert.equal(
    fixable().messageFor(flags),
    'Line 3 of a.csv: the cell is empty: fix or remove that row, or fill it with --fill previous|linear.',
  );
  assert.equal(fixable().messageFor({}), fixable().message);
});

test('messageFor(err, names) words a SeriesInputError, and gives any other error its message', () => {
  assert.match(messageFor(fixable(), flags), /--fill previous\|linear\.$/);
  assert.equal(messageFor(new Error('plain'), flags), 'plain');
  assert.equal(messageFor('text', flags), 'text');
});
