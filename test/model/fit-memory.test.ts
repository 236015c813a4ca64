/**
 * Training does not grow memory epoch after epoch: the SimpleRNN lab model trained for 300 short
 * epochs holds no more heap, ArrayBuffers or kernel-arena blocks after its last epoch than after
 * its 20th, up to a small margin. bench/memory.ts runs the full 1,000-epoch version and prints RSS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { simpleRnnLab } from '../../src/model/course-models.js';
import { sgd } from '../../src/optim/sgd.js';
import { windowedDataset } from '../../src/data/window.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { arenaStats } from '../../src/engine/wasm/arena.js';

// node --test passes no flags per file: turn on gc() for this process from here
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Sample {
  heapUsed: number;
  arrayBuffers: number;
  arenaLive: number;
}

/** Memory after a full collection, once finalizers (which return arena blocks) have run. */
async function settled(): Promise<Sample> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers, arenaLive: arenaStats().live };
}

test('model.fit(data, { epochs: 300 }) on the SimpleRNN lab model keeps memory flat after its first 20 epochs', async () => {
  const { series } = syntheticSeries({ length: 180 });
  const data = windowedDataset(series, { window: 20, batchSize: 32, shuffleBuffer: 1000, seed: 0 }); // 5 batches per epoch
  const model = simpleRnnLab({ seed: 0 });
  model.compile({ loss: 'huber', optimizer: sgd({ learningRate: 1e-6, momentum: 0.9 }), metrics: ['mae'] });
  const samples = new Map<number, Sample>();
  const at = new Set([20, 150, 300]);
  const history = await model.fit(data, {
    epochs: 300,
    callbacks: [{ onEpochEnd: async (epoch) => void (at.has(epoch + 1) && samples.set(epoch + 1, await settled())) }],
  });
  assert.equal(history.epoch.length, 300);
  assert.ok(Number.isFinite(history.history.loss[299]));
  const first = samples.get(20)!;
  for (const epoch of [150, 300]) {
    const s = samples.get(epoch)!;
    const grown = `after epoch ${epoch}: heap +${((s.heapUsed - first.heapUsed) / 1024).toFixed(0)} KiB, ArrayBuffers +${((s.arrayBuffers - first.arrayBuffers) / 1024).toFixed(0)} KiB, arena +${((s.arenaLive - first.arenaLive) / 1024).toFixed(0)} KiB since epoch 20`;
    // the history's arrays grow by a few numbers per epoch (< 20 KiB here); a leak of one batch's buffers per epoch would pass 1 MiB
    assert.ok(s.heapUsed - first.heapUsed < 1024 * 1024, grown);
    assert.ok(s.arrayBuffers - first.arrayBuffers < 256 * 1024, grown);
    assert.ok(s.arenaLive - first.arenaLive <= 0, grown);
  }
});
