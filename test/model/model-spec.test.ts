import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compiledModelFromSpec,
  defaultLearningRate,
  modelFromSpec,
  optimizerFromSpec,
  resolveNetworkSpec,
  trainingBytes,
  trainingEpochs,
  checkTrainingMemory,
  type NetworkKind,
  type NetworkSpecInput,
} from '../../src/model/model-spec.js';
import { Tensor } from '../../src/engine/tensor.js';
import { OptionError } from '../../src/errors.js';

const classes = (kind: NetworkKind, n = 2): string[] => modelFromSpec({ model: kind, layers: n, units: 4 }).layers.map((l) => l.className);

test('modelFromSpec(spec) stacks expandDims, the recurrent layers and dense(1) for every kind', () => {
  assert.deepEqual(classes('rnn'), ['Lambda', 'SimpleRNN', 'SimpleRNN', 'Dense']);
  assert.deepEqual(classes('lstm', 3), ['Lambda', 'LSTM', 'LSTM', 'LSTM', 'Dense']);
  assert.deepEqual(classes('gru', 1), ['Lambda', 'GRU', 'Dense']);
  assert.deepEqual(classes('bilstm'), ['Lambda', 'Bidirectional', 'Bidirectional', 'Dense']);
  assert.deepEqual(classes('conv-lstm'), ['Lambda', 'Conv1D', 'LSTM', 'LSTM', 'Dense']);
});

test('modelFromSpec(spec) returns sequences from every recurrent layer but the last', () => {
  const model = modelFromSpec({ model: 'gru', layers: 3, units: 5 });
  const shapes = model.layers.map((l) => l.outputShape);
  assert.deepEqual(shapes, [[null, 1], [null, 5], [null, 5], [5], [1]]);
  assert.deepEqual(model.predict(new Tensor(new Float32Array(2 * 7), [2, 7])).shape, [2, 1]); // windows of any length
});

test('modelFromSpec(spec) has the parameter counts Keras gives', () => {
  // SimpleRNN(40)x2 + Dense(1): 40·(1+40+1) + 40·(40+40+1) + 41 = 1,680 + 3,240 + 41 (the course's lab without the ×100 lambda)
  assert.equal(modelFromSpec({ model: 'rnn', units: 40 }).countParams(), 4961);
  // Bidirectional(LSTM(32))x2 + Dense(1): 2·4·32·34 + 2·4·32·(64+32+1) + 65
  assert.equal(modelFromSpec({ model: 'bilstm', units: 32 }).countParams(), 8704 + 24832 + 65);
  // Conv1D(32, k3) on 1 feature: 3·32 + 32; then LSTM(32) on 32, LSTM(32), Dense(1)
  assert.equal(modelFromSpec({ model: 'conv-lstm', units: 32 }).countParams(), 128 + 8320 + 8320 + 33);
});

test('modelFromSpec(spec) seeds the weights with spec.seed', () => {
  const a = modelFromSpec({ model: 'lstm', units: 4, seed: 7 }).params.values;
  const b = modelFromSpec({ model: 'lstm', units: 4, seed: 7 }).params.values;
  const c = modelFromSpec({ model: 'lstm', units: 4, seed: 8 }).params.values;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('resolveNetworkSpec(input) fills every default and keeps what is given', () => {
  const spec = resolveNetworkSpec({ model: 'gru', units: 16, optimizer: 'sgd', clipNorm: 1 });
  assert.deepEqual(spec, {
    model: 'gru',
    units: 16,
    layers: 2,
    window: 20,
    epochs: 100,
    batchSize: 32,
    learningRate: 1e-2,
    optimizer: 'sgd',
    loss: 'huber',
    scaling: 'standard',
    seed: 0,
    shuffleBuffer: 1000,
    clipNorm: 1,
    horizon: 1,
    strategy: 'recursive',
    transform: ['standard'],
    normalize: 'none',
  });
  assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec, 'plain JSON');
  assert.deepEqual(resolveNetworkSpec(spec), spec, 'resolving twice changes nothing');
});

test('defaultLearningRate(optimizer, scaling) depends on the optimizer and on whether the data is scaled', () => {
  assert.equal(defaultLearningRate('adam', 'standard'), 1e-3);
  assert.equal(defaultLearningRate('adam', 'minmax'), 1e-3);
  assert.equal(defaultLearningRate('adam', 'none'), 1e-2);
  assert.equal(defaultLearningRate('sgd', 'standard'), 1e-2);
  assert.equal(defaultLearningRate('sgd', 'none'), 1e-4);
  assert.equal(resolveNetworkSpec({ model: 'rnn', optimizer: 'sgd', scaling: 'none' }).learningRate, 1e-4);
});

test('resolveNetworkSpec(input) names the bad field, its value and the fix', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ model: 'transformer' }, /model must be one of rnn, lstm, gru, bilstm, conv-lstm, mlp, got "transformer"/],
    [{ model: 'lstm', units: -3 }, /units must be an integer from 1 to 4096, got -3: use e\.g\. 32/],
    [{ model: 'lstm', units: 2.5 }, /units must be an integer from 1 to 4096, got 2\.5/],
    [{ model: 'lstm', units: 100_000 }, /units must be an integer from 1 to 4096, got 100000: use e\.g\. 32\./],
    [{ model: 'lstm', layers: 0 }, /layers must be an integer from 1 to 64, got 0/],
    [{ model: 'lstm', layers: 65 }, /layers must be an integer from 1 to 64, got 65/],
    [{ model: 'lstm', window: '20' }, /window must be an integer from 1 to 100000, got "20"/],
    [{ model: 'lstm', window: 100_001 }, /window must be an integer from 1 to 100000, got 100001/],
    [{ model: 'lstm', epochs: NaN }, /epochs must be an integer from 1 to 100000, got NaN/],
    [{ model: 'lstm', epochs: 1e9 }, /epochs must be an integer from 1 to 100000, got 1000000000/],
    [{ model: 'lstm', batchSize: 0 }, /batchSize must be an integer from 1 to 100000, got 0/],
    [{ model: 'lstm', batchSize: 1e6 }, /batchSize must be an integer from 1 to 100000, got 1000000/],
    [{ model: 'lstm', learningRate: 0 }, /learningRate must be a positive number, got 0/],
    [{ model: 'lstm', optimizer: 'adagrad' }, /optimizer must be one of adam, sgd, rmsprop, got "adagrad"/],
    [{ model: 'lstm', loss: 'huber2' }, /loss must be one of huber, mse, mae/],
    [{ model: 'lstm', scaling: 'log' }, /scaling must be one of standard, minmax, none/],
    [{ model: 'lstm', seed: -1 }, /seed must be an integer from 0 to 4294967295, got -1/],
    [{ model: 'lstm', seed: 2 ** 32 }, /seed must be an integer from 0 to 4294967295, got 4294967296/],
    [{ model: 'lstm', shuffleBuffer: -5 }, /shuffleBuffer must be a non-negative integer, got -5/],
    [{ model: 'lstm', clipNorm: -1 }, /clipNorm must be a positive number, got -1/],
    [{ model: 'lstm', maxSteps: 0 }, /maxSteps must be an integer from 1 to 100000000, got 0: use e\.g\. 1000, or leave it out/],
    [{ model: 'lstm', maxSteps: 1.5 }, /maxSteps must be an integer from 1 to 100000000, got 1\.5/],
    [{ model: 'lstm', maxSteps: '150' }, /maxSteps must be an integer from 1 to 100000000, got "150"/],
    [{ model: 'lstm', lr: 0.1 }, /Unknown network spec field 'lr': the fields are model, units/],
    [{ model: 'lstm', horizon: 0 }, /horizon must be an integer from 1 to 100000, got 0: use the number of steps/],
    [{ model: 'lstm', horizon: 2.5 }, /horizon must be an integer from 1 to 100000, got 2\.5/],
    [{ model: 'lstm', horizon: 100_001 }, /horizon must be an integer from 1 to 100000, got 100001/],
    [{ model: 'lstm', strategy: 'mimo' }, /strategy must be one of direct, recursive, got "mimo"/],
    [{ model: 'lstm', normalize: 'revin' }, /normalize must be one of none, window, got "revin"/],
    [{ model: 'lstm', transform: ['differences'] }, /transform spec\[0\]: unknown kind "differences"/],
    [{ model: 'lstm', transform: [] }, /transform spec: an empty array/],
    [{ model: 'lstm', transform: [{ kind: 'seasonal-difference', period: 1 }] }, /period must be an integer ≥ 2/],
    [
      { model: 'lstm', scaling: 'minmax', transform: ['difference', 'standard'] },
      /scaling "minmax" disagrees with transform \["difference","standard"\], whose scaling step is "standard": give the transform alone/,
    ],
  ];
  for (const [input, message] of bad) {
    assert.throws(() => resolveNetworkSpec(input as never), message, JSON.stringify(input));
    assert.throws(() => resolveNetworkSpec(input as never), OptionError, JSON.stringify(input));
  }
  assert.throws(() => resolveNetworkSpec(null as never), /A network spec must be an object such as \{ model: 'lstm' \}, got null/);
});

test('optimizerFromSpec(spec) is adam, or sgd with momentum 0.9, at the spec rate with clipNorm', () => {
  assert.deepEqual(optimizerFromSpec({ model: 'rnn', learningRate: 0.005 }).config(), {
    learningRate: 0.005,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
    amsgrad: false,
  });
  assert.deepEqual(optimizerFromSpec({ model: 'rnn', optimizer: 'sgd', clipNorm: 2 }).config(), {
    learningRate: 0.01,
    momentum: 0.9,
    nesterov: false,
    clipNorm: 2,
  });
});

test('compiledModelFromSpec(spec) compiles the spec loss and optimizer with the mae metric', () => {
  const model = compiledModelFromSpec({ model: 'rnn', units: 3, loss: 'mse', optimizer: 'sgd' });
  assert.equal(model.loss.name, 'mse');
  assert.equal(model.optimizer.name, 'sgd');
  assert.deepEqual(model.metrics, ['mae']);
});

test("trainingBytes(spec) counts every kind's weights as the built model does, without building it", () => {
  for (const model of ['rnn', 'lstm', 'gru', 'bilstm', 'conv-lstm'] as const) {
    for (const [units, layers] of [
      [32, 2],
      [7, 3],
      [1, 1],
    ]) {
      const spec = resolveNetworkSpec({ model, units, layers });
      assert.equal(trainingBytes(spec).params, modelFromSpec(spec).countParams(), `${model} ${units}x${layers}`);
    }
  }
  const lstm = trainingBytes(resolveNetworkSpec({ model: 'lstm' }));
  assert.equal(lstm.bytes, lstm.weightBytes + lstm.activationBytes);
  assert.ok(lstm.bytes < 4 * 1024 ** 2, `the default LSTM takes a few MB, got ${lstm.bytes}`);
});

test('checkTrainingMemory(spec) refuses a network past 2 GiB before anything is allocated, naming what to shrink', () => {
  assert.doesNotThrow(() => checkTrainingMemory({ model: 'lstm', units: 4096, layers: 1, window: 20, batchSize: 32 })); // 1.9 GB
  assert.throws(
    () => resolveNetworkSpec({ model: 'bilstm', units: 4096 }),
    (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.match(
        e.message,
        /^This network would need about 15 GB to train \(2 bilstm layer\(s\) of 4096 units, 537 M weights, batches of 32 windows of 20 values\), more than seqcast's limit of 2 GB: use fewer units or layers\.$/,
      );
      return true;
    },
  );
  assert.throws(
    () => resolveNetworkSpec({ model: 'lstm', window: 100_000 }),
    /would need about 11 GB to train .*: use a smaller batch size or window \(each batch caches 32 × 100000 steps of every layer\), or fewer units\.$/,
  );
  assert.equal(resolveNetworkSpec({ model: 'lstm', window: 100_000, batchSize: 4 }).window, 100_000);
});

test('modelFromSpec(spec) with horizon 1 builds the very model of before, whatever the strategy and transform', () => {
  const before = modelFromSpec({ model: 'rnn', units: 40, optimizer: 'sgd' });
  const extras: Partial<NetworkSpecInput>[] = [
    { horizon: 1 },
    { horizon: 1, strategy: 'direct' },
    { strategy: 'recursive', transform: ['difference', 'standard'] },
    { horizon: 12, strategy: 'recursive' }, // recursive: a one-step network
    { normalize: 'window' },
  ];
  for (const extra of extras) {
    const m = modelFromSpec({ model: 'rnn', units: 40, optimizer: 'sgd', ...extra });
    assert.equal(m.countParams(), 4961, JSON.stringify(extra));
    assert.deepEqual(m.params.values, before.params.values, `same seed, same weights: ${JSON.stringify(extra)}`);
    assert.deepEqual(
      m.layers.map((l) => l.outputShape),
      before.layers.map((l) => l.outputShape),
    );
  }
});

test('modelFromSpec(spec) with horizon H and the direct strategy ends in Dense(H)', () => {
  const m = modelFromSpec({ model: 'lstm', units: 4, layers: 1, horizon: 18 });
  assert.equal(m.layers.at(-1)!.className, 'Dense');
  assert.deepEqual(m.layers.at(-1)!.outputShape, [18]);
  // LSTM(4) on 1 feature: 4·4·(1 + 4 + 1) = 96; Dense(18): 4·18 + 18 = 90
  assert.equal(m.countParams(), 96 + 90);
  assert.deepEqual(m.predict(new Tensor(new Float32Array(3 * 7), [3, 7])).shape, [3, 18]);
  // the recurrent layers start from the same weights as the one-step network's
  const one = modelFromSpec({ model: 'lstm', units: 4, layers: 1 });
  assert.deepEqual(m.params.values.subarray(0, 96), one.params.values.subarray(0, 96));
});

test('resolveNetworkSpec(input) fills horizon, strategy, transform and normalize, and keeps scaling as the transform', () => {
  const direct = resolveNetworkSpec({ model: 'gru', horizon: 6 });
  assert.equal(direct.strategy, 'direct', 'direct by default when horizon > 1');
  assert.deepEqual(direct.transform, ['standard']);
  assert.deepEqual(resolveNetworkSpec({ model: 'gru', scaling: 'minmax' }).transform, ['minmax'], 'an old spec: scaling is the transform');
  const chain = resolveNetworkSpec({ model: 'gru', transform: ['box-cox', { kind: 'seasonal-difference', period: 12 }, 'minmax'] });
  assert.equal(chain.scaling, 'minmax', 'the transform’s scaling step');
  assert.equal(resolveNetworkSpec({ model: 'gru', transform: 'difference' }).scaling, 'none');
  assert.deepEqual(resolveNetworkSpec({ model: 'gru', transform: 'difference' }).transform, ['difference'], 'one step becomes a list');
  assert.equal(resolveNetworkSpec({ model: 'gru', transform: ['difference'], scaling: 'none' }).scaling, 'none', 'agreeing fields');
  for (const spec of [direct, chain, resolveNetworkSpec({ model: 'rnn', normalize: 'window', horizon: 3, strategy: 'recursive' })]) {
    assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec, 'plain JSON');
    assert.deepEqual(resolveNetworkSpec(spec), spec, 'resolving twice changes nothing');
  }
});

test('resolveNetworkSpec(input) picks the default learning rate from whether the transform or the normalization scales', () => {
  assert.equal(resolveNetworkSpec({ model: 'rnn', optimizer: 'sgd', transform: ['difference', 'standard'] }).learningRate, 1e-2);
  assert.equal(resolveNetworkSpec({ model: 'rnn', optimizer: 'sgd', transform: ['difference'] }).learningRate, 1e-4);
  assert.equal(resolveNetworkSpec({ model: 'rnn', optimizer: 'sgd', transform: ['difference'], normalize: 'window' }).learningRate, 1e-2);
});

test('modelFromSpec(spec, { staticInputs }) widens the input for static values, and 0 is the usual network', () => {
  for (const model of ['mlp', 'lstm', 'conv-lstm', 'bilstm', 'gru', 'rnn'] as const) {
    const spec = { model, units: 4, layers: 2, window: 6, horizon: 3 };
    const plain = modelFromSpec(spec);
    const zero = modelFromSpec(spec, { staticInputs: 0 });
    assert.deepEqual(zero.inputShape, plain.inputShape, model);
    assert.deepEqual(zero.params.values, plain.params.values, model);
    const wide = modelFromSpec(spec, { staticInputs: 5 });
    assert.deepEqual(wide.inputShape, model === 'mlp' ? [11] : [null, 6], model);
    const x = model === 'mlp' ? new Tensor(new Float32Array(2 * 11), [2, 11]) : new Tensor(new Float32Array(2 * 6 * 6), [2, 6, 6]);
    assert.deepEqual(wide.predict(x).shape, [2, 3], model);
  }
  assert.throws(() => modelFromSpec({ model: 'mlp' }, { staticInputs: -1 }), /staticInputs must be a non-negative integer, got -1/);
});

test('resolveNetworkSpec keeps a maxSteps budget; trainingEpochs(spec, batches) stops at the first whole epoch that reaches it', () => {
  assert.equal(resolveNetworkSpec({ model: 'mlp', maxSteps: 150 }).maxSteps, 150);
  assert.ok(!('maxSteps' in resolveNetworkSpec({ model: 'mlp' })), 'no budget unless given');
  assert.equal(trainingEpochs({ epochs: 100, maxSteps: 150 }, 13), 12); // 156 steps: 12 × 13 ≥ 150 > 11 × 13
  assert.equal(trainingEpochs({ epochs: 100, maxSteps: 150 }, 15), 10); // exactly 150
  assert.equal(trainingEpochs({ epochs: 100, maxSteps: 150 }, 1), 100); // the epochs bound first
  assert.equal(trainingEpochs({ epochs: 100, maxSteps: 150 }, 400), 1); // at least one epoch
  assert.equal(trainingEpochs({ epochs: 7 }, 13), 7);
});
