import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASET_CATALOG } from '../../src/data/catalog.js';
import { loadShipped } from '../../src/data/shipped-node.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { naiveForecast } from '../../src/forecast/baselines.js';
import { mae } from '../../src/metrics/errors.js';

test("loadShipped(name) reads the course's real series and its naive MAE matches the course", () => {
  const sun = loadShipped('sunspots');
  assert.equal(sun.values.length, 3235);
  assert.equal(sun.dates![0], '1749-01-31');
  // the course's recomputed naive MAE on the validation split (datasets/README.md)
  assert.ok(Math.abs(mae(sun.values.subarray(3000), naiveForecast(sun.values, 3000)) - 16.14) < 0.005);
  const temps = loadShipped('temperatures');
  assert.equal(temps.values.length, 3650);
  assert.ok(Math.abs(mae(temps.values.subarray(2500), naiveForecast(temps.values, 2500)) - 2.01) < 0.005);
  assert.throws(() => loadShipped('weather'), /Unknown dataset 'weather': use one of synthetic, sunspots, temperatures/);
});

test("loadShipped('synthetic') is the course's generated series, without dates", () => {
  const s = loadShipped('synthetic');
  assert.deepEqual(s.values, syntheticSeries().series);
  assert.equal(s.dates, undefined);
  assert.match(s.source, /synthetic/);
});

test('loadShipped(name) loads every catalog entry, longer than its split', () => {
  for (const entry of DATASET_CATALOG) {
    const s = loadShipped(entry.id);
    assert.equal(s.name, entry.id);
    assert.equal(s.source, entry.source);
    assert.ok(s.values.length > entry.split, `${entry.id}: ${s.values.length} values, split ${entry.split}`);
  }
});
