import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputError } from '../../src/errors.js';
import { hasCode, outputFailure } from '../../src/fs/output-failure.js';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: raw system text, mkdir '/x'`), { code });

test('outputFailure(err, context) words each file-system error as one sentence naming the path and a fix, without the code', () => {
  const codes = ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG'];
  for (const code of codes) {
    const err = outputFailure(errno(code), { action: "create the folder '/a/run'", at: '/a', fix: 'choose another --out folder' });
    assert.ok(err instanceof OutputError, code);
    assert.match(err.message, /^Cannot create the folder '\/a\/run': .*'\/a'.*: [a-z].*\.$/, code);
    assert.doesNotMatch(err.message, /\bE[A-Z]{3,}\b|raw system text/, code);
  }
  const proc = outputFailure(errno('ENOENT'), { action: "create the folder '/proc/x'", at: '/proc' }) as Error;
  assert.equal(
    proc.message,
    "Cannot create the folder '/proc/x': '/proc' does not accept new files (a virtual system folder such as /proc), or was removed meanwhile: choose a folder you can write to.",
  );
  const full = outputFailure(errno('ENOSPC'), {
    action: "write '/a/run'",
    at: '/a/run',
    fix: 'ignored',
    after: 'Nothing was written.',
  }) as Error;
  assert.equal(
    full.message,
    "Cannot write '/a/run': the disk holding '/a/run' is full: free some space and run again. Nothing was written.",
  );
});

test('outputFailure(err, context) returns an error that is not a file-system error as it is', () => {
  const bug = new TypeError('x is undefined');
  assert.equal(outputFailure(bug, { action: 'write', at: '/a' }), bug);
  const worded = new OutputError('already worded');
  assert.equal(outputFailure(worded, { action: 'write', at: '/a' }), worded);
  assert.equal(outputFailure('text', { action: 'write', at: '/a' }), 'text');
});

test('hasCode(err, ...codes) tells a file-system error by its code', () => {
  assert.equal(hasCode(errno('ENOENT'), 'ENOENT', 'ENOTDIR'), true);
  assert.equal(hasCode(errno('EACCES'), 'ENOENT'), false);
  assert.equal(hasCode(null, 'ENOENT'), false);
});
