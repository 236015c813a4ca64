import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readM4, readM4Rows } from '../../src/data/m4.js';
import { InputError } from '../../src/errors.js';

const dir = 'test/fixtures/m4';
const train = join(dir, 'Hourly-train-slice.csv');
const testFile = join(dir, 'Hourly-test-slice.csv');

/** Chunks of text, cut at `size` characters (so rows cross chunk boundaries). */
async function* chunks(text: string, size = 7): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const rowsOf = (text: string) => readM4Rows(chunks(text), 'x.csv');

test('readM4(trainCsv, testCsv) pairs the rows of a slice of the published Hourly files, padding removed', async () => {
  const series = await readM4(train, testFile);
  assert.deepEqual(
    series.map((s) => [s.id, s.train.length, s.test.length]),
    [
      ['H1', 30, 6],
      ['H2', 26, 6],
      ['H3', 30, 6],
    ],
  );
  assert.deepEqual(Array.from(series[0].train.subarray(0, 4)), [605, 586, 586, 559]);
  assert.deepEqual(Array.from(series[1].train.subarray(24)), [2976, 2892]); // H2's last two values, before the padding
  assert.deepEqual(Array.from(series[2].test), [1455, 1376, 1235, 1101, 1003, 943]);
  assert.ok(series[0].train instanceof Float32Array && series[0].test instanceof Float32Array);
});

test('readM4Rows(chunks, source) reads rows cut anywhere and keeps float32 values', async () => {
  const rows = await rowsOf('"V1","V2","V3","V4"\n"W1","1.5","2",\n"W2","35397.16","-3","4e2"\n');
  assert.deepEqual(
    rows.map((r) => [r.id, Array.from(r.values)]),
    [
      ['W1', [1.5, 2]],
      ['W2', [Math.fround(35397.16), -3, 400]],
    ],
  );
});

test('readM4Rows refuses a malformed row with the line and the fix', async () => {
  const header = '"V1","V2","V3","V4"\n';
  const cases: [string, RegExp][] = [
    ['"W1","1","x","3"\n', /^Line 2 of x\.csv: series 'W1' has 'x' at column 3, which is not a finite number/],
    ['"W1","1",,"3"\n', /^Line 2 of x\.csv: series 'W1' has an empty cell at column 3 before its last value/],
    ['"W1",,,\n', /^Line 2 of x\.csv: series 'W1' has no values\.$/],
    ['"","1","2","3"\n', /^Line 2 of x\.csv: the first cell \(the series id, e\.g\. 'H1'\) is empty\.$/],
    ['"W1","1","2","3"\n"W1","1","2","3"\n', /^Line 3 of x\.csv: the id 'W1' appears twice/],
    ['"W1","1","2"\n', /^Line 2 of x\.csv has 3 cells but the header has 4/],
    ['"W1","1","2","NA"\n', /'NA' at column 4/],
    ['"W1","1","2","1e39"\n', /'1e39' at column 4, which is not a finite number within float32's range/],
  ];
  for (const [rows, message] of cases) {
    await assert.rejects(rowsOf(header + rows), (e: unknown) => e instanceof InputError && message.test(e.message), rows);
  }
  await assert.rejects(rowsOf(header), /x\.csv has no data rows/);
});

test('readM4 refuses a test file of other ids, another count or uneven horizons', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'm4-'));
  const file = (name: string, text: string): string => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };
  const tr = file('train.csv', '"V1","V2","V3"\n"H1","1","2"\n"H2","3","4"\n');
  await assert.rejects(
    readM4(tr, file('a.csv', '"V1","V2"\n"H2","1"\n"H1","2"\n')),
    /Series 1 is 'H1' in .*train\.csv but 'H2' in .*a\.csv: pass the test file of the same frequency/,
  );
  await assert.rejects(readM4(tr, file('b.csv', '"V1","V2"\n"H1","1"\n')), /b\.csv has 1 series but .*train\.csv has 2/);
  await assert.rejects(
    readM4(tr, file('c.csv', '"V1","V2","V3"\n"H1","1","2"\n"H2","1",\n')),
    /c\.csv: series 'H2' has 1 test values, the first series 2/,
  );
  await assert.rejects(readM4(join(tmp, 'missing.csv'), tr), /ENOENT/);
});
