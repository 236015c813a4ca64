import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beyondFloat32, beyondFloat32Message, cellValue, isBelowFloat32 } from '../../src/data/cell.js';

test('cellValue(cell) reads decimal numbers, treats empty cells, null and NA/NaN/null/?/- as missing, and rejects other text', () => {
  assert.deepEqual(['  2.5 ', '-3e2', '+4.', '.5', '1E-3', '0', '007'].map(cellValue), [2.5, -300, 4, 0.5, 0.001, 0, 7]);
  assert.equal(cellValue(7), 7);
  for (const missing of [null, undefined, '', '  ', 'NA', 'na', 'NaN', 'NULL', '?', '-'])
    assert.ok(Number.isNaN(cellValue(missing)), String(missing));
  for (const bad of ['abc', '1,5', true, {}, [1], NaN]) assert.equal(cellValue(bad), undefined, String(bad));
});

test('cellValue(cell) reads numbers as written: 0x1F, 0b101, 0o7, 1_000, Infinity and other non-decimal forms are text', () => {
  for (const written of ['0x1F', '0X1f', '0b101', '0o7', '1_000', 'Infinity', '-Infinity', '+Infinity', '1e', 'e5', '.', '1.2.3', '١٢'])
    assert.equal(cellValue(written), undefined, written);
});

test('cellValue(cell) gives ±Infinity for a written number beyond a double, for beyondFloat32 to refuse', () => {
  assert.deepEqual([cellValue('1e400'), cellValue('-1e400'), cellValue(Infinity)], [Infinity, -Infinity, Infinity]);
});

test('beyondFloat32(value) and isBelowFloat32(value) tell the numbers float32 cannot hold as they are', () => {
  assert.deepEqual([3.4e38, 3.5e38, -1e39, 1e308, Infinity, NaN].map(beyondFloat32), [false, true, true, true, true, false]);
  assert.deepEqual([1e-300, -1e-39, 1.2e-38, 1e-30, 0, -0].map(isBelowFloat32), [true, true, false, false, false, false]);
});

test('beyondFloat32Message(where, column, value, written) names the place, the value as written, float32 and the fix', () => {
  assert.equal(
    beyondFloat32Message('Line 4 of big.csv', 'v', -1e39, '-1e39'),
    "Line 4 of big.csv: column 'v' has -1e39, beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by 1e39) and forecast in those units.",
  );
  assert.match(
    beyondFloat32Message('Line 3 of big.csv', 'v', Infinity, '1e400'),
    /^Line 3 of big.csv: column 'v' has 1e400, a number too large even for a double \(beyond ±1\.8e308, read as Infinity\)/,
  );
  assert.equal(
    beyondFloat32Message('Item 2 of a.json', 'value', Infinity),
    "Item 2 of a.json: column 'value' has a number too large even for a double (beyond ±1.8e308, read as Infinity), far beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by a power of ten) and forecast in those units.",
  );
});
