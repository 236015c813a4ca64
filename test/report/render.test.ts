import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { lossChart, lrChart, seriesChart } from '../../src/report/specs.js';
import { renderPng, renderSvg, writeChart } from '../../src/report/render.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const loss = Array.from({ length: 30 }, (_, i) => 50 * Math.exp(-i / 5) + 1);
const chart = lossChart({ title: 'Training history', loss, valLoss: loss.map((v) => v * 1.2) });

/** Width and height from the SVG's root attributes. */
function svgSize(svg: string): [number, number] {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'the SVG has a width and a height');
  return [Number(m[1]), Number(m[2])];
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) into its pixels. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const view = Buffer.from(png);
  const width = view.readUInt32BE(16);
  const height = view.readUInt32BE(20);
  assert.deepEqual([view[24], view[25], view[28]], [8, 6, 0], '8-bit RGBA, not interlaced');
  const idat: Buffer[] = [];
  for (let at = 8; at < view.length;) {
    const len = view.readUInt32BE(at);
    if (view.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(view.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0; // left
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0; // up
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0; // up-left
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      rgba[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, rgba };
}

test('renderSvg(spec) gives an SVG with the title, axis titles and legend in DejaVu Sans', async () => {
  const svg = await renderSvg(chart);
  assert.ok(svg.startsWith('<svg'));
  for (const text of ['>Training history</text>', '>epoch</text>', '>loss</text>', '>val_loss</text>']) assert.ok(svg.includes(text), text);
  assert.ok(svg.includes('font-family="DejaVu Sans"'));
  assert.match(svg, /<path[^>]*aria-roledescription="line mark"[^>]* d="M/); // the lines are drawn
});

test('renderSvg(spec) escapes text and sets DejaVu Sans on a spec without a font', async () => {
  const svg = await renderSvg({
    title: '<b>&</b>',
    mark: 'point',
    data: { values: [{ a: 1 }] },
    encoding: { x: { field: 'a', type: 'quantitative' } },
  });
  assert.ok(svg.includes('&lt;b&gt;&amp;&lt;/b&gt;'));
  assert.ok(!svg.includes('<b>'));
  assert.ok(svg.includes('font-family="DejaVu Sans"'));
});

test('renderSvg(spec) throws on a spec that is not Vega-Lite', async () => {
  await assert.rejects(
    renderSvg({ layer: 5 } as never),
    /renderSvg could not compile the chart spec: .*Check the spec against the Vega-Lite schema\./,
  );
});

test('renderPng(spec) gives a PNG of twice the SVG size with text and coloured lines drawn', async () => {
  const [w, h] = svgSize(await renderSvg(chart));
  const png = await renderPng(chart);
  assert.deepEqual([...png.subarray(0, 8)], PNG_MAGIC);
  const { width, height, rgba } = decodePng(png);
  assert.deepEqual([width, height], [2 * w, 2 * h]);
  const colours = new Set<number>();
  let dark = 0; // near-black pixels: only text is black (lines are coloured, axes and grid grey)
  let blue = 0; // the loss line, #1f77b4
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (Math.max(r, g, b) < 40) dark++;
    if (Math.abs(r - 0x1f) < 20 && Math.abs(g - 0x77) < 20 && Math.abs(b - 0xb4) < 20) blue++;
  }
  assert.ok(colours.size > 200, `${colours.size} distinct colours`);
  assert.ok(dark > 2000, `${dark} near-black (text) pixels`);
  assert.ok(blue > 1000, `${blue} blue (line) pixels`);
});

test('renderPng(spec, { scale: 1 }) gives the SVG size and rejects a non-positive scale', async () => {
  const spec = lrChart({
    title: 'LR',
    points: [
      { lr: 1e-6, loss: 3 },
      { lr: 1e-4, loss: 2 },
    ],
    suggested: 1e-5,
  });
  const [w, h] = svgSize(await renderSvg(spec));
  const { width, height } = decodePng(await renderPng(spec, { scale: 1 }));
  assert.deepEqual([width, height], [w, h]);
  await assert.rejects(renderPng(spec, { scale: 0 }), /renderPng scale must be a positive number, got 0/);
});

test('writeChart(spec, path) writes SVG or PNG by extension and rejects any other', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqcast-chart-'));
  try {
    const spec = seriesChart({ title: 'Series', actual: [1, 3, 2, 4], forecasts: [{ name: 'f', start: 2, values: [2, 3, 5] }] });
    await writeChart(spec, join(dir, 'a.svg'));
    await writeChart(spec, join(dir, 'b.PNG'));
    assert.ok((await readFile(join(dir, 'a.svg'), 'utf8')).startsWith('<svg'));
    assert.deepEqual([...(await readFile(join(dir, 'b.PNG'))).subarray(0, 8)], PNG_MAGIC);
    await assert.rejects(
      writeChart(spec, join(dir, 'c.jpg')),
      /writeChart cannot tell the format of ".*c\.jpg" \(extension "\.jpg"\): name the file \.svg or \.png/,
    );
    await assert.rejects(writeChart(spec, join(dir, 'noext')), /extension ""/);
    assert.deepEqual((await readdir(dir)).sort(), ['a.svg', 'b.PNG']); // no temporary files left
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('renderPng draws a forecast band as a light tint of its line colour, not an opaque fill (one level or two)', async () => {
  const mean = Array.from({ length: 40 }, (_, k) => 10 + k / 4);
  for (const levels of [[90], [80, 95]]) {
    const bands = levels.map((level) => ({ level, lower: mean.map((m) => m - level / 10), upper: mean.map((m) => m + level / 10) }));
    const spec = seriesChart({ title: 'Bands', actual: mean.slice(0, 20), forecasts: [{ name: 'f', start: 20, values: mean, bands }] });
    const { rgba } = decodePng(await renderPng(spec, { scale: 1 }));
    let tint = 0; // #1f77b4 over white at an opacity of 0.1 to 0.45
    let opaque = 0; // #1f77b4 itself: the line, a few pixels wide
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
      const a = (255 - r) / (255 - 0x1f);
      if (a > 0.1 && a < 0.45 && Math.abs(g - (255 - a * (255 - 0x77))) < 6 && Math.abs(b - (255 - a * (255 - 0xb4))) < 6) tint++;
      if (Math.abs(r - 0x1f) < 12 && Math.abs(g - 0x77) < 12 && Math.abs(b - 0xb4) < 12) opaque++;
    }
    assert.ok(tint > 5000, `levels ${levels}: ${tint} tinted pixels`);
    assert.ok(opaque < tint / 5, `levels ${levels}: ${opaque} opaque line-colour pixels against ${tint} tinted`);
  }
});
