import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTransform, parseTransformList, transformFromJSON, TRANSFORM_STEPS } from '../../../src/data/transforms/registry.js';
import { ModelFileError, OptionError } from '../../../src/errors.js';

test('makeTransform(spec) builds each kind from a name, an object or an array (a chain)', () => {
  assert.equal(makeTransform('difference').name, 'difference');
  assert.equal(makeTransform({ kind: 'seasonal-difference', period: 7 }).name, 'seasonal-difference (7)');
  assert.equal(makeTransform('log').kind, 'log');
  assert.equal(makeTransform('box-cox').name, 'box-cox (guerrero)');
  assert.equal(makeTransform({ kind: 'box-cox', period: 12, lower: 0, upper: 1 }).name, 'box-cox (guerrero, 12)');
  assert.equal(makeTransform({ kind: 'box-cox', lambda: 0 }).name, 'box-cox (0)');
  assert.equal(makeTransform('minmax').name, 'minmax scaling');
  const chain = makeTransform(['log', { kind: 'seasonal-difference', period: 12 }, 'standard']);
  assert.equal(chain.name, 'chain [log, seasonal-difference (12), standard scaling]');
  assert.equal(makeTransform({ kind: 'chain', transforms: ['difference', 'difference'] }).lag, 2);
});

test('makeTransform(spec) refuses a bad spec with an OptionError naming the problem', () => {
  const refuses = (spec: unknown, pattern: RegExp): void => {
    assert.throws(
      () => makeTransform(spec as never),
      (e: Error) => e instanceof OptionError && pattern.test(e.message),
      String(JSON.stringify(spec)),
    );
  };
  refuses('sqrt', /transform spec: unknown kind "sqrt": use difference, seasonal-difference, log, box-cox/);
  refuses('seasonal-difference', /'seasonal-difference' needs its period/);
  refuses({ kind: 'difference', lag: 2 }, /unknown field 'lag' for kind 'difference'/);
  refuses({ kind: 'seasonal-difference', period: 1 }, /period must be an integer ≥ 2/);
  refuses({ kind: 'box-cox', lambda: 'auto' }, /lambda must be a finite number, got "auto"/);
  refuses({ kind: 'box-cox', lambda: 0, period: 12 }, /not both/);
  refuses([], /transform spec: an empty array/);
  refuses(['log', 42], /transform spec\[1\]: got 42/);
  refuses({ kind: 'chain', transforms: 'log' }, /'transforms' is "log", not an array/);
  refuses(null, /got null/);
});

test('transformFromJSON(state) rebuilds each kind, fitted', () => {
  const states = [
    { kind: 'difference' },
    { kind: 'seasonal-difference', period: 4 },
    { kind: 'log' },
    { kind: 'box-cox', method: 'fixed', lambda: -0.25 },
    { kind: 'box-cox', method: 'guerrero', lambda: 0.1, period: 12, lower: -1, upper: 2 },
    { kind: 'standard', offset: 3, scale: 2 },
    { kind: 'minmax', offset: -1, scale: 5 },
    { kind: 'none', offset: 0, scale: 1 },
    { kind: 'chain', transforms: [{ kind: 'log' }, { kind: 'chain', transforms: [{ kind: 'difference' }] }] },
  ];
  for (const state of states) {
    const t = transformFromJSON(state);
    assert.equal(t.fitted, true, state.kind);
    assert.deepEqual(t.toJSON(), state);
  }
});

test('transformFromJSON(json) refuses anything but a fitted state with a ModelFileError giving its path', () => {
  const refuses = (json: unknown, pattern: RegExp): void => {
    assert.throws(
      () => transformFromJSON(json),
      (e: Error) => e instanceof ModelFileError && /^Not a fitted transform's state: /.test(e.message) && pattern.test(e.message),
      JSON.stringify(json),
    );
  };
  refuses('log', /transform is "log", expected a JSON object/);
  refuses([], /transform is an array/);
  refuses({ kind: 'sqrt' }, /transform has kind "sqrt", expected one of difference, seasonal-difference/);
  refuses({}, /transform has kind missing/);
  refuses({ kind: 'difference', lag: 1 }, /has an unknown field 'lag'/);
  refuses({ kind: 'seasonal-difference', period: 1 }, /has period 1, expected an integer ≥ 2/);
  refuses({ kind: 'box-cox', lambda: 0.5 }, /has method missing, expected 'fixed' or 'guerrero'/);
  refuses({ kind: 'box-cox', method: 'fixed', lambda: null }, /has lambda null, expected a finite number/);
  refuses({ kind: 'box-cox', method: 'fixed', lambda: 0.5, period: 12 }, /unknown field 'period'/);
  refuses({ kind: 'box-cox', method: 'guerrero', lambda: 3, period: 12, lower: -1, upper: 2 }, /lambda 3 outside its bounds \[-1, 2\]/);
  refuses(
    { kind: 'box-cox', method: 'guerrero', lambda: 0, period: 12, lower: 1, upper: 0 },
    /upper 0, expected a finite number above lower \(1\)/,
  );
  refuses({ kind: 'standard', offset: 1 }, /has scale missing, expected a positive number/);
  refuses({ kind: 'none', offset: 2, scale: 1 }, /has offset 2, expected 0/);
  refuses({ kind: 'chain', transforms: [] }, /has transforms an array, expected a non-empty array/);
  refuses(
    { kind: 'chain', transforms: [{ kind: 'log' }, { kind: 'seasonal-difference', period: 'x' }] },
    /transform\.transforms\[1\] has period "x"/,
  );
  let deep: unknown = { kind: 'log' };
  for (let i = 0; i < 20; i++) deep = { kind: 'chain', transforms: [deep] };
  refuses(deep, /nests chains deeper than 16/);
});

test('parseTransformList(text) reads the steps of TRANSFORM_STEPS separated by commas, and throws an OptionError naming a bad item', () => {
  assert.deepEqual(parseTransformList('box-cox:0, difference,standard'), [{ kind: 'box-cox', lambda: 0 }, 'difference', 'standard']);
  assert.deepEqual(parseTransformList('seasonal-difference:12,minmax'), [{ kind: 'seasonal-difference', period: 12 }, 'minmax']);
  // every step the list names parses (with a number for its placeholder)
  for (const step of TRANSFORM_STEPS) assert.equal(parseTransformList(step.replace('LAMBDA', '0.5').replace('PERIOD', '7')).length, 1);
  for (const [text, why] of [
    ['diff', /^has 'diff', which is not a transform: use kinds separated by commas \(difference, log, box-cox, box-cox:LAMBDA/],
    ['seasonal-difference', /^has 'seasonal-difference': seasonal-difference needs its period/],
    ['box-cox:x', /^has 'box-cox:x': box-cox:L needs a number L/],
    [
      'seasonal-difference:1',
      /^'seasonal-difference:1' is not a valid transform \(seasonalDifferenceTransform period must be an integer ≥ 2/,
    ],
  ] as const) {
    assert.throws(
      () => parseTransformList(text),
      (e: Error) => e instanceof OptionError && why.test(e.message),
    );
  }
});
