import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameBatches } from '../helpers/batches.js';
import { windowedDataset } from '../../src/data/window.js';
import { windowNormalizer } from '../../src/data/transforms/window-normalizer.js';
import { resolveNetworkSpec } from '../../src/model/model-spec.js';
import { networkTrainingData } from '../../src/model/network-data.js';

test('networkTrainingData with per-window normalization gives the batches of normalizing each epoch batch by batch', () => {
  const train = Float32Array.from({ length: 150 }, (_, i) => 100 + i + 20 * Math.sin(i / 3));
  for (const input of [
    { model: 'mlp' as const, window: 8, normalize: 'window' as const },
    { model: 'mlp' as const, window: 24, horizon: 6, strategy: 'direct' as const, normalize: 'window' as const, batchSize: 10, seed: 4 },
  ]) {
    const spec = resolveNetworkSpec(input);
    const { transform, data } = networkTrainingData(spec, train);
    // what the data was before the windows were laid out once: normalizeDataset over windowedDataset
    const steps = spec.strategy === 'direct' ? spec.horizon : 1;
    const lazy = windowNormalizer().normalizeDataset(
      windowedDataset(transform.transform(train), {
        window: spec.window,
        horizon: steps,
        batchSize: spec.batchSize,
        shuffleBuffer: spec.shuffleBuffer,
        seed: spec.seed,
      }),
    );
    assert.equal(data.batches, lazy.batches);
    assertSameBatches(data, lazy);
  }
});
