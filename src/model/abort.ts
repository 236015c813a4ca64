/**
 * Stopping a training from outside: a callback that ends `fit` between batches once an
 * AbortSignal aborts, in Node and in a browser's Web Worker alike.
 *
 * Training runs on the thread that would deliver the abort (a timer, a signal handler, another
 * thread's message), so the callback yields to the event loop after every batch. The yield is
 * `setImmediate` in Node and a MessageChannel message in a browser, which has no setImmediate and
 * throttles nested timers (a `setTimeout` chain waits ≥ 4 ms per batch after five levels).
 */
import type { Callback } from './callbacks.js';

type Immediate = (run: () => void) => unknown;

/**
 * Resolves once the event loop has run the tasks already queued (e.g. a `stop` message).
 * @example await yieldToEventLoop();
 * @throws never.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve));
}

/**
 * A training callback that stops `fit` between batches once `signal` aborts: `fit` then rejects
 * with the signal's reason (an AbortError DOMException unless `abort(reason)` gave another).
 * @example await model.fit(data, { epochs: 100, callbacks: [abortCallback(controller.signal)] });
 * @throws (from the training loop) the signal's reason once it has aborted.
 */
export function abortCallback(signal: AbortSignal): Callback {
  return {
    onEpochBegin: () => signal.throwIfAborted(),
    async onBatchEnd() {
      await yieldToEventLoop();
      signal.throwIfAborted();
    },
  };
}
