import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDemo, type DemoResult } from '../../src/cli/demo.js';
import { formatEpochLine, progressCallback } from '../../src/cli/progress.js';
import { formatNumber, renderTable } from '../../src/cli/table.js';
import { cli as run } from '../helpers/cli.js';

const cli = (...args: string[]) => run(args);

// One short training, shared by the checks below (each epoch is 31 batches).
const demo: Promise<DemoResult> = runDemo({ epochs: 1, seed: 0 });

test('runDemo({ epochs: 1 }) scores the course baselines on points 1000..1460 as the course does', async () => {
  const { methods, validation } = await demo;
  assert.deepEqual(validation, { start: 1000, end: 1460, points: 461 });
  const byId = Object.fromEntries(methods.map((m) => [m.id, m]));
  assert.ok(Math.abs(byId.naive.mae - 5.938) <= 0.001, `naive MAE ${byId.naive.mae}`);
  assert.ok(Math.abs(byId['moving-average-30'].mae - 7.142) <= 0.001, `MA-30 MAE ${byId['moving-average-30'].mae}`);
  assert.ok(Math.abs(byId['diff-ma-50-past'].mae - 5.839) <= 0.001, `diff + MA + past MAE ${byId['diff-ma-50-past'].mae}`);
  assert.ok(byId['diff-ma-50-smoothed-past'].mae < byId['diff-ma-50-past'].mae, 'smoothing the past helps');
});

test('runDemo({ epochs: 1 }) returns one row per method, the SimpleRNN last with a finite MAE and MSE', async () => {
  const { methods, training } = await demo;
  assert.deepEqual(
    methods.map((m) => m.id),
    ['naive', 'moving-average-30', 'diff-ma-50-past', 'diff-ma-50-smoothed-past', 'simple-rnn'],
  );
  for (const m of methods) {
    assert.equal(typeof m.method, 'string');
    assert.ok(Number.isFinite(m.mae) && m.mae > 0, `${m.id} MAE ${m.mae}`);
    assert.ok(Number.isFinite(m.mse) && m.mse >= m.mae ** 2, `${m.id} MSE ${m.mse} >= MAE²`);
  }
  assert.equal(training.epochs, 1);
  assert.equal(training.seed, 0);
  assert.equal(training.learningRate, 1e-6);
  assert.equal(training.params, 40 + 40 * 40 + 40 + (40 * 40 + 40 * 40 + 40) + 41); // 4,921 as Keras
  assert.ok(Number.isFinite(training.loss) && Number.isFinite(training.mae) && training.seconds > 0);
});

test('runDemo(options) throws on invalid options, naming them', async () => {
  await assert.rejects(runDemo({ epochs: 0 }), /epochs must be a positive integer/);
  await assert.rejects(runDemo({ seed: -1 }), /seed must be an integer/);
  await assert.rejects(runDemo({ learningRate: Number.NaN }), /learningRate must be a positive number/);
});

test('progressCallback({ tty: false }) writes a plain line every 10 epochs and after the last, as many as the fit says it runs', async () => {
  const lines: string[] = [];
  const stream = { write: (s: string) => lines.push(s), isTTY: false } as unknown as NodeJS.WriteStream;
  const cb = progressCallback({ stream, tty: false });
  await cb.onTrainBegin?.(null as never, { epochs: 25 });
  for (let e = 0; e < 25; e++) await cb.onEpochEnd?.(e, { loss: 12.34, mae: 12.8, lr: 1e-6 }, null as never);
  cb.close();
  assert.deepEqual(lines, ['epoch 10/25 loss 12.3 mae 12.8\n', 'epoch 20/25 loss 12.3 mae 12.8\n', 'epoch 25/25 loss 12.3 mae 12.8\n']);
  assert.equal(formatEpochLine(0, 100, { loss: 2.1e35 }), 'epoch 1/100 loss 2.10e+35');
  // a fit that runs fewer epochs (a spec's maxSteps) says so at its start: the last line is its last epoch
  lines.length = 0;
  const capped = progressCallback({ stream, tty: false });
  await capped.onTrainBegin?.(null as never, { epochs: 12 });
  for (let e = 0; e < 12; e++) await capped.onEpochEnd?.(e, { loss: 1 }, null as never);
  assert.deepEqual(lines, ['epoch 10/12 loss 1\n', 'epoch 12/12 loss 1\n']);
});

test('renderTable(columns, rows) aligns numbers without colour codes and checks the row width', () => {
  const text = renderTable(
    [{ header: 'method' }, { header: 'MAE', align: 'right', decimals: 4 }],
    [
      ['naive', 5.93791],
      ['x', 12],
    ],
  );
  assert.match(text, /│ naive +│ +5\.9379 │/);
  assert.match(text, /│ x +│ +12\.0000 │/);
  assert.doesNotMatch(text, /\u001b\[/);
  assert.throws(() => renderTable([{ header: 'a' }], [['1', '2']]), /row 0 has 2 cells but the table has 1 columns/);
  assert.equal(formatNumber(1565.25), '1,565.3');
  assert.equal(formatNumber(Number.NaN), 'NaN');
});

test('seqcast demo --epochs 2 --json prints one JSON object on stdout, progress on stderr, exit 0', async () => {
  const { code, stdout, stderr } = await cli('demo', '--epochs', '2', '--json');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout) as DemoResult;
  assert.equal(result.training.epochs, 2);
  assert.equal(result.methods.length, 5);
  assert.ok(Number.isFinite(result.methods[4].mae));
  assert.match(stderr, /^epoch 2\/2 loss \S+ mae \S+$/m);
});

test('seqcast with a bad option value or an unknown command exits 2 with one message naming the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['demo', '--epochs', '0'], /--epochs must be an integer from 1 to 100,000/],
    [['demo', '--epochs', 'abc'], /--epochs must be an integer from 1 to 100,000/],
    [['demo', '--epochs', '1000000'], /--epochs must be an integer from 1 to 100,000, got '1000000'/],
    [['demo', '--lr', '-1'], /--lr.*positive number/],
    [['demo', '--seed', '1.5'], /--seed.*integer/],
    [['demo', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(...args)));
  runs.forEach(({ code, stdout, stderr }, i) => {
    const [args, message] = cases[i];
    assert.equal(code, 2, `${args.join(' ')}: exit code`);
    assert.match(stderr, message, `${args.join(' ')}: message`);
    assert.match(stderr, /^seqcast: /, `${args.join(' ')}: prefix`);
    assert.equal(stdout, '', `${args.join(' ')}: nothing on stdout`);
  });
});

test('seqcast demo exits 1 with "seqcast: <message>" and no stack trace when training fails', async () => {
  const { code, stderr } = await cli('demo', '--epochs', '1', '--lr', '1e38');
  assert.equal(code, 1);
  assert.match(stderr, /^seqcast: Training stopped at epoch 1.*the loss became NaN/m);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('seqcast --version prints the package version and exits 0', async () => {
  const { code, stdout } = await cli('--version');
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+/);
});
