// fitEts against R's forecast::ets (fixture: bench/r/ets-fixtures.R, R 4.2.2, forecast 8.20), on
// 19 series (13 classic ones, 6 short or shifted ones) for the automatic choice and up to 15
// fixed forms each.
//
// Tolerances. seqcast follows R's procedure step for step: the same starting values, the same
// state heuristic, the same likelihood in the same order of operations, and the same Nelder–Mead
// (Nash's, as R's optim) with R's settings. From the same start the two reach the same optimum;
// what differs is the last bits of the heuristic's sums (R uses long double and a QR solver), and
// the simplex's comparisons can amplify such bits. Measured on this fixture: forecasts (point
// forecasts and R's forecast means) within 6e-11 (relative) of R's, parameters within 1e-9. The bounds below (1e-6) leave a wide margin for
// a platform's log() differing in the last bit, yet fail on any real difference in the recursions,
// the heuristic or the optimiser, which move forecasts by 1e-4 or more.
//
// Very short series use R's Holt–Winters fallback, which R fits with L-BFGS-B and seqcast with
// Nelder–Mead on the same sum of squares: there seqcast's sum of squares must be within 1e-7 of
// R's (it is within 5e-9) and the forecasts within 1e-3 (they are within 5e-5): a flat optimum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEtsSpec, fitEts } from '../../../src/forecast/stats/ets-fit.js';
import { etsFilter, etsFormName, etsPointForecast, type EtsModel } from '../../../src/forecast/stats/ets-model.js';
import { etsForecastMean } from '../../../src/forecast/stats/ets-forecast-distribution.js';
import { InputError, OptionError, TrainingError } from '../../../src/errors.js';
import { loadEtsFixture, type RFit, type RSeries } from './ets-fixture.js';

const fixture = loadEtsFixture();
const TOL = 1e-6;

const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-9, Math.abs(b[i])));
  return worst;
};
const forecastOf = (m: EtsModel, h: number) => etsPointForecast(m.form, m.period, m.params.phi, m.finalState, h);
const specOf = (s: RSeries, form?: string) => ({ model: form ?? 'ZZZ', damped: form ? form.includes('d') : null, period: s.period });

function compare(s: RSeries, r: RFit, label: string): void {
  const y = Float64Array.from(s.values);
  const model = fitEts(y, specOf(s, r.form));
  assert.equal(etsFormName(model.form), r.method, `${label}: the form R fitted`);
  const forecast = forecastOf(model, r.point.length);
  if (r.sse !== undefined) {
    // R's Holt–Winters fallback: same sum of squares to 1e-7, forecasts to 1e-3
    assert.equal(model.estimation, 'holt-winters', label);
    const sse = { sse: 0 };
    etsFilter(y, y.length, { ...model.form, error: 'A' }, model.period, model.params, model.initialState, sse);
    assert.ok(sse.sse <= r.sse * (1 + 1e-7), `${label}: sum of squares ${sse.sse} vs R ${r.sse}`);
    assert.ok(relDiff(forecast, r.point) < 1e-3, `${label}: forecasts differ by ${relDiff(forecast, r.point)}`);
    const mean = etsForecastMean(model, model.finalState, r.mean.length);
    assert.ok(relDiff(mean, r.mean) < 1e-3, `${label}: vs forecast()$mean ${relDiff(mean, r.mean)}`);
    return;
  }
  const lik = -2 * model.loglik;
  const rLik = -2 * r.loglik!;
  // the same criterion: seqcast's filter at R's estimates gives R's number
  const rParams = { alpha: r.par.alpha, beta: r.par.beta ?? 0, gamma: r.par.gamma ?? 0, phi: r.par.phi ?? 1 };
  const atR = etsFilter(y, y.length, model.form, model.period, rParams, r.initState);
  assert.ok(Math.abs(atR - rLik) <= 1e-9 * Math.abs(rLik), `${label}: criterion at R's estimates ${atR} vs R's ${rLik}`);
  // seqcast's optimum is at least as good as R's, judged by seqcast's own criterion
  assert.ok(lik <= atR + TOL * Math.abs(atR), `${label}: criterion ${lik} at seqcast's optimum, ${atR} at R's`);
  assert.ok(relDiff(forecast, r.point) <= TOL, `${label}: forecasts differ by ${relDiff(forecast, r.point)} (relative)`);
  for (const key of ['alpha', 'beta', 'gamma', 'phi'] as const) {
    if (r.par[key] !== undefined)
      assert.ok(Math.abs(model.params[key] - r.par[key]!) <= TOL, `${label}: ${key} ${model.params[key]} vs R ${r.par[key]}`);
  }
  assert.ok(
    relDiff(model.initialState, r.initState) <= TOL * 100,
    `${label}: initial states differ by ${relDiff(model.initialState, r.initState)}`,
  );
  assert.ok(Math.abs(model.aicc - r.aicc!) <= TOL * Math.abs(r.aicc!), `${label}: AICc ${model.aicc} vs R ${r.aicc}`);
  assert.ok(Math.abs(model.sigma2 - r.sigma2) <= TOL * r.sigma2, `${label}: sigma2 ${model.sigma2} vs R ${r.sigma2}`);
  assert.equal(model.nParams, r.nParams, `${label}: parameter count`);
  // R's forecast mean: the point forecast, except with a multiplicative season (a σ² term, and a
  // damped first step left undamped: up to 0.41 % from the point forecast on this fixture)
  const mean = etsForecastMean(model, model.finalState, r.mean.length);
  assert.ok(relDiff(mean, r.mean) <= TOL, `${label}: vs forecast()$mean ${relDiff(mean, r.mean)}`);
}

for (const s of fixture.series) {
  test(`fitEts(${s.name}, { model: 'ZZZ', period: ${s.period} }) chooses R's form with R's estimates and forecasts`, () => {
    compare(s, s.auto, `${s.name} auto`);
  });
  test(`fitEts(${s.name}, fixed forms) matches R's ets() on each of ${s.fixed.length} forms`, () => {
    for (const r of s.fixed) {
      if (r.failed) {
        assert.throws(() => fitEts(s.values, specOf(s, r.form)), InputError, `${s.name} ${r.form}: R refused (${r.failed})`);
        continue;
      }
      compare(s, r, `${s.name} ${r.form}`);
    }
  });
}

test("fitEts on a constant series gives R's simple smoothing with α = 0.99999 (a model with no variance)", () => {
  const model = fitEts(new Float64Array(30).fill(7), { model: 'ZZZ', damped: null, period: 12 });
  assert.equal(etsFormName(model.form), 'ETS(A,N,N)');
  assert.equal(model.params.alpha, 0.99999);
  assert.deepEqual(Array.from(forecastOf(model, 3)), [7, 7, 7]);
  assert.equal(model.sigma2, 0);
});

test('fitEts refuses bad specs and data with clear errors', () => {
  const y = Float64Array.from({ length: 40 }, (_, t) => 10 + Math.sin(t));
  assert.throws(() => checkEtsSpec({ model: 'XYZ', damped: null, period: 1 }), OptionError);
  assert.throws(() => checkEtsSpec({ model: 'AMN', damped: null, period: 1 }), /multiplicative trends are not supported/);
  assert.throws(() => checkEtsSpec({ model: 'ANM', damped: null, period: 12 }), /additive error with a multiplicative season/);
  assert.throws(() => checkEtsSpec({ model: 'ANA', damped: null, period: 1 }), /has a season but period is 1/);
  assert.throws(() => checkEtsSpec({ model: 'ANA', damped: null, period: 52 }), /seasons longer than 24/);
  assert.throws(() => checkEtsSpec({ model: 'ANN', damped: true, period: 1 }), /no trend to damp/);
  assert.throws(() => checkEtsSpec({ model: 'AAdN', damped: false, period: 1 }), /damped but damped is false/);
  assert.throws(() => checkEtsSpec({ model: 'ZZZ', damped: null, period: 0 }), /period must be a positive integer/);
  assert.throws(() => fitEts([], { model: 'ZZZ', damped: null, period: 1 }), InputError);
  assert.throws(() => fitEts([1, NaN, 3, 4, 5, 6, 7, 8], { model: 'ZZZ', damped: null, period: 1 }), /value 1 is NaN/);
  assert.throws(
    () =>
      fitEts(
        y.map((v) => v - 10),
        { model: 'MNN', damped: null, period: 1 },
      ),
    /needs positive data/,
  );
  // no candidate can be evaluated (the squared errors overflow)
  assert.throws(
    () =>
      fitEts(
        y.map((v) => v * 1e200),
        { model: 'ANN', damped: null, period: 1 },
      ),
    TrainingError,
  );
});

test('fitEts with period 52 and model ZZZ ignores the season, as R does for periods above 24', () => {
  const y = Float64Array.from({ length: 200 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 52) + (t % 7));
  const model = fitEts(y, { model: 'ZZZ', damped: null, period: 52 });
  assert.equal(model.form.season, 'N');
});
