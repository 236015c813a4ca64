/**
 * A Keras model file as a seqcast model: readKerasFile (the file layer, keras-file.ts) then
 * modelFromKeras (the config translator, keras-model.ts). Goes to src/interop/load-keras.ts once
 * both branches of issue 18 are merged; `loadModel(path)` and `seqcast forecast --model file.keras`
 * call it (see .scratch/wiring.patch).
 */
import { open, stat } from 'node:fs/promises';
import type { Sequential } from '../model/sequential.js';
import { readKerasFile } from './keras-file.js';
import { modelFromKeras } from './keras-model.js';

/**
 * Loads a Keras model file (`.keras` of Keras 3, legacy `.h5` of Keras 2) as a seqcast model with
 * its weights. The course's Lambdas are recognized by their role; nothing from the file is run.
 * @example const model = await loadKerasModel('models/course-rnn.keras'); model.predict(x);
 * @throws OptionError when `path` is not a non-empty string. ModelFileError, naming the file and
 * the fix, when the file is missing, unreadable, too large, corrupt or not a Keras model file
 * (readKerasFile), or holds a layer, option or Lambda seqcast cannot run (modelFromKeras).
 */
export async function loadKerasModel(path: string): Promise<Sequential> {
  const { modelConfig, weights } = await readKerasFile(path);
  return modelFromKeras(modelConfig, weights, path);
}

/** The first bytes of a .keras (a zip) and of an HDF5 .h5. */
const SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a],
];

/**
 * Whether `path` names a Keras model file rather than a model directory: not a directory, and a
 * name ending in .keras, .h5 or .hdf5 (so a missing one gets readKerasFile's message) or a regular
 * file that starts as a zip or an HDF5 file does.
 * @example if (await isKerasModelPath(flags.model)) model = await loadKerasModel(flags.model);
 * @throws never: a path that cannot be read is not a Keras file here (the loader then says why).
 */
export async function isKerasModelPath(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return false; // a model directory, whatever its name
  if (/\.(keras|h5|hdf5)$/i.test(path)) return true;
  if (!info?.isFile()) return false;
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return SIGNATURES.some((s) => bytesRead >= s.length && s.every((b, i) => head[i] === b));
  } finally {
    await handle.close();
  }
}
