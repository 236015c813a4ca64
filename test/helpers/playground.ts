/**
 * Drives the browser playground (web/) for the end-to-end test and for `npm run bench:web`:
 * builds and serves it with scripts/serve-web.mjs, and fills in and trains the page in Debian's
 * Chromium through playwright-core. Reads the page through `window.__seqcast` (web/main.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** The repository root. */
export const ROOT = new URL('../../', import.meta.url);

/** What the page exposes on `window.__seqcast` (the fields read here). */
export interface PageView {
  state: string;
  losses: number[];
  /** Multi-step forecasts of series[split, split + forecast.length), `horizon` values from each origin. */
  forecast?: number[];
  /** The `horizon` values after the series' end. */
  future?: number[];
  /** The whole series the run used. */
  series?: number[];
  split?: number;
  horizon?: number;
  /** The forecaster's name. */
  name?: string;
  /** Wall-clock ms of the worker's `fit`. */
  fitMs?: number;
  scores?: { name: string; mae: number; rmse: number; mase: number; stepMae: number[] }[];
  /** The prediction intervals of `forecast` and `future`, per level. */
  intervals?: { levels: number[]; method: string; lower: number[][]; upper: number[][]; futureLower: number[][]; futureUpper: number[][] };
}

/**
 * Starts `node scripts/serve-web.mjs --port 0` (which builds web/ first) and resolves with the URL
 * it prints; kill `child` when done.
 * @example const { child, url } = await serve(); await page.goto(url); ... child.kill();
 * @throws (rejects) when the server exits before printing its URL, with its stderr.
 */
export function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['scripts/serve-web.mjs', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /http:\/\/localhost:\d+\//.exec(out);
      if (match) resolve({ child, url: match[0] });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`serve-web exited with code ${code}: ${err}`)));
  });
}

/** The page's `window.__seqcast`. */
export const view = (page: Page): Promise<PageView> => page.evaluate(() => (window as unknown as { __seqcast: PageView }).__seqcast);

/**
 * Picks the synthetic series, a model and an optimizer (default rnn, adam), and fills the given
 * fields (`units`, `layers`, `window`, `epochs`, `batch`, `lr`, `horizon`, `transform`; '' clears
 * one to its default) and `normalize` (a choice).
 * @example await setModel(page, { units: '8', layers: '1', epochs: '3' })
 */
export async function setModel(page: Page, settings: Record<string, string>): Promise<void> {
  await page.selectOption('#series', 'synthetic');
  await page.selectOption('#model', settings.model ?? 'rnn');
  await page.selectOption('#optimizer', settings.optimizer ?? 'adam');
  for (const id of ['units', 'layers', 'window', 'epochs', 'batch', 'lr', 'horizon', 'transform']) {
    if (settings[id] !== undefined) await page.fill(`#${id}`, settings[id]);
  }
  if (settings.normalize !== undefined) await page.selectOption('#normalize', settings.normalize);
}

/**
 * Clicks the run button (Forecast) and waits until the page reports `trained`; the previous run's
 * state is cleared first, so that it is never read as this run's.
 * @throws (rejects) when that takes longer than `timeout` ms, or the run fails (with the page's error).
 */
export async function trainAndWait(page: Page, timeout: number): Promise<PageView> {
  await page.evaluate(() => ((window as unknown as { __seqcast: PageView }).__seqcast.state = 'idle'));
  await page.click('#train');
  await page.waitForFunction(() => ['trained', 'failed'].includes((window as unknown as { __seqcast: PageView }).__seqcast.state), null, {
    timeout,
  });
  const result = await view(page);
  if (result.state === 'failed') throw new Error(`The page's run failed: ${await page.locator('#error').innerText()}`);
  return result;
}
