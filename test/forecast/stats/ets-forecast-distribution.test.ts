// etsForecastDistribution / etsForecastMean against R's forecast(fit, h, level = c(80, 95))
// (fixture: bench/r/ets-fixtures.R, R 4.2.2, forecast 8.20), and against closed forms worked out
// by hand for cases that need no R.
//
// Tolerances. Two comparisons per fit:
// - the formulas alone, at R's own estimates (R's parameters, final states and σ²): seqcast's means
//   and standard deviations must equal R's to 1e-8 relative. Measured: 3e-14 (means) and 1.4e-10
//   (sd; R's numbers are stored to 15 digits and class 2's convolution compounds their rounding
//   over 24 steps). A formula slip moves them far more: the book's γ placement instead of R's moves
//   the sd by up to 82 %, damping the first step as the point forecast does the mean by 7e-5
//   (AirPassengers), the ETS β of a Holt–Winters fit instead of R's β* the sd by up to 370 %.
// - seqcast's own fits, end to end: means, sd and bounds within 1e-6 relative (the bounds relative
//   to |mean| + z·sd, since a bound itself can be near 0), as the point forecasts in
//   ets-fit.test.ts. Measured: 5e-11 (means), 2e-10 (sd), 1.5e-10 (bounds). For R's Holt–Winters
//   fallback on very short series (a flat optimum that R finds with L-BFGS-B and seqcast with
//   Nelder–Mead, see ets-fit.test.ts), 1e-3 as for those forecasts; measured 4.4e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitEts } from '../../../src/forecast/stats/ets-fit.js';
import {
  etsForecastClass,
  etsForecastDistribution,
  etsForecastMean,
  type EtsDistributionModel,
  type EtsForecastDistribution,
} from '../../../src/forecast/stats/ets-forecast-distribution.js';
import { etsPointForecast, type EtsForm } from '../../../src/forecast/stats/ets-model.js';
import { loadEtsFixture, type RFit, type RSeries } from './ets-fixture.js';

const fixture = loadEtsFixture();

/** R's standard deviations, from the width of its intervals: (upper − lower) / (2z). */
function rSd(r: RFit, level: number, k: number): number {
  const iv = r.intervals!;
  return (iv.upper[level][k] - iv.lower[level][k]) / (2 * iv.z[level]);
}

/** The largest relative differences of means, standard deviations and bounds from R's. */
function differences(d: EtsForecastDistribution, r: RFit): { mean: number; sd: number; bound: number } {
  const iv = r.intervals!;
  let mean = 0;
  let sd = 0;
  let bound = 0;
  for (let k = 0; k < r.mean.length; k++) {
    mean = Math.max(mean, Math.abs(d.mean[k] - r.mean[k]) / Math.abs(r.mean[k]));
    const ours = Math.sqrt(d.variance![k]);
    for (let l = 0; l < iv.level.length; l++) {
      const theirs = rSd(r, l, k);
      sd = Math.max(sd, Math.abs(ours - theirs) / theirs);
      const scale = Math.abs(r.mean[k]) + iv.z[l] * theirs;
      bound = Math.max(
        bound,
        Math.abs(d.mean[k] - iv.z[l] * ours - iv.lower[l][k]) / scale,
        Math.abs(d.mean[k] + iv.z[l] * ours - iv.upper[l][k]) / scale,
      );
    }
  }
  return { mean, sd, bound };
}

const formOf = (r: RFit): EtsForm => ({ error: r.error, trend: r.trend, damped: r.damped, season: r.season });
const specOf = (s: RSeries, form?: string) => ({ model: form ?? 'ZZZ', damped: form ? form.includes('d') : null, period: s.period });
const fits = (s: RSeries): RFit[] => [s.auto, ...s.fixed].filter((r) => !r.failed);

for (const s of fixture.series) {
  test(`etsForecastDistribution at R's estimates gives R's means and interval widths on ${s.name} (${fits(s).length} fits)`, () => {
    for (const r of fits(s)) {
      const label = `${s.name} ${r.form ?? 'auto'} ${r.method}`;
      assert.ok(r.intervals, `${label}: R gives intervals for every form seqcast fits`);
      const form = formOf(r);
      assert.notEqual(etsForecastClass(form), null, label);
      const model: EtsDistributionModel = {
        form,
        period: form.season === 'N' ? 1 : s.period,
        params: { alpha: r.par.alpha, beta: r.par.beta ?? 0, gamma: r.par.gamma ?? 0, phi: r.par.phi ?? 1 },
        sigma2: r.sigma2,
        // R's parameters of a Holt–Winters fit are Holt–Winters' own: β is already β*, so no conversion
      };
      const d = differences(etsForecastDistribution(model, r.finalState, r.mean.length), r);
      assert.ok(d.mean <= 1e-8, `${label}: means differ by ${d.mean}`);
      assert.ok(d.sd <= 1e-8, `${label}: standard deviations differ by ${d.sd}`);
    }
  });

  test(`etsForecaster's fits of ${s.name} forecast R's means and R's 80 % and 95 % intervals`, () => {
    for (const r of fits(s)) {
      const label = `${s.name} ${r.form ?? 'auto'} ${r.method}`;
      const model = fitEts(s.values, specOf(s, r.form));
      const tol = r.sse !== undefined ? 1e-3 : 1e-6; // R's Holt–Winters fallback: see the file comment
      const d = differences(etsForecastDistribution(model, model.finalState, r.mean.length), r);
      assert.ok(d.mean <= tol, `${label}: means differ by ${d.mean}`);
      assert.ok(d.sd <= tol, `${label}: standard deviations differ by ${d.sd}`);
      assert.ok(d.bound <= tol, `${label}: bounds differ by ${d.bound}`);
    }
  });
}

const params = (p: Partial<EtsDistributionModel['params']>) => ({ alpha: 0, beta: 0, gamma: 0, phi: 1, ...p });
const form = (f: string): EtsForm => ({
  error: f[0] as EtsForm['error'],
  trend: f[1] as EtsForm['trend'],
  damped: f.includes('d'),
  season: f[f.length - 1] as EtsForm['season'],
});
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`);

test('etsForecastDistribution(ETS(A,N,N)) is the point forecast with variance σ²(1 + (h−1)α²)', () => {
  const model = { form: form('ANN'), period: 1, params: params({ alpha: 0.3 }), sigma2: 4 };
  const { mean, variance } = etsForecastDistribution(model, [10], 5);
  assert.deepEqual(Array.from(mean), [10, 10, 10, 10, 10]);
  variance!.forEach((v, k) => close(v, 4 * (1 + k * 0.09), `step ${k + 1}`));
});

test('etsForecastDistribution(ETS(A,Ad,A)) sums c_j² = (α + β(φ + … + φ^j) + γ[j ≡ 0 mod m])² with a trend', () => {
  const [alpha, beta, gamma, phi, m] = [0.4, 0.1, 0.2, 0.9, 3];
  const model = { form: form('AAdA'), period: m, params: params({ alpha, beta, gamma, phi }), sigma2: 2 };
  const { variance } = etsForecastDistribution(model, [10, 1, 0.5, -1, 0.5], 8);
  let sum = 0;
  let phiSum = 0;
  for (let k = 0; k < 8; k++) {
    close(variance![k], 2 * (1 + sum), `step ${k + 1}`);
    const j = k + 1;
    phiSum += phi ** j;
    sum += (alpha + beta * phiSum + (j % m === 0 ? gamma : 0)) ** 2;
  }
});

test("etsForecastDistribution(ETS(A,N,A)) puts γ at j ≡ m − 1 (mod m), as R's class1 does without a trend", () => {
  const [alpha, gamma, m] = [0.2, 0.5, 4];
  const model = { form: form('ANA'), period: m, params: params({ alpha, gamma }), sigma2: 1 };
  const { variance } = etsForecastDistribution(model, [10, 1, -1, 1, -1], 6);
  // c_1, c_2 = α; c_3 = α + γ (the book: c_4); c_4, c_5 = α
  const c = [alpha, alpha, alpha + gamma, alpha, alpha];
  let sum = 0;
  for (let k = 0; k < 6; k++) {
    close(variance![k], 1 + sum, `step ${k + 1}`);
    if (k < 5) sum += c[k] ** 2;
  }
});

test('etsForecastDistribution(ETS(M,N,N)): θ_1 = μ², θ_h = μ² + σ² Σ c_j² θ_(h−j), variance (1 + σ²)θ_h − μ²', () => {
  const [alpha, sigma2, l] = [0.5, 0.01, 100];
  const model = { form: form('MNN'), period: 1, params: params({ alpha }), sigma2 };
  const { mean, variance } = etsForecastDistribution(model, [l], 3);
  assert.deepEqual(Array.from(mean), [l, l, l]);
  const theta1 = l * l;
  const theta2 = l * l + sigma2 * alpha ** 2 * theta1;
  const theta3 = l * l + sigma2 * (alpha ** 2 * theta2 + alpha ** 2 * theta1);
  close(variance![0], sigma2 * l * l, 'step 1');
  close(variance![1], (1 + sigma2) * theta2 - l * l, 'step 2');
  close(variance![2], (1 + sigma2) * theta3 - l * l, 'step 3');
});

test('etsForecastDistribution(ETS(M,N,M)) with γ = 0: mean l·s, variance l²s²((1 + σ²)(1 + α²σ²)^(h−1) − 1)', () => {
  // the seasonal states stay put, the level is l·Π(1 + αε): E[l²] grows by (1 + α²σ²) a step
  const [alpha, sigma2, l, m] = [0.3, 0.02, 50, 3];
  const s = [1.2, 0.8, 1.0]; // s1, s2, s3
  const model = { form: form('MNM'), period: m, params: params({ alpha }), sigma2 };
  const { mean, variance } = etsForecastDistribution(model, [l, ...s], 7);
  for (let k = 0; k < 7; k++) {
    const sk = s[(((m - 1 - k) % m) + m) % m]; // s_m first
    close(mean[k], l * sk, `mean ${k + 1}`);
    close(variance![k], l * l * sk * sk * ((1 + sigma2) * (1 + alpha ** 2 * sigma2) ** k - 1), `variance ${k + 1}`);
  }
});

test('etsForecastDistribution(ETS(M,N,M)) with α = 0: the season carries the error, E[s(1 + γε)] = s keeps the mean', () => {
  const [gamma, sigma2, l, m] = [0.4, 0.05, 20, 2];
  const s = [1.5, 0.5];
  const model = { form: form('MNM'), period: m, params: params({ gamma }), sigma2 };
  const { mean, variance } = etsForecastDistribution(model, [l, ...s], 6);
  for (let k = 0; k < 6; k++) {
    const sk = s[(((m - 1 - k) % m) + m) % m];
    const updates = Math.floor(k / m); // how often that seasonal state has been updated by then
    close(mean[k], l * sk, `mean ${k + 1}`);
    close(variance![k], l * l * sk * sk * ((1 + sigma2) * (1 + gamma ** 2 * sigma2) ** updates - 1), `variance ${k + 1}`);
  }
});

test("etsForecastMean(ETS(M,Ad,M)) is R's: undamped first step, and a σ² term from step m + 1", () => {
  const [alpha, beta, gamma, phi, sigma2, m] = [0.5, 0.1, 0.3, 0.9, 0.01, 2];
  const x = [100, 2, 1.1, 0.9]; // l, b, s1, s2
  const model = { form: form('MAdM'), period: m, params: params({ alpha, beta, gamma, phi }), sigma2 };
  const mean = etsForecastMean(model, x, 4);
  const point = etsPointForecast(model.form, m, phi, x, 4);
  close(mean[0], (100 + 2) * 0.9, 'step 1: (l + b)·s_m');
  close(mean[1], (100 + 2 * (1 + phi)) * 1.1, 'step 2');
  assert.ok(Math.abs(mean[0] - point[0]) > 0.1, 'the point forecast damps the first step');
  // without σ² the mean is that undamped-first-step path for every h
  const noise = etsForecastMean({ ...model, sigma2: 0 }, x, 4);
  close(noise[2], (100 + 2 * (1 + phi + phi ** 2)) * 0.9, 'step 3 with σ² = 0');
  assert.ok(mean[2] > noise[2], 'from step m + 1 the mean carries a positive σ² term (αγσ² > 0)');
  assert.deepEqual(etsForecastDistribution(model, x, 4).mean, mean);
});

test('etsForecastDistribution of an ETS(A,·,M) form (R simulates those) gives the point forecast and no variance', () => {
  const model = { form: form('AAM'), period: 2, params: params({ alpha: 0.3, beta: 0.1, gamma: 0.1 }), sigma2: 1 };
  assert.equal(etsForecastClass(model.form), null);
  const d = etsForecastDistribution(model, [10, 1, 1.2, 0.8], 3);
  assert.deepEqual(d.mean, etsPointForecast(model.form, 2, 1, [10, 1, 1.2, 0.8], 3));
  assert.equal(d.variance, null);
});

test("etsForecastDistribution of a Holt–Winters fit reads Holt–Winters' β* = β/α, as R does", () => {
  const base = { form: form('AAN'), period: 1, params: params({ alpha: 0.5, beta: 0.5 }), sigma2: 1 };
  const hw = etsForecastDistribution({ ...base, estimation: 'holt-winters' }, [10, 1], 3).variance!;
  const asIfBetaOne = etsForecastDistribution({ ...base, params: params({ alpha: 0.5, beta: 1 }) }, [10, 1], 3).variance!;
  assert.deepEqual(hw, asIfBetaOne);
  assert.notDeepEqual(etsForecastDistribution(base, [10, 1], 3).variance, hw);
});
