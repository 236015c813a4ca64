import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NETWORK_KINDS, NETWORK_KIND_IDS } from '../../src/model/network-kinds.js';
import { modelFromSpec, resolveNetworkSpec, trainingBytes } from '../../src/model/model-spec.js';

test('NETWORK_KINDS lists each kind once, with the label the playground shows', () => {
  assert.deepEqual(NETWORK_KIND_IDS, ['rnn', 'lstm', 'gru', 'bilstm', 'conv-lstm', 'mlp']);
  assert.deepEqual(
    NETWORK_KINDS.map((k) => k.label),
    ['SimpleRNN', 'LSTM', 'GRU', 'bidirectional LSTM', 'Conv1D + LSTM', 'MLP (dense layers)'],
  );
});

test('every kind of NETWORK_KINDS is a valid spec and builds a model', () => {
  for (const { id } of NETWORK_KINDS) {
    assert.equal(resolveNetworkSpec({ model: id }).model, id);
    assert.equal(modelFromSpec({ model: id, units: 2, layers: 1 }).name, id);
  }
  assert.throws(
    () => resolveNetworkSpec({ model: 'transformer' as 'rnn' }),
    /model must be one of rnn, lstm, gru, bilstm, conv-lstm, mlp, got "transformer"/,
  );
});

test('an mlp is Dense(units, relu) × layers on the window, then the head; trainingBytes counts its weights exactly', () => {
  const spec = resolveNetworkSpec({ model: 'mlp', units: 16, layers: 2, window: 24, horizon: 6, strategy: 'direct' });
  const model = modelFromSpec(spec);
  assert.deepEqual(
    model.layers.map((l) => l.className),
    ['Dense', 'Dense', 'Dense'],
  );
  assert.equal(model.countParams(), 24 * 16 + 16 + (16 * 16 + 16) + (16 * 6 + 6));
  assert.equal(trainingBytes(spec).params, model.countParams());
});
