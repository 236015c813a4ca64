import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromKeras, modelToKeras, type NamedTensor } from '../../src/interop/keras-model.js';
import { readCodeObject } from '../../src/interop/python-marshal.js';
import { ModelFileError } from '../../src/errors.js';
import { registerLambda } from '../../src/layers/lambda.js';
import * as layers from '../../src/layers/index.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { Tensor } from '../../src/engine/tensor.js';
import { Rng, randomizeParams } from '../helpers/gradcheck.js';
import {
  keras2Lambda,
  keras3Lambda,
  PY311_400_TIMES,
  PY311_EXPAND_DIMS,
  PY311_PLUS_100,
  PY311_TIMES_100,
  PY38_TIMES_100,
} from '../helpers/keras-lambdas.js';

type Entry = { class_name: string; config: Record<string, unknown> };

function seeded(model: Sequential, seed = 1): Sequential {
  const rng = new Rng(seed);
  for (const l of model.layers) randomizeParams(l, rng);
  return model;
}

/** A Keras 2 Sequential config with a Dense(units) head over a window of `window`. */
function denseConfig(
  window: number,
  extra: Entry[] = [],
  head: Record<string, unknown> = {},
): { class_name: string; config: { name: string; layers: Entry[] } } {
  return {
    class_name: 'Sequential',
    config: {
      name: 's',
      layers: [
        {
          class_name: 'Dense',
          config: {
            name: 'dense',
            units: 1,
            activation: 'linear',
            use_bias: true,
            batch_input_shape: [null, window],
            dtype: 'float32',
            ...head,
          },
        },
        ...extra,
      ],
    },
  };
}
const denseWeights = (window: number): NamedTensor[] => [
  { name: 'dense/kernel', shape: [window, 1], values: new Float32Array(window).fill(0.5) },
  { name: 'dense/bias', shape: [1], values: Float32Array.of(1) },
];

test('modelToKeras then modelFromKeras gives back the same predictions, GRU resetAfter true and false included', () => {
  const model = seeded(
    sequential([
      layers.expandDims(-1, { inputShape: [null] }),
      layers.conv1d(3, { kernelSize: 2, padding: 'causal' }),
      layers.gru(4, { returnSequences: true }),
      layers.bidirectional(layers.gru(3, { resetAfter: false }), { mergeMode: 'ave' }),
      layers.dense(1),
      layers.scale(10),
    ]),
  );
  const { modelConfig, weights } = modelToKeras(model);
  const back = modelFromKeras(modelConfig, weights, 'test');
  const x = new Rng(2).tensor([3, 9]);
  const a = model.predict(x).data;
  const b = back.predict(x).data;
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-5 * Math.max(1, Math.abs(a[i])), `${a[i]} vs ${b[i]}`);
  assert.deepEqual(
    back.layers.map((l) => l.className),
    ['Lambda', 'Conv1D', 'GRU', 'Bidirectional', 'Dense'],
  );
});

test('modelFromKeras reads Keras 3 spellings: InputLayer with batch_shape, dtype policies, the functional form (Keras 2 and 3 inbound nodes)', () => {
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const input = { class_name: 'InputLayer', config: { name: 'input_layer', batch_shape: [null, 4], dtype: 'float32', sparse: false } };
  const dense = {
    class_name: 'Dense',
    config: { name: 'dense', units: 1, activation: 'linear', use_bias: true, dtype: policy, lora_rank: null },
  };
  const x = Tensor.from([[1, 2, 3, 4]]);
  const k3seq = { class_name: 'Sequential', config: { name: 'k3', layers: [input, dense] } };
  assert.equal(modelFromKeras(k3seq, denseWeights(4), 't').predict(x).data[0], 6);
  const k2fun = {
    class_name: 'Functional',
    config: {
      name: 'f',
      layers: [
        { ...input, name: 'input_1', inbound_nodes: [] },
        { ...dense, name: 'dense', inbound_nodes: [[['input_1', 0, 0, {}]]] },
      ],
      input_layers: [['input_1', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
  };
  assert.equal(modelFromKeras(k2fun, denseWeights(4), 't').predict(x).data[0], 6);
  const tensor = (from: string) => ({
    class_name: '__keras_tensor__',
    config: { shape: [null, 4], dtype: 'float32', keras_history: [from, 0, 0] },
  });
  const k3fun = {
    class_name: 'Functional',
    config: {
      name: 'f3',
      layers: [
        { ...input, name: 'input_layer', inbound_nodes: [] },
        { ...dense, name: 'dense', inbound_nodes: [{ args: [tensor('input_layer')], kwargs: {} }] },
      ],
      input_layers: [['input_layer', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
  };
  assert.equal(modelFromKeras(k3fun, denseWeights(4), 't').predict(x).data[0], 6);
  const branched = structuredClone(k2fun);
  branched.config.layers.push({ ...dense, name: 'dense_1', inbound_nodes: [[['input_1', 0, 0, {}]]] } as never);
  assert.throws(
    () => modelFromKeras(branched, denseWeights(4), 't'),
    /not a linear stack \(layer 'dense_1' does not take its one input from 'dense'/,
  );
});

test("the course's Lambdas are recognized by role from their marshalled code, read as data (CPython 3.11 and 3.8 layouts, Keras 2 and 3 spellings)", () => {
  assert.deepEqual(readCodeObject(Buffer.from(PY311_TIMES_100, 'base64')).consts, [null, 100]);
  assert.deepEqual(readCodeObject(Buffer.from(PY38_TIMES_100, 'base64')).consts, [null, 100]);
  assert.deepEqual(readCodeObject(Buffer.from(PY311_EXPAND_DIMS, 'base64')).names, ['tf', 'expand_dims']);
  const x = Tensor.from([[1, 2, 3, 4]]);
  for (const [code, factor] of [
    [PY311_TIMES_100, 100],
    [PY38_TIMES_100, 100],
    [PY311_400_TIMES, 400],
  ] as const) {
    for (const make of [keras2Lambda, keras3Lambda]) {
      const model = modelFromKeras(denseConfig(4, [make('lambda', code)]), denseWeights(4), 't');
      assert.equal(model.predict(x).data[0], 6 * factor);
      assert.deepEqual(model.layers[1].config(), { kind: 'scale', factor });
    }
  }
  const expand = keras2Lambda('lambda', PY311_EXPAND_DIMS);
  expand.config.batch_input_shape = [null, null];
  const rnn = { class_name: 'SimpleRNN', config: { name: 'rnn', units: 1, activation: 'linear', return_sequences: false } };
  const weights: NamedTensor[] = [
    { name: 'k', shape: [1, 1], values: Float32Array.of(1) },
    { name: 'r', shape: [1, 1], values: Float32Array.of(1) },
    { name: 'b', shape: [1], values: Float32Array.of(0) },
  ];
  const summed = modelFromKeras({ class_name: 'Sequential', config: { name: 's', layers: [expand, rnn] } }, weights, 't');
  assert.equal(summed.predict(x).data[0], 10); // h = Σ x with identity weights
});

test('modelFromKeras refuses any other Lambda, naming the layer and registerLambda, and takes a registered one', () => {
  const plus = keras2Lambda('shift', PY311_PLUS_100);
  assert.throws(
    () => modelFromKeras(denseConfig(4, [plus]), denseWeights(4), "'m/model.json'"),
    (err: Error) =>
      err instanceof ModelFileError &&
      /^'m\/model\.json': layer 'shift' \(Lambda\): its code is not one of the course's Lambdas: .*registerLambda\('shift', fn\)/.test(
        err.message,
      ),
  );
  const named = keras2Lambda('shift', 'bm90IGNvZGU=');
  named.config.function_type = 'function';
  assert.throws(
    () => modelFromKeras(denseConfig(4, [named]), denseWeights(4), 't'),
    /named Python function.*registerLambda\('shift', fn\)/,
  );
  const notLast = keras2Lambda('lambda', PY311_TIMES_100);
  assert.throws(
    () => modelFromKeras(denseConfig(4, [notLast, { class_name: 'Dense', config: { name: 'd2', units: 1 } }]), denseWeights(4), 't'),
    /multiplies by 100 but is not the last layer after a Dense.*registerLambda/,
  );
  registerLambda('shift', (x) => x.add(100));
  assert.equal(modelFromKeras(denseConfig(4, [plus]), denseWeights(4), 't').predict(Tensor.from([[1, 2, 3, 4]])).data[0], 106);
});

test('modelFromKeras refuses an unknown layer, an activation or option seqcast cannot honour, and a foreign dtype, with one message each', () => {
  const w = denseWeights(4);
  const cases: [Record<string, unknown>, Entry[], RegExp][] = [
    [
      {},
      [{ class_name: 'BatchNormalization', config: { name: 'bn' } }],
      /layer 'bn' \(BatchNormalization\): seqcast has no such layer \(it reads Dense, SimpleRNN, LSTM, GRU, Bidirectional, Conv1D, Dropout/,
    ],
    [{ activation: 'softmax' }, [], /layer 'dense' \(Dense\): option activation="softmax" is an activation seqcast does not have/],
    [{ dtype: 'float16' }, [], /its dtype "float16" is not float32/],
    [{ dtype: { class_name: 'DTypePolicy', config: { name: 'mixed_float16' } } }, [], /its dtype "mixed_float16" is not float32/],
    [{ kernel_quantizer: 'int8' }, [], /option kernel_quantizer="int8" is not one seqcast knows for Dense/],
  ];
  for (const [head, extra, message] of cases)
    assert.throws(
      () => modelFromKeras(denseConfig(4, extra, head), w, 't'),
      (e: Error) => e instanceof ModelFileError && message.test(e.message),
    );
  const lstm = (config: Record<string, unknown>) => ({
    class_name: 'Sequential',
    config: { name: 's', layers: [{ class_name: 'LSTM', config: { name: 'lstm', units: 2, batch_input_shape: [null, 5, 1], ...config } }] },
  });
  assert.throws(
    () => modelFromKeras(lstm({ stateful: true }), [], 't'),
    /layer 'lstm' \(LSTM\): option stateful=true is not supported \(seqcast runs each window from a zero state/,
  );
  assert.throws(() => modelFromKeras(lstm({ return_state: true }), [], 't'), /option return_state=true is not supported/);
  assert.throws(
    () => modelFromKeras(lstm({ recurrent_activation: 'hard_sigmoid' }), [], 't'),
    /option recurrent_activation="hard_sigmoid" is an activation seqcast does not have/,
  );
});

test('modelFromKeras checks every weight against the layers before allocating: count, shape, finiteness', () => {
  const config = denseConfig(4);
  assert.throws(
    () => modelFromKeras(config, denseWeights(4).slice(0, 1), 't'),
    /the weights end before layer 'dense' \(Dense\) weight 1 \(bias, shape \[1\]\)/,
  );
  assert.throws(
    () => modelFromKeras(config, [...denseWeights(4), denseWeights(4)[1]], 't'),
    /the file has 3 weight tensors but the layers take 2/,
  );
  const wrong = denseWeights(4);
  wrong[0] = { name: 'dense/kernel', shape: [5, 1], values: new Float32Array(5) };
  assert.throws(
    () => modelFromKeras(config, wrong, 't'),
    /weight 0 \(kernel, shape \[4, 1\]\) does not match the file's weight 'dense\/kernel' of shape \[5, 1\]/,
  );
  const nan = denseWeights(4);
  nan[1] = { name: 'dense/bias', shape: [1], values: Float32Array.of(NaN) };
  assert.throws(() => modelFromKeras(config, nan, 't'), /weight bias holds a non-finite value \(NaN\)/);
  assert.throws(() => modelFromKeras({ class_name: 'Sequential', config: { layers: [] } }, [], 't'), /the model config has no layers/);
  assert.throws(() => modelFromKeras({ hello: 1 }, [], 't'), /not \{ class_name, config \}/);
});
