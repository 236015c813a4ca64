/**
 * A file written as a stream of text, whole or not at all: the text goes to a temporary file
 * beside the target (in blocks of 64 KiB, so memory does not grow with the file), and only
 * `commit` flushes it to disk and renames it over the target; `abort` (or a failed write) removes
 * it. For outputs too large to build in memory first (a forecast of thousands of series). Node only.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { makeDir, removeMadeDirs } from './make-dir.js';
import { outputFailure } from './output-failure.js';
import { newTag } from './swap-dir.js';

/** An open streamed file. */
export interface StreamedFile {
  /** Appends text (buffered; written in blocks). */
  write(text: string): Promise<void>;
  /** Writes what is buffered, flushes the file to disk and renames it over the target. */
  commit(): Promise<void>;
  /** Removes the temporary file; the target is left as it was. Safe after commit (then a no-op). */
  abort(): Promise<void>;
}

/** Text buffered before a write. */
const BLOCK_CHARS = 1 << 16;

/**
 * Opens `path` for a streamed, all-or-nothing write (missing folders are made, and removed again
 * on abort).
 * @example
 * const file = await openStreamedFile('out/forecasts.csv', { option: '--out' });
 * try { await file.write('id,step,forecast\n'); await file.commit(); } finally { await file.abort(); }
 * @throws OutputError naming the option, the path and the fix when the folder or file cannot be made;
 *   `write` and `commit` throw the same for a full disk (and remove the temporary file).
 */
export async function openStreamedFile(path: string, { option }: { option?: string } = {}): Promise<StreamedFile> {
  const target = resolve(path);
  const named = option ? `${option} '${target}'` : `'${target}'`;
  const action = `write ${named}`;
  const made = await makeDir(dirname(target), { action });
  const tmp = `${target}.tmp-${newTag()}`;
  let handle: FileHandle | null = null;
  try {
    handle = await open(tmp, 'wx');
  } catch (err) {
    await removeMadeDirs(made);
    throw outputFailure(err, { action, at: dirname(target), after: 'Nothing was changed.' });
  }
  let buffer = '';
  let done = false;
  const fail = async (err: unknown, at: string): Promise<never> => {
    await abort();
    throw outputFailure(err, { action, at, after: 'Nothing was changed.' });
  };
  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    try {
      await handle!.write(text);
    } catch (err) {
      await fail(err, target);
    }
  };
  async function abort(): Promise<void> {
    if (done) return;
    done = true;
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    await removeMadeDirs(made);
  }
  return {
    async write(text) {
      if (done) throw new Error(`${named} is already committed or aborted: this is a bug in seqcast.`);
      buffer += text;
      if (buffer.length >= BLOCK_CHARS) await flush();
    },
    async commit() {
      await flush();
      try {
        await handle!.sync();
        await handle!.close();
        handle = null;
        await rename(tmp, target);
      } catch (err) {
        await fail(err, target);
      }
      done = true;
    },
    abort,
  };
}
