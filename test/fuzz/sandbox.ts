/**
 * Lays out a fuzz case's files in its sandbox folder: contents, symlinks (to /dev/zero and the
 * like: the link is made, the device is never written), FIFOs, folders and sparse files.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SandboxEntry } from './case.js';

/**
 * Creates every entry under `dir`, parents first.
 * @example layOut(sandbox, [{ path: 'data.csv', content: 'a,b\n1,2\n' }, { path: 'z.csv', symlink: '/dev/zero' }]);
 * @throws when an entry cannot be created (mkfifo missing, say).
 */
export function layOut(dir: string, entries: SandboxEntry[]): void {
  mkdirSync(dir, { recursive: true });
  for (const e of entries) {
    const path = join(dir, e.path);
    mkdirSync(dirname(path), { recursive: true });
    if ('content' in e) writeFileSync(path, e.content);
    else if ('symlink' in e) symlinkSync(e.symlink, path);
    else if ('fifo' in e) execFileSync('mkfifo', [path]);
    else if ('dir' in e) mkdirSync(path, { recursive: true });
    else {
      const fd = openSync(path, 'w');
      ftruncateSync(fd, e.sparse);
      closeSync(fd);
    }
  }
}
