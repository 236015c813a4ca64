import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesDates, SeriesDatesBuilder } from '../../src/data/series-dates.js';

const written = [
  '1999',
  '2000-02',
  '2000/03/04',
  '2000-03-05',
  '2000-03-05T06:07',
  '2000-03-05 06:07:08',
  '2000-03-05T06:07:08.5Z',
  '2000-03-05T09:07:09.125+02:00',
  '2000-03-06T00:00-05:30',
];

test('SeriesDates.from(texts) gives every date back exactly as written, whatever its format', () => {
  const dates = SeriesDates.from(written);
  assert.equal(dates.length, written.length);
  assert.deepEqual(dates.toArray(), written);
  assert.deepEqual(
    [dates.at(0), dates.at(-1), dates.at(written.length), dates.at(-written.length - 1)],
    [written[0], written.at(-1), undefined, undefined],
  );
  assert.equal(JSON.stringify(dates), JSON.stringify(written));
  assert.deepEqual([...dates], written);
});

test('SeriesDates: slice shares the dates, indexOf finds a date by binary search', () => {
  const dates = SeriesDates.from(written);
  assert.deepEqual(dates.slice(2, 4).toArray(), written.slice(2, 4));
  assert.deepEqual(dates.slice(-2).toArray(), written.slice(-2));
  assert.deepEqual(dates.slice(5, 2).toArray(), []);
  assert.deepEqual(
    written.map((t) => dates.indexOf(t)),
    written.map((_, i) => i),
  );
  // the same instant written another way is not the date the file has; nor is a date it lacks
  assert.deepEqual(
    [dates.indexOf('2000-03-04'), dates.indexOf('2000-03-05T06:07Z'), dates.indexOf('2021-01-01'), dates.indexOf('x')],
    [-1, -1, -1, -1],
  );
  assert.deepEqual(dates.slice(3).indexOf('2000-03-05T06:07'), 1);
});

test('SeriesDates.from(texts, where) names the place of an unreadable date or one out of order', () => {
  assert.throws(() => SeriesDates.from(['2020-01-01', '01/02/2020'], (i) => `line ${i + 2} of a.csv`), {
    name: 'InputError',
    message: /^Line 3 of a.csv: '01\/02\/2020' in column 'date' is not a date seqcast can read/,
  });
  assert.throws(() => SeriesDates.from(['2020-01-02', '2020-01-02']), {
    name: 'InputError',
    message: /^Dates 0 and 1 have the same date 2020-01-02/,
  });
});

test('SeriesDatesBuilder(column, where) keeps about 10 bytes a date, whatever the count', () => {
  const builder = new SeriesDatesBuilder('t', (r) => `line ${r + 2}`);
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i < 100_000; i++) builder.push(new Date(start + i * 60_000).toISOString(), i);
  const dates = builder.finish();
  assert.equal(dates.length, 100_000);
  assert.equal(dates.at(99_999), new Date(start + 99_999 * 60_000).toISOString());
  assert.deepEqual(dates.parsed(-1).style.fraction, 3);
});
