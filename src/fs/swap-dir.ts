/**
 * Replacing a folder as a whole or not at all, and recovering a replacement a killed process left.
 *
 * `replaceDir` writes the new content into a sibling `<name>.tmp-<tag>` (tag = process id and 8 hex
 * digits), flushes it, then swaps it in with two renames: `<name>` → `<name>.old-<tag>`, then
 * `<name>.tmp-<tag>` → `<name>`, and removes the old folder. The first rename is the commit point.
 *
 * `recoverDir` looks beside `<name>` for what a process that no longer runs left:
 *   - `<name>` missing, `<name>.old-<tag>` and a complete `<name>.tmp-<tag>`: killed between the
 *     two renames; the swap is finished.
 *   - `<name>` missing and `<name>.old-<tag>` without a complete new folder: the old one is put back.
 *   - anything else (an unfinished `.tmp-`, an `.old-` the swap no longer needs) is removed.
 * Each returns a note saying what it did. Node-only.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { removeMadeDirs, makeDir } from './make-dir.js';
import { syncDir } from './durable.js';
import { outputFailure } from './output-failure.js';

/** `tmp-<pid>-<8 hex>` or `old-<pid>-<8 hex>` after `<name>.`. */
const LEFTOVER = /^(tmp|old)-(\d+)-([0-9a-f]{8})$/;

/**
 * A fresh tag for temporary names: this process's id and 8 random hex digits.
 * @example newTag() // '4242-0a1b2c3d'
 * @throws never.
 */
export function newTag(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Options of {@link replaceDir}. */
export interface ReplaceOptions {
  /** The fix a file-system error's message ends with, e.g. 'choose another --out folder'. */
  fix?: string;
  /** A last check after the content is written and before the swap; what it throws cancels the swap. */
  beforeSwap?: () => Promise<void>;
}

/**
 * Replaces the folder `path` (or creates it, with its parents) with what `fill` writes into the
 * empty temporary folder it is given: whole, or not at all.
 * @example await replaceDir('run', async (tmp) => writeDurably(join(tmp, 'report.html'), html));
 * @throws what `fill` or `beforeSwap` throw, a file-system error worded as an OutputError; in every
 *   case the folder is left as it was and the temporary folder is removed.
 */
export async function replaceDir(path: string, fill: (tmp: string) => Promise<void>, options: ReplaceOptions = {}): Promise<void> {
  const target = resolve(path);
  const parent = dirname(target);
  const existed = (await lstat(target).catch(() => null)) !== null;
  const context = {
    action: `write '${target}'`,
    fix: options.fix,
    after: existed ? `Nothing in '${target}' was changed.` : 'Nothing was written.',
  };
  const made = await makeDir(parent, { fix: options.fix });
  const tag = newTag();
  const tmp = join(parent, `${basename(target)}.tmp-${tag}`);
  const old = join(parent, `${basename(target)}.old-${tag}`);
  const undo = async (): Promise<void> => {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    await removeMadeDirs(made);
  };
  let exists = false;
  try {
    await mkdir(tmp);
  } catch (err) {
    await removeMadeDirs(made);
    throw outputFailure(err, { ...context, at: parent });
  }
  try {
    await fill(tmp);
    await syncDir(tmp);
    await options.beforeSwap?.();
    exists = (await lstat(target).catch(() => null)) !== null;
    if (exists) await rename(target, old);
  } catch (err) {
    await undo();
    throw outputFailure(err, { ...context, at: target });
  }
  try {
    await rename(tmp, target);
  } catch (err) {
    if (exists) await rename(old, target).catch(() => undefined);
    await undo();
    throw outputFailure(err, { ...context, at: target });
  }
  await syncDir(parent);
  // a failure here leaves an .old- folder that the next recoverDir removes
  if (exists) await rm(old, { recursive: true, force: true }).catch(() => undefined);
}

/** One temporary folder or file beside a target, left by a process that is gone. */
export interface Leftover {
  path: string;
  kind: 'tmp' | 'old';
  tag: string;
}

/**
 * Finishes or undoes a {@link replaceDir} of `path` that a killed process left half done, and
 * removes its temporary folders (see the file's comment). Folders of a process still running are
 * left alone.
 * @example for (const note of await recoverDir('run', isCompleteRun, 'run')) console.log(`note: ${note}`);
 * @param isComplete whether a `.tmp-` folder holds the whole new content.
 * @param noun what the folder holds, for the notes: 'run', 'model'.
 * @returns one note per thing done (none when there was nothing to recover).
 * @throws OutputError when the folder cannot be put back, naming the rename to do by hand.
 */
export async function recoverDir(path: string, isComplete: (dir: string) => Promise<boolean>, noun: string): Promise<string[]> {
  const target = resolve(path);
  const leftovers = await leftoversBeside(target, 'dir');
  if (leftovers.length === 0) return [];
  const notes: string[] = [];
  const used = new Set<string>();
  if ((await lstat(target).catch(() => null)) === null) {
    const old = leftovers.find((l) => l.kind === 'old');
    if (old) {
      const tmp = leftovers.find((l) => l.kind === 'tmp' && l.tag === old.tag);
      const finish = tmp !== undefined && (await isComplete(tmp.path));
      const from = finish ? tmp : old;
      try {
        await rename(from.path, target);
      } catch (err) {
        throw outputFailure(err, {
          action: `recover the interrupted write of '${target}'`,
          at: target,
          fix: `rename '${from.path}' to '${target}' by hand`,
        });
      }
      used.add(from.path);
      notes.push(
        finish
          ? `A write of '${target}' was interrupted between its two renames; seqcast finished it: the new ${noun} is in place, whole.`
          : `A write of '${target}' was interrupted before the new ${noun} was complete; seqcast put the previous ${noun} back in place.`,
      );
    }
  }
  const removed: string[] = [];
  for (const l of leftovers.filter((l) => !used.has(l.path))) {
    await rm(l.path, { recursive: true, force: true }).then(
      () => removed.push(basename(l.path)),
      () => undefined, // left for the next time
    );
  }
  if (removed.length > 0)
    notes.push(
      `Removed the temporary folder${removed.length > 1 ? 's' : ''} an interrupted write left beside '${target}': ${removed.join(', ')}.`,
    );
  return notes;
}

/**
 * The `<name>.tmp-<tag>` and `<name>.old-<tag>` entries beside `target` whose process is gone:
 * folders (a {@link replaceDir}) or regular files (an atomic file write).
 * @example await leftoversBeside('/out/forecast.csv', 'file') // [{ path: '/out/forecast.csv.tmp-77-0a1b2c3d', kind: 'tmp', tag: '77-0a1b2c3d' }]
 * @throws never (an unreadable folder has no leftovers to offer).
 */
export async function leftoversBeside(target: string, type: 'dir' | 'file'): Promise<Leftover[]> {
  const parent = dirname(target);
  const prefix = `${basename(target)}.`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const found: Leftover[] = [];
  for (const name of names.filter((n) => n.startsWith(prefix)).sort()) {
    const m = LEFTOVER.exec(name.slice(prefix.length));
    if (!m || isRunning(Number(m[2]))) continue;
    const path = join(parent, name);
    const info = await lstat(path).catch(() => null);
    if (!(type === 'dir' ? info?.isDirectory() : info?.isFile())) continue;
    found.push({ path, kind: m[1] as 'tmp' | 'old', tag: `${m[2]}-${m[3]}` });
  }
  return found;
}

/**
 * Whether a process with this id runs (this one counts as running: its own folders are in use).
 * @example isRunning(process.pid) // true
 * @throws never.
 */
export function isRunning(pid: number): boolean {
  if (!(pid > 0) || pid === process.pid) return true; // 0 would signal this process group: not a tag seqcast writes
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}
