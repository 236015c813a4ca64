import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getMetric, resolveCompile } from '../../src/model/compile.js';
import { huber } from '../../src/losses/losses.js';
import { sgd } from '../../src/optim/sgd.js';
import type { Optimizer } from '../../src/optim/optimizer.js';

test('resolveCompile({ loss, optimizer, metrics }) resolves a loss name and keeps the optimizer and metrics', () => {
  const optimizer = sgd({ learningRate: 0.1 });
  const compiled = resolveCompile({ loss: 'huber', optimizer, metrics: ['mae', 'mse'] });
  assert.equal(compiled.loss.name, 'huber');
  assert.deepEqual(compiled.loss.config, { delta: 1 });
  assert.equal(compiled.optimizer, optimizer);
  assert.deepEqual(compiled.metrics, ['mae', 'mse']);
  const loss = huber(2);
  assert.equal(resolveCompile({ loss, optimizer }).loss, loss);
  assert.deepEqual(resolveCompile({ loss, optimizer }).metrics, []);
});

test('resolveCompile(options) throws on an unknown metric or loss, and without an optimizer', () => {
  const optimizer = sgd();
  assert.throws(() => resolveCompile({ loss: 'mse', optimizer, metrics: ['rmse' as 'mae'] }), /Unknown metric 'rmse': use 'mae' or 'mse'/);
  assert.throws(() => resolveCompile({ loss: 'mse', optimizer, metrics: ['toString' as 'mae'] }), /Unknown metric 'toString'/);
  assert.throws(() => resolveCompile({ loss: 'msle' as 'mse', optimizer }), /Unknown loss 'msle': use mse, mae or huber/);
  assert.throws(
    () => resolveCompile({ loss: 'mse', optimizer: undefined as unknown as Optimizer }),
    /compile needs an optimizer, e.g. optimizers\.sgd/,
  );
});

test('getMetric(name) is the mean error of every value, and throws on another name', () => {
  assert.equal(getMetric('mae')([1, 2, 3], [1, 4, 0]), 5 / 3);
  assert.equal(getMetric('mse')([1, 2, 3], [1, 4, 0]), 13 / 3);
  assert.throws(() => getMetric('mape' as 'mae'), /Unknown metric 'mape': use 'mae' or 'mse'/);
});
