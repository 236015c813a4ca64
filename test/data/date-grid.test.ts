import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateGrid, inferFrequency, missingAt, offGridMessage, type DateGrid } from '../../src/data/date-grid.js';
import { parseDates, type DateFrequency } from '../../src/data/dates.js';
import { SeriesDates } from '../../src/data/series-dates.js';

const at = (i: number) => `line ${i + 2} of a.csv`;
const parse = (texts: string[]) => parseDates(texts, at);
const freq = (texts: string[]) => inferFrequency(parse(texts));
const grid = (texts: string[]): DateGrid => dateGrid(SeriesDates.from(texts));
const days = (from: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10));

test('inferFrequency(dates) finds daily, weekly, monthly (month-end, month-start, same day), yearly and fixed steps', () => {
  const cases: [string[], DateFrequency | undefined][] = [
    [['2020-01-01', '2020-01-02', '2020-01-03'], { kind: 'daily' }],
    [['2020/02/28', '2020/02/29', '2020/03/01'], { kind: 'daily' }],
    [['2020-01-01T09:00', '2020-01-02T09:00', '2020-01-03T09:00'], { kind: 'daily' }],
    [['2020-01-06', '2020-01-13', '2020-01-20'], { kind: 'weekly' }],
    [['1749-01-31', '1749-02-28', '1749-03-31', '1749-04-30'], { kind: 'monthly', anchor: 'month-end' }],
    [['2020-01-01', '2020-02-01', '2020-03-01'], { kind: 'monthly', anchor: 'month-start' }],
    [['2020-01', '2020-02', '2020-03'], { kind: 'monthly', anchor: 'month-start' }],
    [['2020-01-15', '2020-02-15', '2020-03-15'], { kind: 'monthly', anchor: 'same-day' }],
    [['2018-12-31', '2019-12-31', '2020-12-31'], { kind: 'yearly', anchor: 'month-end' }],
    [['1999', '2000', '2001'], { kind: 'yearly', anchor: 'month-start' }],
    [['2020-01-01T00:00Z', '2020-01-01T00:15Z', '2020-01-01T00:30Z'], { kind: 'fixed', seconds: 900 }],
    [['2020-01-01 00:00:00', '2020-01-01 01:00:00', '2020-01-01 02:00:00'], { kind: 'fixed', seconds: 3600 }],
    [['2020-01-01', '2020-01-03', '2020-01-05'], { kind: 'fixed', seconds: 172800 }],
    [['2020-01-01', '2020-01-02', '2020-01-04', '2020-01-05'], { kind: 'daily' }], // a gap is still daily
    [['2020-01-01', '2020-03-01', '2020-04-01'], { kind: 'monthly', anchor: 'month-start' }], // a missing month
    [['2020-01-01', '2020-01-03', '2020-01-04', '2020-01-06'], undefined], // steps 2,1,2: 2 is the most common but 1 is no multiple
    [['2020-01-01', '2020-01-02', '2020-01-05', '2020-01-12'], undefined], // no step covers half the steps
    [['2020-01-01', '2020-04-01', '2020-07-01'], undefined], // quarterly is not a supported frequency
    [['2020-01-01'], undefined],
  ];
  for (const [texts, expected] of cases) assert.deepEqual(freq(texts), expected, texts.join(' '));
});

test('dateGrid(dates) gives the regular grid inferFrequency gives, on parsed or compact dates alike', () => {
  assert.deepEqual(grid(['1749-01-31', '1749-02-28', '1749-04-30']), {
    kind: 'regular',
    frequency: { kind: 'monthly', anchor: 'month-end' },
  });
  assert.deepEqual(grid(days('2020-01-01', 30)), { kind: 'regular', frequency: { kind: 'daily' } });
  // hourly dates across a change of UTC offset are still one hour apart: regular
  assert.deepEqual(grid(['2020-03-29T00:00+01:00', '2020-03-29T01:00+01:00', '2020-03-29T03:00+02:00', '2020-03-29T04:00+02:00']), {
    kind: 'regular',
    frequency: { kind: 'fixed', seconds: 3600 },
  });
});

test('dateGrid(dates) finds the one date at 12:00 among midnight dates, off the daily grid', () => {
  const texts = days('2020-01-01', 30);
  texts[4] = '2020-01-05T12:00';
  assert.deepEqual(grid(texts), { kind: 'off-grid', frequency: { kind: 'daily' }, index: 4 });
  // even when it is the first date
  texts[4] = '2020-01-05';
  texts[0] = '2020-01-01T06:00';
  assert.deepEqual(grid(texts), { kind: 'off-grid', frequency: { kind: 'daily' }, index: 0 });
});

test('dateGrid(dates) names a date written with another UTC offset than most, however many there are', () => {
  // local midnights across the spring change: 23 hours between two of them
  const texts = [
    ...['2020-03-26', '2020-03-27', '2020-03-28', '2020-03-29'].map((d) => `${d}T00:00+01:00`),
    ...['2020-03-30', '2020-03-31', '2020-04-01'].map((d) => `${d}T00:00+02:00`),
  ];
  assert.deepEqual(grid(texts), { kind: 'off-grid', frequency: { kind: 'daily' }, index: 4, offsetMs: 7_200_000, mostOffsetMs: 3_600_000 });
});

test('dateGrid(dates) finds a date off a monthly grid, not a false daily one', () => {
  const texts = ['2019-12-31', '2020-01-31', '2020-02-29', '2020-03-15', '2020-04-30', '2020-05-31', '2020-06-30', '2020-07-31'];
  assert.deepEqual(grid(texts), { kind: 'off-grid', frequency: { kind: 'monthly', anchor: 'month-end' }, index: 3 });
});

test('dateGrid(dates) says why there is no grid: irregular steps, a calendar step with no name, one date', () => {
  assert.deepEqual(grid(['2020-01-01', '2020-01-02', '2020-01-05', '2020-01-12']), { kind: 'none', why: 'they are not evenly spaced' });
  // many dates off a grid are no grid at all, not a mistake on one line
  assert.deepEqual(grid(['2020-01-01', '2020-01-03', '2020-01-04', '2020-01-06']), { kind: 'none', why: 'they are not evenly spaced' });
  assert.deepEqual(grid(['2020-01-01', '2020-04-01', '2020-07-01']), {
    kind: 'none',
    why: 'they step by 3 months, a frequency seqcast does not name',
  });
  assert.deepEqual(grid(['2020-01-01']), { kind: 'none', why: 'there is only one date' });
});

test('dateGrid(dates) finds the grid of 200,000 hourly dates by sorting, without a map of steps', () => {
  const n = 200_000;
  const texts = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2000, 0, 1) + i * 3_600_000).toISOString().slice(0, 16));
  texts[177_777] = texts[177_777].slice(0, 14) + '30';
  assert.deepEqual(grid(texts), { kind: 'off-grid', frequency: { kind: 'fixed', seconds: 3600 }, index: 177_777 });
});

test('missingAt(dates, i, frequency) counts the dates missing before date i', () => {
  const dates = SeriesDates.from(['2020-01-31', '2020-04-30', '2020-05-31']);
  const monthly: DateFrequency = { kind: 'monthly', anchor: 'month-end' };
  assert.deepEqual(
    [0, 1, 2].map((i) => missingAt(dates, i, monthly)),
    [0, 2, 0],
  );
  assert.equal(missingAt(SeriesDates.from(['2020-01-01T00:00', '2020-01-01T03:00']), 1, { kind: 'fixed', seconds: 3600 }), 2);
});

test('offGridMessage(grid, where, text, previous, step) names the line, the grid and the fix', () => {
  assert.equal(
    offGridMessage(
      { kind: 'off-grid', frequency: { kind: 'daily' }, index: 4 },
      'line 6 of a.csv',
      '2020-01-05T12:00',
      '2020-01-04',
      36 * 3_600_000,
    ),
    'Line 6 of a.csv: 2020-01-05T12:00 is off the daily grid of the other dates (it comes 1.5 days after 2020-01-04): fix or remove that row, so that seqcast can check for missing dates and date its forecasts.',
  );
  assert.equal(
    offGridMessage(
      { kind: 'off-grid', frequency: { kind: 'daily' }, index: 4, offsetMs: 7_200_000, mostOffsetMs: 3_600_000 },
      'line 6 of a.csv',
      '2020-03-30T00:00+02:00',
      '2020-03-29T00:00+01:00',
      23 * 3_600_000,
    ),
    'Line 6 of a.csv: 2020-03-30T00:00+02:00 is off the daily grid of the other dates: it is written with UTC offset +02:00, most dates with +01:00. Write every date with the same offset (e.g. all in UTC, ending in Z), or fix that row.',
  );
});
