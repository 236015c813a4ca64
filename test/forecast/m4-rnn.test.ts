import { test } from 'node:test';
import assert from 'node:assert/strict';
import { m4RnnForecaster } from '../../src/forecast/m4-rnn.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { naiveForecaster } from '../../src/forecast/forecaster.js';
import { mae } from '../../src/metrics/errors.js';
import { OptionError } from '../../src/errors.js';

test("m4RnnForecaster() is M4's network: SimpleRNN(6, linear, no bias) + Dense(1), 49 weights, trained by RMSprop on MSE", async () => {
  const f = m4RnnForecaster({ epochs: 1 });
  await f.fit(Float32Array.from({ length: 20 }, (_, t) => 10 + Math.sin(t)));
  const model = f.model!;
  assert.equal(model.params.values.length, 6 + 36 + 6 + 1); // kernel (1, 6), recurrent kernel (6, 6), dense (6, 1) + bias
  const rnn = model.layers[1].config();
  assert.equal(rnn.activation, 'linear');
  assert.equal(rnn.useBias, false);
  assert.equal(rnn.units, 6);
  assert.equal(model.optimizer.name, 'rmsprop');
  assert.deepEqual(model.optimizer.config(), { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
  assert.equal(model.loss.name, 'mse');
});

test('m4RnnForecaster learns a linear series: the line is removed before the network and added back', async () => {
  const line = Float32Array.from({ length: 60 }, (_, t) => 5 + 2 * t);
  const f = m4RnnForecaster({ epochs: 2, seed: 3 });
  await f.fit(line);
  assert.ok(Math.abs(f.trend!.slope - 2) < 1e-9 && Math.abs(f.trend!.intercept - 5) < 1e-9, JSON.stringify(f.trend));
  assert.equal(f.seasonalFigure, null);
  const out = f.forecast(line, 10);
  for (let j = 0; j < 10; j++) assert.ok(Math.abs(out[j] - (5 + 2 * (60 + j))) < 1e-3, `step ${j}: ${out[j]}`);
});

test('m4RnnForecaster learns a linear recurrence in the residuals far better than the naive forecast', async () => {
  // r[t] = 1.5 r[t−1] − 0.75 r[t−2] (a damped cycle a linear RNN can represent) on a rising line
  const n = 240;
  const r = new Float64Array(n);
  r[0] = 40;
  r[1] = 30;
  for (let t = 2; t < n; t++) r[t] = 1.5 * r[t - 1] - 0.75 * r[t - 2] + (t % 7 === 0 ? 20 : 0);
  const series = Float32Array.from(r, (v, t) => 500 + 0.5 * t + v);
  const split = 200;
  const f = m4RnnForecaster({ epochs: 40, seed: 1 });
  const { history } = (await f.fit(series.subarray(0, split)))!;
  const loss = history.history.loss;
  assert.ok(loss[loss.length - 1] < 0.5 * loss[0], `the loss fell from ${loss[0]} to ${loss[loss.length - 1]}`);
  const actual = series.subarray(split);
  const rnn = mae(actual, f.predictSliding(series, split));
  const naive = mae(actual, naiveForecaster().predictSliding(series, split));
  assert.ok(rnn < 0.5 * naive, `one-step MAE ${rnn} vs naive ${naive}`);
  // recursive forecasts: the first equals the one-step forecast from the same history
  assert.equal(f.forecast(series.subarray(0, split), 5)[0], f.predictSliding(series, split)[0]);
});

test('m4RnnForecaster adjusts a seasonal series, and bounds its forecasts as the benchmark (below 0 → 0)', async () => {
  const pattern = [0.6, 1.4, 1.2, 0.8];
  const seasonal = Float32Array.from({ length: 48 }, (_, t) => (100 + t) * pattern[t % 4]);
  const f = m4RnnForecaster({ period: 4, epochs: 2 });
  await f.fit(seasonal);
  assert.ok(f.seasonalFigure, 'seasonal');
  assert.ok(Math.abs(f.seasonalFigure![1] / f.seasonalFigure![0] - 1.4 / 0.6) < 0.05, `${f.seasonalFigure}`);
  const falling = Float32Array.from({ length: 30 }, (_, t) => 305 - 10 * t); // 15 at t = 29: the line crosses 0 at t = 30.5
  const g = m4RnnForecaster({ epochs: 1 });
  await g.fit(falling);
  const out = g.forecast(falling, 5);
  assert.ok(Math.abs(out[0] - 5) < 1e-3, `${out[0]}`);
  assert.deepEqual(Array.from(out.subarray(1)), [0, 0, 0, 0]);
});

test('m4RnnForecaster is the spec kind m4-rnn, seeded, and refuses bad options', async () => {
  const series = Float32Array.from({ length: 40 }, (_, t) => 50 + 10 * Math.sin(t / 2) + t);
  const run = async (seed: number) => {
    const f = makeForecaster({ kind: 'm4-rnn', seed, epochs: 3 });
    await f.fit(series);
    return f.forecast(series, 4);
  };
  assert.deepEqual(await run(7), await run(7));
  assert.notDeepEqual(await run(7), await run(8));
  assert.equal(makeForecaster({ kind: 'm4-rnn', period: 24 }).name, 'm4-rnn (24)');
  assert.throws(
    () => m4RnnForecaster({ period: 0 }),
    (e: unknown) => e instanceof OptionError && /m4-rnn period must be an integer from 1/.test(e.message),
  );
  assert.throws(() => m4RnnForecaster({ epochs: 1.5 }), /m4-rnn epochs must be an integer from 1 to 100000, got 1\.5/);
  assert.throws(() => m4RnnForecaster({ units: 8 } as never), /Unknown m4-rnn option 'units': the options are period, seed, epochs\./);
  assert.throws(() => m4RnnForecaster().forecast(series, 2), /m4-rnn: forecast needs a fitted forecaster: call fit\(train\) first\./);
});
