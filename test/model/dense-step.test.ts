/**
 * The fused Dense step (src/model/dense-step.ts) against the general path it replaces: the same
 * training, to the bit. The general path runs when the loss is not one `huber()` made, so each
 * case trains twice from the same seeded weights, once with `huber()` (fused) and once with a copy
 * of it that `fit` does not recognize (each Dense's forward and backward, the loss on the tape).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { setKernelBackend, type KernelBackend } from '../../src/engine/gemm.js';
import type { ActivationName } from '../../src/engine/activations.js';
import * as layers from '../../src/layers/index.js';
import { huber, mse, type Loss } from '../../src/losses/losses.js';
import { denseStackStep } from '../../src/model/dense-step.js';
import { TrainingDivergedError, type History } from '../../src/model/fit.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { adam } from '../../src/optim/adam.js';
import { sgd } from '../../src/optim/sgd.js';
import type { Batch } from '../../src/data/dataset.js';
import { windowedDataset } from '../../src/data/window.js';

interface Case {
  name: string;
  window: number;
  units: number[]; // hidden layers, then the head's
  activation: ActivationName;
  useBias?: boolean;
  batchSize: number;
  optimizer?: 'adam' | 'sgd';
}

// sizes on both sides of the kernels' small-product threshold (1,024 multiply-adds), a last
// batch smaller than the others, heads of 1 and of several outputs, each activation
const CASES: Case[] = [
  { name: "auto's mlp: window 8, 32 relu units twice, one output", window: 8, units: [32, 32, 1], activation: 'relu', batchSize: 32 },
  { name: 'a direct head of 6 on a window of 24', window: 24, units: [32, 32, 6], activation: 'relu', batchSize: 32 },
  { name: 'tiny products only: batches of 5, 7 units', window: 4, units: [7, 7, 7, 1], activation: 'relu', batchSize: 5 },
  { name: 'tanh, no bias, SGD', window: 12, units: [16, 3], activation: 'tanh', useBias: false, batchSize: 16, optimizer: 'sgd' },
  { name: 'sigmoid', window: 10, units: [20, 2], activation: 'sigmoid', batchSize: 8 },
  { name: 'one Dense: a linear model', window: 6, units: [1], activation: 'linear', batchSize: 32 },
];

function series(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i / 4) + 0.3 * Math.cos(i / 1.7) + i / 80);
}

function model(c: Case, loss: Loss, learningRate = 1e-2): Sequential {
  const stack = c.units.map((u, i) =>
    layers.dense(u, {
      activation: i < c.units.length - 1 ? c.activation : 'linear',
      useBias: c.useBias ?? true,
      ...(i === 0 ? { inputShape: [c.window] } : {}),
    }),
  );
  const m = sequential(stack, { seed: 3 });
  m.compile({ loss, optimizer: c.optimizer === 'sgd' ? sgd({ learningRate, momentum: 0.9 }) : adam({ learningRate }), metrics: ['mae'] });
  return m;
}

/** huber() as fit sees a loss it does not know: the same computation, run on the tape. */
function unrecognized(loss: Loss): Loss {
  return { name: loss.name, config: loss.config, compute: loss.compute };
}

function data(c: Case): Batch[] {
  const ds = windowedDataset(series(101), { window: c.window, horizon: c.units[c.units.length - 1], batchSize: c.batchSize, seed: 1 });
  return [...ds];
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

async function train(c: Case, loss: Loss): Promise<{ weights: Uint32Array; history: History }> {
  const m = model(c, loss);
  const history = await m.fit(data(c), { epochs: 12 });
  return { weights: bits(m.params.values), history };
}

function withBackend(backend: KernelBackend, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    setKernelBackend(backend);
    try {
      await fn();
    } finally {
      setKernelBackend('wasm');
    }
  };
}

for (const backend of ['wasm', 'ts'] as const) {
  for (const c of CASES) {
    test(
      `${c.name} (${backend} kernels): the fused step trains to the same weights and history, bit for bit, as the layers and the tape`,
      withBackend(backend, async () => {
        const fused = await train(c, huber());
        const general = await train(c, unrecognized(huber()));
        assert.deepEqual(fused.history, general.history);
        assert.deepEqual(fused.weights, general.weights);
        // and training moved the weights, so the comparison compared something
        const untrained = bits(model(c, huber()).params.values);
        assert.notDeepEqual(fused.weights, untrained);
      }),
    );
  }
}

test('the fit takes the fused step for a Dense stack under huber(), and not for another loss, another layer or an unbuilt model', () => {
  const dense = model(CASES[0], huber());
  assert.ok(dense.fusedStep(dense.loss));
  assert.equal(denseStackStep(dense.layers, mse()), null);
  assert.equal(denseStackStep(dense.layers, unrecognized(huber())), null);
  const lstm = sequential([layers.expandDims(-1, { inputShape: [null] }), layers.lstm(4), layers.dense(1)]);
  assert.equal(lstm.fusedStep(huber()), null);
  const unbuilt = sequential([layers.dense(4), layers.dense(1)]);
  assert.equal(unbuilt.fusedStep(huber()), null);
});

test('a batch that does not fit the model goes the general way and is refused with its message', async () => {
  const c = CASES[0];
  const wrongWidth: Batch = { x: new Tensor(new Float32Array(4 * 5), [4, 5]), y: new Tensor(new Float32Array(4), [4, 1]) };
  const wrongLabels: Batch = { x: new Tensor(new Float32Array(4 * 8), [4, 8]), y: new Tensor(new Float32Array(8), [4, 2]) };
  for (const batch of [wrongWidth, wrongLabels]) {
    const a = await model(c, huber())
      .fit([batch], { epochs: 1 })
      .catch((e: Error) => e.message);
    const b = await model(c, unrecognized(huber()))
      .fit([batch], { epochs: 1 })
      .catch((e: Error) => e.message);
    assert.equal(typeof a, 'string');
    assert.equal(a, b);
  }
});

test('a diverging fit stops the same way on both paths: the same error, the same last good weights', async () => {
  const c = CASES[0];
  const outcome = async (loss: Loss): Promise<[string, Uint32Array]> => {
    const m = model(c, loss, 1e4);
    const error = await m.fit(data(c), { epochs: 30 }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrainingDivergedError, 'training with learning rate 1e4 diverges');
    return [error.message, bits(m.params.values)];
  };
  assert.deepEqual(await outcome(huber()), await outcome(unrecognized(huber())));
});
