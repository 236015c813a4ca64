import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../../src/engine/random.js';
import { globalNetwork, resolveGlobalSpec, type GlobalSpec } from '../../src/forecast/global-network.js';
import { stlDecomposeForForecast } from '../../src/forecast/stats/stlf.js';
import { naiveForecaster } from '../../src/forecast/forecaster.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { mae } from '../../src/metrics/errors.js';
import { InputError, OptionError } from '../../src/errors.js';

/**
 * A family sharing one pattern: series i is level_i · (1 + 0.3 sin(2πt/12 + i)) + noise, at
 * levels from 5 to 500 and lengths from 60 to 130: each series alone is short, their shape is common.
 */
function family(count: number, seed = 7): Float32Array[] {
  const rng = new RandomState(seed);
  return Array.from({ length: count }, (_, i) => {
    const level = 5 * 100 ** (i / Math.max(1, count - 1));
    return Float32Array.from(
      { length: 60 + 10 * i },
      (_, t) => level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12 + i) + 0.02 * rng.randn()),
    );
  });
}

const H = 12;
const mlp = (extra: Partial<GlobalSpec> = {}, network: Partial<GlobalSpec['network']> = {}): GlobalSpec => ({
  kind: 'global',
  network: { model: 'mlp', window: 24, horizon: H, units: 16, layers: 1, epochs: 30, seed: 0, ...network },
  normalize: 'window',
  ...extra,
});

test('globalNetwork(spec).fitMany(trains) trains on the windows of every series and beats the naive forecast on each', async () => {
  const all = family(8);
  const trains = all.map((s) => s.subarray(0, s.length - H));
  const g = globalNetwork(mlp());
  const report = await g.fitMany(trains);
  assert.deepEqual(report.used, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(report.skipped, []);
  // window 24 + 12 targets: a training part of n values gives n − 35 windows
  assert.equal(
    report.windows,
    trains.reduce((s, t) => s + t.length - 35, 0),
  );
  assert.equal(report.windowsPerEpoch, report.windows);
  assert.equal(report.history.epoch.length, 30);
  for (let i = 0; i < all.length; i++) {
    const actual = all[i].subarray(trains[i].length);
    const global = mae(actual, g.forecast(trains[i], H));
    const naive = mae(actual, naiveForecaster().forecast(trains[i], H));
    assert.ok(global < 0.5 * naive, `series ${i}: global MAE ${global} should be well below naive's ${naive}`);
  }
});

test('a global network learns from the other series what a local one cannot learn from one short series', async () => {
  const all = family(8);
  const trains = all.map((s) => s.subarray(0, s.length - H));
  const g = globalNetwork(mlp());
  await g.fitMany(trains);
  // series 0 has 48 training values: 13 windows for a local network of the same spec
  const local = networkForecaster({ ...mlp().network, transform: 'none', normalize: 'window' });
  await local.fit(trains[0]);
  const actual = all[0].subarray(trains[0].length);
  const global = mae(actual, g.forecast(trains[0], H, 0));
  const alone = mae(actual, local.forecast(trains[0], H));
  assert.ok(global < alone, `global MAE ${global} should beat the local network's ${alone} on the shortest series`);
});

test("normalize 'series' scales each series by its training part: a series 1000x larger gets forecasts 1000x larger", async () => {
  const [a, b, c] = family(3);
  const spec = mlp({ normalize: 'series' }, { epochs: 5 });
  const g1 = globalNetwork(spec);
  const g2 = globalNetwork(spec);
  await g1.fitMany([a, b, c]);
  const big = a.map((v) => v * 1000);
  await g2.fitMany([big, b, c]);
  const stats = g1.toJSON().seriesStats!;
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  assert.ok(Math.abs(stats[0]!.center - mean) < 1e-9 * Math.abs(mean) + 1e-9);
  assert.ok(Math.abs(stats[0]!.scale - std) < 1e-9 * std);
  const small = g1.forecast(a, H, 0);
  const large = g2.forecast(big, H, 0);
  for (let k = 0; k < H; k++)
    assert.ok(Math.abs(large[k] / 1000 - small[k]) < 1e-3 * Math.abs(small[k]), `step ${k}: ${large[k]} vs ${small[k]}`);
  // the saved scale of series 0 is used, not that of the history given: a shifted history moves the forecast by the same shift
  const shifted = a.map((v) => v + 50);
  const moved = g1.forecast(shifted, H, 0);
  const free = g1.forecast(shifted, H); // no index: the history's own statistics
  assert.notDeepEqual(moved, free);
});

test("'window' normalization: each window by itself, so forecasts scale with the series", async () => {
  const [a, b] = family(2);
  const g = globalNetwork(mlp({}, { epochs: 3 }));
  await g.fitMany([a, b]);
  const x = g.forecast(a, H);
  const y = g.forecast(
    a.map((v) => 10 * v + 3),
    H,
  );
  for (let k = 0; k < H; k++) assert.ok(Math.abs(y[k] - (10 * x[k] + 3)) < 1e-3 * Math.abs(10 * x[k] + 3));
  assert.equal(g.toJSON().seriesStats, null);
});

test('fitMany skips and reports the series shorter than window + horizon, and refuses when every one is', async () => {
  const [a, b] = family(2);
  const g = globalNetwork(mlp({}, { epochs: 2 }));
  const report = await g.fitMany([a, new Float32Array(30), b, new Float32Array(0)], { ids: ['a', 'short', 'b', 'empty'] });
  assert.deepEqual(report.used, [0, 2]);
  assert.deepEqual(
    report.skipped.map(({ index, id, length }) => ({ index, id, length })),
    [
      { index: 1, id: 'short', length: 30 },
      { index: 3, id: 'empty', length: 0 },
    ],
  );
  assert.match(report.skipped[0].reason, /30 values, fewer than window 24 \+ 12 output step\(s\) = 36/);
  // a skipped series with a long enough history is still forecast by the shared network
  assert.equal(g.forecast(a.subarray(0, 24), 3, 1).length, 3);
  await assert.rejects(
    globalNetwork(mlp()).fitMany([new Float32Array(30), new Float32Array(35)]),
    (e: unknown) =>
      e instanceof InputError &&
      /every one of the 2 series is too short: each needs at least 36 values .* the longest has 35: use a shorter window or horizon, or longer series\./.test(
        e.message,
      ),
  );
});

test('fitMany is deterministic for a seed, and another seed trains another network', async () => {
  const trains = family(4);
  const fit = async (seed: number): Promise<Float32Array> => {
    const g = globalNetwork(mlp({}, { epochs: 3, seed }));
    await g.fitMany(trains);
    return g.forecast(trains[2], 20, 2);
  };
  const first = await fit(0);
  assert.deepEqual(await fit(0), first);
  assert.notDeepEqual(await fit(1), first);
});

test('ids: the series index is a one-hot input (a learned embedding): mlp [W + S], lstm [null, 1 + S]; forecasts need the index', async () => {
  const trains = family(3);
  const g = globalNetwork(mlp({ ids: true }, { epochs: 5 }));
  await g.fitMany(trains, { ids: ['x', 'y', 'z'] });
  assert.deepEqual(g.model!.inputShape, [27]);
  assert.equal(g.name, 'global mlp (ids)');
  assert.equal(g.indexOf('z'), 2);
  assert.throws(() => g.indexOf('w'), /no series is named 'w' \(its series are x, y, z\)/);
  assert.notDeepEqual(g.forecast(trains[1], H, 0), g.forecast(trains[1], H, 1), 'the id changes the forecast');
  assert.throws(
    () => g.forecast(trains[1], H),
    (e: unknown) => e instanceof OptionError && /needs the series' index: .*ids: true.*pass seriesIndex from 0 to 2/.test(e.message),
  );
  assert.throws(() => g.forecast(trains[1], H, 3), /seriesIndex must be an integer from 0 to 2 .* got 3/);
  const lstm = globalNetwork({
    kind: 'global',
    network: { model: 'lstm', window: 12, horizon: 6, units: 4, layers: 1, epochs: 1 },
    normalize: 'window',
    ids: true,
  });
  await lstm.fitMany(trains);
  assert.deepEqual(lstm.model!.inputShape, [null, 4]);
  assert.equal(lstm.forecast(trains[0], 8, 0).length, 8);
});

test('windowsPerEpoch caps the windows an epoch trains on', async () => {
  const trains = family(4);
  const g = globalNetwork(mlp({ windowsPerEpoch: 40 }, { epochs: 2, batchSize: 16 }));
  const report = await g.fitMany(trains);
  assert.ok(report.windows > 40);
  assert.equal(report.windowsPerEpoch, 40);
});

test('maxSteps stops training at the first whole epoch that reaches the budget', async () => {
  const trains = family(4);
  const g = globalNetwork(mlp({ windowsPerEpoch: 40 }, { epochs: 50, batchSize: 16, maxSteps: 7 })); // 3 batches per epoch
  const report = await g.fitMany(trains);
  assert.equal(report.history.history.loss.length, 3); // 9 steps ≥ 7 > 6
});

test('forecast chains blocks of the horizon, and its first step is the one-step forecast', async () => {
  const trains = family(3);
  const g = globalNetwork(mlp({}, { epochs: 3 }));
  await g.fitMany(trains);
  const s = trains[2];
  const long = g.forecast(s, 30, 2);
  assert.equal(long.length, 30);
  assert.deepEqual(long.subarray(0, H), g.forecast(s, H, 2));
  const sliding = g.predictSliding(s, 40, 2);
  assert.equal(sliding.length, s.length - 40);
  assert.ok(Math.abs(sliding[0] - g.forecast(s.subarray(0, 40), 1, 2)[0]) < 1e-4);
});

test('bad input: no series, mismatched or repeated ids, NaN, a foreign spec, forecasting before fitMany', async () => {
  const g = globalNetwork(mlp());
  await assert.rejects(g.fitMany([]), /fitMany needs at least one series, got none: pass an array of Float32Array training parts\./);
  const [a, b] = family(2);
  await assert.rejects(
    g.fitMany([a, b], { ids: ['only-one'] }),
    (e: unknown) =>
      e instanceof OptionError && /ids names 1 series but fitMany got 2: give one id per series, in the same order\./.test(e.message),
  );
  await assert.rejects(g.fitMany([a, b], { ids: ['s', 's'] }), /the id 's' names two series/);
  const holed = b.slice();
  holed[5] = NaN;
  await assert.rejects(g.fitMany([a, holed], { ids: ['a', 'b'] }), /series 1 \('b'\) has NaN at index 5/);
  await assert.rejects(g.fitMany([a, [1, 2, 3] as unknown as Float32Array]), /series 1 is not a Float32Array/);
  assert.throws(() => g.forecast(a, 3), /forecast needs a trained network: call fitMany\(trains\) first/);
  assert.throws(() => resolveGlobalSpec({ ...mlp(), normalize: 'none' as 'window' }), /normalize must be 'window' .* or 'series'/);
  assert.throws(
    () => globalNetwork({ ...mlp(), network: { model: 'mlp', transform: ['difference'] } }),
    (e: unknown) => e instanceof OptionError && /cannot set transform: .*remove network\.transform\./.test(e.message),
  );
  assert.throws(() => globalNetwork({ ...mlp(), network: { model: 'mlp', units: 0 } }), /units must be an integer from 1 to 4096/);
  assert.throws(() => globalNetwork({ ...mlp(), idz: true } as GlobalSpec), /Unknown global spec field 'idz'/);
});

test('resolveGlobalSpec uses the learning rate for scaled data and no target transform', () => {
  const spec = resolveGlobalSpec({ kind: 'global', network: { model: 'lstm', horizon: 18 }, normalize: 'window' });
  assert.equal(spec.network.learningRate, 1e-3);
  assert.deepEqual(spec.network.transform, ['none']);
  assert.equal(spec.network.strategy, 'direct');
  assert.equal(spec.ids, false);
  assert.equal(spec.windowsPerEpoch, 100_000);
});

test('forecasterFor(i) forecasts series i with the shared network; its fit trains its own network on that series and leaves the shared one alone', async () => {
  const trains = family(3);
  const g = globalNetwork(mlp({ ids: true }, { epochs: 3 }));
  await g.fitMany(trains);
  const view = g.forecasterFor(1);
  assert.equal(view.name, 'global mlp (ids) (series 1)');
  assert.equal(view.minHistory, 24);
  const shared = g.forecast(trains[1], 18, 1);
  assert.deepEqual(view.forecast(trains[1], 18), shared);
  assert.deepEqual(view.predictSliding(trains[1], 50), g.predictSliding(trains[1], 50, 1));
  await view.fit(trains[1].subarray(0, 60));
  assert.notDeepEqual(view.forecast(trains[1], 18), shared);
  assert.deepEqual(g.forecast(trains[1], 18, 1), shared, 'the shared network is unchanged');
  assert.throws(() => globalNetwork(mlp()).forecasterFor(0).forecast(trains[0], 3), /needs a trained network: call fitMany/);
});

/** A family whose season swings with its level and trend (AirPassengers' shape): positive, so logs apply. */
function multiplicative(count: number, seed = 11): Float32Array[] {
  const rng = new RandomState(seed);
  return Array.from({ length: count }, (_, i) => {
    const level = 5 * 100 ** (i / Math.max(1, count - 1));
    return Float32Array.from(
      { length: 72 + 12 * i },
      (_, t) => level * (1 + 0.004 * t) * (1 + 0.35 * Math.sin((2 * Math.PI * t) / 12 + i)) * (1 + 0.02 * rng.randn()),
    );
  });
}

test("seasonal: the network trains on each series' STL-adjusted logs, and a forecast is exp(its forecast of them + the seasons' forecast)", async () => {
  const trains = multiplicative(5);
  const spec = mlp({ seasonal: { periods: [12] } });
  const g = globalNetwork(spec);
  assert.equal(g.name, 'global mlp (STL(12) of logs)');
  assert.deepEqual(resolveGlobalSpec(spec).seasonal, { periods: [12], logs: true });
  await g.fitMany(trains);
  // the same network, fitted by hand on the adjusted logs (stlf's decomposition), gives the same weights
  const decomposed = trains.map((t) => stlDecomposeForForecast(Float32Array.from(t, Math.log), [12], 30));
  const plain = globalNetwork(mlp());
  await plain.fitMany(decomposed.map((d) => Float32Array.from(d.adjusted)));
  assert.deepEqual(g.model!.params.values, plain.model!.params.values);
  for (let i = 0; i < trains.length; i++) {
    const z = plain.forecast(Float32Array.from(decomposed[i].adjusted), 30, i);
    const want = Float32Array.from(z, (v, k) => Math.exp(v + decomposed[i].seasonalForecast[k]));
    assert.deepEqual(g.forecast(trains[i], 30, i), want, `series ${i}`);
  }
  // one-step forecasts: the decomposition of the values before `from` held fixed, as stlf's
  const s = trains[3];
  const from = s.length - 10;
  const sliding = g.predictSliding(s, from, 3);
  assert.equal(sliding.length, 10);
  assert.ok(Math.abs(sliding[0] / g.forecast(s.subarray(0, from), 1, 3)[0] - 1) < 1e-5);
});

test('seasonal: each series forecast better than its seasonal naive where the season grows with the level and the trend', async () => {
  const all = multiplicative(6);
  const trains = all.map((s) => s.subarray(0, s.length - H));
  const g = globalNetwork(mlp({ seasonal: { periods: [12] } }));
  await g.fitMany(trains);
  for (let i = 0; i < all.length; i++) {
    const actual = all[i].subarray(trains[i].length);
    const seasonal = mae(actual, g.forecast(trains[i], H, i));
    const snaive = mae(actual, trains[i].slice(trains[i].length - 12));
    assert.ok(seasonal < snaive, `series ${i}: MAE ${seasonal} should be below the seasonal naive's ${snaive}`);
  }
});

test('seasonal with logs: false, or a series with a value ≤ 0: the values themselves are decomposed, and the seasons added back', async () => {
  const trains = multiplicative(3).map((t, i) => (i === 0 ? Float32Array.from(t, (v) => v - 10) : t));
  for (const logs of [false, true]) {
    const g = globalNetwork(mlp({ seasonal: { periods: [12], logs } }, { epochs: 3 }));
    await g.fitMany(trains);
    // series 0 has values ≤ 0: never on logs; the others on logs when logs is on
    const onLogs = (i: number): boolean => logs && i > 0;
    const decomposed = trains.map((t, i) => stlDecomposeForForecast(onLogs(i) ? Float32Array.from(t, Math.log) : t, [12], 6));
    const plain = globalNetwork(mlp({}, { epochs: 3 }));
    await plain.fitMany(decomposed.map((d) => Float32Array.from(d.adjusted)));
    assert.deepEqual(g.model!.params.values, plain.model!.params.values, `logs ${logs}`);
    trains.forEach((_, i) => {
      const z = plain.forecast(Float32Array.from(decomposed[i].adjusted), 6, i);
      const back = (v: number, k: number): number => v + decomposed[i].seasonalForecast[k];
      const want = Float32Array.from(z, (v, k) => (onLogs(i) ? Math.exp(back(v, k)) : back(v, k)));
      assert.deepEqual(g.forecast(trains[i], 6, i), want, `logs ${logs}, series ${i}`);
    });
  }
});

test('seasonal: a bad seasonal spec is refused naming the field; one-step forecasts on logs refuse a later value ≤ 0', async () => {
  assert.throws(() => globalNetwork(mlp({ seasonal: { periods: [1] } })), /seasonal needs a period above 1, got \[1\]/);
  assert.throws(() => globalNetwork(mlp({ seasonal: { periods: [0] } })), /periods must be integers from 1 to 100,000, got 0/);
  assert.throws(() => globalNetwork(mlp({ seasonal: [12] as unknown as GlobalSpec['seasonal'] })), /seasonal must be an object such as/);
  assert.throws(
    () => globalNetwork(mlp({ seasonal: { periods: [12], logs: 'yes' as unknown as boolean } })),
    (e: unknown) => e instanceof OptionError && /seasonal\.logs must be true or false, got "yes"/.test(e.message),
  );
  assert.throws(() => globalNetwork(mlp({ seasonal: { periods: [12], log: true } as GlobalSpec['seasonal'] })), /Unknown field 'log'/);
  const trains = multiplicative(2);
  const g = globalNetwork(mlp({ seasonal: { periods: [12] } }, { epochs: 2 }));
  await g.fitMany(trains);
  const s = trains[1].slice();
  s[s.length - 3] = 0;
  assert.throws(
    () => g.predictSliding(s, s.length - 6, 1),
    (e: unknown) =>
      e instanceof InputError &&
      /the value at index \d+ is 0, but the \d+ values before the first forecast are all positive/.test(e.message),
  );
});
