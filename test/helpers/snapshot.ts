/**
 * A folder's contents as path → signature, to tell which files a command changed: regular files by
 * their SHA-256 (large ones, such as sparse test files, by size, inode and mtime, to stay fast),
 * symlinks by their target (never followed), folders, FIFOs and other special files by their kind.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type Snapshot = Map<string, string>;

/** Files larger than this are compared by size, inode and mtime instead of their hash. */
const HASH_LIMIT = 16 << 20;

/**
 * Every entry under `dir` (not `dir` itself), by path relative to it with '/' separators.
 * @example snapshot(sandbox).get('data.csv') // 'file 3f2a…'
 * @throws when `dir` cannot be read.
 */
export function snapshot(dir: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const key = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out.set(key, `link ${readlinkSync(path)}`);
      else if (st.isDirectory()) {
        out.set(key, 'dir');
        walk(path, key);
      } else if (st.isFile()) {
        out.set(
          key,
          st.size > HASH_LIMIT
            ? `big ${st.size} ${st.ino} ${st.mtimeMs}`
            : `file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`,
        );
      } else out.set(key, st.isFIFO() ? 'fifo' : 'special');
    }
  };
  walk(dir, '');
  return out;
}

/**
 * The paths added, removed or changed between two snapshots, sorted, each with what happened.
 * @example changes(before, after) // [{ path: 'run/model', change: 'added' }]
 * @throws never.
 */
export function changes(before: Snapshot, after: Snapshot): { path: string; change: 'added' | 'removed' | 'changed'; now?: string }[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: { path: string; change: 'added' | 'removed' | 'changed'; now?: string }[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    out.push({ path, change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', now: b });
  }
  return out;
}
