import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/errors.js';
import { compiledModelFromSpec, headWidth, modelFromSpec, resolveNetworkSpec, trainingBytes } from '../../src/model/model-spec.js';
import { medianIndex, resolveQuantiles } from '../../src/model/quantile-spec.js';
import { MonotoneQuantiles } from '../../src/layers/monotone-quantiles.js';

const levels = [0.025, 0.1, 0.5, 0.9, 0.975];

test('resolveNetworkSpec({ quantiles }) makes a direct network trained with pinball, and resolves to itself', () => {
  const spec = resolveNetworkSpec({ model: 'lstm', quantiles: levels });
  assert.equal(spec.strategy, 'direct', 'direct even at horizon 1');
  assert.equal(spec.loss, 'pinball');
  assert.deepEqual(spec.quantiles, levels);
  assert.deepEqual(resolveNetworkSpec(spec), spec);
  assert.deepEqual(resolveNetworkSpec({ model: 'gru', horizon: 6, quantiles: [0.5], loss: 'pinball' }).quantiles, [0.5]);
  // a spec without quantiles resolves as before: no quantiles field at all
  assert.equal(Object.hasOwn(resolveNetworkSpec({ model: 'lstm' }), 'quantiles'), false);
  assert.equal(resolveNetworkSpec({ model: 'lstm' }).strategy, 'recursive');
});

test('resolveNetworkSpec refuses quantile specs it cannot honour, each with the fix', () => {
  const bad = (input: object, message: RegExp): void => {
    assert.throws(
      () => resolveNetworkSpec({ model: 'lstm', ...input }),
      (e: unknown) => e instanceof OptionError && message.test(e.message),
    );
  };
  bad({ quantiles: [0.1, 0.9] }, /quantiles must include 0.5, the median .* e.g. \[0.1, 0.5, 0.9\]/);
  bad({ quantiles: [0.9, 0.5] }, /strictly increasing/);
  bad({ quantiles: [0, 0.5] }, /quantiles\[0\] must be a number strictly between 0 and 1/);
  bad({ quantiles: [] }, /quantiles must be an array of 1 to 99/);
  bad({ quantiles: 0.5 }, /quantiles must be an array/);
  bad({ quantiles: levels, strategy: 'recursive' }, /strategy 'recursive' cannot forecast quantiles.*Leave strategy out/);
  bad({ quantiles: levels, loss: 'mae' }, /loss "mae" cannot train a quantile network.*leave loss out/);
  bad({ loss: 'pinball' }, /loss 'pinball' needs quantiles/);
  bad(
    { quantiles: levels, transform: ['difference', 'standard'] },
    /transform 'difference' cannot be used with quantiles: .*a sum of quantiles is not a quantile of the sum/,
  );
  bad(
    { quantiles: levels, transform: [{ kind: 'seasonal-difference', period: 12 }] },
    /transform 'seasonal-difference' cannot be used with quantiles/,
  );
  // the increasing, pointwise ones are fine, with per-window normalization
  for (const transform of [['log', 'standard'], ['box-cox', 'minmax'], ['none']])
    assert.doesNotThrow(() => resolveNetworkSpec({ model: 'mlp', quantiles: levels, transform: transform as never, normalize: 'window' }));
});

test('modelFromSpec({ quantiles }) ends in Dense(H·Q) → MonotoneQuantiles centred on the median, and trainingBytes counts it', () => {
  for (const model of ['mlp', 'gru'] as const) {
    const spec = resolveNetworkSpec({ model, units: 8, layers: 1, horizon: 3, quantiles: levels });
    const net = modelFromSpec(spec);
    const last = net.layers.at(-1) as MonotoneQuantiles;
    assert.equal(last.className, 'MonotoneQuantiles');
    assert.equal(last.quantiles, 5);
    assert.equal(last.center, 2);
    assert.deepEqual(net.layers.at(-2)!.outputShape, [15]);
    assert.equal(headWidth(spec), 15);
    assert.equal(trainingBytes(spec).params, net.countParams(), model);
  }
  const compiled = compiledModelFromSpec({ model: 'mlp', quantiles: [0.1, 0.5, 0.9] });
  assert.equal(compiled.loss.name, 'pinball');
  assert.deepEqual(compiled.loss.config, { quantiles: [0.1, 0.5, 0.9] });
  assert.deepEqual(compiled.metrics, []);
  assert.equal(medianIndex([0.1, 0.5, 0.9]), 1);
  assert.equal(resolveQuantiles({}), undefined);
});
