import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDateOrder,
  checkNextDate,
  dateAfter,
  datesAfter,
  daysInMonth,
  describeFrequency,
  futureDates,
  missingBefore,
  parseDate,
  parseDates,
  utcMs,
  wallDate,
  withMissingDates,
  type DateFrequency,
} from '../../src/data/dates.js';

const at = (i: number) => `line ${i + 2} of a.csv`;
const parse = (texts: string[]) => parseDates(texts, at);

test('parseDate(text) reads YYYY-MM-DD, YYYY/MM/DD, YYYY-MM, YYYY and datetimes', () => {
  assert.deepEqual(
    ['1749-01-31', '2020/02/29', '2020-03', '1999'].map((t) => {
      const d = parseDate(t)!;
      return [d.year, d.month, d.day, d.msOfDay];
    }),
    [
      [1749, 1, 31, 0],
      [2020, 2, 29, 0],
      [2020, 3, 1, 0],
      [1999, 1, 1, 0],
    ],
  );
  assert.equal(parseDate('2020-01-01T06:30')!.time, Date.UTC(2020, 0, 1, 6, 30));
  assert.equal(parseDate('2020-01-01T06:30:15Z')!.time, Date.UTC(2020, 0, 1, 6, 30, 15));
  assert.equal(parseDate('2020-01-01 06:30:15.250')!.time, Date.UTC(2020, 0, 1, 6, 30, 15, 250));
  assert.equal(parseDate('2020-01-01T06:30+02:00')!.time, Date.UTC(2020, 0, 1, 4, 30));
  assert.equal(parseDate(' 2020-01-01 ')!.text, '2020-01-01');
});

test('parseDate(text) returns undefined for other formats and days that do not exist', () => {
  for (const t of [
    '01/02/2020',
    '2020/01',
    '2021-02-29',
    '2020-13-01',
    '2020-00-10',
    '2020-01-01T24:00',
    '2020-01-01T10:60',
    'yesterday',
    '',
    '20200101',
  ]) {
    assert.equal(parseDate(t), undefined, t);
  }
  assert.ok(parseDate('2020-02-29'), 'a leap day exists');
});

test('parseDates(texts, where, column) names the line and column of an unreadable date and the formats to use', () => {
  assert.throws(() => parseDates(['2020-01-01', '31/12/2020'], at, 'Date'), {
    message:
      "Line 3 of a.csv: '31/12/2020' in column 'Date' is not a date seqcast can read: write dates as YYYY-MM-DD (or YYYY-MM, YYYY/MM/DD, YYYY, YYYY-MM-DDTHH:MM[:SS][Z]).",
  });
});

test('checkDateOrder(dates, where) names both lines of a duplicate and of dates out of order', () => {
  assert.doesNotThrow(() => checkDateOrder(parse(['2020-01-01', '2020-01-02']), at));
  assert.throws(
    () => checkDateOrder(parse(['2020-01-01', '2020-01-02', '2020-01-02']), at),
    /^InputError: Lines 3 and 4 of a.csv have the same date 2020-01-02: .*remove or merge the duplicate row/,
  );
  assert.throws(
    () => checkDateOrder(parse(['2020-01-01', '2020-01-03', '2020-01-02']), at),
    /^InputError: Lines 3 and 4 of a.csv are out of order: 2020-01-02 comes after 2020-01-03\. .*sort the file by date/,
  );
  // the same instant written two ways is a duplicate too
  assert.throws(
    () => checkDateOrder(parse(['2020-01-01T00:00Z', '2020-01-01T02:00+02:00']), at),
    /same date 2020-01-01T00:00Z \(2020-01-01T02:00\+02:00\)/,
  );
  assert.throws(
    () => checkDateOrder(parse(['2020-01-01']).concat(parse(['2019-01-01'])), (i) => `item ${i} of a.json`),
    /Items 0 and 1 of a.json are out of order/,
  );
});

test('missingBefore(dates, frequency) counts the missing dates before each date', () => {
  assert.deepEqual(missingBefore(parse(['2020-01-01', '2020-01-02', '2020-01-05']), { kind: 'daily' }), [0, 0, 2]);
  assert.deepEqual(missingBefore(parse(['1749-01-31', '1749-04-30']), { kind: 'monthly', anchor: 'month-end' }), [0, 2]);
  assert.deepEqual(missingBefore(parse(['1999', '2002']), { kind: 'yearly', anchor: 'month-start' }), [0, 2]);
  assert.throws(
    () => missingBefore(parse(['2020-01-01', '2020-01-04']), { kind: 'weekly' }),
    /step from 2020-01-01 to 2020-01-04 is not a whole number of weekly steps/,
  );
});

test('withMissingDates(dates, missing, frequency) puts the missing dates back, written like the others', () => {
  const dates = parse(['2020/01/30', '2020/02/02']);
  assert.deepEqual(withMissingDates(dates, [0, 2], { kind: 'daily' }), ['2020/01/30', '2020/01/31', '2020/02/01', '2020/02/02']);
});

test('futureDates(lastDate, frequency, n) keeps month-end dates at the end of the month', () => {
  assert.deepEqual(futureDates('2018-07-31', { kind: 'monthly', anchor: 'month-end' }, 3), ['2018-08-31', '2018-09-30', '2018-10-31']);
  assert.deepEqual(futureDates('2020-01-31', { kind: 'monthly', anchor: 'month-end' }, 1), ['2020-02-29']);
  assert.deepEqual(futureDates('2020-01-31', { kind: 'monthly', anchor: 'same-day' }, 3), ['2020-02-29', '2020-03-31', '2020-04-30']);
  assert.deepEqual(futureDates('2020-11', { kind: 'monthly', anchor: 'month-start' }, 3), ['2020-12', '2021-01', '2021-02']);
  assert.deepEqual(futureDates('2000-02-29', { kind: 'yearly', anchor: 'month-end' }, 2), ['2001-02-28', '2002-02-28']);
  assert.deepEqual(futureDates('2019', { kind: 'yearly', anchor: 'month-start' }, 2), ['2020', '2021']);
});

test('futureDates(lastDate, frequency, n) steps days, weeks and fixed steps in the input format', () => {
  assert.deepEqual(futureDates('1990-12-31', { kind: 'daily' }, 2), ['1991-01-01', '1991-01-02']);
  assert.deepEqual(futureDates('2020/02/28', { kind: 'daily' }, 2), ['2020/02/29', '2020/03/01']);
  assert.deepEqual(futureDates('2020-12-28', { kind: 'weekly' }, 1), ['2021-01-04']);
  assert.deepEqual(futureDates('2020-12-31T23:45Z', { kind: 'fixed', seconds: 900 }, 2), ['2021-01-01T00:00Z', '2021-01-01T00:15Z']);
  assert.deepEqual(futureDates('2020-03-29 00:30:00', { kind: 'fixed', seconds: 3600 }, 2), ['2020-03-29 01:30:00', '2020-03-29 02:30:00']); // no DST
  assert.deepEqual(futureDates('2020-01-01T23:00+02:00', { kind: 'fixed', seconds: 3600 }, 1), ['2020-01-02T00:00+02:00']);
  assert.deepEqual(futureDates('2020-01-01T00:00:00.500Z', { kind: 'fixed', seconds: 0.25 }, 2), [
    '2020-01-01T00:00:00.750Z',
    '2020-01-01T00:00:01.000Z',
  ]);
  assert.deepEqual(futureDates('2020-01-01', { kind: 'fixed', seconds: 43200 }, 1), ['2020-01-01T12:00']); // a date gains a time when it must
  assert.deepEqual(futureDates('2020-01-01', { kind: 'daily' }, 0), []);
});

test('futureDates(lastDate, frequency, n) throws on an unreadable date or a bad count', () => {
  assert.throws(
    () => futureDates('12/31/2020', { kind: 'daily' }, 2),
    /'12\/31\/2020' is not a date seqcast can read: write dates as YYYY-MM-DD/,
  );
  assert.throws(() => futureDates('2020-12-31', { kind: 'daily' }, -1), /non-negative integer, got -1: pass the forecast horizon/);
  assert.throws(() => futureDates('2020-12-31', { kind: 'daily' }, 1.5), /non-negative integer, got 1.5/);
});

test('datesAfter(from, frequency, n) agrees with futureDates on a parsed date', () => {
  assert.deepEqual(datesAfter(parseDate('1749-01-31')!, { kind: 'monthly', anchor: 'month-end' }, 2), ['1749-02-28', '1749-03-31']);
});

test('describeFrequency(frequency) says it in words', () => {
  assert.deepEqual(
    (
      [
        { kind: 'daily' },
        { kind: 'monthly', anchor: 'month-end' },
        { kind: 'fixed', seconds: 900 },
        { kind: 'fixed', seconds: 7200 },
        { kind: 'fixed', seconds: 1 },
        { kind: 'fixed', seconds: 172800 },
      ] as DateFrequency[]
    ).map(describeFrequency),
    ['daily', 'monthly (month-end)', 'every 15 minutes', 'every 2 hours', 'every 1 second', 'every 2 days'],
  );
});

test('wallDate(time, offsetMs) and utcMs(y, mo, d) agree with Date over five thousand years, leap days included', () => {
  for (let t = Date.UTC(-2000, 0, 1); t < Date.UTC(3000, 0, 1); t += 37 * 86_400_000 + 3_723_000) {
    const d = new Date(t);
    const w = wallDate(t, 0);
    assert.deepEqual(
      [w.year, w.month, w.day, w.msOfDay],
      [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), ((t % 86_400_000) + 86_400_000) % 86_400_000],
    );
    assert.equal(utcMs(w.year, w.month, w.day) + w.msOfDay, t);
  }
  assert.deepEqual(wallDate(Date.UTC(2020, 1, 29, 23), 3_600_000), { year: 2020, month: 3, day: 1, msOfDay: 0 });
  assert.deepEqual([daysInMonth(2020, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2021, 4)], [29, 28, 29, 30]);
});

test('dateAfter(from, frequency, k) steps k dates on, keeping month-ends at the end of the month and the written offset', () => {
  const d = dateAfter(parseDate('2020-01-31')!, { kind: 'monthly', anchor: 'month-end' }, 1);
  assert.deepEqual([d.year, d.month, d.day], [2020, 2, 29]);
  const h = dateAfter(parseDate('2020-03-28T23:00+01:00')!, { kind: 'fixed', seconds: 3600 }, 2);
  assert.deepEqual([h.day, h.msOfDay, h.time], [29, 3_600_000, Date.UTC(2020, 2, 29, 0)]);
});

test('checkNextDate(a, b, whereA, whereB) is the order rule for one pair, naming both places', () => {
  const [a, b] = [parseDate('2020-01-02')!, parseDate('2020-01-01')!];
  assert.doesNotThrow(() => checkNextDate(b, a, 'line 2 of a.csv', 'line 3 of a.csv'));
  assert.throws(() => checkNextDate(a, b, 'line 2 of a.csv', 'line 3 of a.csv'), {
    name: 'InputError',
    message: 'Lines 2 and 3 of a.csv are out of order: 2020-01-01 comes after 2020-01-02. Dates must increase: sort the file by date.',
  });
});
