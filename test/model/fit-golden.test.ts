/**
 * Training itself against TensorFlow.js: the same initial weights and the same batches, trained
 * step by step in both (seqcast `fit`, tfjs `trainOnBatch`), must give the same loss at every step
 * and the same weights at the end. The layer goldens check one forward and backward pass; this
 * checks what the course's numbers rest on: the loop, the loss's mean over (B, T), momentum SGD
 * and the per-timestep dense layers of a sequence-to-sequence model, over many updates.
 *
 * B = batch, T = window, F = filters, U = units.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convLstm, simpleRnnLab } from '../../src/model/course-models.js';
import { windowedDataset } from '../../src/data/window.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { huber } from '../../src/losses/losses.js';
import { sgd } from '../../src/optim/sgd.js';
import type { Batch } from '../../src/data/dataset.js';
import type { Sequential } from '../../src/model/sequential.js';
import { assertClose, loadTf, tf } from '../helpers/tfjs.js';
import { CausalPad, Scale } from '../helpers/tfjs-layers.js';

/** The first `steps` batches of a dataset, epoch after epoch (each epoch reshuffled). */
function takeBatches(data: Iterable<Batch>, steps: number): Batch[] {
  const out: Batch[] = [];
  while (out.length < steps) for (const b of data) if (out.length < steps) out.push(b);
  return out;
}

/**
 * Trains `model` (seqcast) and `net` (tfjs, given the seqcast model's initial weights) on the same
 * batches with Huber and SGD(lr, momentum 0.9); returns both loss sequences and final weights.
 */
async function trainBoth(model: Sequential, net: tf.LayersModel, batches: Batch[], learningRate: number) {
  net.setWeights(model.params.list.map((p) => tf.tensor(p.value.slice(), p.shape)));
  // tfjs momentum (a = m·a + g; w −= lr·a) is Keras's (v = m·v − lr·g; w += v) at a constant rate
  net.compile({ loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.huberLoss(y, p), optimizer: tf.train.momentum(learningRate, 0.9) });
  const tfLoss: number[] = [];
  for (const { x, y } of batches) {
    const [xs, ys] = [tf.tensor(x.data, x.shape), tf.tensor(y.data, y.shape)];
    tfLoss.push((await net.trainOnBatch(xs, ys)) as number);
    tf.dispose([xs, ys]);
  }
  model.compile({ loss: huber(), optimizer: sgd({ learningRate, momentum: 0.9 }) });
  const loss: number[] = [];
  await model.fit(batches, { epochs: 1, callbacks: [{ onBatchEnd: (_b, logs) => void loss.push(logs.loss) }] });
  const tfWeights = net.getWeights().map((w) => Float32Array.from(w.dataSync()));
  net.dispose();
  return { loss, tfLoss, tfWeights };
}

function assertSameTraining(model: Sequential, r: Awaited<ReturnType<typeof trainBoth>>, label: string): void {
  assert.equal(r.loss.length, r.tfLoss.length);
  // the loss must fall, or the comparison would prove little
  assert.ok(r.tfLoss.at(-1)! < 0.7 * r.tfLoss[0], `${label}: the loss falls (${r.tfLoss[0]} → ${r.tfLoss.at(-1)})`);
  r.loss.forEach((l, i) =>
    assert.ok(
      Math.abs(l - r.tfLoss[i]) <= 1e-5 * Math.abs(r.tfLoss[i]),
      `${label}: step ${i + 1} loss ${l} vs TensorFlow.js ${r.tfLoss[i]}`,
    ),
  );
  model.params.list.forEach((p, i) => assertClose(p.value, r.tfWeights[i], `${label}: ${p.name} after training`));
}

test('fit(convLstm({ sequenceToSequence: true })) follows TensorFlow.js step by step: seq2seq windows, Huber over (B, T), momentum SGD', async () => {
  await loadTf();
  const [T, F, k, U] = [12, 4, 3, 6];
  const model = convLstm({ seed: 5, filters: F, kernelSize: k, units: U, dense: [5], scale: 50, sequenceToSequence: true });
  const series = syntheticSeries().series.subarray(0, 160);
  const batches = takeBatches(windowedDataset(series, { window: T, batchSize: 16, shuffleBuffer: 100, seed: 3, sequenceLabels: true }), 24); // two and a bit epochs
  assert.deepEqual(batches[0].x.shape, [16, T, 1]);
  assert.deepEqual(batches[0].y.shape, [16, T, 1]);

  const input = tf.input({ shape: [T, 1] }); // (B, T, 1)
  const stack = [
    new CausalPad(k, false),
    tf.layers.conv1d({ filters: F, kernelSize: k, padding: 'valid', activation: 'relu' }),
    tf.layers.lstm({ units: U, returnSequences: true, recurrentActivation: 'sigmoid' }),
    tf.layers.lstm({ units: U, returnSequences: true, recurrentActivation: 'sigmoid' }),
    tf.layers.dense({ units: 5, activation: 'relu' }), // per time step on (B, T, U)
    tf.layers.dense({ units: 1 }),
    new Scale(50),
  ];
  const output = stack.reduce((h: tf.SymbolicTensor, layer) => layer.apply(h) as tf.SymbolicTensor, input);
  const r = await trainBoth(model, tf.model({ inputs: input, outputs: output }), batches, 1e-4);
  assertSameTraining(model, r, 'seq2seq conv-LSTM');
});

test("fit(simpleRnnLab()) follows TensorFlow.js step by step on the RNN lab's windows", async () => {
  await loadTf();
  const T = 10;
  const model = simpleRnnLab({ seed: 4 });
  const batches = takeBatches(
    windowedDataset(syntheticSeries().series.subarray(0, 140), { window: T, batchSize: 32, shuffleBuffer: 100, seed: 1 }),
    20,
  );
  const net = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [T, 1], inputShape: [T] }), // the lab's expand_dims
      tf.layers.simpleRNN({ units: 40, returnSequences: true }),
      tf.layers.simpleRNN({ units: 40 }),
      tf.layers.dense({ units: 1 }),
      new Scale(100),
    ],
  });
  const r = await trainBoth(model, net, batches, 3e-6);
  assertSameTraining(model, r, 'SimpleRNN lab');
});
