import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { earlyStopping, type EarlyStopping } from '../../src/model/early-stopping.js';
import { sgd } from '../../src/optim/sgd.js';
import type { Optimizer } from '../../src/optim/optimizer.js';

/** Dense(1) on one input: weights [kernel, bias]. */
const tinyModel = (): Sequential => sequential([layers.dense(1, { inputShape: [1] })]);

/**
 * Drives the callback as fit does over a crafted sequence of monitored values; before each
 * epoch's end the weights are filled with the epoch number, so they tell which epoch they are from.
 * Returns the number of epochs run.
 */
function drive(cb: EarlyStopping, values: number[], key = 'val_loss', model = tinyModel()): { epochs: number; model: Sequential } {
  model.stopTraining = false;
  cb.onTrainBegin();
  let epochs = 0;
  for (let e = 0; e < values.length && !model.stopTraining; e++) {
    model.params.values.fill(e);
    cb.onEpochEnd(e, { loss: 1, [key]: values[e] }, model);
    epochs++;
  }
  cb.onTrainEnd(model);
  return { epochs, model };
}

test('earlyStopping({ patience: 2 }) stops after 2 epochs without improvement', () => {
  const cb = earlyStopping({ patience: 2 });
  // best at 0, 1, 3; epochs 4 and 5 do not improve → stop at the end of epoch 5
  const { epochs } = drive(cb, [5, 4, 4.5, 3.9, 4, 4.1, 3, 2]);
  assert.equal(epochs, 6);
  assert.equal(cb.stoppedEpoch, 5);
  assert.equal(cb.bestEpoch, 3);
  assert.equal(cb.best, 3.9);
});

test('earlyStopping({ patience: 0 }) stops at the first epoch that does not improve, never at epoch 0', () => {
  const cb = earlyStopping({ monitor: 'loss', patience: 0 });
  assert.equal(drive(cb, [3, 2, 2.5, 1], 'loss').epochs, 3);
  assert.equal(cb.stoppedEpoch, 2);
  const none = earlyStopping({ monitor: 'loss' });
  assert.equal(drive(none, [3, 2, 1], 'loss').epochs, 3);
  assert.equal(none.stoppedEpoch, null);
});

test('earlyStopping({ minDelta }) only counts improvements by more than minDelta', () => {
  const strict = earlyStopping({ patience: 2, minDelta: 0.1 });
  assert.equal(drive(strict, [1, 0.95, 0.92, 0.5]).epochs, 3);
  assert.equal(strict.bestEpoch, 0);
  const loose = earlyStopping({ patience: 2 });
  assert.equal(drive(loose, [1, 0.95, 0.92, 0.5]).epochs, 4);
  assert.equal(loose.stoppedEpoch, null);
});

test("earlyStopping({ mode: 'max' }) watches a value that should rise", () => {
  const cb = earlyStopping({ monitor: 'val_r2', mode: 'max', patience: 1 });
  assert.equal(drive(cb, [0.5, 0.6, 0.55, 0.9], 'val_r2').epochs, 3);
  assert.equal(cb.best, 0.6);
  assert.equal(cb.bestEpoch, 1);
});

test('earlyStopping({ baseline }) counts epochs that do not beat the baseline as no improvement, as Keras', () => {
  // epoch 0 is the best so far but above the baseline, so wait is not reset; epoch 1 makes it 2
  const cb = earlyStopping({ patience: 2, baseline: 1 });
  assert.equal(drive(cb, [2, 2.5, 2.6, 2.7]).epochs, 2);
  const without = earlyStopping({ patience: 2 });
  assert.equal(drive(without, [2, 2.5, 2.6, 2.7]).epochs, 3);
  const beaten = earlyStopping({ patience: 2, baseline: 1 });
  assert.equal(drive(beaten, [0.9, 0.8, 0.7, 0.6]).epochs, 4);
});

test("earlyStopping({ restoreBestWeights: true }) puts back the best epoch's weights, stopped early or not", () => {
  const stopped = drive(earlyStopping({ patience: 2, restoreBestWeights: true }), [5, 4, 4.5, 3.9, 4, 4.1, 3]);
  assert.deepEqual(Array.from(stopped.model.params.values), [3, 3]);
  // ran every epoch (Keras 3 restores at the end of training in this case too)
  const ranOut = drive(earlyStopping({ patience: 5, restoreBestWeights: true }), [3, 2, 2.5]);
  assert.deepEqual(Array.from(ranOut.model.params.values), [1, 1]);
  // without the option, the last epoch's weights stay
  const kept = drive(earlyStopping({ patience: 2 }), [5, 4, 4.5, 3.9, 4, 4.1, 3]);
  assert.deepEqual(Array.from(kept.model.params.values), [5, 5]);
});

test('earlyStopping() starts afresh in each fit', () => {
  const cb = earlyStopping({ patience: 1, restoreBestWeights: true });
  drive(cb, [1, 2, 3]);
  const second = drive(cb, [9, 8, 8.5]);
  assert.equal(cb.best, 8);
  assert.equal(cb.stoppedEpoch, 2);
  assert.deepEqual(Array.from(second.model.params.values), [1, 1]);
});

/** An optimizer whose k-th step sets the weights to [0, biases[k]]: val_loss of epoch k is then biases[k]². */
function scripted(biases: number[]): Optimizer {
  let k = 0;
  return {
    name: 'scripted',
    learningRate: 1,
    step(params) {
      params[0] = 0;
      params[1] = biases[k++];
    },
    config: () => ({}),
  };
}

test('fit(..., { callbacks: [earlyStopping()] }) stops at the right epoch and restores the best weights', async () => {
  const model = tinyModel();
  model.compile({ loss: 'mse', optimizer: scripted([3, 1, 2, 2.5, 0.5, 0.1]) });
  const data = [{ x: Tensor.from([[1]]), y: Tensor.from([[0]]) }];
  const stop = earlyStopping({ patience: 2, restoreBestWeights: true });
  // the scripted weights jump the loss to 300× the untrained model's: fit's divergence check is off
  const history = await model.fit(data, { epochs: 6, validationData: data, callbacks: [stop], divergenceFactor: Infinity });
  assert.deepEqual(history.history.val_loss, [9, 1, 4, 6.25]);
  assert.equal(stop.stoppedEpoch, 3);
  assert.deepEqual(Array.from(model.params.values), [0, 1]);
});

test('earlyStopping() says to pass validationData when val_loss is not logged, and rejects bad options', async () => {
  const model = tinyModel();
  model.compile({ loss: 'mse', optimizer: sgd() });
  const data = [{ x: Tensor.from([[1]]), y: Tensor.from([[0]]) }];
  await assert.rejects(model.fit(data, { epochs: 3, callbacks: [earlyStopping()] }), {
    message: "earlyStopping monitors 'val_loss', which is not in the epoch logs (loss, lr): pass validationData to fit, or monitor 'loss'.",
  });
  await assert.rejects(
    model.fit(data, { callbacks: [earlyStopping({ monitor: 'mae' })] }),
    /'mae', which is not in the epoch logs.*add the metric to compile/,
  );
  assert.throws(
    () => earlyStopping({ monitor: 'val_r2' }),
    /cannot tell whether 'val_r2' should go down or up: pass mode: 'min' or mode: 'max'/,
  );
  assert.throws(() => earlyStopping({ patience: -1 }), /patience must be a non-negative integer/);
  assert.throws(() => earlyStopping({ minDelta: -0.1 }), /minDelta must be a non-negative number/);
  assert.throws(() => earlyStopping({ mode: 'up' as never }), /mode must be 'auto', 'min' or 'max'/);
  assert.throws(() => earlyStopping({ baseline: NaN }), /baseline must be a finite number/);
});
