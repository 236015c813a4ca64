import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStreamedFile } from '../../src/fs/streamed-file.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-streamed-'));

test('openStreamedFile(path).commit() makes the whole text appear at once, in made folders', async () => {
  const path = join(dir, 'new', 'out.csv');
  const file = await openStreamedFile(path, { option: '--out' });
  const line = 'x'.repeat(1000) + '\n';
  for (let i = 0; i < 200; i++) await file.write(line); // past one 64 KiB block
  assert.equal(existsSync(path), false);
  await file.commit();
  await file.abort(); // a no-op after commit
  assert.equal(readFileSync(path, 'utf8'), line.repeat(200));
  assert.deepEqual(readdirSync(join(dir, 'new')), ['out.csv']);
});

test('openStreamedFile(path).abort() leaves the earlier file as it was and no temporary file', async () => {
  const path = join(dir, 'kept.csv');
  writeFileSync(path, 'before\n');
  const file = await openStreamedFile(path);
  await file.write('after\n'.repeat(20000));
  await file.abort();
  assert.equal(readFileSync(path, 'utf8'), 'before\n');
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('kept')),
    ['kept.csv'],
  );
  await assert.rejects(file.write('more'), /already committed or aborted/);
});
