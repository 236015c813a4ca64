import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/model/sha256.js';

test("sha256Hex(bytes) gives FIPS 180-4's digests of 'abc' and of the empty input", () => {
  assert.equal(sha256Hex(new TextEncoder().encode('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex(new Uint8Array(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('sha256Hex(bytes) equals node:crypto at every length around the block and padding boundaries, and at any offset', () => {
  const data = Uint8Array.from({ length: 4200 }, (_, i) => (i * 7919 + 13) & 255);
  for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 4199]) {
    const bytes = data.subarray(1, 1 + n);
    assert.equal(sha256Hex(bytes), createHash('sha256').update(bytes).digest('hex'), `${n} bytes`);
  }
});
