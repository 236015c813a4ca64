/**
 * Reading a Keras model file: its model config (JSON, as Keras wrote it) and its weights in
 * Keras's get_weights() order, for `modelFromKeras` to turn into a seqcast model. Two formats,
 * told apart by their first bytes, not by the file's name:
 *
 * - `.keras` (Keras 3, and tf.keras 2.13+): a zip of `metadata.json` (`keras_version`),
 *   `config.json` (the model config) and `model.weights.h5` (see keras-weights.ts for its layout);
 * - legacy `.h5` (Keras 2's `model.save('x.h5')`, also Keras 3's): an HDF5 file whose root
 *   attributes hold `model_config` (JSON), `keras_version` and `backend`, and whose group
 *   `model_weights` holds the weights.
 *
 * Everything is checked before it is allocated: the file's size, each zip entry's declared size,
 * the JSON's size and nesting, every weight's dtype and shape and their total. float64 weights are
 * read as float32 (seqcast computes in float32; the rounding is below float32's own). Each problem
 * is one ModelFileError naming the file and the fix. Nothing from the file is ever run: a Lambda's
 * marshalled Python code stays a string in the config.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { jsonDepthOver } from '../data/json-depth.js';
import { ModelFileError, OptionError } from '../errors.js';
import { isObject } from '../is-object.js';
import { MAX_JSON_DEPTH, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../model/manifest.js';
import { HDF5_SIGNATURE, stringAttribute, withHdf5Bytes } from './hdf5-memory.js';
import { configLayers, keras3Weights, legacyWeights, type Fail } from './keras-weights.js';
import type { NamedTensor } from './named-tensor.js';
import { zipEntries } from './zip-entries.js';

export type { NamedTensor } from './named-tensor.js';

/** What a Keras file holds, ready for `modelFromKeras(modelConfig, weights, source)`. */
export interface KerasFileContents {
  /** The model config as Keras wrote it: `{class_name: 'Sequential' | 'Functional', config: {...}}` (Keras 3 adds `module`, `build_config`, `compile_config`). */
  modelConfig: unknown;
  /** The weights in Keras's get_weights() order, layer by layer (see keras-weights.ts for their names). */
  weights: NamedTensor[];
  /** `keras`: a Keras 3 zip; `h5`: a legacy HDF5 model file. */
  format: 'keras' | 'h5';
  /** The Keras version that wrote the file, when it says (`3.6.0`, `2.15.0`). */
  kerasVersion?: string;
}

/** The largest Keras file read: the largest weights seqcast loads, its config and the file's own structure. */
export const MAX_KERAS_FILE_BYTES = MAX_WEIGHTS_BYTES + MAX_MODEL_JSON_BYTES + 16 * 1024 * 1024;

const SAVE_AGAIN = "Save the model again from Keras with model.save('model.keras') (or model.save('model.h5')).";
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a Keras model file (`.keras` or legacy `.h5`) from disk: only a regular file, and only when
 * its size is one a model seqcast can run may have.
 * @example
 * const { modelConfig, weights } = await readKerasFile('models/course-rnn.keras');
 * const model = modelFromKeras(modelConfig, weights, 'models/course-rnn.keras');
 * @throws OptionError when `path` is not a non-empty string. ModelFileError, naming the file and the
 * fix, when it is missing, unreadable, not a regular file, too large, or not a Keras model file
 * (see {@link readKerasBytes}).
 */
export async function readKerasFile(path: string): Promise<KerasFileContents> {
  const given: unknown = path;
  if (typeof given !== 'string' || given.trim() === '' || given.includes('\0'))
    throw new OptionError(
      `readKerasFile(path) needs the path of a .keras or .h5 file as a non-empty string, got ${typeof given === 'string' ? JSON.stringify(given.slice(0, 60)) : given === null ? 'null' : typeof given}: e.g. readKerasFile('models/rnn.keras').`,
    );
  const fail = failFor(path);
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw fail(
      err.code === 'ENOENT' || err.code === 'ENOTDIR' ? 'the file does not exist' : `it cannot be read (${err.code ?? 'unknown error'})`,
      'Check the path and the permissions.',
    );
  });
  if (info.isDirectory())
    throw fail(
      'it is a directory',
      'Pass the .keras or .h5 file that Keras saved (a seqcast or TF.js model directory is read by loadModel).',
    );
  if (!info.isFile())
    throw fail('it is not a regular file (a device, a pipe or a socket)', 'Pass the .keras or .h5 file that Keras saved.');
  if (info.size > MAX_KERAS_FILE_BYTES) throw tooLarge(fail, info.size);
  // read what was opened, not the path again: the file may be replaced in between
  // non-blocking: a file replaced by a named pipe after the check must not hang the open
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((err: NodeJS.ErrnoException) => {
    throw fail(`it cannot be opened (${err.code ?? 'unknown error'})`, 'Check the permissions.');
  });
  let bytes: Uint8Array;
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.size !== info.size)
      throw fail('it changed while it was being read', 'Read it again once it is written.');
    bytes = new Uint8Array(opened.size);
    for (let read = 0; read < bytes.length;) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) throw fail('it changed while it was being read', 'Read it again once it is written.');
      read += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return readKerasBytes(bytes, path);
}

/**
 * Reads a Keras model file held in memory (e.g. a browser's file input): a `.keras` zip or a
 * legacy `.h5`, told apart by their first bytes. `source` names it in messages.
 * @example const contents = await readKerasBytes(new Uint8Array(await file.arrayBuffer()), file.name);
 * @throws OptionError when `bytes` is not a Uint8Array (a Buffer is one). ModelFileError, naming
 * `source` and the fix, when the bytes are neither a zip nor HDF5, the
 * zip is corrupt or truncated or lacks config.json or model.weights.h5, the HDF5 is corrupt or is
 * not a Keras model (weights only, no model config), the config is not JSON or has no list of
 * layers, a layer's weights are missing, a weight is not float32/float64, or a size is over the limits.
 */
export async function readKerasBytes(bytes: Uint8Array, source: string): Promise<KerasFileContents> {
  if (!((bytes as unknown) instanceof Uint8Array))
    throw new OptionError(
      `readKerasBytes(bytes, source) needs the file's bytes as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes === 'object' ? ((bytes as object).constructor?.name ?? 'an object') : typeof bytes}: e.g. new Uint8Array(await file.arrayBuffer()).`,
    );
  const fail = failFor(source);
  if (bytes.length > MAX_KERAS_FILE_BYTES) throw tooLarge(fail, bytes.length);
  if (startsWith(bytes, ZIP_SIGNATURE)) return readKerasZip(bytes, fail);
  if (startsWith(bytes, HDF5_SIGNATURE)) return readLegacyH5(bytes, fail);
  const hint =
    bytes.length === 0
      ? 'it is empty'
      : bytes[0] === 0x7b
        ? 'it is JSON, not a Keras model file (a TF.js model.json is read by loadModel with its directory)'
        : 'it is neither a .keras zip nor an HDF5 .h5 file';
  throw fail(hint, SAVE_AGAIN);
}

/** The reader of a `.keras` zip. */
async function readKerasZip(bytes: Uint8Array, fail: Fail): Promise<KerasFileContents> {
  const limits = { 'metadata.json': MAX_MODEL_JSON_BYTES, 'config.json': MAX_MODEL_JSON_BYTES, 'model.weights.h5': MAX_KERAS_FILE_BYTES };
  const { entries, names } = zipEntries(bytes, limits, fail);
  if (!entries['config.json'])
    throw fail('the archive has no config.json, so it is not a Keras 3 .keras file (a model.weights.h5 alone holds no model)', SAVE_AGAIN);
  const modelConfig = parseJson(entries['config.json'], 'config.json', fail);
  let kerasVersion: string | undefined;
  if (entries['metadata.json']) {
    const metadata = parseJson(entries['metadata.json'], 'metadata.json', fail);
    if (isObject(metadata) && typeof metadata.keras_version === 'string') kerasVersion = metadata.keras_version;
  }
  const layers = configLayers(modelConfig, fail);
  const h5 = entries['model.weights.h5'];
  if (!h5) {
    const npz = names.includes('model.weights.npz');
    throw fail(
      npz
        ? "its weights are in model.weights.npz, and seqcast reads Keras's default model.weights.h5"
        : 'the archive has no model.weights.h5',
      npz ? "Save it with model.save('model.keras') without weights_format='npz'." : SAVE_AGAIN,
    );
  }
  if (!startsWith(h5, HDF5_SIGNATURE)) throw fail('its model.weights.h5 is not an HDF5 file', SAVE_AGAIN);
  const weights = await withHdf5Bytes(
    h5,
    (file) => keras3Weights(file, layers, fail),
    (reason) => fail(`its model.weights.h5 is corrupt: ${reason}`, SAVE_AGAIN),
  );
  return { modelConfig, weights, format: 'keras', ...(kerasVersion === undefined ? {} : { kerasVersion }) };
}

/** The reader of a legacy `.h5` model file. */
function readLegacyH5(bytes: Uint8Array, fail: Fail): Promise<KerasFileContents> {
  return withHdf5Bytes(
    bytes,
    (file) => {
      const json = stringAttribute(file, 'model_config', fail);
      if (json === null) {
        const keras3 = file.get('/layers') !== null || file.get('/vars') !== null;
        const weightsOnly = keras3 || 'layer_names' in file.attrs || 'layer_names0' in file.attrs;
        throw fail(
          weightsOnly
            ? `it holds weights only (model.save_weights${keras3 ? "('x.weights.h5') of Keras 3" : ''}), without the model's config`
            : "it is an HDF5 file without a 'model_config' attribute, not a Keras model file",
          weightsOnly ? "Save the whole model with model.save('model.h5') or model.save('model.keras')." : SAVE_AGAIN,
        );
      }
      if (json.length > MAX_MODEL_JSON_BYTES)
        throw fail(`its model_config is ${json.length} characters, more than seqcast reads (${MAX_MODEL_JSON_BYTES})`, SAVE_AGAIN);
      const modelConfig = parseJsonText(json, "the attribute 'model_config'", fail);
      const layers = configLayers(modelConfig, fail);
      const kerasVersion = stringAttribute(file, 'keras_version', fail) ?? undefined;
      const weights = legacyWeights(file, layers, fail);
      return { modelConfig, weights, format: 'h5' as const, ...(kerasVersion === undefined ? {} : { kerasVersion }) };
    },
    (reason) => fail(`it is corrupt or truncated: ${reason}`, SAVE_AGAIN),
  );
}

/** JSON in UTF-8 bytes, after its size and nesting are checked. */
function parseJson(bytes: Uint8Array, what: string, fail: Fail): unknown {
  if (bytes.length > MAX_MODEL_JSON_BYTES)
    throw fail(`its ${what} is ${bytes.length} bytes, more than seqcast reads (${MAX_MODEL_JSON_BYTES})`, SAVE_AGAIN);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail(`its ${what} is not UTF-8 text`, SAVE_AGAIN);
  }
  return parseJsonText(text, what, fail);
}

/** JSON text, its nesting checked before it is parsed. */
function parseJsonText(text: string, what: string, fail: Fail): unknown {
  if (jsonDepthOver(text, MAX_JSON_DEPTH) !== null)
    throw fail(`its ${what} nests more than ${MAX_JSON_DEPTH} levels deep, which no Keras model does`, SAVE_AGAIN);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fail(`its ${what} is not valid JSON (${(err as Error).message})`, SAVE_AGAIN);
  }
}

/** The one-message error of the file `source`: `Cannot read the Keras model 'm.keras': <problem>. <fix>` */
function failFor(source: string): Fail {
  return (problem, fix) => new ModelFileError(`Cannot read the Keras model '${source}': ${problem}. ${fix}`);
}

/** The error for a file of `size` bytes, more than {@link MAX_KERAS_FILE_BYTES}. */
function tooLarge(fail: Fail, size: number): ModelFileError {
  return fail(
    `it is ${size} bytes, more than seqcast reads (${MAX_KERAS_FILE_BYTES} bytes: 512 MiB of weights and their config)`,
    'seqcast runs smaller models; check that this is the model file you meant.',
  );
}

/** True when `bytes` begins with `prefix`. */
function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
