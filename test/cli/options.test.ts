import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEpochs, parseLearningRate, parseSeed } from '../../src/cli/options.js';

test('parseEpochs, parseSeed, parseLearningRate accept good values and reject the rest with the option name', () => {
  assert.equal(parseEpochs('12'), 12);
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseLearningRate('1e-6'), 1e-6);
  for (const bad of ['0', '-3', '2.5', 'abc', '', '1e2']) assert.throws(() => parseEpochs(bad), /--epochs must be a positive integer/);
  for (const bad of ['-1', '1.5', 'x', '4294967296']) assert.throws(() => parseSeed(bad), /--seed must be an integer/);
  for (const bad of ['0', '-1', 'NaN', 'abc', '', 'Infinity'])
    assert.throws(() => parseLearningRate(bad), /--lr must be a positive number/);
});
