import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { DATASETS, DATASET_CATALOG, datasetEntry, isDatasetName } from '../../src/data/catalog.js';

test("DATASETS lists the catalog's series in the course's order", () => {
  assert.deepEqual(DATASETS, ['synthetic', 'sunspots', 'temperatures']);
  assert.deepEqual(
    DATASET_CATALOG.map((d) => [d.id, d.split]),
    [
      ['synthetic', 1000],
      ['sunspots', 3000],
      ['temperatures', 2500],
    ],
  );
});

test('datasetEntry(name) finds an entry and names the known ones for an unknown name', () => {
  assert.equal(datasetEntry('temperatures').column, 'Temp');
  assert.equal(datasetEntry('sunspots').page.period, 132);
  assert.throws(() => datasetEntry('weather'), /^Error: Unknown dataset 'weather': use one of synthetic, sunspots, temperatures\.$/);
  assert.throws(() => datasetEntry('toString'), /Unknown dataset 'toString'/);
});

test('isDatasetName(name) is true for the catalog names only', () => {
  assert.deepEqual(['synthetic', 'sunspots', 'temperatures', 'weather', 'toString', undefined].map(isDatasetName), [
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});

test('every catalog file is in datasets/ with its date and value columns in the header', () => {
  for (const entry of DATASET_CATALOG) {
    if (!('file' in entry)) continue;
    const path = new URL(`../../datasets/${entry.file.name}`, import.meta.url);
    assert.ok(existsSync(path), `${entry.file.name} is missing`);
    const header = readFileSync(path, 'utf8')
      .split('\n')[0]
      .trim()
      .split(',')
      .map((h) => h.replace(/^"|"$/g, ''));
    assert.ok(header.includes(entry.column) && header.includes(entry.file.date), `${entry.file.name}: ${header.join(', ')}`);
  }
});
