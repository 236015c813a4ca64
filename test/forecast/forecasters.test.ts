// The conformance test: one suite, run over every forecaster (the four baselines, ETS, STL + ETS, Theta, auto
// and every network kind), checks the Forecaster contract that backtests and the CLI rely on.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSeries } from '../../src/data/synthetic.js';
import {
  driftForecaster,
  movingAverageForecaster,
  naiveForecaster,
  seasonalNaiveForecaster,
  type Forecaster,
} from '../../src/forecast/forecaster.js';
import { networkForecaster } from '../../src/forecast/network.js';
import { thetaForecaster } from '../../src/forecast/stats/theta.js';
import { naive2Forecaster } from '../../src/forecast/naive2.js';
import { m4RnnForecaster } from '../../src/forecast/m4-rnn.js';
import { etsForecaster } from '../../src/forecast/stats/ets.js';
import { arimaForecaster } from '../../src/forecast/stats/arima.js';
import { stlfForecaster } from '../../src/forecast/stats/stlf.js';
import { stlArimaForecaster } from '../../src/forecast/stats/stl-arima.js';
import { autoForecaster } from '../../src/forecast/auto.js';
import { meanForecaster } from '../../src/forecast/mean-forecaster.js';
import { conformalForecaster } from '../../src/forecast/conformal.js';
import { boxCoxForecaster } from '../../src/forecast/box-cox-forecaster.js';
import { NETWORK_KIND_IDS } from '../../src/model/network-kinds.js';
import { globalNetwork } from '../../src/forecast/global-network.js';
import { OptionError } from '../../src/errors.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';

/** The forecaster chooses a form from the data that a spec can fix (Forecaster.fixedForm). */
function hasFixedForm(make: () => Forecaster): boolean {
  return typeof make().fixedForm === 'function';
}

const { series } = syntheticSeries({ length: 100, period: 20, amplitude: 10, slope: 0.1 });
const SPLIT = 70;
const train = series.slice(0, SPLIT);

interface Candidate {
  label: string;
  make: () => Forecaster;
  baseline: boolean;
  /** What fit says of a training part one value shorter than minHistory, where it is not the baselines' or the networks' words. */
  tooShort?: string;
}

const candidates: Candidate[] = [
  { label: 'naiveForecaster()', make: naiveForecaster, baseline: true },
  { label: 'seasonalNaiveForecaster(20)', make: () => seasonalNaiveForecaster(20), baseline: true },
  { label: 'movingAverageForecaster(5)', make: () => movingAverageForecaster(5), baseline: true },
  { label: 'driftForecaster()', make: driftForecaster, baseline: true },
  // fitted statistical models: same checks as the baselines (fit's message, constant in, constant out)
  { label: 'thetaForecaster()', make: () => thetaForecaster(), baseline: true },
  // period 19: the seasonality test accepts it on this training part (statistic 1.88; at 20 it
  // falls just short, 1.63 < 1.645), so the seasonally adjusted path is checked too
  { label: 'thetaForecaster({ period: 19 })', make: () => thetaForecaster({ period: 19 }), baseline: true },
  // M4's Naive2: period 19 is seasonal here (3 seasons in the 70 training values), 1 is the naive forecast
  { label: 'naive2Forecaster(19)', make: () => naive2Forecaster(19), baseline: true },
  { label: 'naive2Forecaster()', make: () => naive2Forecaster(), baseline: true },
  // M4's RNN benchmark (seasonally adjusted at 19, detrended; a short run: the contract, not the fit).
  // A constant series leaves zero residuals, which the network maps to 0: constant in, constant out
  { label: 'm4RnnForecaster({ period: 19, epochs: 3 })', make: () => m4RnnForecaster({ period: 19, epochs: 3, seed: 1 }), baseline: true },
  { label: 'etsForecaster({ period: 20 })', make: () => etsForecaster({ period: 20 }), baseline: true },
  { label: "etsForecaster({ model: 'AAdN' })", make: () => etsForecaster({ model: 'AAdN' }), baseline: true },
  // auto.arima's choice (m = 20 > 12: the CSS search, then the ML refit); its minHistory is 3 + m
  { label: 'arimaForecaster({ period: 20 })', make: () => arimaForecaster({ period: 20 }), baseline: true },
  // fixed orders with a drift; fit refuses d + D·m values (minHistory is d + D·m + 1)
  {
    label: 'arimaForecaster({ order: [1, 1, 1], drift: true })',
    make: () => arimaForecaster({ order: [1, 1, 1], drift: true }),
    baseline: false,
    tooShort: 'fit needs at least 2 training values, got 1',
  },
  // STL + ETS: one period (R's ts) and two (R's msts; 70 training values keep 10 and 20)
  { label: 'stlfForecaster({ periods: [20] })', make: () => stlfForecaster({ periods: [20] }), baseline: true },
  { label: 'stlfForecaster({ periods: [10, 20] })', make: () => stlfForecaster({ periods: [10, 20] }), baseline: true },
  // STL + ARIMA: the same decompositions, auto.arima(seasonal = FALSE) on the adjusted values
  { label: 'stlArimaForecaster({ periods: [20] })', make: () => stlArimaForecaster({ periods: [20] }), baseline: true },
  { label: 'stlArimaForecaster({ periods: [10, 20] })', make: () => stlArimaForecaster({ periods: [10, 20] }), baseline: true },
  {
    label: 'meanForecaster([ets, theta])',
    make: () => meanForecaster([etsForecaster({ period: 20 }), thetaForecaster({ period: 19 })]),
    baseline: true,
  },
  // auto's choice among the baselines, ETS and Theta by an inner backtest (networks: auto.test.ts)
  {
    label: "autoForecaster({ period: 10, horizon: 6, candidates: 'statistical' })",
    make: () => autoForecaster({ period: 10, horizon: 6, candidates: 'statistical' }),
    baseline: true,
  },
  // Box-Cox around a forecaster (R's lambda), on this strictly positive series: a constant series
  // comes back through exp(float32 log) within an ulp, not exactly, so not 'baseline' (its words are checkTrain's)
  {
    label: "makeForecaster({ kind: 'box-cox', lambda: 0, of: { kind: 'ets', period: 12 } })",
    make: () => makeForecaster({ kind: 'box-cox', lambda: 0, of: { kind: 'ets', period: 12 } }),
    baseline: false,
    tooShort: 'fit needs at least 1 training values, got 0',
  },
  {
    label: "makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'stlf', periods: [20] } })",
    make: () => makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'stlf', periods: [20] } }),
    baseline: false,
    tooShort: 'fit needs at least 1 training values, got 0',
  },
  {
    label: "makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'arima', period: 20 } })",
    make: () => makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'arima', period: 20 } }),
    baseline: false,
    tooShort: 'fit needs at least 23 training values, got 22',
  },
  // around a forecaster with none of the optional members: the wrapper has none either
  {
    label: 'boxCoxForecaster(naiveForecaster(), { lambda: 0.5 })',
    make: () => boxCoxForecaster(naiveForecaster(), { lambda: 0.5 }),
    baseline: false,
    tooShort: 'fit needs at least 1 training values, got 0',
  },
  // conformal intervals around a forecaster: the point forecasts are the wrapped one's
  {
    label: 'conformalForecaster(() => etsForecaster({ period: 20 }), { horizon: 6 })',
    make: () => conformalForecaster(() => etsForecaster({ period: 20 }), { horizon: 6 }),
    baseline: true,
  },
  {
    label: "conformalForecaster(() => networkForecaster({ model: 'mlp' }), { horizon: 3 })",
    make: () =>
      conformalForecaster(() => networkForecaster({ model: 'mlp', units: 4, layers: 1, window: 8, epochs: 2, batchSize: 16, seed: 3 }), {
        horizon: 3,
        origins: 10,
      }),
    baseline: false,
    tooShort: 'conformal: 3-step intervals need at least 8 training values .*, got 7',
  },
  ...NETWORK_KIND_IDS.map((model) => ({
    label: `networkForecaster({ model: '${model}' })`,
    make: () => networkForecaster({ model, units: 4, layers: 2, window: 8, epochs: 2, batchSize: 16, seed: 3 }),
    baseline: false,
  })),
  // a direct network (one prediction gives 6 steps; forecast(series, 40) chains 7 of them), and
  // recursive networks on differenced and on Box-Cox'd, seasonally differenced values, normalized per window
  {
    label: "networkForecaster({ model: 'gru', horizon: 6 })",
    make: () => networkForecaster({ model: 'gru', units: 4, layers: 1, window: 8, epochs: 2, batchSize: 16, seed: 3, horizon: 6 }),
    baseline: false,
  },
  {
    label: "networkForecaster({ model: 'lstm', transform: ['difference', 'standard'] })",
    make: () =>
      networkForecaster({
        model: 'lstm',
        units: 4,
        layers: 1,
        window: 8,
        epochs: 2,
        batchSize: 16,
        seed: 3,
        transform: ['difference', 'standard'],
      }),
    baseline: false,
  },
  {
    label: "networkForecaster({ model: 'rnn', horizon: 3, transform: [box-cox, seasonal-difference 20], normalize: 'window' })",
    make: () =>
      networkForecaster({
        model: 'rnn',
        units: 4,
        layers: 1,
        window: 8,
        epochs: 2,
        batchSize: 16,
        seed: 3,
        horizon: 3,
        transform: [
          { kind: 'box-cox', lambda: 0.5 },
          { kind: 'seasonal-difference', period: 20 },
        ],
        normalize: 'window',
      }),
    baseline: false,
  },
  // one series of a global network: its fit trains a global network of the same spec on that series alone
  {
    label: "globalNetwork({ mlp, horizon: 3, normalize: 'window', ids: true }).forecasterFor(0)",
    make: () =>
      globalNetwork({
        kind: 'global',
        network: { model: 'mlp', units: 4, layers: 2, window: 8, horizon: 3, epochs: 2, batchSize: 16, seed: 3 },
        normalize: 'window',
        ids: true,
      }).forecasterFor(0),
    baseline: false,
  },
  {
    label: "globalNetwork({ mlp, horizon: 3, normalize: 'window', seasonal: { periods: [20] } }).forecasterFor(0)",
    make: () =>
      globalNetwork({
        kind: 'global',
        network: { model: 'mlp', units: 4, layers: 2, window: 8, horizon: 3, epochs: 2, batchSize: 16, seed: 3 },
        normalize: 'window',
        seasonal: { periods: [20] },
      }).forecasterFor(0),
    baseline: false,
  },
  {
    label: "globalNetwork({ lstm, normalize: 'series' }).forecasterFor(0)",
    make: () =>
      globalNetwork({
        kind: 'global',
        network: { model: 'lstm', units: 4, layers: 1, window: 8, epochs: 2, batchSize: 16, seed: 3 },
        normalize: 'series',
      }).forecasterFor(0),
    baseline: false,
  },
  // a quantile network: 5 levels of 4 steps (a non-crossing head of 20 outputs); its point forecast is the median
  {
    label:
      "networkForecaster({ model: 'lstm', horizon: 4, quantiles: [0.025, 0.1, 0.5, 0.9, 0.975], transform: ['log', 'standard'], normalize: 'window' })",
    make: () =>
      networkForecaster({
        model: 'lstm',
        units: 4,
        layers: 1,
        window: 8,
        epochs: 2,
        batchSize: 16,
        seed: 3,
        horizon: 4,
        quantiles: [0.025, 0.1, 0.5, 0.9, 0.975],
        transform: ['log', 'standard'],
        normalize: 'window',
      }),
    baseline: false,
  },
];

for (const { label, make, baseline, tooShort: tooShortMessage } of candidates) {
  describe(`${label} meets the Forecaster contract`, () => {
    let f: Forecaster;
    before(async () => {
      f = make();
      await f.fit(train);
    });

    test(`${label}.predictSliding(series, from) has series.length - from values`, () => {
      for (const from of [f.minHistory, SPLIT, series.length - 1, series.length]) {
        const out = f.predictSliding(series, from);
        assert.equal(out.length, series.length - from, `from ${from}`);
        assert.ok(out.every(Number.isFinite), `from ${from}: every forecast is finite`);
      }
    });

    test(`${label}.predictSliding(series, from) does not look ahead`, () => {
      const base = f.predictSliding(series, SPLIT);
      for (const i of [SPLIT, SPLIT + 7, series.length - 1]) {
        const changed = series.slice();
        for (let t = i; t < changed.length; t++) changed[t] = 1000 - 3 * changed[t];
        const out = f.predictSliding(changed, SPLIT);
        // forecasts of points SPLIT..i see only values before them, which did not change
        for (let k = 0; SPLIT + k <= i; k++) assert.equal(out[k], base[k], `change at ${i} moved the forecast of point ${SPLIT + k}`);
        if (i < series.length - 1) assert.notDeepEqual(out, base, 'a later forecast does see the change');
      }
    });

    test(`${label}.forecast(history, h) gives h finite values`, () => {
      for (const h of [1, 5, 40]) {
        const out = f.forecast(series, h);
        assert.equal(out.length, h);
        assert.ok(out.every(Number.isFinite), `h ${h}`);
      }
      assert.equal(f.forecast(series.subarray(0, f.minHistory), 3).length, 3, 'the shortest history is enough');
    });

    test(`${label}.forecast(history, h) starts with the one-step forecast of the next value`, () => {
      const oneStep = f.predictSliding(series, SPLIT)[0];
      assert.ok(Math.abs(f.forecast(series.subarray(0, SPLIT), 1)[0] - oneStep) < 1e-4);
    });

    test(`${label} is deterministic: a second one fitted the same way forecasts the same`, async () => {
      const g = make();
      await g.fit(train);
      assert.equal(g.name, f.name);
      assert.deepEqual(g.predictSliding(series, SPLIT), f.predictSliding(series, SPLIT));
      assert.deepEqual(g.forecast(series, 10), f.forecast(series, 10));
    });

    test(`${label} throws clearly when history < minHistory or from < minHistory`, async () => {
      assert.throws(
        () => f.predictSliding(series, f.minHistory - 1),
        new RegExp(`predictSliding needs from in \\[${f.minHistory}, 100\\]`),
      );
      assert.throws(() => f.predictSliding(series, series.length + 1), /predictSliding needs from in/);
      assert.throws(
        () => f.forecast(series.subarray(0, f.minHistory - 1), 3),
        new RegExp(`forecast needs a history of at least ${f.minHistory} values`),
      );
      assert.throws(() => f.forecast(series, 0), /forecast horizon must be a positive integer, got 0/);
      // refused before the forecast's buffer is allocated: no "Invalid typed array length"
      assert.throws(
        () => f.forecast(series, 1e9),
        (e: unknown) => {
          assert.ok(e instanceof OptionError);
          assert.match(e.message, /forecast horizon must be at most 100,000 values, got 1,000,000,000: .*forecast fewer values\.$/);
          return true;
        },
      );
      const holed = series.slice();
      holed[SPLIT - 1] = NaN;
      assert.throws(() => f.predictSliding(holed, SPLIT), /series\[69\] is NaN/);
      const short = f.minHistory - 1;
      // a network says it in the words of the window rule (checkWindowFits), counting a transform's lag in
      const tooShort =
        tooShortMessage ??
        (baseline ? `fit needs at least \\d+ training values, got ${short}` : `the training part has ${short} values but`);
      await assert.rejects(f.fit(series.subarray(0, short)), new RegExp(tooShort));
    });

    if (make().analyticalIntervals) {
      test(`${label} has analytical intervals at any horizon: around its forecast, nested by level, wider at the end than at step 1`, () => {
        assert.equal(typeof f.forecastIntervals, 'function', 'analyticalIntervals needs forecastIntervals');
        const h = 40;
        const { mean, intervals } = f.forecastIntervals!(series, h, [80, 95]);
        assert.deepEqual(mean, f.forecast(series, h));
        assert.deepEqual(
          intervals.map((i) => i.level),
          [80, 95],
        );
        const [i80, i95] = intervals;
        for (let k = 0; k < h; k++) {
          assert.ok(
            i95.lower[k] <= i80.lower[k] && i80.lower[k] <= mean[k] && mean[k] <= i80.upper[k] && i80.upper[k] <= i95.upper[k],
            `step ${k}`,
          );
        }
        const width = (k: number): number => i95.upper[k] - i95.lower[k];
        assert.ok(width(0) > 0 && width(h - 1) > width(0), `95 % width ${width(0)} at step 1, ${width(h - 1)} at step ${h}`);
      });
    }

    if (hasFixedForm(make)) {
      test(`${label} fixes the form it chose: that spec, fitted on the same part, forecasts the same values`, async () => {
        const form = f.fixedForm!();
        assert.ok(form, 'a fitted forecaster with fixedForm gives its form');
        const again = makeForecaster(form);
        await again.fit(train);
        assert.deepEqual(again.forecast(series, 30), f.forecast(series, 30));
        assert.equal(again.describe?.(), f.describe?.());
        assert.equal(make().fixedForm!(), null, 'no form before fit');
      });
    }

    if (baseline) {
      test(`${label}: fit then predict on a constant series gives constant forecasts`, async () => {
        const flat = new Float32Array(60).fill(42.5);
        const g = make();
        await g.fit(flat.subarray(0, 40));
        for (const v of g.predictSliding(flat, 40)) assert.equal(v, 42.5);
        for (const v of g.forecast(flat, 25)) assert.ok(Math.abs(v - 42.5) < 1e-5, `got ${v}`);
      });
    }
  });
}
