import assert from 'node:assert/strict';
import type { Dataset } from '../../src/data/dataset.js';

/** Asserts that two datasets give the same batches, shape and values, over `epochs` epochs read side by side. */
export function assertSameBatches(got: Dataset, want: Dataset, epochs = 3): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    const a = [...got];
    const b = [...want];
    assert.equal(a.length, b.length, `epoch ${epoch + 1}: batches`);
    a.forEach((batch, i) => {
      assert.deepEqual(batch.x.shape, b[i].x.shape, `epoch ${epoch + 1}, batch ${i + 1}: x's shape`);
      assert.deepEqual(batch.x.data, b[i].x.data, `epoch ${epoch + 1}, batch ${i + 1}: x`);
      assert.deepEqual(batch.y.data, b[i].y.data, `epoch ${epoch + 1}, batch ${i + 1}: y`);
    });
  }
}
