// The accuracy collection (datasets/collection/, written by bench/r/export-collection.R): every CSV
// reads with seqcast's series reader, holds R's values (the ones the Theta fixture recorded from R's
// packages), and its dates step by the series' frequency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSeriesText } from '../../src/data/series-input.js';
import { parseDate } from '../../src/data/dates.js';

interface IndexEntry {
  name: string;
  file: string;
  frequency: 'monthly' | 'quarterly' | 'yearly' | 'none';
  period: number;
  length: number;
  horizon: number;
  start?: string;
  end?: string;
  dateColumn?: string;
  indexColumn?: string;
  valueColumn: string;
}
const dir = new URL('../../datasets/collection/', import.meta.url);
const index: { series: IndexEntry[] } = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8'));
const rValues: Record<string, { values: number[] }> = JSON.parse(
  readFileSync(new URL('../fixtures/r/theta.json', import.meta.url), 'utf8'),
).series;

test('datasets/collection/index.json lists the 15 series with their period and M4 horizon', () => {
  assert.deepEqual(
    index.series.map((s) => s.name),
    [
      'AirPassengers',
      'co2',
      'nottem',
      'UKgas',
      'USAccDeaths',
      'ldeaths',
      'UKDriverDeaths',
      'JohnsonJohnson',
      'austres',
      'lynx',
      'Nile',
      'BJsales',
      'gas',
      'wineind',
      'woolyrnq',
    ],
  );
  const horizon = { monthly: 18, quarterly: 8, yearly: 6, none: 12 };
  const period = { monthly: 12, quarterly: 4, yearly: 1, none: 1 };
  for (const s of index.series) {
    assert.equal(s.horizon, horizon[s.frequency], s.name);
    assert.equal(s.period, period[s.frequency], s.name);
  }
});

test("every collection CSV reads with parseSeriesText and holds R's values", () => {
  for (const s of index.series) {
    const text = readFileSync(new URL(s.file, dir), 'utf8');
    const read = parseSeriesText(text, { format: 'csv', source: s.file, column: s.valueColumn, date: s.dateColumn });
    assert.equal(read.values.length, s.length, s.name);
    assert.deepEqual(read.values, Float32Array.from(rValues[s.name].values), s.name);
    assert.equal(read.filled, 0);
    if (s.frequency === 'none') {
      assert.equal(read.dates, undefined);
      assert.equal(text.split('\n')[0], 't,value', 'BJsales has an index column instead of dates');
      continue;
    }
    const dates = read.dates!.toArray();
    assert.equal(dates[0], s.start, s.name);
    assert.equal(dates[s.length - 1], s.end, s.name);
    // the first day of each month, quarter or year, one step apart
    const step = { monthly: 1, quarterly: 3, yearly: 12 }[s.frequency];
    const months = dates.map((d) => {
      const p = parseDate(d)!;
      assert.equal(p.day, 1, `${s.name} ${d}`);
      return p.year * 12 + p.month - 1;
    });
    months.slice(1).forEach((m, i) => assert.equal(m - months[i], step, `${s.name} after ${dates[i]}`));
    // the reader names monthly and yearly series; quarterly ones it reads without a frequency (dates.ts)
    if (s.frequency === 'monthly') assert.deepEqual(read.frequency, { kind: 'monthly', anchor: 'month-start' }, s.name);
    if (s.frequency === 'yearly') assert.deepEqual(read.frequency, { kind: 'yearly', anchor: 'month-start' }, s.name);
  }
});
