import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeriesCsv } from '../src/data/csv.js';
import { loadShipped } from '../src/data/shipped.js';
import { naiveForecast } from '../src/forecast/baselines.js';
import { mae } from '../src/metrics/errors.js';

test('parseSeriesCsv(text, { column, date }) picks the columns by name or index', () => {
  const csv = 'Date,Temp,Other\n"1981-01-01",20.7,x\n1981-01-02,17.9,y\n';
  assert.deepEqual(parseSeriesCsv(csv, { column: 'Temp', date: 'Date' }), { column: 'Temp', values: Float32Array.of(20.7, 17.9), dates: ['1981-01-01', '1981-01-02'] });
  assert.deepEqual([...parseSeriesCsv(csv, { column: 1 }).values], [Math.fround(20.7), Math.fround(17.9)]);
});

test('parseSeriesCsv names the line of a text or empty cell and the columns of a missing one', () => {
  assert.throws(() => parseSeriesCsv('d,v\n1,2\n2,abc\n3,4', { column: 'v' }), /Line 3 of the CSV has 'abc', not a number in column 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2\n2,\n', { column: 'v' }), /Line 3 of the CSV has an empty cell in column 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2', { column: 'temp' }), /no column 'temp': its columns are 'd', 'v'/);
  assert.throws(() => parseSeriesCsv('d,v\n1,2,3\n', { column: 'v' }), /could not be parsed/);
  assert.throws(() => parseSeriesCsv('d,v\n', { column: 'v' }), /no data rows/);
});

test("loadShipped(name) reads the course's real series and its naive MAE matches the course", () => {
  const sun = loadShipped('sunspots');
  assert.equal(sun.values.length, 3235);
  assert.equal(sun.dates[0], '1749-01-31');
  // the course's recomputed naive MAE on the validation split (datasets/README.md)
  assert.ok(Math.abs(mae(sun.values.subarray(3000), naiveForecast(sun.values, 3000)) - 16.14) < 0.005);
  const temps = loadShipped('temperatures');
  assert.equal(temps.values.length, 3650);
  assert.ok(Math.abs(mae(temps.values.subarray(2500), naiveForecast(temps.values, 2500)) - 2.01) < 0.005);
  assert.throws(() => loadShipped('weather'), /Unknown dataset 'weather': use one of sunspots, temperatures/);
});
