// The ETS recursions (etsFilter, etsPointForecast) against a plain transcription of the textbook's
// error-correction equations, a hand-worked case, and the admissibility test against roots found
// by brute force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  admissible,
  etsFilter,
  etsFormName,
  etsPointForecast,
  etsStateCount,
  rootsWithin,
  withinUsualBounds,
  type EtsForm,
  type EtsParams,
} from '../../../src/forecast/stats/ets-model.js';
import { RandomState } from '../../../src/engine/random.js';

const FORMS: EtsForm[] = [];
for (const error of ['A', 'M'] as const)
  for (const trend of ['N', 'A'] as const)
    for (const damped of [false, true])
      for (const season of ['N', 'A', 'M'] as const) if (!(damped && trend === 'N')) FORMS.push({ error, trend, damped, season });

/**
 * Hyndman et al. (2008), Table 2.3: the state equations written with the error e, states as an
 * array (l, b, s1..sm) shifted at every step, as in the book. An independent path to the same numbers.
 */
function reference(y: number[], form: EtsForm, m: number, p: EtsParams, x0: number[]) {
  let l = x0[0];
  let b = form.trend === 'A' ? x0[1] : 0;
  const first = form.trend === 'A' ? 2 : 1;
  let s = form.season !== 'N' ? x0.slice(first) : [];
  const phi = form.damped ? p.phi : 1;
  const fitted: number[] = [];
  let sse = 0;
  let logs = 0;
  for (const v of y) {
    const q = l + phi * b;
    const sm = form.season !== 'N' ? s[m - 1] : 0;
    const f = form.season === 'A' ? q + sm : form.season === 'M' ? q * sm : q;
    fitted.push(f);
    let nl: number, nb: number, ns: number;
    if (form.error === 'A') {
      const e = v - f;
      sse += e * e;
      const div = form.season === 'M' ? sm : 1;
      nl = q + (p.alpha * e) / div;
      nb = phi * b + (p.beta * e) / div;
      ns = form.season === 'M' ? sm + (p.gamma * e) / q : sm + p.gamma * e;
    } else {
      const e = (v - f) / f;
      sse += e * e;
      logs += Math.log(Math.abs(f));
      if (form.season === 'M') {
        nl = q * (1 + p.alpha * e);
        nb = phi * b + p.beta * q * e;
        ns = sm * (1 + p.gamma * e);
      } else {
        const base = form.season === 'A' ? q + sm : q;
        nl = q + p.alpha * base * e;
        nb = phi * b + p.beta * base * e;
        ns = sm + p.gamma * base * e;
      }
    }
    l = nl;
    b = nb;
    if (form.season !== 'N') s = [ns, ...s.slice(0, m - 1)];
  }
  const lik = y.length * Math.log(sse) + (form.error === 'M' ? 2 * logs : 0);
  return { fitted, lik, final: [l, ...(form.trend === 'A' ? [b] : []), ...s] };
}

function randomCase(rng: RandomState, form: EtsForm, m: number) {
  const n = 30;
  const y = Array.from({ length: n }, (_, t) => 50 + 0.5 * t + 8 * Math.sin((2 * Math.PI * t) / m) + 3 * rng.randn());
  const alpha = 0.1 + 0.6 * rng.random();
  const p: EtsParams = {
    alpha,
    beta: form.trend === 'A' ? alpha * 0.3 * rng.random() : 0,
    gamma: form.season !== 'N' ? (1 - alpha) * 0.5 * rng.random() : 0,
    phi: form.damped ? 0.8 + 0.18 * rng.random() : 1,
  };
  const seasons = Array.from({ length: m }, (_, k) => (form.season === 'M' ? 1 + 0.1 * Math.cos(k) : 8 * Math.cos(k)));
  const x0 = [48 + rng.random(), ...(form.trend === 'A' ? [0.5] : []), ...(form.season !== 'N' ? seasons : [])];
  return { y, p, x0 };
}

test('etsFilter(y, n, form, m, params, x0) gives the textbook recursions for all 15 forms: forecasts, criterion, final states', () => {
  const rng = new RandomState(7);
  for (const form of FORMS) {
    const m = form.season === 'N' ? 1 : 4;
    const { y, p, x0 } = randomCase(rng, form, m);
    const ref = reference(y, form, m, p, x0);
    const fitted = new Float64Array(y.length);
    const finalState = new Float64Array(etsStateCount(form, m));
    const lik = etsFilter(y, y.length, form, m, p, x0, { fitted, finalState });
    const name = etsFormName(form);
    assert.ok(Math.abs(lik - ref.lik) < 1e-9 * Math.abs(ref.lik), `${name}: lik ${lik} vs ${ref.lik}`);
    for (let t = 0; t < y.length; t++)
      assert.ok(Math.abs(fitted[t] - ref.fitted[t]) < 1e-9 * Math.abs(ref.fitted[t]), `${name}: fitted[${t}]`);
    ref.final.forEach((v, i) =>
      assert.ok(Math.abs(finalState[i] - v) < 1e-9 * (1 + Math.abs(v)), `${name}: final state ${i}: ${finalState[i]} vs ${v}`),
    );
  }
});

test('etsFilter on ANN and MNN by hand: l = 10, α = 0.5, y = [12, 11]', () => {
  const ann: EtsForm = { error: 'A', trend: 'N', damped: false, season: 'N' };
  const p = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
  const fitted = new Float64Array(2);
  const finalState = new Float64Array(1);
  const out = { fitted, finalState, sse: 0 };
  // forecasts 10 then 11 (the level moved half way to 12); errors 2 and 0
  assert.equal(etsFilter([12, 11], 2, ann, 1, p, [10], out), 2 * Math.log(4));
  assert.deepEqual(Array.from(fitted), [10, 11]);
  assert.deepEqual(Array.from(finalState), [11]);
  assert.equal(out.sse, 4);
  // relative errors 0.2 and 0, plus 2 Σ log ŷ
  const mnn = { ...ann, error: 'M' as const };
  assert.ok(Math.abs(etsFilter([12, 11], 2, mnn, 1, p, [10]) - (2 * Math.log(0.04) + 2 * Math.log(110))) < 1e-12);
});

test('etsPointForecast(form, m, phi, x, h) continues the recursions with zero error', () => {
  const rng = new RandomState(11);
  for (const form of FORMS) {
    const m = form.season === 'N' ? 1 : 4;
    const { p, x0 } = randomCase(rng, form, m);
    const h = 9;
    const forecast = etsPointForecast(form, m, p.phi, x0, h);
    // feed each forecast back as the next value: the error is then 0
    const history: number[] = [];
    const state = [...x0];
    for (let k = 0; k < h; k++) {
      const next = reference([], form, m, p, state).final; // no values: the state itself
      const f = reference([0], form, m, p, next).fitted[0];
      history.push(f);
      const moved = reference([f], form, m, p, next).final;
      state.splice(0, state.length, ...moved);
    }
    history.forEach((v, k) =>
      assert.ok(Math.abs(forecast[k] - v) < 1e-9 * Math.abs(v), `${etsFormName(form)} step ${k + 1}: ${forecast[k]} vs ${v}`),
    );
  }
  // damped: l + (φ + φ²) b at h = 2
  const f = etsPointForecast({ error: 'A', trend: 'A', damped: true, season: 'N' }, 1, 0.5, [10, 4], 2);
  assert.deepEqual(Array.from(f), [12, 13]);
});

// Durand–Kerner: all complex roots of c[0] + c[1] z + ... + c[d] z^d (a brute-force check)
function maxRootModulus(c: number[]): number {
  const d = c.length - 1;
  const a = c.map((v) => v / c[d]);
  let re = Array.from({ length: d }, (_, k) => Math.cos((2 * Math.PI * k) / d + 0.4) * 1.1);
  let im = Array.from({ length: d }, (_, k) => Math.sin((2 * Math.PI * k) / d + 0.4) * 1.1);
  for (let iter = 0; iter < 2000; iter++) {
    const nr = re.slice();
    const ni = im.slice();
    for (let i = 0; i < d; i++) {
      // p(z) by Horner
      let pr = 1;
      let pi = 0;
      for (let k = d - 1; k >= 0; k--) {
        const tr = pr * re[i] - pi * im[i] + a[k];
        pi = pr * im[i] + pi * re[i];
        pr = tr;
      }
      let qr = 1;
      let qi = 0;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        const dr = re[i] - re[j];
        const di = im[i] - im[j];
        const tr = qr * dr - qi * di;
        qi = qr * di + qi * dr;
        qr = tr;
      }
      const den = qr * qr + qi * qi;
      nr[i] = re[i] - (pr * qr + pi * qi) / den;
      ni[i] = im[i] - (pi * qr - pr * qi) / den;
    }
    re = nr;
    im = ni;
  }
  return Math.max(...re.map((r, i) => Math.hypot(r, im[i])));
}

test('rootsWithin(c, r) agrees with the roots found by brute force, for ETS characteristic polynomials', () => {
  const rng = new RandomState(3);
  let inside = 0;
  let outside = 0;
  for (let trial = 0; trial < 300; trial++) {
    const m = 2 + Math.floor(rng.random() * 11);
    const alpha = rng.random() * 1.2;
    const beta = rng.random() * 0.3;
    const gamma = rng.random() * 1.2;
    const phi = 0.8 + 0.2 * rng.random();
    const c = [
      phi * (1 - alpha - gamma),
      alpha + beta - alpha * phi + gamma - 1,
      ...Array(m - 2).fill(alpha + beta - alpha * phi),
      alpha + beta - phi,
      1,
    ];
    const modulus = maxRootModulus(c);
    if (Math.abs(modulus - 1) < 1e-6) continue; // too close to call for either method
    assert.equal(rootsWithin(c, 1 + 1e-10), modulus <= 1, `m ${m}, max |root| ${modulus}`);
    if (modulus <= 1) inside++;
    else outside++;
  }
  assert.ok(inside > 30 && outside > 30, `both kinds seen: ${inside} inside, ${outside} outside`);
  assert.equal(rootsWithin([-0.25, 0, 1], 1), true); // ±0.5
  assert.equal(rootsWithin([-4, 0, 1], 1), false); // ±2
  assert.equal(rootsWithin([-1, 1], 1), false); // 1, on the circle
  assert.equal(rootsWithin([-1, 1], 1 + 1e-10), true);
});

test('admissible(form, m, params) and withinUsualBounds(form, params) as R checks them', () => {
  const ana: EtsForm = { error: 'A', trend: 'N', damped: false, season: 'A' };
  const aadn: EtsForm = { error: 'A', trend: 'A', damped: true, season: 'N' };
  assert.equal(admissible(ana, 12, { alpha: 0.2, beta: 0, gamma: 0.1, phi: 1 }), true);
  assert.equal(admissible(ana, 12, { alpha: 0.2, beta: 0, gamma: 1.9, phi: 1 }), false); // γ > 1 + 1/φ − α
  assert.equal(admissible(aadn, 1, { alpha: 1.5, beta: 0.2, gamma: 0, phi: 0.9 }), true); // outside the usual bounds, still stable
  assert.equal(admissible(aadn, 1, { alpha: 2.5, beta: 0.2, gamma: 0, phi: 0.9 }), false);
  assert.equal(withinUsualBounds(aadn, { alpha: 1.5, beta: 0.2, gamma: 0, phi: 0.9 }), false);
  assert.equal(withinUsualBounds(aadn, { alpha: 0.5, beta: 0.2, gamma: 0, phi: 0.9 }), true);
  assert.equal(withinUsualBounds(aadn, { alpha: 0.5, beta: 0.6, gamma: 0, phi: 0.9 }), false); // β > α
  assert.equal(withinUsualBounds(aadn, { alpha: 0.5, beta: 0.2, gamma: 0, phi: 0.99 }), false); // φ > 0.98
  assert.equal(withinUsualBounds(ana, { alpha: 0.5, beta: 0, gamma: 0.6, phi: 1 }), false); // γ > 1 − α
});
