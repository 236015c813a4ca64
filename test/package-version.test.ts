import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { packageVersion } from '../src/package-version.js';

test("packageVersion() is package.json's version, the same on every call", () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.equal(packageVersion(), version);
  assert.equal(packageVersion(), version);
});
