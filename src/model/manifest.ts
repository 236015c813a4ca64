/**
 * model.json, the manifest of a saved model: its types, and the checks that turn any text into a
 * trusted manifest or one clear ModelFileError (too large, nested too deep, not JSON, a foreign
 * file, a newer version, a missing or mistyped field, a checksum missing, a weights layout that
 * does not add up). Everything here runs before a layer is built or a weight allocated: after it,
 * the sizes that loading allocates are those of the weights the manifest lists, which the weights
 * file must match byte for byte. docs/model-format.md documents every field and limit for users.
 */
import { sizeOf, type LayerShape } from '../engine/shape.js';
import { ModelFileError } from '../errors.js';
import type { LayerJSON } from '../layers/registry.js';
import { jsonDepthOver } from '../data/json-depth.js';
import { isObject } from '../is-object.js';

/** The value of `format` in every seqcast model.json. */
export const MODEL_FORMAT = 'seqcast-model';
/** The format version this seqcast writes, and the newest it reads. */
export const MODEL_FORMAT_VERSION = 1;

/** The largest model.json seqcast writes or reads: 8 MiB (a model's is a few KiB; the rest is metadata). */
export const MAX_MODEL_JSON_BYTES = 8 * 1024 * 1024;
/** The largest weights.bin seqcast reads: 512 MiB, 134,217,728 float32 weights. */
export const MAX_WEIGHTS_BYTES = 512 * 1024 * 1024;
/** How deep objects and arrays may nest in model.json (a model's go 6 deep; metadata may add some). */
export const MAX_JSON_DEPTH = 64;
/**
 * The most values one example may have at the input or output of a layer, an axis of any length
 * (null) counted as 17 steps: what a Lambda layer's trial run to infer its output shape allocates.
 */
export const MAX_EXAMPLE_VALUES = 4 * 1024 * 1024;

/** The compiled loss, optimizer and metrics of a saved model. */
export interface TrainingJSON {
  /** `{ name: 'huber', delta: 1 }`, `{ name: 'mse' }`, `{ name: 'mae' }`. */
  loss: { name: string; [key: string]: unknown };
  /** `{ name: 'sgd', learningRate, momentum, nesterov, ... }`, `{ name: 'adam', ... }` or `{ name: 'rmsprop', ... }`: the optimizer's `config()`. */
  optimizer: { name: string; [key: string]: unknown };
  metrics: string[];
}

/** One weight tensor in weights.bin: `values[offset .. offset + length)` (counted in float32 values, not bytes). */
export interface TensorEntry {
  /** Name of the model's layer that owns the tensor. */
  layer: string;
  /** `kernel`, `recurrent_kernel`, `bias`; a Bidirectional's prefixed by its copy: `forward_lstm/kernel`. */
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** How weights.bin is laid out. */
export interface WeightsManifest {
  dtype: 'float32';
  byteOrder: 'little';
  byteLength: number;
  /** SHA-256 of weights.bin as 64 lowercase hex digits; loading refuses a file without it. */
  sha256: string;
  tensors: TensorEntry[];
}

/** The content of model.json. */
export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  /** `seqcast 0.1.0`. */
  createdBy: string;
  model: { name: string; seed: number; inputShape: LayerShape; layers: LayerJSON[] };
  training: TrainingJSON | null;
  weights: WeightsManifest;
  metadata: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

const isShape = (v: unknown): v is LayerShape => Array.isArray(v) && v.every((d) => d === null || (Number.isInteger(d) && d >= 0));
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isDims = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 1);

/**
 * The checked manifest in a model.json's text (`M` names the file in messages): the size, the
 * nesting depth, the JSON itself, then {@link checkManifest}.
 * @example const manifest = parseManifest(await file.text(), "'run/model/model.json'");
 * @throws ModelFileError when the text is larger than {@link MAX_MODEL_JSON_BYTES}, nests deeper than
 * {@link MAX_JSON_DEPTH} (checked before parsing, so nothing recurses that deep), is not JSON, or
 * whatever `checkManifest` throws.
 */
export function parseManifest(text: string, M: string): ModelManifest {
  // a string has at least as many UTF-8 bytes as UTF-16 units: this never refuses a file within the limit
  if (text.length > MAX_MODEL_JSON_BYTES) throw modelJsonTooLarge(M, text.length);
  if (jsonDepthOver(text, MAX_JSON_DEPTH) !== null)
    throw new ModelFileError(
      `${M} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, which no seqcast model does: the file is corrupt or not a model file; save the model again.`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ModelFileError(
      `${M} is not valid JSON (${(err as Error).message}): the file is corrupt or not a model file; save the model again.`,
    );
  }
  return checkManifest(raw, M);
}

/**
 * The error for a model.json of `bytes` bytes, more than {@link MAX_MODEL_JSON_BYTES}.
 * @example throw modelJsonTooLarge("'m/model.json'", 9e6)
 * @throws never.
 */
export function modelJsonTooLarge(M: string, bytes: number): ModelFileError {
  return new ModelFileError(
    `${M} is ${mib(bytes)}, more than a model.json can be (${mib(MAX_MODEL_JSON_BYTES)}): it is not a seqcast model file. Pass the directory that model.save(dir) or \`seqcast train --out\` wrote.`,
  );
}

/** `12.3 MiB` (or `512 bytes`). */
function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/**
 * A value from a file, for a message: its JSON, cut to 60 characters (a file may hold megabytes
 * where a number was expected), or `nothing` when it is missing.
 */
function preview(v: unknown): string {
  const json = JSON.stringify(v);
  if (json === undefined) return 'nothing';
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Values of one example of `shape`, an axis of any length counted as 17 (see {@link MAX_EXAMPLE_VALUES}). */
export function exampleValues(shape: LayerShape): number {
  return shape.reduce<number>((n, d) => n * (d ?? 17), 1);
}

/**
 * Checks parsed model.json (`M` names the file in messages) and returns it typed.
 * @example const manifest = checkManifest(JSON.parse(text), 'model.json');
 * @throws when it is not a seqcast model (a TensorFlow.js or Keras file is named as such), has a
 * newer version (telling to upgrade seqcast), or a field is missing or has the wrong type.
 */
export function checkManifest(raw: unknown, M: string): ModelManifest {
  if (!isObject(raw))
    throw new ModelFileError(
      `${M} is not a seqcast model: it holds a JSON ${Array.isArray(raw) ? 'array' : typeof raw}, not an object with "format": "${MODEL_FORMAT}".`,
    );
  if (raw.format !== MODEL_FORMAT) {
    if ('modelTopology' in raw || 'weightsManifest' in raw) {
      throw new ModelFileError(
        `${M} is a TensorFlow.js layers model, not a seqcast model file: load its directory with loadModel(dir), which reads its weight shards too (in a browser, modelFromTfjsFiles).`,
      );
    }
    if ('keras_version' in raw || ('class_name' in raw && 'config' in raw)) {
      throw new ModelFileError(
        `${M} is a Keras model config, not a seqcast model: translate it with its weights through modelFromKeras(config, weights, source), or convert it to a TensorFlow.js layers model and load that directory.`,
      );
    }
    throw new ModelFileError(
      `${M} is not a seqcast model: its "format" is ${raw.format === undefined ? 'missing' : preview(raw.format)}, expected "${MODEL_FORMAT}", and it is not a TensorFlow.js layers model either (no "modelTopology" and "weightsManifest"). Load a directory written by model.save(dir), or a TensorFlow.js layers model's.`,
    );
  }
  const version = raw.version;
  if (!Number.isInteger(version) || (version as number) < 1)
    throw new ModelFileError(
      `${M} has an invalid "version" ${version === undefined ? '(missing)' : preview(version)}: expected an integer from 1; the file is corrupt, save the model again.`,
    );
  if ((version as number) > MODEL_FORMAT_VERSION) {
    throw new ModelFileError(
      `${M} has format version ${version}, newer than this seqcast reads (up to ${MODEL_FORMAT_VERSION}); it was written by ${typeof raw.createdBy === 'string' ? preview(raw.createdBy).slice(1, -1) : 'an unknown writer'}: upgrade seqcast (npm install seqcast@latest).`,
    );
  }
  const bad = (path: string, what: string, got: unknown): ModelFileError =>
    new ModelFileError(
      `${M}: "${path}" must be ${what}, got ${preview(got)}: the file is corrupt or was edited by hand; save the model again.`,
    );
  if (typeof raw.createdBy !== 'string') throw bad('createdBy', 'a string', raw.createdBy);

  const model = raw.model;
  if (!isObject(model)) throw bad('model', 'an object', model);
  if (typeof model.name !== 'string') throw bad('model.name', 'a string', model.name);
  if (!Number.isInteger(model.seed) || (model.seed as number) < 0 || (model.seed as number) > 0xffffffff)
    throw bad('model.seed', 'an integer from 0 to 4294967295', model.seed);
  if (!isShape(model.inputShape)) throw bad('model.inputShape', 'a shape such as [null, 1]', model.inputShape);
  if (exampleValues(model.inputShape) > MAX_EXAMPLE_VALUES)
    throw bad(
      'model.inputShape',
      `a shape of at most ${MAX_EXAMPLE_VALUES} values per example (an axis of any length counts as 17)`,
      model.inputShape,
    );
  if (!Array.isArray(model.layers) || model.layers.length === 0) throw bad('model.layers', 'a non-empty array', model.layers);
  model.layers.forEach((l: unknown, i) => {
    if (!isObject(l) || typeof l.className !== 'string' || !isObject(l.config))
      throw bad(`model.layers[${i}]`, 'an object { className, config }', l);
  });

  const training = raw.training;
  if (training !== null) {
    if (!isObject(training)) throw bad('training', 'an object or null', training);
    for (const key of ['loss', 'optimizer']) {
      const part = training[key];
      if (!isObject(part) || typeof part.name !== 'string') throw bad(`training.${key}`, 'an object with a "name"', part);
    }
    if (!Array.isArray(training.metrics) || !training.metrics.every((m) => typeof m === 'string'))
      throw bad('training.metrics', 'an array of names', training.metrics);
  }

  const w = raw.weights;
  if (!isObject(w)) throw bad('weights', 'an object', w);
  if (w.dtype !== 'float32') throw bad('weights.dtype', '"float32"', w.dtype);
  if (w.byteOrder !== 'little') throw bad('weights.byteOrder', '"little"', w.byteOrder);
  if (!isCount(w.byteLength) || w.byteLength % 4 !== 0) throw bad('weights.byteLength', 'a byte count (4 per weight)', w.byteLength);
  if (w.byteLength > MAX_WEIGHTS_BYTES)
    throw new ModelFileError(
      `${M} records weights of ${mib(w.byteLength)}, more than seqcast loads (${mib(MAX_WEIGHTS_BYTES)}): the file is corrupt or was edited by hand; save the model again.`,
    );
  if (w.sha256 === null || w.sha256 === undefined)
    throw new ModelFileError(
      `${M} has no checksum for weights.bin ("weights.sha256" is ${w.sha256 === null ? 'null' : 'missing'}), so nothing shows that the weights are intact: the file is incomplete or was edited. Save the model again (model.save(dir), or train again with \`seqcast train --out\`) to get a file with its checksum.`,
    );
  if (!(typeof w.sha256 === 'string' && /^[0-9a-f]{64}$/.test(w.sha256))) throw bad('weights.sha256', '64 lowercase hex digits', w.sha256);
  if (!Array.isArray(w.tensors)) throw bad('weights.tensors', 'an array', w.tensors);
  checkLayout(w.tensors, w.byteLength, M, bad);

  if (!isObject(raw.metadata)) throw bad('metadata', 'an object', raw.metadata);
  return raw as unknown as ModelManifest;
}

/**
 * The tensors must tile weights.bin: each `length` the product of its `shape`, each `offset` where
 * the one before ended, and all of them `byteLength / 4` values.
 */
function checkLayout(
  tensors: unknown[],
  byteLength: number,
  M: string,
  bad: (path: string, what: string, got: unknown) => ModelFileError,
): void {
  let offset = 0;
  tensors.forEach((t: unknown, i) => {
    const ok =
      isObject(t) && typeof t.layer === 'string' && typeof t.name === 'string' && isDims(t.shape) && isCount(t.offset) && isCount(t.length);
    if (!ok) throw bad(`weights.tensors[${i}]`, 'an object { layer, name, shape, offset, length }', t);
    const length = sizeOf(t.shape as number[]);
    if (t.length !== length)
      throw bad(`weights.tensors[${i}].length`, `${length}, the size of its shape [${(t.shape as number[]).join(', ')}]`, t.length);
    if (t.offset !== offset) throw bad(`weights.tensors[${i}].offset`, `${offset}, where the tensor before it ends`, t.offset);
    offset += length;
  });
  if (offset * 4 !== byteLength)
    throw new ModelFileError(
      `${M} records weights.byteLength ${byteLength} but its tensors hold ${offset * 4} bytes: the file was edited; save the model again.`,
    );
}

/**
 * Checks that metadata is plain JSON (objects, arrays, strings, finite numbers, booleans, null),
 * so that it comes back from model.json exactly as it was saved.
 * @example checkMetadata({ window: 20, scaler: { mean: 50.2, std: 12.1 } })
 * @throws naming the first value that is not plain JSON (a typed array, a Date, NaN, undefined...).
 */
export function checkMetadata(metadata: unknown): Record<string, unknown> {
  if (!isObject(metadata)) throw new Error(`metadata must be a plain object, got ${describe(metadata)}.`);
  const visit = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number' && Number.isFinite(v)) return;
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${path}[${i}]`));
    const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
    if (proto === Object.prototype || proto === null) {
      for (const [k, x] of Object.entries(v as Obj)) visit(x, `${path}.${k}`);
      return;
    }
    throw new Error(
      `${path} is ${describe(v)}, which JSON cannot keep: metadata must be plain JSON (convert typed arrays with Array.from, dates with toISOString).`,
    );
  };
  visit(metadata, 'metadata');
  return metadata;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return typeof v === 'number' || v === undefined ? String(v) : `a ${typeof v}`;
}
