import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWith } from '../helpers/cli.js';

const logger = new URL('../helpers/module-log.mjs', import.meta.url).href;

test('seqcast --help and a refused option load no chart library (Vega, Vega-Lite, resvg: half a second at every start)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-startup-'));
  for (const [i, args] of [['--help'], ['train', '--epochs', '0']].entries()) {
    const log = join(dir, `modules-${i}.txt`);
    process.env.SEQCAST_MODULE_LOG = log;
    const r = await cliWith(['--import', logger], args);
    delete process.env.SEQCAST_MODULE_LOG;
    assert.equal(r.code, i === 0 ? 0 : 2, r.stderr);
    const urls = readFileSync(log, 'utf8').trim().split('\n');
    // the log works: the command's own modules are in it
    assert.ok(
      urls.some((u) => u.endsWith('/dist/cli/train.js')),
      `the log names the CLI's modules: ${urls.slice(0, 5).join(', ')}`,
    );
    const charts = urls.filter((u) => /\/node_modules\/(vega|vega-lite|@resvg)\//.test(u));
    assert.deepEqual(charts, [], `${args.join(' ')} loaded chart libraries`);
  }
});
