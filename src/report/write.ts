/**
 * Writing one output file (a chart, a report, a forecast CSV): checked up front, then written
 * whole or not at all, through a temporary file in the same folder that is renamed over the target.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OutputError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { checkCanCreate, makeDir, removeMadeDirs } from '../fs/make-dir.js';
import { hasCode, outputFailure } from '../fs/output-failure.js';
import { leftoversBeside, newTag } from '../fs/swap-dir.js';

/** How messages name the file and the fix. */
export interface OutputFileOptions {
  /** The option that gave the path, e.g. '--chart': messages say "--chart '/abs/f.png'". */
  option?: string;
  /** The fix for a folder that refuses, default 'choose a folder you can write to'. */
  fix?: string;
}

/**
 * Checks, before any work, that `path` can be written: it is a regular file or new, and its
 * nearest existing folder accepts new files (missing folders are made when it is written).
 * Nothing is left behind.
 * @example await checkOutputFile('out/forecast.csv', { option: '--out' });
 * @throws OutputError naming the path and the fix: a folder, a device, a parent that is a file,
 *   a folder that refuses new files (read-only, permission denied, /proc).
 */
export async function checkOutputFile(path: string, options: OutputFileOptions = {}): Promise<void> {
  const target = resolve(path);
  await checkFileKind(target, options);
  await checkCanCreate(target, { action: `write ${named(target, options)}`, fix: options.fix });
}

/**
 * Writes a file whole or not at all: into a temporary file beside it (flushed to disk), renamed
 * over `path`. Missing folders are made. A temporary file a killed write left is removed.
 * @example await writeAtomically('out/report.html', html);
 * @throws OutputError naming the path and the fix when it cannot be written (see
 *   {@link checkOutputFile}, and a full disk); the file as it was, no temporary file, no new folder is left.
 */
export async function writeAtomically(path: string, data: string | Uint8Array, options: OutputFileOptions = {}): Promise<void> {
  const target = resolve(path);
  await checkFileKind(target, options);
  const action = `write ${named(target, options)}`;
  const made = await makeDir(dirname(target), { action, fix: options.fix });
  for (const left of await leftoversBeside(target, 'file')) await rm(left.path, { force: true }).catch(() => undefined);
  const tmp = `${target}.tmp-${newTag()}`;
  let at = dirname(target); // creating the temporary file: the folder refuses
  try {
    await writeDurably(tmp, data);
    at = target;
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    await removeMadeDirs(made);
    throw outputFailure(err, { action, at, fix: options.fix, after: 'Nothing was changed.' });
  }
}

/** A file may replace a regular file, never a folder or a device. */
async function checkFileKind(target: string, options: OutputFileOptions): Promise<void> {
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    if (hasCode(err, 'ENOENT', 'ENOTDIR')) return; // new (a parent that is a file is found next)
    throw outputFailure(err, { action: `write ${named(target, options)}`, at: target, fix: options.fix });
  }
  if (info.isDirectory())
    throw new OutputError(
      `Cannot write ${named(target, options)}: it is a folder, not a file: name a file (in that folder, or elsewhere).`,
    );
  if (!info.isFile())
    throw new OutputError(
      `Cannot write ${named(target, options)}: it is not a regular file (a device, pipe or socket), and seqcast writes a new file in its place: name a regular file.`,
    );
}

function named(target: string, options: OutputFileOptions): string {
  return options.option ? `${options.option} '${target}'` : `'${target}'`;
}
