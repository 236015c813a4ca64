import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as run, cliWith as runWith, root } from '../helpers/cli.js';
import { metricsRows, seasonalPeriod, forecastCsv } from '../../src/cli/run-output.js';

const cli = (...args: string[]) => run(args);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-train-'));
const fixture = (name: string): string => join(root, 'test/fixtures', name);
/** Small and fast: 2 epochs of a tiny network. */
const FAST = ['--epochs', '2', '--units', '8', '--layers', '1'];

test('seqcast train --dataset sunspots --json --out DIR writes the model, charts and report and prints one JSON object', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'sunspots', ...FAST, '--out', out, '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(
    result.metrics.map((m: { forecaster: string }) => m.forecaster),
    ['lstm', 'naive', 'seasonal naive (12)', 'moving average (30)', 'drift'],
  );
  for (const m of result.metrics) {
    assert.ok(m.mae > 0 && m.rmse >= m.mae && m.smape > 0 && m.mase > 0, JSON.stringify(m));
    assert.equal(m.mape, null, 'sunspots hold zeros: MAPE is undefined');
  }
  assert.equal(result.settings.split, 3000);
  assert.equal(result.settings.spec.units, 8);
  assert.deepEqual(result.settings.series.frequency, { kind: 'monthly', anchor: 'month-end' });
  assert.equal(result.settings.series.lastDate, '2018-07-31');
  assert.equal(result.training.epochs, 2);
  assert.match(stderr, /epoch 2\/2 loss/); // progress lines when piped, on stderr only
  for (const f of ['model/model.json', 'model/weights.bin', 'forecast.png', 'forecast.svg', 'loss.png', 'report.html'])
    assert.ok(existsSync(join(out, f)), f);
  const png = readFileSync(join(out, 'forecast.png'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /seasonal naive \(12\)/);
  assert.match(html, /<th[^>]*>MASE<\/th>/);
  assert.match(html, /Total params|params/i); // the model summary
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/); // opens offline
  const meta = JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8')).metadata;
  assert.deepEqual(meta.input, { dataset: 'sunspots' });
  assert.equal(meta.split, 3000);
  assert.equal(meta.transform.kind, 'standard');
  assert.deepEqual(
    [meta.spec.horizon, meta.spec.strategy, meta.spec.transform, meta.spec.normalize],
    [1, 'recursive', ['standard'], 'none'],
    'by default the one-step network of before',
  );
});

test('seqcast train --max-steps N stops at the first whole epoch that reaches N steps and saves the budget in the spec', async () => {
  const out = join(tmp(), 'run');
  // sunspots: 3,000 training values, windows of 20: 94 batches of 32 per epoch, so 100 steps take 2 epochs
  const { code, stdout, stderr } = await cli(
    'train',
    '--dataset',
    'sunspots',
    '--epochs',
    '50',
    '--max-steps',
    '100',
    '--units',
    '8',
    '--layers',
    '1',
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout).training.epochs, 2);
  assert.match(stderr, /epoch 2\/2 loss/); // the progress knows the fit runs 2 epochs, not 50
  assert.equal(JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8')).metadata.spec.maxSteps, 100);
});

test('seqcast train prints the metrics table and where the files went', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', out);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /forecaster\s+│\s+MAE\s+│\s+RMSE\s+│\s+MAPE %\s+│\s+sMAPE %\s+│\s+MASE/);
  assert.match(stdout, /│ lstm +│/);
  assert.match(stdout, /one-step forecasts of values 1000\.\.1460/);
  assert.ok(stdout.includes(`Wrote the model to ${join(out, 'model')}`), stdout);
});

test('seqcast train --file with an empty value cell fails naming the line, and trains with --fill linear', async () => {
  const out = join(tmp(), 'run');
  const failed = await cli('train', '--file', fixture('visitors-missing.csv'), '--date', 'day', ...FAST, '--window', '5', '--out', out);
  assert.equal(failed.code, 1);
  assert.match(
    failed.stderr,
    /^seqcast: Line 31 of .*visitors-missing\.csv: the cell in column 'visitors' is empty: fill missing values with --fill/,
  );
  assert.equal(existsSync(out), false, 'nothing written');
  const filled = await cli(
    'train',
    '--file',
    fixture('visitors-missing.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    ...FAST,
    '--window',
    '5',
    '--out',
    out,
    '--json',
  );
  assert.equal(filled.code, 0, filled.stderr);
  const result = JSON.parse(filled.stdout);
  assert.equal(result.settings.split, 64); // 80 % of 80 days
  assert.equal(result.settings.season.baseline, 7); // daily, too short for 365
  assert.deepEqual(result.settings.input, { file: fixture('visitors-missing.csv'), date: 'day', fill: 'linear' });
});

test('seqcast train --file with a text cell and an empty cell fails naming the line; with --fill linear it trains and notes both', async () => {
  const out = join(tmp(), 'run');
  const failed = await cli('train', '--file', fixture('visitors-dirty.csv'), '--date', 'day', ...FAST, '--window', '5', '--out', out);
  assert.equal(failed.code, 1);
  assert.match(
    failed.stderr,
    /^seqcast: Line 31 of .*visitors-dirty\.csv: column 'visitors' has 'n\.a\.', which is not a number: .*--fill previous\|linear/,
  );
  assert.equal(failed.stderr.trim().split('\n').length, 1, 'one message');
  assert.equal(existsSync(out), false, 'nothing written');
  const filled = await cli(
    'train',
    '--file',
    fixture('visitors-dirty.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    ...FAST,
    '--window',
    '5',
    '--out',
    out,
    '--json',
  );
  assert.equal(filled.code, 0, filled.stderr);
  const result = JSON.parse(filled.stdout);
  assert.ok(
    result.notes.some((n: string) =>
      /^Line 31 of .*: column 'visitors' has 'n\.a\.', not a number: read as missing and filled \(fill method 'linear'\)/.test(n),
    ),
    result.notes.join('\n'),
  );
  assert.ok(result.notes.includes("2 missing values filled (fill method 'linear')."), result.notes.join('\n'));
  assert.ok(Number.isFinite(result.metrics[0].mae));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /filled cells/);
});

test('seqcast train --window longer than the series fails saying so', async () => {
  const { code, stderr } = await cli(
    'train',
    '--file',
    fixture('visitors-missing.csv'),
    '--date',
    'day',
    '--fill',
    'linear',
    '--window',
    '100',
    ...FAST,
  );
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: .*window 100 needs at least .*use a shorter --window/);
});

test('seqcast train with bad flag values exits 2 naming the flag', async () => {
  const cases: [string[], RegExp][] = [
    [['--units', '0'], /--units must be an integer from 1 to 4,096, got '0'/],
    [['--units', '100000'], /--units must be an integer from 1 to 4,096, got '100000': use e\.g\. --units 32\./],
    [['--layers', '65'], /--layers must be an integer from 1 to 64/],
    [['--window', '1e9'], /--window must be an integer from 1 to 100,000, got '1e9'/],
    [['--batch-size', '1000000'], /--batch-size must be an integer from 1 to 100,000/],
    [['--epochs', '1000000'], /--epochs must be an integer from 1 to 100,000/],
    [['--max-steps', '0'], /--max-steps must be an integer from 1 to 100,000,000, got '0'/],
    // each within its bound, together too large: the library's OptionError, exit 2 as well
    [['--units', '4096', '--layers', '4'], /^seqcast: This network would need about 13 GB to train .*: use fewer units or layers\.$/m],
    [['--model', 'transformer'], /argument 'transformer' is invalid/],
    [['--season', 'x'], /--season must be a positive integer/],
    [['--split', '1.5'], /--split must be a fraction/],
    [['--epochs', '-1'], /--epochs|argument missing/],
    [['--strategy', 'mimo'], /option '--strategy <kind>' argument 'mimo' is invalid/],
    [['--normalize', 'revin'], /option '--normalize <kind>' argument 'revin' is invalid/],
    [['--transform', 'differences'], /--transform has 'differences', which is not a transform: use kinds separated by commas/],
    [['--transform', 'seasonal-difference'], /--transform has 'seasonal-difference': seasonal-difference needs its period/],
    [['--horizon', '0'], /--horizon must be a positive integer, got '0'/],
  ];
  for (const [flags, message] of cases) {
    const { code, stderr } = await cli('train', '--dataset', 'sunspots', ...flags);
    assert.equal(code, 2, `${flags.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
});

test('seqcast train without a series, or with a diverging learning rate, exits 1 and writes nothing', async () => {
  const none = await cli('train', '--epochs', '1');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^seqcast: Name a series: --dataset/);
  const out = join(tmp(), 'run');
  const nan = await cli(
    'train',
    '--dataset',
    'sunspots',
    ...FAST,
    '--lr',
    '1e30',
    '--optimizer',
    'sgd',
    '--loss',
    'mse',
    '--scaling',
    'none',
    '--out',
    out,
  );
  assert.equal(nan.code, 1);
  assert.match(nan.stderr, /^seqcast: Training stopped at epoch 1.*lower the learning rate.*Nothing was written\./);
  assert.equal(existsSync(out), false);
});

test('seqcast train --lr 1e3 (a loss that explodes but stays finite) exits 1 and writes nothing', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'sunspots', ...FAST, '--lr', '1e3', '--out', out);
  assert.equal(code, 1, stderr);
  assert.equal(stdout, '');
  assert.match(
    stderr,
    /^seqcast: Training stopped at the end of epoch 1: the loss exploded from \S+ at the start to \S+, more than 10× higher, with learning rate 1000\. The untrained weights are kept; lower the learning rate, e\.g\. to 0\.001 \(Adam's default\)\. Nothing was written\.$/m,
  );
  assert.equal(existsSync(out), false);
});

test('seqcast train --config file.json takes the spec from the file, flags over it', async () => {
  const dir = tmp();
  const config = join(dir, 'net.json');
  writeFileSync(config, JSON.stringify({ model: 'gru', units: 4, layers: 1, window: 10, epochs: 1 }));
  const { code, stdout, stderr } = await cli(
    'train',
    '--dataset',
    'synthetic',
    '--config',
    config,
    '--units',
    '6',
    '--out',
    join(dir, 'run'),
    '--json',
  );
  assert.equal(code, 0, stderr);
  const { spec } = JSON.parse(stdout).settings;
  assert.deepEqual([spec.model, spec.units, spec.layers, spec.window, spec.epochs], ['gru', 6, 1, 10, 1]);
  assert.equal(JSON.parse(stdout).metrics[0].forecaster, 'gru');
});

test('seqcast train --config with bad JSON exits 1, a bad field 2, naming the problem', async () => {
  const dir = tmp();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"model": "gru",');
  const notJson = await cli('train', '--dataset', 'synthetic', '--config', bad);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /^seqcast: The config file .*bad\.json is not valid JSON/);
  const field = join(dir, 'field.json');
  writeFileSync(field, JSON.stringify({ model: 'gru', units: -3 }));
  // a field out of its range is a wrong option value, in a file or as a flag: exit 2
  const badField = await cli('train', '--dataset', 'synthetic', '--config', field);
  assert.equal(badField.code, 2);
  assert.match(badField.stderr, /^seqcast: units must be an integer from 1 to 4096, got -3: use e\.g\. 32\.$/m);
  const missing = await cli('train', '--dataset', 'synthetic', '--config', join(dir, 'nope.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Cannot read the config file/);
});

/** Every file under `dir` with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'base64');
  return out;
}

test('seqcast train --out under /proc, below a file, or empty fails before training with one sentence, and ends by itself', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'file'), 'x');
  const cases: [string, number, RegExp][] = [
    [
      '/proc/seqcast-x/run',
      1,
      /^seqcast: Cannot write the run to --out '\/proc\/seqcast-x\/run': '\/proc' does not accept new files .*: name a folder for --out where you can write\.\n$/,
    ],
    [
      join(dir, 'file', 'run'),
      1,
      /^seqcast: Cannot write the run to --out '.*run': '.*file' is a file, not a folder: name a folder for --out where you can write\.\n$/,
    ],
    ['', 2, /--out is empty: name the folder to write to, e\.g\. --out run\.\n$/],
  ];
  for (const [out, code, message] of cases) {
    // spins at 100 % CPU for ever with mkdir({ recursive: true }) under /proc: killed after 20 s, the test fails
    const r = await run(['train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', out], { timeout: 20_000 });
    assert.equal(r.signal, null, `--out '${out}' ended by itself`);
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /epoch|\bE[A-Z]{3,}\b/, 'refused before training, with no system error code');
  }
  assert.deepEqual(readdirSync(dir), ['file']);
});

test("seqcast train refuses a run folder whose report.html is a folder, or that holds the user's files, and leaves it byte for byte; then replaces it whole", async () => {
  const dir = tmp();
  const out = join(dir, 'run');
  const args = ['train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', out];
  assert.equal((await cli(...args)).code, 0);
  const first = snapshot(out);
  assert.deepEqual(Object.keys(first).sort(), [
    'forecast.png',
    'forecast.svg',
    'loss.png',
    'model/model.json',
    'model/weights.bin',
    'report.html',
    'seqcast-run.json',
  ]);

  rmSync(join(out, 'report.html'));
  mkdirSync(join(out, 'report.html'));
  const before = snapshot(out);
  const dirReport = await cli(...args);
  assert.equal(dirReport.code, 1);
  assert.match(
    dirReport.stderr,
    /^seqcast: Cannot write the train run to --out '.*run': it holds files seqcast did not write \(report\.html \(a folder\)\), and a run replaces its whole folder: move them out, or name a new or empty folder \(nothing in '.*run' was changed\)\.\n$/,
  );
  assert.deepEqual(snapshot(out), before, 'the model and charts are unchanged');
  rmSync(join(out, 'report.html'), { recursive: true });

  writeFileSync(join(out, 'notes.txt'), 'my notes');
  const userFile = await cli(...args);
  assert.equal(userFile.code, 1);
  assert.match(userFile.stderr, /it holds files seqcast did not write \(notes\.txt\)/);
  assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'my notes');
  rmSync(join(out, 'notes.txt'));

  const mine = join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'report.html'), '<p>my report</p>');
  writeFileSync(join(mine, 'forecast.png'), 'my chart');
  const notRun = await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', mine);
  assert.equal(notRun.code, 1);
  assert.match(notRun.stderr, /the folder is not empty and is not a seqcast run folder \(it has no seqcast-run\.json\)/);
  assert.equal(readFileSync(join(mine, 'report.html'), 'utf8'), '<p>my report</p>');
  assert.equal(readFileSync(join(mine, 'forecast.png'), 'utf8'), 'my chart');

  const again = await cli(...args, '--seed', '7');
  assert.equal(again.code, 0, again.stderr);
  const second = snapshot(out);
  assert.deepEqual(Object.keys(second).sort(), Object.keys(first).sort());
  assert.notEqual(second['model/weights.bin'], first['model/weights.bin'], 'the new model replaced the old');
  assert.deepEqual(readdirSync(dir).sort(), ['mine', 'run'], 'no temporary folder left');
});

test('seqcast train after a run killed between its two renames finishes that run first and says so in a note', async () => {
  const dir = tmp();
  const out = join(dir, 'run');
  // the state a kill leaves: the old run renamed aside, the new one complete beside it, no run folder
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  assert.equal((await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', join(dir, 'old'))).code, 0);
  assert.equal((await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', join(dir, 'new'), '--seed', '7')).code, 0);
  renameSync(join(dir, 'old'), join(dir, `run.old-${dead}-0a1b2c3d`));
  renameSync(join(dir, 'new'), join(dir, `run.tmp-${dead}-0a1b2c3d`));
  mkdirSync(join(dir, `run.tmp-${dead}-0a1b2c3e`)); // and an unfinished one of another killed run
  const { code, stdout, stderr } = await cli('train', '--dataset', 'synthetic', ...FAST, '--window', '10', '--out', out, '--json');
  assert.equal(code, 0, stderr);
  const notes: string[] = JSON.parse(stdout).notes;
  assert.ok(
    notes.includes(`A write of '${out}' was interrupted between its two renames; seqcast finished it: the new run is in place, whole.`),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) => n.startsWith(`Removed the temporary folders an interrupted write left beside '${out}'`)),
    notes.join('\n'),
  );
  assert.deepEqual(readdirSync(dir), ['run']);
  assert.ok(existsSync(join(out, 'model', 'weights.bin')));
});

test('metricsRows(scores) writes an undefined score as n/a', () => {
  assert.deepEqual(metricsRows([{ forecaster: 'naive', mae: 1, rmse: 2, mape: NaN, smape: 3, mase: 0.5 }]), [
    ['naive', 1, 2, 'n/a', 3, 0.5],
  ]);
});

test('seasonalPeriod(frequency, trainLength) needs two seasons in the training part', () => {
  assert.equal(seasonalPeriod({ kind: 'monthly', anchor: 'month-end' }, 3000), 12);
  assert.equal(seasonalPeriod({ kind: 'monthly', anchor: 'month-end' }, 20), undefined);
  assert.equal(seasonalPeriod({ kind: 'daily' }, 2500), 365);
  assert.equal(seasonalPeriod({ kind: 'daily' }, 64), 7);
  assert.equal(seasonalPeriod(undefined, 1000), undefined);
});

test('forecastCsv(rows, dated) leaves actual empty on future rows', () => {
  assert.equal(
    forecastCsv(
      [
        { at: '2018-07-31', kind: 'validation', actual: 3, forecast: 2.5 },
        { at: '2018-08-31', kind: 'future', forecast: 7 },
      ],
      true,
    ),
    'date,kind,actual,forecast\n2018-07-31,validation,3,2.5\n2018-08-31,future,,7\n',
  );
});

test('seqcast train --horizon 6 --transform difference,standard --normalize window trains a direct network and saves its fitted transform', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli(
    'train',
    '--dataset',
    'sunspots',
    ...FAST,
    '--window',
    '24',
    '--horizon',
    '6',
    '--transform',
    'difference,standard',
    '--normalize',
    'window',
    '--out',
    out,
    '--json',
  );
  assert.equal(code, 0, stderr);
  const { spec } = JSON.parse(stdout).settings;
  assert.deepEqual(
    [spec.horizon, spec.strategy, spec.transform, spec.normalize, spec.scaling],
    [6, 'direct', ['difference', 'standard'], 'window', 'standard'],
  );
  const saved = JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8'));
  assert.equal(saved.metadata.transform.kind, 'chain');
  assert.deepEqual(
    saved.metadata.transform.transforms.map((t: { kind: string }) => t.kind),
    ['difference', 'standard'],
  );
  assert.equal(saved.metadata.scaler, undefined, 'the transform replaces the scaler');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /difference, standard/);
  assert.match(html, /direct, 6 steps at once/);
  // --strategy recursive keeps the one-step network whatever --horizon says
  const recursive = await cli(
    'train',
    '--dataset',
    'sunspots',
    ...FAST,
    '--horizon',
    '6',
    '--strategy',
    'recursive',
    '--out',
    join(tmp(), 'r'),
    '--json',
  );
  assert.equal(recursive.code, 0, recursive.stderr);
  assert.deepEqual(
    [JSON.parse(recursive.stdout).settings.spec.horizon, JSON.parse(recursive.stdout).settings.spec.strategy],
    [1, 'recursive'],
  );
});

test('seqcast train --file with a hexadecimal or out-of-float32 value exits 1 naming the line and the fix', async () => {
  const dir = tmp();
  const values = Array.from({ length: 40 }, (_, i) => String(i % 7));
  for (const [cell, message] of [
    [
      '0x1F',
      "seqcast: Line 12 of FILE: column 'v' has '0x1F', which is not a number: fix or remove that row, or read it as missing with --fill previous|linear.\n",
    ],
    [
      '-1e39',
      "seqcast: Line 12 of FILE: column 'v' has -1e39, beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by 1e39) and forecast in those units.\n",
    ],
  ]) {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `v\n${values.map((v, i) => (i === 10 ? cell : v)).join('\n')}\n`);
    const { code, stdout, stderr } = await cli('train', '--file', file, ...FAST, '--window', '5', '--out', join(dir, 'run'));
    assert.deepEqual([code, stdout, stderr], [1, '', message.replace('FILE', file)]);
    assert.equal(existsSync(join(dir, 'run')), false, 'nothing written');
  }
});

test('seqcast train --file of 300,000 rows draws at most 4,000 points a line, and memory grows with the rows far below 10x the file', async () => {
  const dir = tmp();
  const { writeBigCsv } = await import('../helpers/big-csv.js');
  const [small, big] = [join(dir, 'small.csv'), join(dir, 'big.csv')];
  const smallBytes = await writeBigCsv(small, 100_000);
  const bigBytes = await writeBigCsv(big, 300_000);
  // the CLI's own peak RSS, from a preload that reports it as the process exits
  const preload = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS '+process.resourceUsage().maxRSS+'\\n'))`;
  const flags = [
    '--column',
    'value',
    '--date',
    'date',
    '--epochs',
    '1',
    '--units',
    '4',
    '--layers',
    '1',
    '--window',
    '8',
    '--batch-size',
    '512',
  ];
  const peak = async (file: string, out: string): Promise<number> => {
    const { code, stderr } = await runWith(['--import', preload], ['train', '--file', file, ...flags, '--out', out]);
    assert.equal(code, 0, stderr);
    return Number(/maxRSS (\d+)/.exec(stderr)![1]) * 1024;
  };
  // both files are large enough for the heap to reach its working size: the difference is what the rows cost
  const grown = (await peak(big, join(dir, 'big-run'))) - (await peak(small, join(dir, 'small-run')));
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  assert.ok(grown < 10 * (bigBytes - smallBytes), `200,000 more rows (${mb(bigBytes - smallBytes)} of CSV) took ${mb(grown)} more memory`);
  const svg = readFileSync(join(dir, 'big-run', 'forecast.svg'), 'utf8');
  const lines = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)"/g)].map((m) => m[1].split('L').length);
  assert.ok(lines.length >= 2, 'the series and the forecasts are drawn');
  assert.ok(Math.max(...lines) <= 4000, `points per line: ${lines.join(', ')}`);
  assert.ok(readFileSync(join(dir, 'big-run', 'report.html')).length < 2_000_000, 'the report stays small');
});

test('seqcast train calibrates conformal intervals for the M4 horizon and saves them in the model metadata; --level none trains once and saves none', async () => {
  const out = join(tmp(), 'run');
  const { code, stdout, stderr } = await cli('train', '--dataset', 'sunspots', ...FAST, '--window', '12', '--out', out, '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.intervals.levels, [80, 95]);
  assert.equal(result.intervals.horizon, 18, "sunspots is monthly: M4's 18");
  assert.match(result.intervals.method, /^lstm, conformal intervals from 30 origins$/);
  assert.match(stderr, /calibrating 18-step prediction intervals: training a second lstm/, 'the second network says what it is');
  const meta = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')).metadata;
  assert.deepEqual(meta.conformal.options, { horizon: 18, period: 12, origins: 30 });
  assert.equal(meta.conformal.calibration.errors.length, 18);
  assert.ok(meta.conformal.calibration.errors.every((e: number[]) => e.length === 30 && e.every((v, i) => i === 0 || v >= e[i - 1])));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /prediction intervals/);

  const plain = join(tmp(), 'run');
  const none = await cli('train', '--dataset', 'sunspots', ...FAST, '--window', '12', '--level', 'none', '--out', plain, '--json');
  assert.equal(none.code, 0, none.stderr);
  const noneResult = JSON.parse(none.stdout);
  assert.equal(noneResult.intervals, null);
  assert.deepEqual(noneResult.metrics, result.metrics, 'the network and its scores are the same with or without intervals');
  assert.ok(!/calibrating/.test(none.stderr));
  assert.equal(JSON.parse(readFileSync(join(plain, 'model', 'model.json'), 'utf8')).metadata.conformal, undefined);
  // its forecasts have no intervals: a note without --level, a refusal with it
  const points = await cli('forecast', '--model', plain, '--horizon', '3', '--json');
  assert.equal(points.code, 0, points.stderr);
  assert.equal(JSON.parse(points.stdout).intervals, null);
  assert.ok(JSON.parse(points.stdout).notes.some((n: string) => /no prediction intervals/.test(n)));
  const refused = await cli('forecast', '--model', plain, '--horizon', '3', '--level', '90');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /has no prediction intervals .*--level none/);
});
