/**
 * The two wordings of a data error: its flag-free message (what the playground and a library user
 * see) and the CLI's, which names its flags (`--fill previous|linear`, `--column`).
 */
import assert from 'node:assert/strict';
import { messageFor } from '../../src/data/input-error.js';
import { OPTION_FLAGS } from '../../src/cli/options.js';

/**
 * What `fn` throws, as `{ plain, cli }`.
 * @example assert.deepEqual(messagesOf(() => csv('v\n1\nNA')), { plain: '…: fix or remove that row.', cli: '…: fill missing values with --fill previous|linear, or fix or remove that row.' })
 */
export function messagesOf(fn: () => unknown): { plain: string; cli: string } {
  try {
    fn();
  } catch (err) {
    return { plain: (err as Error).message, cli: messageFor(err, OPTION_FLAGS) };
  }
  assert.fail('expected an error');
}

/** As {@link messagesOf}, for a promise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ plain: string; cli: string }> {
  try {
    await promise;
  } catch (err) {
    return { plain: (err as Error).message, cli: messageFor(err, OPTION_FLAGS) };
  }
  assert.fail('expected a rejection');
}
