import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWindow, checkWindowFits } from '../../src/data/window-spec.js';
import { SeriesInputError } from '../../src/data/input-error.js';
import { messagesOf } from '../helpers/messages.js';

test('checkWindow(window) accepts a positive integer and names the CLI flag only in the CLI wording', () => {
  assert.doesNotThrow(() => checkWindow(1));
  for (const bad of [0, -1, 2.5, NaN]) assert.throws(() => checkWindow(bad), SeriesInputError);
  assert.deepEqual(
    messagesOf(() => checkWindow(0)),
    {
      plain: 'window must be a positive integer number of time steps, got 0: use e.g. 20.',
      cli: 'window must be a positive integer number of time steps, got 0: use e.g. --window 20.',
    },
  );
});

test('checkWindowFits(length, window) needs one window and the value after it, and says so in one wording', () => {
  assert.doesNotThrow(() => checkWindowFits(21, 20));
  assert.deepEqual(
    messagesOf(() => checkWindowFits(20, 20)),
    {
      plain:
        'The series has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.',
      cli: 'The series has 20 values but window 20 needs at least 21 (one window and the value after it): use a shorter --window or a longer series.',
    },
  );
  assert.throws(() => checkWindowFits(100, 0), /window must be a positive integer number of time steps, got 0/);
});

test('checkWindowFits(length, window, { part, who }) names the training part, who checks, and the CLI its --split', () => {
  assert.deepEqual(
    messagesOf(() => checkWindowFits(5, 20, { part: 'training part', who: 'lstm' })),
    {
      plain:
        'lstm: the training part has 5 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.',
      cli: 'lstm: the training part has 5 values but window 20 needs at least 21 (one window and the value after it): use a shorter --window or a larger --split.',
    },
  );
});

test('checkWindowFits(length, window, { horizon, unit }) counts the labels after the window and names rows', () => {
  assert.doesNotThrow(() => checkWindowFits(11, 8, { horizon: 3 }));
  assert.throws(() => checkWindowFits(10, 8, { horizon: 3 }), {
    message:
      'The series has 10 values but window 8 and horizon 3 need at least 11 (one window and the 3 values after it): use a shorter window or horizon, or a longer series.',
  });
  assert.throws(() => checkWindowFits(5, 5, { unit: 'rows' }), {
    message:
      'The series has 5 rows but window 5 needs at least 6 (one window and the row after it): use a shorter window or a longer series.',
  });
});
