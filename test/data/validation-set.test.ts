// The validation set (datasets/validation/, written by bench/r/export-validation.R): series outside
// the accuracy collection for choosing auto's rules on (bench/auto-study.ts --collection validation).
// Every CSV reads with the collection's own reader, its dates step by its frequency, and no series
// is a copy or a stretch of one of the collection's (whose test folds must stay out of any choice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCollection, VALIDATION_DIR } from '../../bench/accuracy/collection.js';
import { parseSeriesText } from '../../src/data/series-input.js';
import { parseDate } from '../../src/data/dates.js';

const index: { series: { name: string; file: string; frequency: string; start: string; end: string }[] } = JSON.parse(
  readFileSync(VALIDATION_DIR + 'index.json', 'utf8'),
);

test('the validation set: 85 monthly and quarterly series with M4 horizons, read by the collection reader', () => {
  const set = readCollection(VALIDATION_DIR);
  assert.equal(set.length, 85);
  assert.equal(new Set(set.map((s) => s.name)).size, 85, 'names are unique');
  for (const s of set) {
    assert.deepEqual([s.period, s.horizon], s.frequency === 'monthly' ? [12, 18] : [4, 8], s.name);
    assert.ok(s.values.length >= 2 * s.period + 2 * s.horizon, `${s.name}: room for two folds after two seasons`);
    assert.ok(s.values.every(Number.isFinite), s.name);
  }
});

test("each validation CSV's dates are the first days of back-to-back months or quarters", () => {
  for (const s of index.series) {
    const read = parseSeriesText(readFileSync(VALIDATION_DIR + s.file, 'utf8'), {
      format: 'csv',
      source: s.file,
      column: 'value',
      date: 'date',
    });
    const dates = read.dates!.toArray();
    assert.equal(dates[0], s.start, s.name);
    assert.equal(dates.at(-1), s.end, s.name);
    const step = s.frequency === 'monthly' ? 1 : 3;
    const months = dates.map((d) => {
      const p = parseDate(d)!;
      assert.equal(p.day, 1, `${s.name} ${d}`);
      return p.year * 12 + p.month - 1;
    });
    months.slice(1).forEach((m, i) => assert.equal(m - months[i], step, `${s.name} after ${dates[i]}`));
  }
});

test("no validation series holds a stretch of one of the accuracy collection's series", () => {
  const collection = readCollection();
  const RUN = 12; // twelve values in a row, equal as float32
  const stretches = new Set<string>();
  for (const c of collection)
    for (let i = 0; i + RUN <= c.values.length; i++) stretches.add(Array.from(c.values.subarray(i, i + RUN)).join(','));
  for (const s of readCollection(VALIDATION_DIR)) {
    assert.ok(!collection.some((c) => c.name === s.name), `${s.name} is in the collection`);
    for (let i = 0; i + RUN <= s.values.length; i++) {
      assert.ok(
        !stretches.has(Array.from(s.values.subarray(i, i + RUN)).join(',')),
        `${s.name} holds a stretch of a collection series at ${i}`,
      );
    }
  }
});
