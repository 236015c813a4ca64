import { test } from 'node:test';
import assert from 'node:assert/strict';
import { m4Horizon, seasonsHorizon } from '../../src/forecast/horizon.js';

test("m4Horizon(frequency) gives M4's horizon for the dates' frequency: yearly 6, monthly 18, weekly 13, daily 14, hourly 48", () => {
  assert.equal(m4Horizon({ kind: 'yearly', anchor: 'month-start' }), 6);
  assert.equal(m4Horizon({ kind: 'monthly', anchor: 'month-end' }), 18);
  assert.equal(m4Horizon({ kind: 'weekly' }), 13);
  assert.equal(m4Horizon({ kind: 'daily' }), 14);
  assert.equal(m4Horizon({ kind: 'fixed', seconds: 3600 }), 48);
  assert.equal(m4Horizon({ kind: 'fixed', seconds: 900 }), undefined, 'every 15 minutes: no M4 frequency');
  assert.equal(m4Horizon({ kind: 'monthly', anchor: 'month-end' }, 4), 18, 'the dates come first');
});

test("m4Horizon(undefined, season) reads a season given without dates as R's frequency(): quarterly 8, monthly 18, ...", () => {
  assert.equal(m4Horizon(undefined, 4), 8);
  assert.equal(m4Horizon(undefined, 12), 18);
  assert.equal(m4Horizon(undefined, 52), 13);
  assert.equal(m4Horizon(undefined, 7), 14);
  assert.equal(m4Horizon(undefined, 365), 14);
  assert.equal(m4Horizon(undefined, 24), 48);
  assert.equal(m4Horizon(undefined, 5), undefined);
  assert.equal(m4Horizon(undefined, 1), undefined, 'no season says nothing of the frequency');
  assert.equal(m4Horizon(undefined), undefined);
});

test('seasonsHorizon: two seasons, at least 6', () => {
  assert.equal(seasonsHorizon(12), 24);
  assert.equal(seasonsHorizon(4), 8);
  assert.equal(seasonsHorizon(1), 6);
});
