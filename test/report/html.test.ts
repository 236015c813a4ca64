import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderReport, type ReportOptions } from '../../src/report/html.js';
import { lossChart, seriesChart } from '../../src/report/specs.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const series = Array.from({ length: 60 }, (_, i) => Math.sin(i / 5) * 10 + i);

function options(overrides: Partial<ReportOptions> = {}): ReportOptions {
  return {
    title: 'Synthetic run',
    subtitle: 'SimpleRNN(40) x2',
    settings: { window: 20, learningRate: 1e-6, layers: ['simpleRnn', 'dense'], weights: Float32Array.of(0.5, 2) },
    metrics: [
      {
        headers: ['forecaster', 'MAE'],
        rows: [
          ['naive', 5.937939453125],
          ['rnn', 4],
        ],
        caption: 'Validation period',
      },
    ],
    summary: 'Layer (type)   Output shape\nsimple_rnn     [null, 40]',
    charts: [
      {
        title: 'Forecast chart',
        spec: seriesChart({
          title: 'Forecast',
          actual: series,
          forecasts: [{ name: 'naive', start: 40, values: series.slice(39, 59) }],
          split: 40,
        }),
      },
      { title: 'Loss chart', spec: lossChart({ title: 'Loss', loss: [3, 2, 1.5] }) },
    ],
    notes: ['Trained on 2 cores.'],
    generatedAt: new Date('2024-05-06T07:08:09.000Z'),
    ...overrides,
  };
}

test('renderReport(options) gives one HTML page with the table, the settings, the summary and the inline SVGs', async () => {
  const html = await renderReport(options());
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(html.includes('<title>Synthetic run</title>'));
  assert.ok(html.includes('<p class="subtitle">SimpleRNN(40) x2</p>'));
  assert.ok(html.includes(`Generated at 2024-05-06T07:08:09.000Z by seqcast ${version}`));
  // the metrics table, numbers right-aligned, scores to 4 decimals as the terminal prints them
  assert.ok(html.includes('<caption>Validation period</caption>'));
  assert.ok(html.includes('<th scope="col">forecaster</th><th scope="col">MAE</th>'));
  assert.ok(html.includes('<tr><td>naive</td><td class="num">5.9379</td></tr>'));
  assert.ok(html.includes('<tr><td>rnn</td><td class="num">4</td></tr>'));
  // settings as key/value rows, arrays as JSON
  assert.ok(html.includes('<tr><th scope="row">learningRate</th><td>0.000001</td></tr>'));
  assert.ok(html.includes('<tr><th scope="row">weights</th><td>[0.5,2]</td></tr>'));
  assert.ok(html.includes('<pre>Layer (type)   Output shape\nsimple_rnn     [null, 40]</pre>'));
  assert.ok(html.includes('<li>Trained on 2 cores.</li>'));
  // two charts, inline, with their axis text and captions
  assert.equal(html.match(/<svg /g)?.length, 2);
  assert.equal(html.match(/<\/svg>/g)?.length, 2);
  for (const text of [
    '>time step</text>',
    '>epoch</text>',
    '<figcaption>Forecast chart</figcaption>',
    '<figcaption>Loss chart</figcaption>',
  ]) {
    assert.ok(html.includes(text), text);
  }
  assert.ok(html.includes('<style>'));
});

test('renderReport(options) is self-contained: no scripts, no URLs, no external resources', async () => {
  const html = await renderReport(options());
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /\b(src|href)=|<link|@import|url\((?!#)/i);
});

test('renderReport(options) escapes every caller text, so <script> comes out as text', async () => {
  const evil = '<script>alert("x")</script>';
  const html = await renderReport(
    options({
      title: evil,
      subtitle: evil,
      settings: { [evil]: evil, link: 'see https://example.com/a?b=1&c=2' },
      metrics: [{ headers: ['<script>', 'MAE'], rows: [[evil, 1]], caption: evil }],
      summary: evil,
      charts: [{ title: evil, spec: lossChart({ title: evil, loss: [1, 2] }) }],
      notes: [evil],
    }),
  );
  assert.doesNotMatch(html, /<script/i);
  assert.ok(html.includes('<th scope="col">&lt;script&gt;</th>'));
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('<td>see https://example.com/a?b=1&amp;c=2</td>')); // a URL in text stays text
  assert.equal(html.match(/https?:\/\//g)?.length, 1);
});

test('renderReport(options) leaves out the sections it has nothing for', async () => {
  const html = await renderReport({ title: 'Bare', settings: {}, metrics: [], charts: [] });
  for (const heading of ['Metrics', 'Charts', 'Model', 'Settings', 'Notes']) assert.ok(!html.includes(`<h2>${heading}</h2>`), heading);
  assert.ok(!html.includes('class="subtitle"'));
  assert.match(html, /Generated at \d{4}-\d\d-\d\dT/);
});

test('renderReport(options) throws on a ragged metrics row or a chart it cannot render', async () => {
  await assert.rejects(
    renderReport(options({ metrics: [{ headers: ['a', 'b'], rows: [[1, 2], [3]], caption: 'Errors' }] })),
    /metrics table 1 \("Errors"\) row 2 has 1 cells for 2 headers: give every row one cell per header/,
  );
  await assert.rejects(
    renderReport(options({ charts: [{ title: 'Broken', spec: { layer: 5 } as never }] })),
    /could not render chart "Broken": renderSvg could not compile/,
  );
});
