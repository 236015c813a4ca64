import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { modelFromFiles, modelToFiles } from '../../src/model/serialize.js';
import { CASES, fixtureInput, registerFixtureLambdas } from '../fixtures/saved-models/cases.js';

// The files under test/fixtures/saved-models/ were written by seqcast before the layers declared
// their own config keys, factories and parameter names (issue 20); generate.ts there wrote them.
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const fixture = (name: string, file: string): URL => new URL(`../fixtures/saved-models/${name}/${file}`, import.meta.url);

registerFixtureLambdas();

for (const c of CASES) {
  test(`modelFromFiles(files) loads the saved ${c.name} model of an earlier seqcast and modelToFiles writes it again byte for byte`, async () => {
    const json = await readFile(fixture(c.name, 'model.json'), 'utf8');
    const weights = new Uint8Array(await readFile(fixture(c.name, 'weights.bin')));
    const expected = JSON.parse(await readFile(fixture(c.name, 'predict.json'), 'utf8')) as { shape: number[]; values: number[] };
    const loaded = modelFromFiles(json, weights, { sha256 });
    const y = loaded.predict(fixtureInput(c.input));
    assert.deepEqual(y.shape, expected.shape);
    y.data.forEach((v, i) =>
      assert.ok(Math.abs(v - expected.values[i]) <= 1e-5 * Math.max(1, Math.abs(v)), `output ${i}: ${v} vs ${expected.values[i]}`),
    );
    const again = modelToFiles(loaded, { sha256 });
    assert.equal(again['model.json'], json);
    assert.deepEqual(Buffer.from(again['weights.bin']), Buffer.from(weights));
  });

  test(`modelToFiles(model) writes the same ${c.name} model.json (config, weight names, layout) as an earlier seqcast`, async () => {
    const json = await readFile(fixture(c.name, 'model.json'), 'utf8');
    const model = c.build();
    assert.equal(modelToFiles(model, { sha256 })['model.json'], json);
  });
}
