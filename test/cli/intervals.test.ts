import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { syntheticSeries } from '../../src/data/synthetic.js';
import {
  calibrateConformal,
  conformalForecaster,
  conformalForecasterFromFitted,
  resolveConformalOptions,
} from '../../src/forecast/conformal.js';
import { networkForecaster, networkForecasterFromModel } from '../../src/forecast/network.js';
import { readRunMetadata } from '../../src/forecast/run-metadata.js';
import { etsForecaster } from '../../src/forecast/stats/ets.js';
import { thetaForecaster } from '../../src/forecast/stats/theta.js';
import { loadModel, saveModel } from '../../src/model/save-node.js';
import { forecasterFiles, readForecasterFile, writeForecasterFiles } from '../../src/cli/forecaster-file.js';
import { intervalHorizon, parseLevels, resolveLevels } from '../../src/cli/intervals.js';
import { forecastBands, intervalSource, oneStepBands, savedConformal } from '../../src/forecast/interval-source.js';
import { forecastCsv } from '../../src/cli/run-output.js';
import { quantileIntervals, quantileLevels } from '../../src/forecast/quantile-intervals.js';
import { OptionError } from '../../src/errors.js';

const { series } = syntheticSeries({ length: 160, period: 12, amplitude: 10, slope: 0.1, noiseLevel: 2, seed: 4 });
const SPLIT = 130;
const train = series.subarray(0, SPLIT);
const small = { model: 'gru', units: 6, layers: 1, window: 12, epochs: 2, batchSize: 16, seed: 1 } as const;

test('parseLevels reads 80,95 and none, and refuses a level outside (0, 100) or a malformed list with one message', () => {
  assert.deepEqual(parseLevels('80,95'), [80, 95]);
  assert.deepEqual(parseLevels(' 90 '), [90]);
  assert.deepEqual(parseLevels('97.5'), [97.5]);
  assert.equal(parseLevels('none'), null);
  assert.deepEqual(resolveLevels(undefined), [80, 95]);
  assert.equal(resolveLevels(null), null);
  for (const bad of ['0', '100', '120', '0.95x', '80,', '', '-5', 'eighty', '80,80'])
    assert.throws(
      () => parseLevels(bad),
      (err: Error) => err instanceof InvalidArgumentError && /--level/.test(err.message),
      bad,
    );
  assert.throws(() => parseLevels('120'), /strictly between 0 and 100/);
});

test('intervalHorizon: --horizon, else the M4 horizon, else two seasons and at least 6', () => {
  assert.equal(intervalHorizon(7, 18, 12), 7);
  assert.equal(intervalHorizon(undefined, 18, 12), 18);
  assert.equal(intervalHorizon(undefined, undefined, 12), 24);
  assert.equal(intervalHorizon(undefined, undefined, 1), 6);
});

test('a network with its calibration saved in the model metadata gives the same intervals after loading, bit for bit', async () => {
  const network = networkForecaster(small);
  await network.fit(train);
  const options = resolveConformalOptions({ horizon: 6, period: 12 });
  const calibration = await calibrateConformal(() => networkForecaster(small), train, options);
  const before = forecastBands(intervalSource(network, conformalForecasterFromFitted(network, options, calibration))!, series, 6, [80, 95]);
  const dir = join(mkdtempSync(join(tmpdir(), 'seqcast-bands-')), 'model');
  await saveModel(network.model, dir, {
    metadata: { spec: network.spec, transform: network.transform!.toJSON(), conformal: { options, calibration } },
  });
  const meta = readRunMetadata((await loadModel(dir)).metadata);
  const loaded = networkForecasterFromModel(await loadModel(dir), meta.spec!, meta.transform!);
  const source = intervalSource(loaded, savedConformal(loaded, meta.conformal!))!;
  assert.match(source.method, /^conformal \(\d+ calibration origins, up to 6 steps\)$/);
  const after = forecastBands(source, series, 6, [80, 95]);
  assert.deepEqual(after, before);
  // ordered, widening from the forecast: lo95 <= lo80 <= forecast <= hi80 <= hi95
  const mean = loaded.forecast(series, 6);
  for (let k = 0; k < 6; k++) {
    const [lo80, lo95] = after.lower.map((l) => l[k]);
    const [hi80, hi95] = after.upper.map((u) => u[k]);
    assert.ok(lo95 <= lo80 && lo80 <= mean[k] && mean[k] <= hi80 && hi80 <= hi95, `step ${k + 1}`);
  }
});

test('forecastBands: steps past the calibrated horizon have no bounds (NaN) and a note; a run without calibration has no source', async () => {
  const theta = conformalForecaster(() => thetaForecaster({ period: 12 }), { horizon: 4, period: 12 });
  await theta.fit(train);
  const source = intervalSource(theta.inner!, theta)!;
  const bands = forecastBands(source, series, 7, [90]);
  assert.equal(bands.lower[0].length, 7);
  assert.ok(bands.lower[0].subarray(0, 4).every(Number.isFinite));
  assert.ok(bands.upper[0].subarray(4).every(Number.isNaN));
  assert.match(bands.notes.join(' '), /reach 4 step\(s\).*steps 5\.\.7 have none/);
  assert.deepEqual(Array.from(bands.lower[0].subarray(0, 4)), Array.from(theta.forecastIntervals(series, 4, [90]).intervals[0].lower));
  assert.equal(intervalSource(theta.inner!, null), null);
});

test('a statistical forecaster saved as a conformal wrapper gives the same intervals after loading; ETS uses its analytical ones', async () => {
  const spec = { kind: 'conformal', of: { kind: 'theta', period: 12 }, horizon: 6, period: 12 } as const;
  const theta = conformalForecaster(() => thetaForecaster({ period: 12 }), { horizon: 6, period: 12 });
  await theta.fit(train);
  const dir = join(mkdtempSync(join(tmpdir(), 'seqcast-bands-')), 'model');
  await writeForecasterFiles(
    dir,
    await forecasterFiles(spec, theta, {
      split: SPLIT,
      input: {},
      series: { name: 's', columns: ['v'], length: 160 },
      season: { mase: 1 },
      metrics: [],
    }),
  );
  const { forecaster, saved } = await readForecasterFile(dir);
  assert.equal(saved.kind, 'conformal');
  const again = forecaster as typeof theta;
  assert.deepEqual(
    forecastBands(intervalSource(again.inner!, again)!, series, 6, [80, 95]),
    forecastBands(intervalSource(theta.inner!, theta)!, series, 6, [80, 95]),
  );

  const ets = etsForecaster({ period: 12, model: 'AAA' });
  await ets.fit(train);
  const etsSource = intervalSource(ets, null)!;
  assert.equal(etsSource.horizon, Infinity);
  assert.match(etsSource.method, /ETS analytical/);
  assert.deepEqual(forecastBands(etsSource, series, 30, [95]).lower[0], ets.forecastIntervals(series, 30, [95]).intervals[0].lower);
});

test('a quantile network gives the intervals of its own quantiles where the levels match, else conformal or a clear refusal', async () => {
  const net = networkForecaster({ ...small, horizon: 4, quantiles: [0.025, 0.1, 0.5, 0.9, 0.975], transform: ['standard'] });
  await net.fit(train);
  assert.deepEqual(quantileLevels(net, [80, 95, 50]), [80, 95]);
  const q = net.forecastQuantiles(series, 4);
  const { forecast, missing } = quantileIntervals(net, series, 4, [80, 95, 50]);
  assert.deepEqual(missing, [50]);
  assert.deepEqual(forecast.intervals[0].lower, q.values[1]);
  assert.deepEqual(forecast.intervals[1].upper, q.values[4]);
  const source = intervalSource(net, null)!;
  assert.match(source.method, /^quantiles of the network/);
  assert.deepEqual(forecastBands(source, series, 4, [80, 95]).upper[0], q.values[3]);
  assert.throws(
    () => forecastBands(source, series, 4, [50]),
    (err: Error) => err instanceof OptionError && /no conformal calibration/.test(err.message),
  );
  // with a calibration, the levels it has no quantiles for are conformal
  const options = resolveConformalOptions({ horizon: 4, period: 12 });
  const calibration = await calibrateConformal(
    () => networkForecaster({ ...small, horizon: 4, quantiles: [0.025, 0.1, 0.5, 0.9, 0.975], transform: ['standard'] }),
    train,
    options,
  );
  const conformal = conformalForecasterFromFitted(net, options, calibration);
  const mixed = forecastBands(intervalSource(net, conformal)!, series, 4, [50, 80]);
  assert.deepEqual(mixed.lower[0], conformal.forecastIntervals(series, 4, [50]).intervals[0].lower);
  assert.deepEqual(mixed.lower[1], q.values[1]);
});

test('oneStepBands puts the one-step conformal width around each forecast; forecastCsv writes lo/hi columns', async () => {
  const theta = conformalForecaster(() => thetaForecaster({ period: 12 }), { horizon: 3, period: 12 });
  await theta.fit(train);
  const errors = theta.calibration!.errors[0];
  const [b80] = oneStepBands(theta, Float32Array.of(10, 20), [80]);
  const w = errors[Math.ceil(((errors.length + 1) * 80) / 100) - 1];
  assert.deepEqual(Array.from(b80.lower), [Math.fround(10 - w), Math.fround(20 - w)]);
  assert.equal(
    forecastCsv(
      [
        { at: 4, kind: 'validation', actual: 3, forecast: 2 },
        { at: 5, kind: 'future', forecast: 7, bounds: { lo80: 6, hi80: 8 } },
        { at: 6, kind: 'future', forecast: 7, bounds: { lo80: null, hi80: null } },
      ],
      false,
      [80],
    ),
    'index,kind,actual,forecast,lo80,hi80\n4,validation,3,2,,\n5,future,,7,6,8\n6,future,,7,,\n',
  );
});
