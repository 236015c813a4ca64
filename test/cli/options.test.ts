import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  integerOption,
  parseEpochs,
  parseFolds,
  parseHorizon,
  parseLearningRate,
  parseSeed,
  parseTransform,
  parseWorkers,
  resolveSpec,
  resolveSplit,
} from '../../src/cli/options.js';
import { InputError, OptionError } from '../../src/errors.js';
import { MAX_EPOCHS, MAX_FOLDS, MAX_HORIZON, MAX_WORKERS } from '../../src/limits.js';

test('parseEpochs, parseSeed, parseLearningRate accept good values and reject the rest with the option name', () => {
  assert.equal(parseEpochs('12'), 12);
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseLearningRate('1e-6'), 1e-6);
  for (const bad of ['0', '-3', '2.5', 'abc', '', '1e2'])
    assert.throws(() => parseEpochs(bad), /--epochs must be an integer from 1 to 100,000, got '.*': use e\.g\. --epochs 100\./);
  for (const bad of ['-1', '1.5', 'x', '4294967296']) assert.throws(() => parseSeed(bad), /--seed must be an integer/);
  for (const bad of ['0', '-1', 'NaN', 'abc', '', 'Infinity'])
    assert.throws(() => parseLearningRate(bad), /--lr must be a positive number/);
});

test('the size options stop at their bounds (src/limits.ts) with one line naming the range', () => {
  const bounded: [(v: string) => number, string, number][] = [
    [parseEpochs, '--epochs', MAX_EPOCHS],
    [parseHorizon, '--horizon', MAX_HORIZON],
    [parseFolds, '--folds', MAX_FOLDS],
    [parseWorkers, '--workers', MAX_WORKERS],
  ];
  for (const [parse, flag, max] of bounded) {
    assert.equal(parse(String(max)), max);
    const range = `an integer from 1 to ${max.toLocaleString('en-US')}`;
    for (const bad of [String(max + 1), '1e9', '1000000000000000000000'])
      assert.throws(() => parse(bad), { message: new RegExp(`^${flag} must be ${range}, got '${bad}': use e\\.g\\. ${flag} \\d+\\.$`) });
  }
  assert.throws(() => integerOption('--units', 1, 4096, '32')('100000'), {
    message: "--units must be an integer from 1 to 4,096, got '100000': use e.g. --units 32.",
  });
  assert.equal(integerOption('--window', 1, 100_000, '20')('+20'), 20);
});

test('resolveSpec(flags) gives the flags and a --config file the same bounds, as OptionErrors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-options-'));
  const config = join(dir, 'spec.json');
  writeFileSync(config, JSON.stringify({ model: 'lstm', units: 100_000 }));
  assert.throws(
    () => resolveSpec({ config }),
    (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.equal(e.message, 'units must be an integer from 1 to 4096, got 100000: use e.g. 32.');
      return true;
    },
  );
  writeFileSync(config, JSON.stringify({ model: 'lstm', units: 4096, layers: 4 }));
  assert.throws(
    () => resolveSpec({ config }),
    (e: unknown) => {
      assert.ok(e instanceof OptionError);
      assert.match(
        e.message,
        /^This network would need about 13 GB to train \(4 lstm layer\(s\) of 4096 units, 470 M weights, .*more than seqcast's limit of 2 GB: use fewer units or layers\.$/,
      );
      return true;
    },
  );
  assert.throws(() => resolveSpec({ units: 4096, layers: 4 }), /would need about 13 GB to train/);
  assert.equal(resolveSpec({ units: 4096, layers: 1 }).units, 4096); // 1.9 GB: within the limit
});

test('resolveSpec({ config }) refuses a device, a folder or an oversized file without reading it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqcast-options-'));
  const big = join(dir, 'big.json');
  writeFileSync(big, ' '.repeat(1024 * 1024 + 1));
  const cases: [string, RegExp][] = [
    ['/dev/zero', /^The config file \/dev\/zero is not a regular file: name a JSON file such as spec\.json\.$/],
    [dir, /is not a regular file/],
    [big, /has 1,048,577 bytes, more than a network spec takes \(at most 1 MiB\)/],
    [join(dir, 'nope.json'), /^Cannot read the config file .*nope\.json: check the path\.$/],
  ];
  for (const [config, message] of cases) {
    assert.throws(
      () => resolveSpec({ config }),
      (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.match(e.message, message);
        return true;
      },
    );
  }
});

test('resolveSplit(n, split, window) names the default split instead of "--split undefined"', () => {
  assert.equal(resolveSplit(100, undefined, 5), 80);
  assert.throws(
    () => resolveSplit(2, undefined, 1),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(
        e.message,
        'The series has 2 values, all taken by one window of 1 and the value after it, so none is left to check a forecast on: use a shorter window or a longer series.',
      );
      return true;
    },
  );
  assert.throws(() => resolveSplit(100, 100, 5), /^InputError: --split 100 leaves no values to validate on: the series has 100 values/);
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
