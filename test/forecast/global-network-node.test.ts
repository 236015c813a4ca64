import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomState } from '../../src/engine/random.js';
import { globalNetwork, type GlobalSpec } from '../../src/forecast/global-network.js';
import { loadGlobalNetwork, saveGlobalNetwork } from '../../src/forecast/global-network-node.js';
import { ModelFileError, OutputError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'seqcast-global-'));
const rng = new RandomState(3);
const trains = Array.from({ length: 4 }, (_, i) =>
  Float32Array.from({ length: 50 + 7 * i }, (_, t) => (i + 1) * 10 + Math.sin(t / 2 + i) * (i + 2) + 0.1 * rng.randn()),
);

const cases: { label: string; spec: GlobalSpec }[] = [
  {
    label: "mlp, ids, normalize 'series'",
    spec: { kind: 'global', network: { model: 'mlp', window: 12, horizon: 6, units: 8, epochs: 3 }, normalize: 'series', ids: true },
  },
  {
    label: "lstm, normalize 'window'",
    spec: { kind: 'global', network: { model: 'lstm', window: 12, horizon: 6, units: 4, layers: 1, epochs: 2 }, normalize: 'window' },
  },
  {
    label: "mlp on each series' STL-adjusted logs, normalize 'window'",
    spec: {
      kind: 'global',
      network: { model: 'mlp', window: 12, horizon: 6, units: 8, epochs: 3 },
      normalize: 'window',
      seasonal: { periods: [12] },
    },
  },
];

for (const { label, spec } of cases) {
  test(`saveGlobalNetwork then loadGlobalNetwork (${label}) forecasts the same values bit for bit`, async () => {
    const g = globalNetwork(spec);
    await g.fitMany([...trains, new Float32Array(5)], { ids: ['a', 'b', 'c', 'd', 'tiny'] });
    const dir = join(root, label.replace(/[^a-z]+/g, '-'));
    await saveGlobalNetwork(g, dir);
    assert.deepEqual(readdirSync(dir).sort(), ['global.json', 'network']);
    assert.deepEqual(readdirSync(join(dir, 'network')).sort(), ['model.json', 'weights.bin']);
    const h = await loadGlobalNetwork(dir);
    assert.deepEqual(h.toJSON(), g.toJSON());
    assert.equal(h.indexOf('c'), 2);
    for (let i = 0; i < trains.length; i++) {
      const before = g.forecast(trains[i], 20, i);
      const after = h.forecast(trains[i], 20, i);
      assert.ok(
        before.every((v, k) => Object.is(v, after[k])),
        `series ${i}`,
      );
      assert.deepEqual(h.predictSliding(trains[i], 30, i), g.predictSliding(trains[i], 30, i));
    }
    // saving again replaces it
    await saveGlobalNetwork(h, dir);
    assert.deepEqual((await loadGlobalNetwork(dir)).forecast(trains[1], 6, 1), g.forecast(trains[1], 6, 1));
  });
}

test('saveGlobalNetwork refuses a folder with other files and an untrained network; loadGlobalNetwork a corrupt or mismatched global.json', async () => {
  const g = globalNetwork(cases[0].spec);
  await assert.rejects(saveGlobalNetwork(g, join(root, 'untrained')), /toJSON needs a trained network: call fitMany first/);
  await g.fitMany(trains);
  const busy = join(root, 'busy');
  mkdirSync(busy);
  writeFileSync(join(busy, 'notes.txt'), 'mine');
  await assert.rejects(
    saveGlobalNetwork(g, busy),
    (e: unknown) => e instanceof OutputError && /holds other files \(notes\.txt\)/.test(e.message),
  );
  assert.equal(readFileSync(join(busy, 'notes.txt'), 'utf8'), 'mine');

  const dir = join(root, 'edited');
  await saveGlobalNetwork(g, dir);
  const json = JSON.parse(readFileSync(join(dir, 'global.json'), 'utf8'));
  writeFileSync(join(dir, 'global.json'), '{ not json');
  await assert.rejects(loadGlobalNetwork(dir), (e: unknown) => e instanceof ModelFileError && /global\.json is not JSON/.test(e.message));
  writeFileSync(join(dir, 'global.json'), JSON.stringify({ ...json, seriesCount: 5 }));
  await assert.rejects(loadGlobalNetwork(dir), /seriesStats must be 5 entries of \{ center, scale > 0 \} or null/);
  writeFileSync(
    join(dir, 'global.json'),
    JSON.stringify({ ...json, seriesCount: 5, seriesIds: null, seriesStats: [...json.seriesStats, null] }),
  );
  await assert.rejects(loadGlobalNetwork(dir), /model takes input \[16\] but its global\.json describes windows of \[17\]/);
  writeFileSync(join(dir, 'global.json'), JSON.stringify({ ...json, extra: 1 }));
  await assert.rejects(loadGlobalNetwork(dir), /unknown field 'extra'/);
  await assert.rejects(loadGlobalNetwork(join(root, 'missing')), /global\.json is missing/);
});
