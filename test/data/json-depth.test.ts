import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepthOver } from '../../src/data/json-depth.js';

test('jsonDepthOver(text, max) gives the first bracket deeper than max, outside strings, without recursing', () => {
  assert.equal(jsonDepthOver('[[1]]', 2), null);
  assert.equal(jsonDepthOver('[[1]]', 1), 1);
  assert.equal(jsonDepthOver('{"a": [{"b": 1}]}', 2), 7);
  assert.equal(jsonDepthOver('{"a": "[[[[", "b": "\\"[["}', 1), null); // brackets and escaped quotes inside strings
  assert.equal(jsonDepthOver('['.repeat(1_000_000), 64), 64);
});
