import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { ModelFileError } from '../../src/errors.js';
import { fittedFromTransfer, fittedToTransfer } from '../../src/forecast/fitted-transfer.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';

const { series } = syntheticSeries({ length: 96, period: 12, amplitude: 10, slope: 0.3, noiseLevel: 1, seed: 5 });
const train = series.slice(0, 84);
const mlp = (seed: number) => ({ kind: 'network' as const, spec: { model: 'mlp' as const, window: 12, maxSteps: 20, seed } });

const SPECS: ForecasterSpec[] = [
  { kind: 'seasonal-naive', period: 12 },
  { kind: 'ets', period: 12 },
  { kind: 'arima', period: 12 },
  { kind: 'theta', period: 12 },
  { kind: 'stlf', periods: [12] },
  { kind: 'box-cox', lambda: 0, of: { kind: 'ets', period: 12 } },
  mlp(0),
  { kind: 'mean', of: [mlp(1), mlp(2)] },
];

for (const spec of SPECS) {
  test(`a fitted ${spec.kind === 'network' || spec.kind === 'mean' ? `${spec.kind} of networks` : spec.kind} comes back as data with the same forecasts, to the bit`, async () => {
    const fitted = makeForecaster(spec);
    await fitted.fit(train);
    const data = fittedToTransfer(spec, fitted);
    // plain data: what structured clone carries between threads
    const again = await fittedFromTransfer(structuredClone(data));
    assert.deepEqual(again.forecast(train, 12), fitted.forecast(train, 12));
    assert.deepEqual(again.forecast(series, 7), fitted.forecast(series, 7));
    assert.deepEqual(again.predictSliding(series, 84), fitted.predictSliding(series, 84));
    assert.equal(data.networks.length, spec.kind === 'mean' ? 2 : spec.kind === 'network' ? 1 : 0);
  });
}

test('data that is not a fitted forecaster is refused with one ModelFileError', async () => {
  const spec = { kind: 'mean' as const, of: [mlp(1), mlp(2)] };
  const fitted = makeForecaster(spec);
  await fitted.fit(train);
  const data = fittedToTransfer(spec, fitted);
  await assert.rejects(fittedFromTransfer({ ...data, networks: data.networks.slice(0, 1) }), (e: unknown) => {
    assert.ok(e instanceof ModelFileError);
    assert.match((e as Error).message, /names network 1, which it does not carry/);
    return true;
  });
  const weights = data.networks[0].weights.slice();
  weights[0] ^= 1;
  await assert.rejects(fittedFromTransfer({ ...data, networks: [{ ...data.networks[0], weights }, data.networks[1]] }), ModelFileError);
  await assert.rejects(fittedFromTransfer({ forecaster: { kind: 'ets' } as never, networks: [] }), ModelFileError);
  assert.throws(
    () => fittedToTransfer({ kind: 'ets', period: 12 }, makeForecaster({ kind: 'ets', period: 12 })),
    /call fit\(train\) first/,
  );
});
