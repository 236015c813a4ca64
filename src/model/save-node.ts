/**
 * Saving and loading models on disk (Node): thin wrappers around `modelToFiles` and
 * `modelFromFiles` that add the file system, SHA-256 from node:crypto, atomic writes and reads
 * with limits (read-node.ts).
 *
 * Atomic save: both files are written into a temporary sibling directory and fsynced, then the
 * directory is renamed over the target (an existing target is renamed aside first and removed
 * after). A failure before the swap leaves the old model as it was; a crash between the two renames
 * leaves it whole in `<dir>.old-*`, which `loadModel` points to.
 *
 * Importing this module makes `model.save(dir)` call `saveModel` (see `registerModelSaver`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFileError, OptionError } from '../errors.js';
import { MAX_MODEL_JSON_BYTES, modelJsonTooLarge, parseManifest } from './manifest.js';
import { readModelFile } from './read-node.js';
import { registerModelSaver, type SaveOptions, type Sequential } from './sequential.js';
import { fileNames, modelFromManifest, modelToFiles, weightsSizeError } from './serialize.js';
import { packageVersion } from '../package-version.js';

const FILES = ['model.json', 'weights.bin'] as const;

/** SHA-256 of bytes as 64 hex digits. */
function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Saves a model into the directory `dir`: model.json and weights.bin, atomically. Every check
 * runs before anything is written. `dir` may be new, empty, or a model saved before (replaced).
 * @example await saveModel(model, 'models/rnn', { metadata: { window: 20, series: 'sunspots' } })
 * @throws when the model cannot be saved (see `modelToFiles`: an unregistered lambda, NaN weights,
 * not built, non-JSON metadata), when `dir` is a file or holds files other than a saved model's,
 * or on a file-system error (the old model, if any, is left intact).
 */
export async function saveModel(model: Sequential, dir: string, options: SaveOptions = {}): Promise<void> {
  const files = modelToFiles(model, { ...options, sha256, createdBy: `seqcast ${packageVersion()}` });
  const target = resolve(dir);
  const exists = await checkReplaceable(target, dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(parent, `${basename(target)}.tmp-${tag}`);
  const old = join(parent, `${basename(target)}.old-${tag}`);
  await mkdir(tmp);
  try {
    for (const name of FILES) await writeDurably(join(tmp, name), files[name]);
    await syncDir(tmp);
    if (exists) await rename(target, old);
    try {
      await rename(tmp, target);
    } catch (err) {
      if (exists) await rename(old, target);
      throw err;
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  await syncDir(parent);
  if (exists) await rm(old, { recursive: true, force: true });
}

// model.save(dir) writes through saveModel: loading this module (seqcast's Node entry point and
// the CLI do) is what gives the model a file system, and keeps node:fs out of browser bundles
registerModelSaver(saveModel);

/**
 * Loads a model saved by `model.save(dir)` / `saveModel`: topology, weights (verified by
 * size, SHA-256 and finiteness), training config and metadata. Register every user lambda first.
 * The files are read only when they are regular files of sizes the model can have (model.json at
 * most 8 MiB, weights.bin exactly the size model.json records), and checked before anything is
 * built (see `modelFromFiles`).
 * @example
 * registerLambda('clip', (x) => x.minimum(1));  // only if the model uses it
 * const model = await loadModel('models/rnn');
 * @throws OptionError when `dir` is not a non-empty string. ModelFileError, with one message
 * naming the file and the fix, when `dir` or a file is missing or unreadable, a file is not a
 * regular file (a directory, a named pipe, a link to a device), or the files are too large,
 * corrupt, truncated, foreign, of a newer version, without a checksum or edited by hand.
 */
export async function loadModel(dir: string): Promise<Sequential> {
  const given: unknown = dir;
  if (typeof given !== 'string' || given.trim() === '' || given.includes('\0')) {
    const got = typeof given === 'string' ? JSON.stringify(given.slice(0, 60)) : given === null ? 'null' : typeof given;
    throw new OptionError(
      `loadModel(dir) needs the path of a model directory as a non-empty string, got ${got}: pass the directory that model.save(dir) or \`seqcast train --out\` wrote, e.g. loadModel('runs/lstm/model').`,
    );
  }
  const target = resolve(dir);
  const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EACCES' || err.code === 'EPERM')
      throw new ModelFileError(`Cannot load a model from '${dir}': permission denied. Make the directory readable, or load another.`);
    return null;
  });
  if (!info)
    throw new ModelFileError(
      `Cannot load a model from '${dir}': the directory does not exist.${await interruptedHint(target)} Check the path, or save a model there with model.save(dir).`,
    );
  if (!info.isDirectory()) {
    const hint =
      basename(target) === 'model.json' ? ` Pass its directory, '${dirname(dir)}'.` : ' Pass the directory that model.save(dir) wrote.';
    throw new ModelFileError(`Cannot load a model from '${dir}': it is a file, not a model directory.${hint}`);
  }
  const { M, W } = fileNames(dir);
  const json = await readModelFile(dir, 'model.json', (size) => (size > MAX_MODEL_JSON_BYTES ? modelJsonTooLarge(M, size) : null));
  const manifest = parseManifest(json.toString('utf8'), M);
  const weights = await readModelFile(dir, 'weights.bin', (size) => weightsSizeError(W, manifest.weights.byteLength, size));
  return modelFromManifest(manifest, weights, { sha256, source: dir });
}

/**
 * Whether `target` exists, after checking that replacing it loses nothing: it must be a directory
 * holding at most model.json and weights.bin. @throws otherwise, naming what is there.
 */
async function checkReplaceable(target: string, dir: string): Promise<boolean> {
  const info = await stat(target).catch(() => null);
  if (!info) return false;
  if (!info.isDirectory())
    throw new Error(
      `Cannot save the model to '${dir}': it is a file. Pass a directory path (it is created, or replaced if it holds a saved model).`,
    );
  const others = (await readdir(target)).filter((name) => !(FILES as readonly string[]).includes(name));
  if (others.length > 0) {
    const list = others.slice(0, 3).join(', ') + (others.length > 3 ? ', ...' : '');
    throw new Error(
      `Cannot save the model to '${dir}': it holds other files (${list}), and saving replaces the whole directory. Save into a new or empty directory, or one that holds only a saved model.`,
    );
  }
  return true;
}

/** Writes a new file and flushes it to disk before returning. */
async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Flushes a directory's entries (the renames) to disk; some platforms (Windows) cannot, which is fine. */
async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // fsync on a directory is not supported everywhere; the data files themselves are synced
  } finally {
    await handle?.close();
  }
}

/** A sentence pointing at `<dir>.old-*` when a save was interrupted between its two renames. */
async function interruptedHint(target: string): Promise<string> {
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  const old = entries.find((name) => name.startsWith(`${basename(target)}.old-`));
  return old
    ? ` A save was interrupted: the previous model is in '${join(dirname(target), old)}'; rename it to '${basename(target)}'.`
    : '';
}
