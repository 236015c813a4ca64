import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NETWORK_KINDS, NETWORK_KIND_IDS } from '../../src/model/network-kinds.js';
import { modelFromSpec, resolveNetworkSpec } from '../../src/model/model-spec.js';

test('NETWORK_KINDS lists each kind once, with the label the playground shows', () => {
  assert.deepEqual(NETWORK_KIND_IDS, ['rnn', 'lstm', 'gru', 'bilstm', 'conv-lstm']);
  assert.deepEqual(
    NETWORK_KINDS.map((k) => k.label),
    ['SimpleRNN', 'LSTM', 'GRU', 'bidirectional LSTM', 'Conv1D + LSTM'],
  );
});

test('every kind of NETWORK_KINDS is a valid spec and builds a model', () => {
  for (const { id } of NETWORK_KINDS) {
    assert.equal(resolveNetworkSpec({ model: id }).model, id);
    assert.equal(modelFromSpec({ model: id, units: 2, layers: 1 }).name, id);
  }
  assert.throws(
    () => resolveNetworkSpec({ model: 'transformer' as 'rnn' }),
    /model must be one of rnn, lstm, gru, bilstm, conv-lstm, got "transformer"/,
  );
});
