/**
 * The folders of an output path: checked up front, made one at a time. Never
 * `mkdir(path, { recursive: true })`: in Node 20 it does not return for a path under /proc (it
 * retries forever at 100 % CPU); here each step is one system call, and a refusal is one message.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OutputError } from '../errors.js';
import { hasCode, outputFailure } from './output-failure.js';

/** The nearest existing one of a path and its parents, and the folders missing below it. */
export interface ExistingAncestor {
  /** The nearest path that exists (the path itself when it exists). */
  at: string;
  /** Whether `at` exists (only the root of a missing drive does not). */
  exists: boolean;
  isDirectory: boolean;
  /** The missing paths between `at` and the path, outermost first. */
  missing: string[];
}

/**
 * Walks up from `path` to the nearest path that exists: at most one `stat` per path component.
 * @example await existingAncestor('/tmp/a/b') // { at: '/tmp', exists: true, isDirectory: true, missing: ['/tmp/a', '/tmp/a/b'] }
 * @throws OutputError when a path cannot even be looked at (permission denied on a parent).
 */
export async function existingAncestor(path: string): Promise<ExistingAncestor> {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      const info = await stat(at);
      return { at, exists: true, isDirectory: info.isDirectory(), missing: missing.reverse() };
    } catch (err) {
      // ENOTDIR: a part above is a file, which the walk up finds next
      if (!hasCode(err, 'ENOENT', 'ENOTDIR')) throw outputFailure(err, { action: `use '${resolve(path)}'`, at });
    }
    const up = dirname(at);
    if (up === at) return { at, exists: false, isDirectory: false, missing: missing.reverse() };
    missing.push(at);
    at = up;
  }
}

/**
 * Makes the folder `path` and any missing parents, one `mkdir` each.
 * @example const made = await makeDir('out/charts'); // the folders it created, outermost first
 * @param context what messages say could not be done (default "create the folder '<path>'") and
 *   the fix they end with, e.g. 'choose another --out folder'.
 * @throws OutputError naming the path and the fix when a parent is a file or a folder cannot be
 *   made (the folders made so far are removed again).
 */
export async function makeDir(path: string, context: { action?: string; fix?: string } = {}): Promise<string[]> {
  const target = resolve(path);
  const { fix, action = `create the folder '${target}'` } = context;
  const { at, exists, isDirectory, missing } = await existingAncestor(target);
  if (!isDirectory) throw notAFolder(at, exists, fix, action);
  const made: string[] = [];
  for (const dir of missing) {
    try {
      await mkdir(dir);
      made.push(dir);
    } catch (err) {
      if (hasCode(err, 'EEXIST') && (await stat(dir).catch(() => null))?.isDirectory()) continue; // made meanwhile by another program
      await removeMadeDirs(made);
      throw outputFailure(err, { action, at: dirname(dir), fix });
    }
  }
  return made;
}

/**
 * Removes folders {@link makeDir} made (innermost first), as far as they are still empty.
 * @example await removeMadeDirs(made);
 * @throws never.
 */
export async function removeMadeDirs(made: string[]): Promise<void> {
  for (const dir of [...made].reverse()) await rmdir(dir).catch(() => undefined);
}

/**
 * Checks, without leaving anything behind, that `path` (a file or folder, new or not) can be
 * created: the nearest existing folder above it must be a folder where a new entry can be made
 * (a probe folder is made there and removed).
 * @example await checkCanCreate('/proc/x/run', { action: "create the folder '/proc/x/run'", fix: 'choose another --out folder' });
 * @throws OutputError naming the path, the folder that refuses and the fix.
 */
export async function checkCanCreate(path: string, context: { action: string; fix?: string }): Promise<void> {
  const target = resolve(path);
  const { at, exists, isDirectory } = await existingAncestor(dirname(target));
  if (!isDirectory) throw notAFolder(at, exists, context.fix, context.action);
  const probe = join(at, `.seqcast-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(probe);
  } catch (err) {
    throw outputFailure(err, { action: context.action, at, fix: context.fix });
  }
  await rmdir(probe).catch(() => undefined);
}

function notAFolder(at: string, exists: boolean, fix = 'choose another path', action: string): OutputError {
  return new OutputError(`Cannot ${action}: '${at}' ${exists ? 'is a file, not a folder' : 'does not exist'}: ${fix}.`);
}
