import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, ModelFileError, OptionError, OutputError, SeqcastError, TrainingError } from '../src/errors.js';
import { SeriesInputError } from '../src/data/input-error.js';

test('each kind of SeqcastError is caught as its kind and as a SeqcastError, and names itself', () => {
  for (const Kind of [InputError, ModelFileError, TrainingError, OptionError, OutputError]) {
    const err = new Kind('the problem: the fix.');
    assert.ok(err instanceof Kind && err instanceof SeqcastError && err instanceof Error);
    assert.equal(err.name, Kind.name);
    assert.equal(err.message, 'the problem: the fix.');
  }
  assert.ok(!(new InputError('x') instanceof ModelFileError));
});

test('a SeriesInputError is an InputError', () => {
  const err = new SeriesInputError(() => 'Line 3 of a.csv: the cell is empty: fix or remove that row.');
  assert.ok(err instanceof InputError && err instanceof SeqcastError);
  assert.equal(err.name, 'SeriesInputError');
});
