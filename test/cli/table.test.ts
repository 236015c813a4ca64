import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, MAX_TABLE_ROWS, renderTable } from '../../src/cli/table.js';

const columns = [{ header: 'index' }, { header: 'forecast', align: 'right' as const }];

test('renderTable(columns, rows) prints every row of a short table, numbers formatted', () => {
  const text = renderTable(columns, [
    ['0', 5.93791],
    ['1', 1565.2],
  ]);
  assert.match(text, /│ 0 +│ +5\.9379 │/);
  assert.match(text, /│ 1 +│ +1,565\.2 │/);
  assert.equal(text.split('\n').length, 2 + 3 + 1); // 2 rows, header and 3 rules (compact style)
  assert.throws(() => renderTable(columns, [['0']]), /row 0 has 1 cells but the table has 2 columns/);
});

test('renderTable(columns, a million rows) keeps the first and last 30 around one "… N more" row, without a stack overflow', () => {
  const rows = Array.from({ length: 1_000_000 }, (_, i) => [String(i), i / 7]);
  const text = renderTable(columns, rows);
  const body = text.split('\n').filter((l) => l.startsWith('│') && !l.includes('index'));
  assert.equal(body.length, MAX_TABLE_ROWS + 1);
  assert.match(body[0], /│ 0 /);
  assert.match(body[29], /│ 29 /);
  assert.match(body[30], /^│ … 999,940 more │ +… │$/);
  assert.match(body[31], /│ 999970 /);
  assert.match(body[60], /│ 999999 +│ +142,857\.0 │/);
  assert.equal(renderTable(columns, rows.slice(0, MAX_TABLE_ROWS)).includes('more'), false);
  assert.equal(
    renderTable(columns, rows.slice(0, 10), { maxRows: 4 })
      .split('\n')
      .filter((l) => l.includes('… 6 more')).length,
    1,
  );
});

test('formatNumber(value) reads well at every magnitude', () => {
  assert.equal(formatNumber(5.93791), '5.9379');
  assert.equal(formatNumber(1565.2), '1,565.2');
  assert.equal(formatNumber(2.1e35), '2.100e+35');
  assert.equal(formatNumber(NaN), 'NaN');
});
