/**
 * seqcast's auto.arima against R's on every case of test/fixtures/r/arima.json (the 15 collection
 * series, their first folds' training parts, 4 M4 hourly series): whether the chosen model is R's,
 * the largest relative differences (coefficients, loglik, forecasts) and the seconds each took here
 * against R's seconds on the same machine (recorded by bench/r/arima-fixtures.R).
 *
 * Usage: node --import tsx bench/arima-agreement.ts [--no-m4]
 */
import { readFileSync } from 'node:fs';
import { autoArima } from '../src/forecast/stats/auto-arima.js';
import { arimaName } from '../src/forecast/stats/arima-model.js';
import { arimaForecastDistribution } from '../src/forecast/stats/arima-forecast.js';

interface RCase {
  name: string;
  period: number;
  values: number[];
  method: string;
  coef: number[];
  loglik: number;
  h: number;
  mean: number[];
  seconds: number;
}

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/r/arima.json', import.meta.url), 'utf8')) as { auto: RCase[] };
const skipM4 = process.argv.includes('--no-m4');
const relative = (a: ArrayLike<number>, b: ArrayLike<number>, scale?: number): number => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (scale ?? Math.max(Math.abs(b[i]), 1)));
  return m;
};
let agree = 0;
let total = 0;
for (const c of fixture.auto) {
  if (skipM4 && c.name.startsWith('M4')) continue;
  total++;
  const start = performance.now();
  const { fit } = autoArima(c.values, c.period);
  const seconds = (performance.now() - start) / 1000;
  const name = arimaName(fit.order, fit.constant);
  const same = name === c.method;
  if (same) agree++;
  const { mean } = arimaForecastDistribution(fit, c.values, c.h);
  const scale = Math.max(...c.mean.map(Math.abs));
  const diffs = same
    ? `coef ${relative(fit.coef, c.coef).toExponential(1)}  loglik ${relative([fit.loglik], [c.loglik]).toExponential(1)}  forecasts ${relative(mean, c.mean, scale).toExponential(1)}`
    : `R: ${c.method}`;
  console.log(
    `${same ? 'same' : 'DIFF'}  ${c.name.padEnd(40)} ${name.padEnd(36)} ${diffs}  ${seconds.toFixed(2)} s (R ${c.seconds.toFixed(2)} s)`,
  );
}
console.log(`${agree} of ${total} cases choose R's model`);
