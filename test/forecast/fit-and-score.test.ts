import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitAndScore, scoreForecast } from '../../src/forecast/fit-and-score.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../../src/forecast/forecaster.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { mae, mape, mase, rmse, smape } from '../../src/metrics/errors.js';
import { OptionError } from '../../src/errors.js';

const { series } = syntheticSeries({ length: 160, period: 24, amplitude: 10 });
const tiny = { model: 'lstm', units: 4, layers: 1, window: 6, epochs: 2, batchSize: 16, seed: 3 } as const;

/** A naive forecaster that records what it was given. */
function spy(log: string[], name = 'spy'): Forecaster {
  const naive = naiveForecaster();
  return {
    ...naive,
    name,
    async fit(train, options) {
      log.push(`fit ${name} ${train.length}`);
      return naive.fit(train, options);
    },
    predictSliding(s, from) {
      log.push(`predict ${name} ${s.length} from ${from}`);
      return naive.predictSliding(s, from);
    },
  };
}

test('fitAndScore(series, [network, naive], origin) gives what runFold and train computed: fit on [0, origin), forecast, the five scores, the loss', async () => {
  const origin = 120;
  const [net, naive] = await fitAndScore(series, [networkForecaster(tiny), naiveForecaster()], origin);
  // the path runFold and `seqcast train` took, step by step, with a network of the same seed
  const reference = networkForecaster(tiny);
  const { history } = await reference.fit(series.subarray(0, origin));
  const forecast = reference.predictSliding(series, origin);
  const actual = series.subarray(origin);
  const train = series.subarray(0, origin);
  assert.deepEqual(net.forecast, forecast);
  assert.deepEqual(net.scores, {
    mae: mae(actual, forecast),
    rmse: rmse(actual, forecast),
    mape: mape(actual, forecast),
    smape: smape(actual, forecast),
    mase: mase(actual, forecast, train),
  });
  assert.deepEqual(net.loss, history.history.loss);
  assert.equal(net.name, 'lstm');
  assert.deepEqual(net.notes, []);
  const naiveForecast = naiveForecaster().predictSliding(series, origin);
  assert.deepEqual(naive, { name: 'naive', forecast: naiveForecast, ...scoreForecast(actual, naiveForecast, train) });
  assert.equal(naive.scores.mae, mae(actual, series.subarray(origin - 1, -1)));
  assert.equal('loss' in naive, false, 'a baseline does not train');
});

test('fitAndScore(series, forecasters, origin, { end }) fits each in order on [0, origin) and shows none a value past end', async () => {
  const log: string[] = [];
  const results = await fitAndScore(series, [spy(log, 'a'), spy(log, 'b')], 100, { end: 130 });
  assert.deepEqual(log, ['fit a 100', 'predict a 130 from 100', 'fit b 100', 'predict b 130 from 100']);
  assert.deepEqual(
    results.map((r) => [r.name, r.forecast.length]),
    [
      ['a', 30],
      ['b', 30],
    ],
  );
  assert.equal(results[0].scores.mae, mae(series.subarray(100, 130), series.subarray(99, 129)));
});

test('fitAndScore(series, forecasters, origin, { masePeriod }) scales MASE by the seasonal naive error of the training part', async () => {
  const [r] = await fitAndScore(series, [seasonalNaiveForecaster(24)], 120, { masePeriod: 24 });
  assert.equal(r.scores.mase, mase(series.subarray(120), r.forecast, series.subarray(0, 120), { period: 24 }));
  assert.notEqual(r.scores.mase, mase(series.subarray(120), r.forecast, series.subarray(0, 120)));
});

test('fitAndScore(series, forecasters, origin, { callbacks, onFitted }) gives each forecaster its callbacks and reports each fit', async () => {
  const network = networkForecaster(tiny);
  const epochs: number[] = [];
  const asked: string[] = [];
  const fitted: [string, number][] = [];
  await fitAndScore(series, [network, naiveForecaster()], 120, {
    callbacks: (f) => {
      asked.push(f.name);
      return f === network ? [{ onEpochEnd: (e) => void epochs.push(e) }] : [];
    },
    onFitted: (f, seconds) => fitted.push([f.name, seconds]),
  });
  assert.deepEqual(asked, ['lstm', 'naive']);
  assert.deepEqual(epochs, [0, 1]);
  assert.deepEqual(
    fitted.map(([name]) => name),
    ['lstm', 'naive'],
  );
  assert.ok(fitted.every(([, seconds]) => seconds >= 0));
});

test('fitAndScore(series, forecasters, origin) notes a score that is undefined', async () => {
  const withZero = Float32Array.from(series, (v, i) => (i === 125 ? 0 : v));
  const [r] = await fitAndScore(withZero, [naiveForecaster()], 120);
  assert.ok(Number.isNaN(r.scores.mape));
  assert.match(r.notes[0], /^MAPE is n\/a here: actual\[5\] is 0/);
});

test('fitAndScore(series, forecasters, series.length) trains and scores NaN with a note: nothing to score', async () => {
  const [r] = await fitAndScore(series, [networkForecaster(tiny)], series.length);
  assert.equal(r.forecast.length, 0);
  assert.ok(Object.values(r.scores).every(Number.isNaN));
  assert.deepEqual(r.notes, ['Nothing to score: series[160, 160) is empty.']);
  assert.equal(r.loss!.length, 2);
});

test('fitAndScore(series, forecasters, origin, { signal }) stops when the signal aborts: before, during and between fits', async () => {
  const log: string[] = [];
  await assert.rejects(fitAndScore(series, [spy(log)], 120, { signal: AbortSignal.abort(new Error('already')) }), /already/);
  assert.deepEqual(log, [], 'nothing fitted');
  // an abort from a timer reaches a running network fit: it yields to the event loop between batches
  const timed = new AbortController();
  setTimeout(() => timed.abort(new Error('timer')), 0);
  await assert.rejects(
    fitAndScore(series, [networkForecaster({ ...tiny, epochs: 10_000 }), spy(log)], 120, { signal: timed.signal }),
    /timer/,
  );
  assert.deepEqual(log, [], 'the forecaster after the network was not fitted');
  // an abort after one forecaster's fit stops before the next one
  const between = new AbortController();
  await assert.rejects(
    fitAndScore(series, [spy(log, 'a'), spy(log, 'b')], 120, {
      signal: between.signal,
      onFitted: () => between.abort(new Error('between')),
    }),
    /between/,
  );
  assert.deepEqual(log, ['fit a 120', 'predict a 160 from 120'], 'b was not fitted');
});

test('fitAndScore(series, forecasters, origin) throws on no forecasters, a bad origin or end, and a forecast of the wrong length', async () => {
  await assert.rejects(fitAndScore(series, [], 100), /fitAndScore needs at least one forecaster/);
  await assert.rejects(fitAndScore(series, [naiveForecaster()], 0), /origin 0 and end 160 must be integers with 1 ≤ origin ≤ end ≤ 160/);
  await assert.rejects(fitAndScore(series, [naiveForecaster()], 100, { end: 161 }), /origin 100 and end 161 must be integers/);
  await assert.rejects(fitAndScore(series, [naiveForecaster()], 100, { end: 99 }), /origin 100 and end 99 must be integers/);
  await assert.rejects(fitAndScore(series, [naiveForecaster()], 10.5), /origin 10\.5 and end 160/);
  const short: Forecaster = { ...naiveForecaster(), name: 'short', predictSliding: () => new Float32Array(3) };
  await assert.rejects(
    fitAndScore(series, [short], 100),
    /short: predictSliding gave 3 forecasts for the 60 values of series\[100, 160\): a forecaster gives one per value/,
  );
});

test("fitAndScore(series, [network, naive], origin, { end, mode: 'multi-step' }) forecasts series[origin, end) at once from series[0, origin), with the error at each step", async () => {
  const [origin, end] = [120, 138];
  const [net, naive] = await fitAndScore(series, [networkForecaster(tiny), naiveForecaster()], origin, {
    end,
    mode: 'multi-step',
    masePeriod: 24,
  });
  const reference = networkForecaster(tiny);
  await reference.fit(series.subarray(0, origin));
  const train = series.subarray(0, origin);
  const actual = series.subarray(origin, end);
  const forecast = reference.forecast(train, end - origin);
  assert.deepEqual(net.forecast, forecast);
  assert.deepEqual(net.scores, scoreForecast(actual, forecast, train, 24).scores);
  assert.deepEqual(
    net.stepErrors,
    Array.from(forecast, (f, i) => Math.abs(actual[i] - f)),
  );
  assert.deepEqual([...naive.forecast], new Array(18).fill(series[origin - 1]), 'the last training value, repeated');
  assert.equal(naive.scores.mae, mae(actual, naive.forecast));
  assert.equal(naive.scores.mase, mase(actual, naive.forecast, train, { period: 24 }));
});

test("fitAndScore(series, forecasters, origin, { mode: 'multi-step' }) shows each forecaster only series[0, origin), and scores an empty period NaN", async () => {
  const log: string[] = [];
  const recorder: Forecaster = {
    ...naiveForecaster(),
    name: 'recorder',
    predictSliding: () => {
      throw new Error('predictSliding called');
    },
    forecast: (history, h) => (log.push(`forecast ${history.length} ${h}`), naiveForecaster().forecast(history, h)),
  };
  await fitAndScore(series, [recorder], 100, { end: 130, mode: 'multi-step' });
  assert.deepEqual(log, ['forecast 100 30']);
  const [r] = await fitAndScore(series, [recorder], 160, { mode: 'multi-step' });
  assert.deepEqual(log, ['forecast 100 30'], 'nothing to forecast');
  assert.deepEqual(r.stepErrors, []);
  assert.deepEqual(r.notes, ['Nothing to score: series[160, 160) is empty.']);
  const long: Forecaster = { ...naiveForecaster(), name: 'long', forecast: () => new Float32Array(31) };
  await assert.rejects(
    fitAndScore(series, [long], 100, { end: 130, mode: 'multi-step' }),
    /long: forecast\(train, 30\) gave 31 forecasts for the 30 values of series\[100, 130\): a forecaster gives one per value/,
  );
  await assert.rejects(
    fitAndScore(series, [naiveForecaster()], 100, { mode: 'sliding' as never }),
    (e: Error) => e instanceof OptionError && /got "sliding"/.test(e.message),
  );
});

test("fitAndScore(series, forecasters, origin, { mode: 'multi-step', horizon }) forecasts the period in blocks of horizon values, each from the actual values before it, with one fit", async () => {
  const log: string[] = [];
  let fits = 0;
  const recorder: Forecaster = {
    ...naiveForecaster(),
    name: 'recorder',
    fit: async (train) => {
      fits++;
      log.push(`fit ${train.length}`);
    },
    forecast: (history, h) => (log.push(`forecast ${history.length} ${h}`), naiveForecaster().forecast(history, h)),
  };
  const [r] = await fitAndScore(series, [recorder], 100, { end: 125, mode: 'multi-step', horizon: 10, masePeriod: 24 });
  assert.equal(fits, 1);
  assert.deepEqual(log, ['fit 100', 'forecast 100 10', 'forecast 110 10', 'forecast 120 5']);
  // the naive forecast of each block is the value before its start
  const expected = Float32Array.from({ length: 25 }, (_, i) => series[100 + Math.floor(i / 10) * 10 - 1]);
  assert.deepEqual(r.forecast, expected);
  const actual = series.subarray(100, 125);
  assert.deepEqual(
    r.stepErrors,
    Array.from(expected, (f, i) => Math.abs(actual[i] - f)),
  );
  assert.deepEqual(r.scores, scoreForecast(actual, expected, series.subarray(0, 100), 24).scores);
  for (const [options, what] of [
    [{ mode: 'multi-step', horizon: 0 }, /horizon 0 must be a whole number of at least 1, with mode 'multi-step'/],
    [{ mode: 'multi-step', horizon: 2.5 }, /horizon 2\.5 must be/],
    [{ mode: 'one-step', horizon: 10 }, /horizon 10 must be .* with mode 'multi-step'/],
  ] as const) {
    await assert.rejects(
      fitAndScore(series, [naiveForecaster()], 100, options),
      (e: Error) => e instanceof OptionError && what.test(e.message),
    );
  }
});

test("fitAndScore(series, [ets, auto, naive], origin) gives each result the fitted forecaster's describe() and auto's choice verdict; a baseline has neither", async () => {
  const { etsForecaster } = await import('../../src/forecast/stats/ets.js');
  const { autoForecaster } = await import('../../src/forecast/auto.js');
  // a seasonal series with a trend: 8 seasons of 4
  const series = Float32Array.from({ length: 40 }, (_, t) => 100 + 2 * t + 10 * Math.sin((2 * Math.PI * t) / 4) + ((t * 7) % 5));
  const auto = autoForecaster({ period: 4, horizon: 4, candidates: 'statistical' });
  const [ets, chosen, naive] = await fitAndScore(series, [etsForecaster({ period: 4 }), auto, naiveForecaster()], 32, {
    mode: 'multi-step',
    masePeriod: 4,
  });
  assert.match(ets.description!, /^ETS\([AM],(N|Ad?),[NAM]\)$/);
  assert.equal(ets.choice, undefined);
  assert.equal(chosen.description, auto.describe());
  assert.deepEqual(chosen.choice, { baselineWins: auto.choice!.baselineWins, message: auto.choice!.message });
  assert.equal(naive.description, undefined);
  assert.equal(naive.choice, undefined);
});
