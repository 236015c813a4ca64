/**
 * Builds the browser playground into web/dist: bundles web/main.ts and web/worker.ts with esbuild
 * (ES modules: the WebAssembly kernel loader uses top-level await), and copies index.html, the
 * stylesheet and the shipped datasets next to them. `node scripts/build-web.mjs [--minify]`.
 */
import { build } from 'esbuild';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}web/dist`;

/**
 * Writes the playground into web/dist and returns that directory.
 * @example await buildWeb({ minify: true })
 * @throws when esbuild reports an error (it prints the file and line first).
 */
export async function buildWeb({ minify = false } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(`${outdir}/datasets`, { recursive: true });
  await build({
    entryPoints: [`${root}web/main.ts`, `${root}web/worker.ts`],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    // csv-parse's Node build uses Node's stream and Buffer; its browser build carries its own
    alias: { 'csv-parse': 'csv-parse/browser/esm', 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  });
  await cp(`${root}web/index.html`, `${outdir}/index.html`);
  await cp(`${root}web/style.css`, `${outdir}/style.css`);
  // every shipped CSV (the files src/data/catalog.ts names), fetched by web/series.ts
  for (const file of await readdir(`${root}datasets`)) {
    if (file.endsWith('.csv')) await cp(`${root}datasets/${file}`, `${outdir}/datasets/${file}`);
  }
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = await buildWeb({ minify: process.argv.includes('--minify') });
  console.log(`Built the playground into ${dir}`);
}
