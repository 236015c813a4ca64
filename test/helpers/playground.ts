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
  forecast?: number[];
  split?: number;
  /** Wall-clock ms of the worker's `fit`. */
  fitMs?: number;
  scores?: { name: string; mae: number; rmse: number }[];
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
 * fields (`units`, `layers`, `window`, `epochs`, `batch`, `lr`; '' clears one to its default).
 * @example await setModel(page, { units: '8', layers: '1', epochs: '3' })
 */
export async function setModel(page: Page, settings: Record<string, string>): Promise<void> {
  await page.selectOption('#series', 'synthetic');
  await page.selectOption('#model', settings.model ?? 'rnn');
  await page.selectOption('#optimizer', settings.optimizer ?? 'adam');
  for (const id of ['units', 'layers', 'window', 'epochs', 'batch', 'lr']) {
    if (settings[id] !== undefined) await page.fill(`#${id}`, settings[id]);
  }
}

/**
 * Clicks Train and waits until the page reports `trained`.
 * @throws (rejects) when that takes longer than `timeout` ms.
 */
export async function trainAndWait(page: Page, timeout: number): Promise<PageView> {
  await page.click('#train');
  await page.waitForFunction(() => (window as unknown as { __seqcast: PageView }).__seqcast.state === 'trained', null, { timeout });
  return view(page);
}
