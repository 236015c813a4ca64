/**
 * The output paths of the commands: option parsers that refuse an empty path (exit 2), and the
 * check, before any work, of the single files `forecast --out/--chart`, `plot --out` and
 * `lr-find --out` write (run folders are checked by run-folder.ts).
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { OutputError } from '../errors.js';
import { checkOutputFile } from '../report/write.js';
import { MANIFEST } from './run-folder.js';

/**
 * An option naming a folder to write: not empty.
 * @example cmd.option('--out <dir>', 'folder', folderPath('--out'), 'seqcast-run')
 * @throws InvalidArgumentError (exit 2) naming the option when the value is empty.
 */
export function folderPath(flag: string): (value: string) => string {
  return (value) => {
    if (value === '') throw new InvalidArgumentError(`${flag} is empty: name the folder to write to, e.g. ${flag} run.`);
    return value;
  };
}

/**
 * An option naming a file to write: not empty, not ending in a folder separator.
 * @example cmd.option('--out <file.csv>', 'CSV', filePath('--out', 'forecast.csv'))
 * @throws InvalidArgumentError (exit 2) naming the option and an example.
 */
export function filePath(flag: string, example: string): (value: string) => string {
  return (value) => {
    if (value === '' || /[\\/]$/.test(value))
      throw new InvalidArgumentError(`${flag} must name a file, got '${value}': e.g. ${flag} ${value === '' ? '' : value}${example}.`);
    return value;
  };
}

/** One file a command writes, and the option that named it. */
export interface OutputFile {
  option: string;
  path: string;
}

/**
 * Checks the files a command will write before it does any work: two options do not name the same
 * file, none is a file the command reads, none lies inside a seqcast run folder (which the next
 * run replaces as a whole), and each can be written (see `checkOutputFile`).
 * @example await checkOutputFiles([{ option: '--out', path: 'f.csv' }], [flags.file]);
 * @throws OutputError naming the option, the path and the fix.
 */
export async function checkOutputFiles(outputs: OutputFile[], inputs: (string | undefined)[] = []): Promise<void> {
  const read = new Set(inputs.filter((p): p is string => p !== undefined && p !== '').map((p) => resolve(p)));
  const seen = new Map<string, string>();
  for (const { option, path } of outputs) {
    const target = resolve(path);
    const other = seen.get(target);
    if (other) throw new OutputError(`${other} and ${option} name the same file '${target}': name two different files.`);
    seen.set(target, option);
    if (read.has(target)) throw new OutputError(`Cannot write ${option} '${target}': it is a file this command reads: name another file.`);
    const run = await runFolderAbove(target);
    if (run)
      throw new OutputError(
        `Cannot write ${option} '${target}': it is inside the seqcast run folder '${run}', which the next run into it replaces as a whole: write it outside, e.g. ${option} ${basename(target)}.`,
      );
    await checkOutputFile(target, { option, fix: `name a file for ${option} in a folder where you can write` });
  }
}

/** The nearest folder above `path` that holds a run manifest, if any. */
async function runFolderAbove(path: string): Promise<string | undefined> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((await lstat(resolve(dir, MANIFEST)).catch(() => null))?.isFile()) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
