/**
 * seqcast.json, the sidecar seqcast writes next to an exported model's files (docs/interop.md): the
 * preprocessing the model's inputs and outputs are in, which a TF.js or ONNX file cannot say.
 *
 *   { "format": "seqcast-sidecar", "version": 1,
 *     "window": 20,            // values per input window; null when the model takes any length
 *     "transform": {...},      // the fitted target transform state (TransformJSON), or null: raw values
 *     "metadata": {...} }      // the seqcast model's metadata (a `seqcast train` run's RunMetadata)
 *
 * A foreign model without a sidecar takes raw values; a user may write one by hand. Node-only.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileError } from '../errors.js';
import { isObject } from '../is-object.js';
import { MAX_MODEL_JSON_BYTES } from '../model/manifest.js';
import type { TransformJSON } from '../data/transforms/transform.js';

/** The sidecar's file name. */
export const SIDECAR_FILE = 'seqcast.json';

/** The sidecar's content. */
export interface Sidecar {
  format: 'seqcast-sidecar';
  version: 1;
  /** Values per input window; null when the model takes windows of any length. */
  window: number | null;
  /** The fitted target transform (its `toJSON()`) the model's inputs and outputs are in; null for raw values. */
  transform: TransformJSON | null;
  /** The seqcast model's metadata (a `seqcast train` run's RunMetadata); {} when there was none. */
  metadata: Record<string, unknown>;
}

/**
 * The sidecar in `dir`, or null when there is none.
 * @example const side = await readSidecar('exported'); side?.window
 * @throws ModelFileError when seqcast.json is not a regular file, too large, not JSON, or not a sidecar of this version.
 */
export async function readSidecar(dir: string): Promise<Sidecar | null> {
  const path = join(dir, SIDECAR_FILE);
  const bad = (what: string): ModelFileError =>
    new ModelFileError(`'${path}' ${what}. Remove it (the model then takes raw values), or export the model again.`);
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (!info.isFile()) throw bad('is not a regular file');
  if (info.size > MAX_MODEL_JSON_BYTES) throw bad(`is larger than ${MAX_MODEL_JSON_BYTES / 1024 / 1024} MiB`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw bad(`is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(raw) || raw.format !== 'seqcast-sidecar') throw bad('is not a seqcast sidecar ("format": "seqcast-sidecar")');
  if (raw.version !== 1)
    throw bad(`has version ${JSON.stringify(raw.version)}, which this seqcast does not read (it reads 1): upgrade seqcast`);
  const window = raw.window ?? null;
  if (window !== null && !(Number.isInteger(window) && (window as number) >= 1 && (window as number) <= 100_000))
    throw bad(`has "window": ${JSON.stringify(window)}, not a whole number from 1 to 100,000 or null`);
  const transform = raw.transform ?? null;
  if (transform !== null && !isObject(transform)) throw bad('has a "transform" that is not an object (a fitted transform state) or null');
  const metadata = raw.metadata ?? {};
  if (!isObject(metadata)) throw bad('has a "metadata" that is not an object');
  return { format: 'seqcast-sidecar', version: 1, window: window as number | null, transform: transform as TransformJSON | null, metadata };
}
