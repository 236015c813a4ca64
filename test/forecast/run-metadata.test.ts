import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRunMetadata, runMetadata, type RunMetadata } from '../../src/forecast/run-metadata.js';
import { ModelFileError } from '../../src/errors.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { modelFromFiles, modelToFiles } from '../../src/model/serialize.js';
import type { TransformJSON } from '../../src/data/transforms/transform.js';

const network = networkForecaster({ model: 'rnn', units: 2, layers: 1, window: 5 });
const spec = network.spec;
const scaler = { kind: 'standard', offset: 1.5, scale: 2 } as const;
const transform: TransformJSON = { kind: 'chain', transforms: [{ kind: 'difference' }, scaler] };
const fields = {
  spec,
  transform,
  split: 40,
  input: { dataset: 'synthetic' as const },
  series: { name: 'synthetic', columns: ['series'], length: 50 },
  season: { baseline: 12, mase: 1 },
};

test('runMetadata(run) keeps the fields in order and saves an undefined score (NaN) as null, so modelToFiles takes it', () => {
  const meta = runMetadata({ ...fields, metrics: [{ forecaster: 'rnn', mae: 1, rmse: 2, mape: NaN, smape: 3, mase: 0.5 }] });
  assert.deepEqual(Object.keys(meta), ['spec', 'transform', 'split', 'input', 'series', 'season', 'metrics']);
  assert.deepEqual(meta.metrics, [{ forecaster: 'rnn', mae: 1, rmse: 2, mape: null, smape: 3, mase: 0.5 }]);
  const files = modelToFiles(network.model, { metadata: { ...meta } });
  assert.deepEqual(modelFromFiles(files['model.json'], files['weights.bin']).metadata, meta);
});

test('readRunMetadata(metadata) reads what runMetadata wrote as it is', () => {
  const meta: RunMetadata = runMetadata({ ...fields, metrics: [{ forecaster: 'naive', mae: 1, rmse: 1, mape: 5, smape: 5, mase: 1 }] });
  assert.deepEqual(readRunMetadata(JSON.parse(JSON.stringify(meta))), meta);
});

test("readRunMetadata(metadata) reads the playground's earlier form: metrics keyed by name, no season, a scaler for the transform", () => {
  const { horizon: _h, strategy: _s, transform: _t, normalize: _n, ...oldSpec } = spec;
  const old = {
    spec: oldSpec,
    scaler,
    split: 40,
    input: { file: 'mine.csv' },
    series: { name: 'mine.csv', columns: ['v'], length: 50 },
    metrics: { 'rnn (this model)': { mae: 1.25, rmse: 2.5 }, naive: { mae: 3, rmse: 4 } },
  };
  const { scaler: _scaler, ...rest } = old;
  assert.deepEqual(readRunMetadata(old), {
    ...rest,
    transform: scaler,
    season: { mase: 1 },
    metrics: [
      { forecaster: 'rnn (this model)', mae: 1.25, rmse: 2.5, mape: null, smape: null, mase: null },
      { forecaster: 'naive', mae: 3, rmse: 4, mape: null, smape: null, mase: null },
    ],
  });
});

test('readRunMetadata(metadata) leaves out what a model saved by the library does not record', () => {
  assert.deepEqual(readRunMetadata({}), { season: { mase: 1 }, metrics: [] });
  assert.deepEqual(readRunMetadata({ spec, scaler, window: 5 }), { spec, transform: scaler, season: { mase: 1 }, metrics: [] });
  assert.deepEqual(readRunMetadata({ transform, scaler }).transform, transform, 'the transform first');
  assert.deepEqual(readRunMetadata({ spec: 'lstm', split: '40', season: { mase: 'x' } }), { season: { mase: 1 }, metrics: [] });
});

test("readRunMetadata(metadata) refuses a field of a run's metadata in another kind than seqcast writes, naming it", () => {
  assert.throws(
    () => readRunMetadata({ spec, split: 'x' }),
    (e: Error) => e instanceof ModelFileError && /metadata\.split is "x", where seqcast writes a whole number/.test(e.message),
  );
  assert.throws(() => readRunMetadata({ spec, input: { column: 7 } }), /metadata\.input\.column is 7, where seqcast writes a string/);
  assert.throws(() => readRunMetadata({ spec, season: { mase: 0 } }), /metadata\.season is/);
  assert.throws(() => readRunMetadata({ spec, series: { columns: 'value' } }), /metadata\.series\.columns/);
  assert.throws(() => readRunMetadata({ spec, metrics: 3 }), /metadata\.metrics is 3/);
  assert.deepEqual(readRunMetadata({}), { season: { mase: 1 }, metrics: [] });
});
