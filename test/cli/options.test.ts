import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEpochs, parseLearningRate, parseSeed, parseTransform, resolveSpec } from '../../src/cli/options.js';

test('parseEpochs, parseSeed, parseLearningRate accept good values and reject the rest with the option name', () => {
  assert.equal(parseEpochs('12'), 12);
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseLearningRate('1e-6'), 1e-6);
  for (const bad of ['0', '-3', '2.5', 'abc', '', '1e2']) assert.throws(() => parseEpochs(bad), /--epochs must be a positive integer/);
  for (const bad of ['-1', '1.5', 'x', '4294967296']) assert.throws(() => parseSeed(bad), /--seed must be an integer/);
  for (const bad of ['0', '-1', 'NaN', 'abc', '', 'Infinity'])
    assert.throws(() => parseLearningRate(bad), /--lr must be a positive number/);
});

test('parseTransform(value) reads kinds separated by commas, with a period or a lambda after a colon', () => {
  assert.deepEqual(parseTransform('standard'), ['standard']);
  assert.deepEqual(parseTransform('difference, standard'), ['difference', 'standard']);
  assert.deepEqual(parseTransform('box-cox,seasonal-difference:12,minmax'), [
    'box-cox',
    { kind: 'seasonal-difference', period: 12 },
    'minmax',
  ]);
  assert.deepEqual(parseTransform('box-cox:0.5,difference'), [{ kind: 'box-cox', lambda: 0.5 }, 'difference']);
  const cases: [string, RegExp][] = [
    ['diff', /--transform has 'diff', which is not a transform: use kinds separated by commas \(difference, log, box-cox/],
    ['', /--transform has '', which is not a transform/],
    ['difference:2', /--transform has 'difference:2', which is not a transform/],
    ['seasonal-difference', /seasonal-difference needs its period, e\.g\. seasonal-difference:12/],
    ['seasonal-difference:x', /seasonal-difference needs its period/],
    ['box-cox:', /box-cox:L needs a number L, the lambda/],
    ['box-cox:1:2', /with more than one ':'/],
    [
      'seasonal-difference:1',
      /--transform 'seasonal-difference:1' is not a valid transform \(seasonalDifferenceTransform period must be an integer ≥ 2/,
    ],
  ];
  for (const [value, message] of cases) assert.throws(() => parseTransform(value), message, value);
});

test('resolveSpec(flags, defaults, horizon) gives a direct network the command’s horizon; --transform and --scaling replace the file’s', () => {
  assert.equal(resolveSpec({ strategy: 'direct' }, {}, 18).horizon, 18);
  assert.deepEqual(
    [resolveSpec({}, {}, 18).horizon, resolveSpec({}, {}, 18).strategy],
    [1, 'recursive'],
    'recursive: the one-step network',
  );
  assert.equal(resolveSpec({}, { strategy: 'direct' }, 6).horizon, 6, 'a command default of direct (train --horizon)');
  assert.equal(resolveSpec({ strategy: 'recursive' }, { strategy: 'direct' }, 6).horizon, 1, '--strategy over the default');
  const file = join(mkdtempSync(join(tmpdir(), 'seqcast-options-')), 'spec.json');
  writeFileSync(file, JSON.stringify({ model: 'gru', horizon: 4, scaling: 'minmax', normalize: 'window' }));
  const fromFile = resolveSpec({ config: file }, {}, 18);
  assert.deepEqual(
    [fromFile.horizon, fromFile.strategy, fromFile.transform, fromFile.normalize],
    [4, 'direct', ['minmax'], 'window'],
    'the file’s horizon wins over the command’s',
  );
  assert.deepEqual(resolveSpec({ config: file, transform: ['difference', 'standard'] }).transform, ['difference', 'standard']);
  writeFileSync(file, JSON.stringify({ model: 'gru', transform: ['log', 'difference', 'standard'] }));
  assert.deepEqual(resolveSpec({ config: file, scaling: 'none' }).transform, ['none'], '--scaling X is --transform X');
  assert.throws(
    () => resolveSpec({ scaling: 'minmax', transform: ['standard'] }),
    /scaling "minmax" disagrees with transform \["standard"\]/,
  );
});
