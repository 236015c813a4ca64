import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manySeriesCsvReader, parseManySeries } from '../../src/data/many-series.js';
import { InputError } from '../../src/errors.js';

const values = (r: ReturnType<typeof parseManySeries>) => r.series.map((s) => [s.id.join('/'), Array.from(s.values)]);

test('parseManySeries(long) groups rows by id in first-seen order and sorts each series by date', () => {
  const csv = 'unique_id,ds,y\nb,2020-01-03,3\na,2020-01-02,20\nb,2020-01-01,1\na,2020-01-01,10\nb,2020-01-02,2\n';
  const r = parseManySeries(csv, { id: 'unique_id', date: 'ds', column: 'y', source: 'm.csv' });
  assert.deepEqual(values(r), [
    ['b', [1, 2, 3]],
    ['a', [10, 20]],
  ]);
  assert.deepEqual(r.idColumns, ['unique_id']);
  assert.equal(r.series[0].end, '2020-01-03');
  assert.deepEqual(r.series[0].frequency, { kind: 'daily' });
  assert.deepEqual(r.skipped, []);
});

test('parseManySeries(long) takes a composite id over several columns, and the value column by default is the last other one', () => {
  const csv = 'store,item,day,sales\n1,x,2021-01,5\n1,y,2021-01,6\n2,x,2021-01,7\n1,x,2021-02,8\n';
  const r = parseManySeries(csv, { id: 'store,item', date: 'day', source: 'c.csv' });
  assert.deepEqual(values(r), [
    ['1/x', [5, 8]],
    ['1/y', [6]],
    ['2/x', [7]],
  ]);
  assert.deepEqual(r.idColumns, ['store', 'item']);
  assert.equal(r.column, 'sales');
});

test('parseManySeries(long) skips a series with a repeated date, naming its lines, and keeps the others', () => {
  const csv = 'id,ds,y\na,2020-01-01,1\nb,2020-01-01,5\na,2020-01-01,2\nb,2020-01-02,6\n';
  const r = parseManySeries(csv, { id: 'id', date: 'ds', column: 'y', source: 'd.csv' });
  assert.deepEqual(values(r), [['b', [5, 6]]]);
  assert.equal(r.skipped.length, 1);
  assert.deepEqual(r.skipped[0].id, ['a']);
  assert.match(r.skipped[0].reason, /Line 2 of d\.csv and line 4 of d\.csv have the same date \(2020-01-01\)/);
});

test('parseManySeries(long): series of different starts and lengths; a gap skips the series without fill and is filled with it', () => {
  const csv = 'id,ds,y\na,2020-01,1\na,2020-02,2\na,2020-04,4\nb,2019-06,7\nb,2019-07,8\n';
  const strict = parseManySeries(csv, { id: 'id', date: 'ds', column: 'y', source: 'g.csv' });
  assert.deepEqual(values(strict), [['b', [7, 8]]]);
  assert.match(strict.skipped[0].reason, /Line 4 of g\.csv: 1 date is missing before 2020-04-01.*--fill/);
  const filled = parseManySeries(csv, { id: 'id', date: 'ds', column: 'y', source: 'g.csv', fill: 'linear' });
  assert.deepEqual(values(filled), [
    ['a', [1, 2, 3, 4]],
    ['b', [7, 8]],
  ]);
  assert.equal(filled.filled, 1);
  assert.deepEqual(filled.series[0].frequency, { kind: 'monthly', anchor: 'month-start' });
});

test('parseManySeries stops at a bad row with one message naming the line and the column', () => {
  const read = (csv: string) => () => parseManySeries(csv, { id: 'id', date: 'ds', column: 'y', source: 'bad.csv' });
  assert.throws(read('id,ds,y\na,2020-01-01,1\na,2020-01-02,abc\n'), (err: Error) => {
    assert.ok(err instanceof InputError);
    assert.match(err.message, /^Line 3 of bad\.csv: column 'y' has 'abc', which is not a number/);
    return true;
  });
  assert.throws(read('id,ds,y\na,2020-01-01,1\na,01/02/2020,2\n'), /line 3 of bad\.csv: '01\/02\/2020' in column 'ds' is not a date/i);
  assert.throws(read('id,ds,y\n,2020-01-01,1\n'), /Line 2 of bad\.csv: the id in column 'id' is empty/);
  assert.throws(read('key,ds,y\na,2020-01-01,1\n'), /bad\.csv has no column 'id' for the series id: its columns are 'key', 'ds', 'y'/);
});

test('parseManySeries(wide) reads one series per column, each from its first value to its last', () => {
  const csv = 'day,a,b,c\n2020-01-01,1,,\n2020-01-02,2,5,\n2020-01-03,3,6,9\n2020-01-04,,7,10\n';
  const r = parseManySeries(csv, { columns: 'a,b', date: 'day', source: 'w.csv' });
  assert.deepEqual(values(r), [
    ['a', [1, 2, 3]],
    ['b', [5, 6, 7]],
  ]);
  assert.equal(r.series[0].end, '2020-01-03');
  assert.equal(r.series[1].end, '2020-01-04');
  const all = parseManySeries(csv, { allColumns: true, date: 'day', source: 'w.csv' });
  assert.deepEqual(
    all.series.map((s) => s.id[0]),
    ['a', 'b', 'c'],
  );
  const noDates = parseManySeries('a,b\n1,2\n3,4\n', { allColumns: true, source: 'n.csv' });
  assert.deepEqual(values(noDates), [
    ['a', [1, 3]],
    ['b', [2, 4]],
  ]);
});

test('parseManySeries(wide) skips a column with a gap inside (without fill) and one with no values', () => {
  const csv = 'a,b,c\n1,1,\n,2,\n3,3,\n';
  const r = parseManySeries(csv, { allColumns: true, source: 'w.csv' });
  assert.deepEqual(values(r), [['b', [1, 2, 3]]]);
  assert.deepEqual(
    r.skipped.map((s) => s.id[0]),
    ['a', 'c'],
  );
  assert.match(r.skipped[0].reason, /Line 3 of w\.csv: the value in column 'a' is missing/);
  assert.match(r.skipped[1].reason, /has no values/);
});

test('manySeriesCsvReader reads text cut anywhere into chunks as a whole, and refuses two layouts at once', () => {
  const csv =
    'id,ds,y\n' +
    Array.from({ length: 50 }, (_, i) => `s${i % 5},2020-01-${String(1 + Math.floor(i / 5)).padStart(2, '0')},${i}`).join('\n');
  const reader = manySeriesCsvReader({ id: 'id', date: 'ds', source: 'x.csv' });
  for (let i = 0; i < csv.length; i += 7) reader.push(csv.slice(i, i + 7));
  const r = reader.end();
  assert.deepEqual(values(r), values(parseManySeries(csv, { id: 'id', date: 'ds', source: 'x.csv' })));
  assert.equal(r.series.length, 5);
  assert.deepEqual(Array.from(r.series[2].values), [2, 7, 12, 17, 22, 27, 32, 37, 42, 47]);
  assert.throws(() => manySeriesCsvReader({ id: 'id', columns: 'a', source: 'x.csv' }), /different layouts/);
});
