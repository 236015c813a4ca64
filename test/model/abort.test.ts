import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abortCallback, yieldToEventLoop } from '../../src/model/abort.js';

test('yieldToEventLoop() resolves through setImmediate in Node, and through a MessageChannel where there is none (a Web Worker)', async () => {
  const saved = { setImmediate: globalThis.setImmediate, MessageChannel: globalThis.MessageChannel };
  let channels = 0;
  globalThis.MessageChannel = class extends saved.MessageChannel {
    constructor() {
      super();
      channels++;
    }
  };
  try {
    for (const immediate of [true, false]) {
      if (!immediate) (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      let ran = false;
      saved.setImmediate(() => (ran = true));
      await yieldToEventLoop();
      if (immediate) assert.ok(ran, 'a task queued before the yield has run');
      assert.equal(channels, immediate ? 0 : 1);
    }
  } finally {
    Object.assign(globalThis, saved);
  }
});

test("abortCallback(signal) throws the signal's reason at the next epoch or after the next batch", async () => {
  const controller = new AbortController();
  const cb = abortCallback(controller.signal);
  await cb.onBatchEnd!(0, {}, undefined as never);
  cb.onEpochBegin!(1, undefined as never);
  controller.abort(new Error('stop'));
  assert.throws(() => cb.onEpochBegin!(2, undefined as never), /stop/);
  await assert.rejects(async () => cb.onBatchEnd!(1, {}, undefined as never), /stop/);
});
