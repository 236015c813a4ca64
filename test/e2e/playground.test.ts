/**
 * End-to-end test of the browser playground (web/): builds and serves it with
 * scripts/serve-web.mjs, drives Debian's Chromium with playwright-core, runs the default model on
 * every shipped series (it must beat the naive forecast), trains networks in the page, checks
 * the charts, scores, that the page answers while the worker trains, stop, downloads and CSV
 * errors. Timing the page's training against Node's is a benchmark: `npm run bench:web`.
 *
 * Writes artifacts/playground-trained.png (after a training), artifacts/playground.png (after a bad CSV) and artifacts/web-model/.
 * Skipped (with a message) only when /usr/bin/chromium is missing: `apt-get install chromium`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadModel } from '../../src/model/save-node.js';
import { networkForecasterFromModel } from '../../src/forecast/network.js';
import { syntheticSeries } from '../../src/data/synthetic.js';
import { DATASET_CATALOG } from '../../src/data/catalog.js';
import { NORMALIZE_KINDS } from '../../src/model/target-spec.js';
import { m4Horizon } from '../../src/forecast/horizon.js';
import { PAGE_MODELS } from '../../web/forecasters.js';
import type { NetworkSpec } from '../../src/model/model-spec.js';
import type { TransformJSON } from '../../src/data/transforms/transform.js';
import { CHROMIUM, ROOT, serve, setModel, trainAndWait, view, type PageView } from '../helpers/playground.js';

const ARTIFACTS = new URL('artifacts/', ROOT);
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) to run the playground test`;

describe('the playground page (web/)', { skip, timeout: 170_000 }, () => {
  let server: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  const { series } = syntheticSeries();

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await serve();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1100, height: 1400 } });
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    server?.child.kill();
  });

  test('the pickers list the catalogs, the synthetic series and ETS selected, the network-only fields off until a network is picked', async () => {
    const options = (id: string) =>
      page.locator(`#${id} option`).evaluateAll((all) => all.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    assert.deepEqual(await options('series'), [...DATASET_CATALOG.map((d) => [d.id, d.page.label]), ['file', 'my own CSV file…']]);
    assert.deepEqual(
      await options('model'),
      PAGE_MODELS.map((m) => [m.id, m.label]),
    );
    assert.deepEqual(
      (await options('model')).map(([id]) => id),
      ['ets', 'theta', 'arima', 'stlf', 'stl-arima', 'auto', 'rnn', 'lstm', 'gru', 'bilstm', 'conv-lstm', 'mlp'],
    );
    assert.deepEqual(
      await options('normalize'),
      NORMALIZE_KINDS.map((k) => [k, k]),
    );
    assert.deepEqual(
      [
        await page.inputValue('#series'),
        await page.inputValue('#model'),
        await page.inputValue('#period'),
        await page.inputValue('#horizon'),
      ],
      ['synthetic', 'ets', '365', '14'],
    );
    const networkOnly = ['units', 'layers', 'window', 'epochs', 'batch', 'lr', 'optimizer', 'transform', 'normalize', 'sweep'];
    const disabled = () => Promise.all(networkOnly.map((id) => page.locator(`#${id}`).isDisabled()));
    assert.deepEqual(await disabled(), new Array(networkOnly.length).fill(true), 'ETS has no network fields');
    await page.selectOption('#model', 'theta');
    assert.deepEqual(await disabled(), new Array(networkOnly.length).fill(true), 'nor has Theta');
    await page.selectOption('#model', 'lstm');
    assert.deepEqual(await disabled(), new Array(networkOnly.length).fill(false), 'a network has them all');
    assert.equal(await page.locator('#file-label').isVisible(), false, 'the CSV file field shows only for "my own CSV file"');
    await page.selectOption('#series', 'sunspots');
    assert.equal(await page.inputValue('#horizon'), '30', 'a season length M4 has no horizon for (132) starts at 30');
  });

  for (const entry of DATASET_CATALOG) {
    test(`the default model and horizon on ${entry.id} beat the naive forecast's MASE, with the MAE at each step and the forecast past the end`, async () => {
      await page.goto(server.url); // the page's defaults, whatever earlier tests chose
      await page.selectOption('#series', entry.id);
      const horizon = m4Horizon(undefined, entry.page.period) ?? 30;
      assert.equal(await page.inputValue('#horizon'), String(horizon));
      const result = await trainAndWait(page, 60_000);
      const [model, naive] = result.scores!;
      console.log(`# ${entry.id} (h ${horizon}): ${model.name} MASE ${model.mase.toFixed(3)}, naive ${naive.mase.toFixed(3)}`);
      assert.equal(model.name, `${result.name} (this model)`);
      assert.match(result.name!, /^ets/, 'ETS is the default');
      assert.equal(naive.name, 'naive');
      assert.ok(model.mase < naive.mase, `${entry.id}: MASE ${model.mase} of the default is not below naive's ${naive.mase}`);
      assert.ok(model.mae < naive.mae);
      const validation = (result.series!.length - entry.split) as number;
      assert.equal(result.horizon, horizon);
      assert.equal(result.forecast!.length, Math.floor(validation / horizon) * horizon, 'a forecast of h values from every h-th origin');
      assert.equal(result.future!.length, horizon);
      assert.ok(result.future!.every(Number.isFinite));
      for (const s of result.scores!) assert.equal(s.stepMae.length, horizon);
      // the MAE is the mean of the MAE at each step (every step has the same origins)
      assert.ok(Math.abs(model.stepMae.reduce((a, b) => a + b, 0) / horizon - model.mae) < 1e-9 * Math.max(1, model.mae));
      assert.equal(await page.locator('#forecast-chart svg polyline').count(), 3, 'actual, the forecasts, the forecast past the end');
      assert.equal(await page.locator('#step-chart svg polyline').count(), result.scores!.length);
      assert.equal(
        await page
          .locator('#scores thead th')
          .allInnerTexts()
          .then((h) => h.join(',')),
        'forecaster,MAE,RMSE,MASE',
      );
      assert.equal(await page.locator('#dl-json').isVisible(), false, 'no model files for ETS');
      assert.equal(await page.locator('#dl-csv').isVisible(), true);
      if (entry.id === 'synthetic') await page.screenshot({ path: new URL('playground-default.png', ARTIFACTS).pathname, fullPage: true });
    });
  }

  /** lo95 ≤ lo80 ≤ forecast ≤ hi80 ≤ hi95 at every point, each band with a width somewhere. */
  function assertOrderedBands(result: PageView, what: string): void {
    const iv = result.intervals!;
    assert.deepEqual(iv.levels, [80, 95], what);
    const check = (mean: number[], lower: number[][], upper: number[][], part: string): void => {
      assert.equal(lower[0].length, mean.length, `${what} ${part}: one bound per forecast`);
      for (let k = 0; k < mean.length; k++) {
        const [lo80, lo95, hi80, hi95] = [lower[0][k], lower[1][k], upper[0][k], upper[1][k]];
        assert.ok(
          lo95 <= lo80 && lo80 <= mean[k] && mean[k] <= hi80 && hi80 <= hi95,
          `${what} ${part} ${k}: ${lo95} ${lo80} ${mean[k]} ${hi80} ${hi95}`,
        );
      }
      assert.ok(
        upper[1].some((u, k) => u > lower[1][k]),
        `${what} ${part}: the 95 % band has a width`,
      );
    };
    check(result.forecast!, iv.lower, iv.upper, 'validation');
    check(result.future!, iv.futureLower, iv.futureUpper, 'past the end');
  }

  test('the forecast chart shades the 80 % and 95 % intervals (ETS analytical; conformal for Theta), ordered around the forecast; "none" draws none, a bad level is refused', async () => {
    await page.goto(server.url);
    assert.equal(await page.inputValue('#level'), '80, 95');
    const ets = await trainAndWait(page, 60_000);
    assertOrderedBands(ets, 'ets');
    assert.match(ets.intervals!.method, /ETS analytical|conformal/);
    // two levels, for the validation forecasts and past the end
    assert.equal(await page.locator('#forecast-chart svg polygon.band').count(), 4);
    assert.deepEqual(
      (await page.locator('#forecast-chart svg polygon.band').evaluateAll((all) => all.map((p) => p.getAttribute('data-level')))).sort(),
      ['80', '80', '95', '95'],
    );
    assert.equal(await page.locator('#forecast-chart svg polyline').count(), 3, 'the lines as before');
    await page.screenshot({ path: new URL('playground-bands.png', ARTIFACTS).pathname, fullPage: true });

    await page.selectOption('#model', 'theta');
    const theta = await trainAndWait(page, 60_000);
    assertOrderedBands(theta, 'theta');
    assert.match(theta.intervals!.method, /^conformal/);

    await page.fill('#level', 'none');
    const none = await trainAndWait(page, 60_000);
    assert.equal(none.intervals, undefined);
    assert.equal(await page.locator('#forecast-chart svg polygon.band').count(), 0);

    await page.fill('#level', '120');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'failed');
    assert.match(await page.locator('#error').innerText(), /strictly between 0 and 100.*Interval levels %/);
    await page.fill('#level', '80, 95');
  });

  test('Theta runs from the model picker and is scored as ETS is', async () => {
    await page.goto(server.url);
    await page.selectOption('#model', 'theta');
    const result = await trainAndWait(page, 60_000);
    assert.deepEqual(
      result.scores!.map((s) => s.name),
      ['theta (365) (this model)', 'naive', 'seasonal naive (365)'],
    );
    assert.ok(result.scores!.every((s) => Number.isFinite(s.mase)));
  });

  test("STL + ETS runs from the picker at the series' 365-day season; ARIMA refuses a season above 24 in words and runs without one", async () => {
    await page.goto(server.url);
    await page.selectOption('#model', 'stlf');
    const stlf = await trainAndWait(page, 60_000);
    assert.equal(stlf.scores![0].name, 'stlf (365) (this model)');
    assert.ok(stlf.scores!.every((s) => Number.isFinite(s.mase)));
    assertOrderedBands(stlf, 'stlf');

    await page.selectOption('#model', 'arima');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'failed');
    assert.match(
      await page.locator('#error').innerText(),
      /^ARIMA in the page takes seasons up to 24, and this series has 365.*Pick STL \+ ETS/,
    );

    await page.fill('#period', '1');
    const arima = await trainAndWait(page, 60_000);
    assert.equal(arima.scores![0].name, 'arima (this model)');
    assert.ok(arima.scores!.every((s) => Number.isFinite(s.mase)));
    assert.equal(arima.future!.length, arima.horizon);
  });

  test('training a small rnn on the synthetic series shows the loss chart and the MAE of the model and the baselines', async () => {
    await setModel(page, {
      units: '8',
      layers: '1',
      epochs: '3',
      window: '20',
      batch: '32',
      transform: 'difference,standard',
      normalize: 'window',
    });
    const result = await trainAndWait(page, 60_000);
    assert.equal(result.losses.length, 3);
    assert.ok(result.losses.every(Number.isFinite));
    assert.ok((await page.locator('#loss-chart svg polyline').count()) >= 1, 'the loss chart has a line');
    assert.ok((await page.locator('#forecast-chart svg polyline').count()) === 3, 'the forecast chart shows actual, forecast and future');
    const rows = await page.locator('#scores tbody tr').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.split('\t')[0]),
      ['rnn (this model)', 'naive', 'seasonal naive (365)'],
    );
    assert.match(rows[0], /\t\d+\.\d{3}\t\d+\.\d{3}\t\d+\.\d{3}$/);
    assert.equal(result.forecast!.length, Math.floor((series.length - 1000) / 14) * 14);
    await page.screenshot({ path: new URL('playground-trained.png', ARTIFACTS).pathname, fullPage: true });
  });

  test("the downloaded model.json + weights.bin load with loadModel in Node and give the page's forecast", async () => {
    const dir = new URL('web-model/', ARTIFACTS);
    await mkdir(dir, { recursive: true });
    for (const [id, file] of [
      ['#dl-json', 'model.json'],
      ['#dl-weights', 'weights.bin'],
      ['#dl-csv', 'forecast.csv'],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
      assert.equal(download.suggestedFilename(), file);
      await download.saveAs(new URL(file, dir).pathname);
    }
    const model = await loadModel(dir.pathname);
    const meta = model.metadata as {
      spec: NetworkSpec;
      transform: TransformJSON;
      split: number;
      season: unknown;
      metrics: { forecaster: string; mae: number }[];
    };
    assert.equal(meta.split, 1000);
    // the page's settings reach the network: a direct network for the default horizon, the transform and normalize picked
    assert.deepEqual(
      [meta.spec.horizon, meta.spec.strategy, meta.spec.transform, meta.spec.normalize],
      [14, 'direct', ['difference', 'standard'], 'window'],
    );
    // the metadata `seqcast train` writes (a RunMetadata): the seasons, and the scores as an array, the network first
    assert.deepEqual(meta.season, { baseline: 365, mase: 365 });
    assert.deepEqual(
      meta.metrics.map((m) => m.forecaster),
      ['rnn', 'naive', 'seasonal naive (365)'],
    );
    assert.deepEqual(
      meta.metrics.map((m) => m.mae),
      (await view(page)).scores!.map((s) => s.mae),
    );
    const forecaster = networkForecasterFromModel(model, meta.spec, meta.transform);
    const { forecast, future } = await view(page);
    const inPage = [...forecast!, ...future!];
    const inNode: number[] = [];
    for (let origin = meta.split; origin < meta.split + forecast!.length; origin += 14)
      inNode.push(...forecaster.forecast(series.subarray(0, origin), 14));
    inNode.push(...forecaster.forecast(series, 14));
    assert.equal(inNode.length, inPage.length);
    const maxDiff = Math.max(...inPage.map((v, i) => Math.abs(v - inNode[i])));
    console.log(`# forecast of the downloaded model in Node vs the page: max |difference| = ${maxDiff}`);
    assert.ok(maxDiff <= 1e-4, `Node's forecast differs from the page's by up to ${maxDiff}`);
  });

  test('while the worker trains, the page draws frames, answers and shows each new epoch, and Stop ends the training', async () => {
    await setModel(page, { units: '32', layers: '2', epochs: '500' });
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.losses.length >= 1, null, {
      timeout: 30_000,
    });
    // training on the page's own thread would hold these frames until it ended; in the worker they
    // run while it goes on, and the epochs it posts meanwhile reach the page
    const during = await page.evaluate(async () => {
      const seqcast = (window as unknown as { __seqcast: PageView }).__seqcast;
      const epochsBefore = seqcast.losses.length;
      for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      return { state: seqcast.state, epochsBefore };
    });
    assert.equal(during.state, 'training', 'the frames ran while the worker was training');
    await page.waitForFunction((n) => (window as unknown as { __seqcast: PageView }).__seqcast.losses.length > n, during.epochsBefore, {
      timeout: 30_000,
    });
    assert.equal((await view(page)).state, 'training');
    await page.click('#stop');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'stopped', null, {
      timeout: 30_000,
    });
    assert.match(await page.locator('#status').innerText(), /^Stopped after \d+ epochs\.$/);
  });

  test('the learning-rate sweep draws loss against learning rate and suggests a rate', async () => {
    await setModel(page, { units: '8', layers: '1', epochs: '3', lr: '' });
    await page.click('#sweep');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'swept', null, { timeout: 60_000 });
    assert.equal(await page.locator('#lr-chart svg polyline').count(), 1);
    assert.match(await page.locator('#status').innerText(), /Suggested learning rate: \d\.\d\de-\d+\./);
    assert.ok(Number(await page.inputValue('#lr')) > 0, 'the suggestion fills the learning-rate field');
  });

  test('a learning rate so large that the loss becomes NaN shows the divergence in plain words', async () => {
    await setModel(page, { units: '8', layers: '1', epochs: '5', optimizer: 'sgd', lr: '1e300' });
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'failed', null, {
      timeout: 30_000,
    });
    assert.match(await page.locator('#error').innerText(), /^The training loss became NaN \(not a number\).*lower the learning rate/);
    await page.fill('#lr', '');
  });

  test('a learning rate that makes the loss explode (but stay finite) shows that divergence in plain words too', async () => {
    await setModel(page, { units: '8', layers: '1', epochs: '5', optimizer: 'adam', lr: '1000' });
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'failed', null, {
      timeout: 30_000,
    });
    assert.match(
      await page.locator('#error').innerText(),
      /^The training loss exploded \(an epoch ended far above where the loss started\), so the model diverged: lower the learning rate.*\(Training stopped at the end of epoch 1: the loss exploded from/,
    );
    await page.fill('#lr', '');
  });

  test("a transform the CLI's --transform would refuse shows the same reason, without the flag, and a horizon longer than the validation part says so", async () => {
    await setModel(page, { units: '8', layers: '1', epochs: '1', transform: 'diff,standard' });
    await page.click('#train');
    await page.waitForFunction(() => document.getElementById('error')!.textContent!.startsWith('The transform'), null, { timeout: 10_000 });
    assert.match(
      await page.locator('#error').innerText(),
      /^The transform has 'diff', which is not a transform: use kinds separated by commas \(difference, log, box-cox, box-cox:LAMBDA, seasonal-difference:PERIOD, standard, minmax, none\)/,
    );
    await page.fill('#transform', 'standard');
    await page.selectOption('#model', 'ets');
    await page.fill('#horizon', '500');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'failed', null, {
      timeout: 30_000,
    });
    assert.equal(
      await page.locator('#error').innerText(),
      'The horizon (500) is longer than the validation part (461 values): lower the horizon to at most 461.',
    );
    await page.fill('#horizon', '14');
  });

  test('the shipped series and a chosen CSV column load with their sizes and splits', async () => {
    await page.selectOption('#series', 'sunspots');
    await page.waitForFunction(() => document.getElementById('series-info')!.textContent!.startsWith('3235 values'), null, {
      timeout: 10_000,
    });
    assert.equal(await page.locator('#series-info').innerText(), '3235 values; trains on the first 3000, validates on the last 235.');
    await page.selectOption('#series', 'temperatures');
    await page.waitForFunction(() => document.getElementById('series-info')!.textContent!.startsWith('3650 values'), null, {
      timeout: 10_000,
    });
    await page.selectOption('#series', 'file');
    const rows = Array.from({ length: 50 }, (_, i) => `${i},${i * 2},${100 - i}`).join('\n');
    await page.setInputFiles('#file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`t,up,down\n${rows}\n`) });
    await page.waitForFunction(() => document.getElementById('series-info')!.textContent!.startsWith('50 values'), null, {
      timeout: 10_000,
    });
    assert.equal(await page.inputValue('#column'), 'down');
    await page.selectOption('#column', 'up');
    assert.equal(await page.locator('#series-info').innerText(), '50 values; trains on the first 40, validates on the last 10.');
    assert.equal(await page.locator('#error').isVisible(), false);
  });

  test("a CSV file with a text cell shows the CLI reader's error, naming the file, the line, the cell and a fix, without flags", async () => {
    await page.selectOption('#series', 'file');
    const csv = 'time,value\n0,1.5\n1,2.5\n2,abc\n3,4\n';
    await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    const message = await error.innerText();
    assert.equal(message, "Line 4 of bad.csv: column 'value' has 'abc', which is not a number: fix or remove that row.");
    assert.doesNotMatch(message, /--/, 'the page has no command-line flags to offer');
    assert.deepEqual(await page.locator('#column option').allInnerTexts(), ['time', 'value']);
    await page.screenshot({ path: new URL('playground.png', ARTIFACTS).pathname, fullPage: true });
    assert.ok(existsSync(new URL('playground.png', ARTIFACTS)));
  });

  test('a CSV file with a number not written in decimals, or beyond float32, shows the same messages as the CLI, without flags', async () => {
    await page.selectOption('#series', 'file');
    const error = page.locator('#error');
    for (const [cell, expected] of [
      ['0x1F', "Line 3 of hex.csv: column 'value' has '0x1F', which is not a number: fix or remove that row."],
      [
        '1e39',
        "Line 3 of hex.csv: column 'value' has 1e39, beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by 1e39) and forecast in those units.",
      ],
    ]) {
      await page.setInputFiles('#file', {
        name: 'hex.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`time,value\n0,1.5\n1,${cell}\n2,4\n`),
      });
      await page.waitForFunction((text) => document.getElementById('error')!.textContent === text, expected, { timeout: 10_000 });
      assert.equal(await error.innerText(), expected);
    }
  });

  test("a malformed CSV file shows the same messages as the CLI: the page's csv-parse is its browser build", async () => {
    await page.selectOption('#series', 'file');
    for (const [csv, expected] of [
      ['', 'odd.csv has no data rows: it needs a header row and at least one row of values.'],
      [
        'time,value\r\n0,"1\r\n5"\r\n1,"2\r\n',
        'odd.csv: the quote that opens a cell on line 4 is never closed: close it, or remove the stray quote.',
      ],
      [
        'time,value\n0,1"5\n',
        'Line 2 of odd.csv: the cell \'1"…\' has a quote inside it: quote the whole cell and double the quotes inside it ("a""b"), or remove the quote.',
      ],
    ]) {
      await page.setInputFiles('#file', { name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.waitForFunction((text) => document.getElementById('error')!.textContent === text, expected, { timeout: 10_000 });
    }
  });
});
