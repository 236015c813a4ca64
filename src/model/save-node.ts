/**
 * Saving and loading models on disk (Node): thin wrappers around `modelToFiles` and
 * `modelFromFiles` that add the file system, SHA-256 from node:crypto, atomic writes and reads
 * with limits (read-node.ts).
 *
 * Atomic save (src/fs/swap-dir.ts): both files are written into a temporary sibling directory
 * `<dir>.tmp-*` and flushed, then the directory is swapped in with two renames (an existing model
 * goes to `<dir>.old-*` first and is removed after). A failure leaves the old model as it was. A
 * save killed half way is finished or undone by the next save to the same directory (and by
 * `seqcast forecast`): a kill between the two renames leaves the new model whole, which is put in
 * place; any other leftover is removed.
 *
 * Importing this module makes `model.save(dir)` call `saveModel` (see `registerModelSaver`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFileError, OptionError, OutputError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { hasCode, outputFailure } from '../fs/output-failure.js';
import { recoverDir, replaceDir } from '../fs/swap-dir.js';
import { isKerasModelPath, loadKerasModel } from '../interop/load-keras.js';
import { packageVersion } from '../package-version.js';
import { MAX_JSON_DEPTH, MAX_MODEL_JSON_BYTES, modelJsonTooLarge, parseManifest } from './manifest.js';
import { jsonDepthOver } from '../data/json-depth.js';
import { loadTfjsModel } from '../interop/tfjs-format.js';
import { isTfjsModelJson } from '../interop/tfjs-artifacts.js';
import { readModelFile } from './read-node.js';
import { registerModelSaver, type SaveOptions, type Sequential } from './sequential.js';
import { fileNames, modelFromManifest, modelToFiles, weightsSizeError, type ModelFiles } from './serialize.js';

const FILES = ['model.json', 'weights.bin'] as const;

/** SHA-256 of bytes as 64 hex digits. */
function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The files `saveModel` writes, with every check done (nothing touches the disk): for a caller
 * that writes the model into a folder of its own, as `seqcast train` does into its run folder.
 * @example await writeModelFiles(join(runDir, 'model'), await modelFiles(model, { metadata }));
 * @throws as `modelToFiles`: an unregistered lambda, NaN weights, not built, non-JSON metadata.
 */
export async function modelFiles(model: Sequential, options: SaveOptions = {}): Promise<ModelFiles> {
  return modelToFiles(model, { ...options, sha256, createdBy: `seqcast ${packageVersion()}` });
}

/**
 * Writes the files of {@link modelFiles} into the new directory `dir` (its parent must exist),
 * each flushed to disk. Not atomic by itself: for a directory that is swapped in afterwards.
 * @example await writeModelFiles('run.tmp-1-0a1b2c3d/model', files);
 * @throws the file-system error when `dir` exists or cannot be written.
 */
export async function writeModelFiles(dir: string, files: ModelFiles): Promise<void> {
  await mkdir(dir);
  for (const name of FILES) await writeDurably(join(dir, name), files[name]);
}

/**
 * Saves a model into the directory `dir`: model.json and weights.bin, atomically. Every check
 * runs before anything is written. `dir` may be new (its parents are made), empty, or a model
 * saved before (replaced). A save to `dir` that was killed half way is finished or undone first.
 * @example await saveModel(model, 'models/rnn', { metadata: { window: 20, series: 'sunspots' } })
 * @throws when the model cannot be saved (see `modelToFiles`: an unregistered lambda, NaN weights,
 * not built, non-JSON metadata); an OutputError when `dir` is a file or holds files other than a
 * saved model's, or it cannot be written (named, with the fix); the old model, if any, is left intact.
 */
export async function saveModel(model: Sequential, dir: string, options: SaveOptions = {}): Promise<void> {
  const files = await modelFiles(model, options);
  const target = resolve(dir);
  await recoverModelDir(target);
  await checkReplaceable(target, dir);
  await replaceDir(target, async (tmp) => {
    for (const name of FILES) await writeDurably(join(tmp, name), files[name]);
  });
}

/**
 * Finishes or undoes a save to `dir` that was killed half way (see src/fs/swap-dir.ts).
 * @example for (const note of await recoverModelDir('run/model')) console.log(`note: ${note}`);
 * @returns a note per thing done; none when there was nothing to recover.
 * @throws OutputError when the previous model cannot be put back (naming the rename to do by hand).
 */
export async function recoverModelDir(dir: string): Promise<string[]> {
  return recoverDir(dir, isCompleteModel, 'model');
}

/** Whether `dir` holds both files of a saved model (a save writes and flushes both before its first rename). */
async function isCompleteModel(dir: string): Promise<boolean> {
  const infos = await Promise.all(FILES.map((name) => stat(join(dir, name)).catch(() => null)));
  return infos.every((info) => info?.isFile());
}

// model.save(dir) writes through saveModel: loading this module (seqcast's Node entry point and
// the CLI do) is what gives the model a file system, and keeps node:fs out of browser bundles
registerModelSaver(saveModel);

/**
 * Loads a model saved by `model.save(dir)` / `saveModel`: topology, weights (verified by
 * size, SHA-256 and finiteness), training config and metadata. Register every user lambda first.
 * A TensorFlow.js layers model's directory (model.json with modelTopology and weightsManifest,
 * its shards, and optionally the sidecar seqcast.json) loads too, through `modelFromKeras`
 * (docs/interop.md): not compiled, its metadata the sidecar's.
 * Given a Keras model file instead (`.keras`, or a legacy `.h5`), loads it with `loadKerasModel`.
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
  // a Keras file (.keras, legacy .h5): read and translated, with the same kind of errors
  if (await isKerasModelPath(dir)) return loadKerasModel(dir);
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
  const text = json.toString('utf8');
  const tfjs = tfjsModelJson(text);
  if (tfjs !== null) return loadTfjsModel(dir, tfjs);
  const manifest = parseManifest(text, M);
  const weights = await readModelFile(dir, 'weights.bin', (size) => weightsSizeError(W, manifest.weights.byteLength, size));
  return modelFromManifest(manifest, weights, { sha256, source: dir });
}

/** The parsed model.json when it is a TensorFlow.js layers model's (modelTopology and weightsManifest), else null (parseManifest words every other case). */
function tfjsModelJson(text: string): unknown {
  if (!text.includes('"weightsManifest"') || !text.includes('"modelTopology"') || jsonDepthOver(text, MAX_JSON_DEPTH) !== null) return null;
  try {
    const raw: unknown = JSON.parse(text);
    return isTfjsModelJson(raw) ? raw : null;
  } catch {
    return null;
  }
}

/**
 * Checks that replacing `target` loses nothing: it is new, or a directory holding at most
 * model.json and weights.bin. @throws OutputError otherwise, naming what is there.
 */
async function checkReplaceable(target: string, dir: string): Promise<void> {
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    if (hasCode(err, 'ENOENT', 'ENOTDIR')) return;
    throw outputFailure(err, { action: `save the model to '${dir}'`, at: target });
  }
  if (!info.isDirectory())
    throw new OutputError(
      `Cannot save the model to '${dir}': it is a file. Pass a directory path (it is created, or replaced if it holds a saved model).`,
    );
  let names: string[];
  try {
    names = await readdir(target);
  } catch (err) {
    throw outputFailure(err, { action: `save the model to '${dir}'`, at: target });
  }
  const others = names.filter((name) => !(FILES as readonly string[]).includes(name));
  if (others.length > 0) {
    const list = others.slice(0, 3).join(', ') + (others.length > 3 ? ', ...' : '');
    throw new OutputError(
      `Cannot save the model to '${dir}': it holds other files (${list}), and saving replaces the whole directory. Save into a new or empty directory, or one that holds only a saved model.`,
    );
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
