/**
 * The browser against Node: the course's SimpleRNN (two layers of 40 units, window 20, batches of
 * 32, adam, 100 epochs) trained on the synthetic series' first 1000 values in Node, then in the
 * playground's Web Worker (web/, built and served by scripts/serve-web.mjs, in Debian's Chromium
 * through playwright-core). Prints both times and their ratio (page / Node) and writes them to
 * artifacts/web-timing.json. The page's time is its worker's `fit` alone.
 *
 *   npm run bench:web [-- --epochs 100] [--json]
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { chromium, type Browser } from 'playwright-core';
import { networkForecaster } from '../src/forecast/network.js';
import { syntheticSeries } from '../src/data/synthetic.js';
import { CHROMIUM, ROOT, serve, setModel, trainAndWait } from '../test/helpers/playground.js';

const { epochs, json } = new Command('bench-web')
  .description("the course's SimpleRNN trained in the playground's worker (Chromium) and in Node")
  .option(
    '--epochs <n>',
    'epochs of each training',
    (v) => {
      const n = /^\+?\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (!(n >= 1) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`--epochs must be a positive integer, got '${v}'.`);
      return n;
    },
    100,
  )
  .option('--json', 'print the result as JSON')
  .parse(process.argv)
  .opts<{ epochs: number; json?: boolean }>();

if (!existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) to run the browser benchmark.`);

const spec = { model: 'rnn', units: 40, layers: 2, window: 20, batchSize: 32, epochs } as const;
const TRAIN_VALUES = 1000;
const { series } = syntheticSeries();

process.stderr.write(`Node: ${epochs} epochs ...\n`);
const node = networkForecaster(spec);
const t0 = performance.now();
await node.fit(series.subarray(0, TRAIN_VALUES));
const nodeMs = performance.now() - t0;
if (node.history!.history.loss.length !== epochs)
  throw new Error(`Node trained ${node.history!.history.loss.length} epochs, not ${epochs}.`);

process.stderr.write(`page worker (building and serving web/ first): ${epochs} epochs ...\n`);
const server = await serve();
let browser: Browser | undefined;
let pageMs: number;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(server.url);
  // horizon 1: the one-step network Node trains (the page's default horizon would train a direct network)
  await setModel(page, { units: '40', layers: '2', window: '20', batch: '32', epochs: String(epochs), lr: '', horizon: '1' });
  const result = await trainAndWait(page, Math.max(120_000, epochs * 2_000));
  if (result.losses.length !== epochs) throw new Error(`The page trained ${result.losses.length} epochs, not ${epochs}.`);
  pageMs = result.fitMs!;
} finally {
  await browser?.close();
  server.child.kill();
}

const timing = {
  spec,
  trainValues: TRAIN_VALUES,
  nodeMs: Math.round(nodeMs),
  pageMs: Math.round(pageMs),
  ratio: Number((pageMs / nodeMs).toFixed(2)),
};
const artifacts = new URL('artifacts/', ROOT);
await mkdir(artifacts, { recursive: true });
await writeFile(new URL('web-timing.json', artifacts), `${JSON.stringify(timing, null, 2)}\n`);
if (json) process.stdout.write(`${JSON.stringify(timing, null, 2)}\n`);
else
  process.stdout.write(
    `course SimpleRNN, ${epochs} epochs on ${TRAIN_VALUES} values: Node ${timing.nodeMs} ms, page worker ${timing.pageMs} ms (page / Node ${timing.ratio}); written to artifacts/web-timing.json\n`,
  );
