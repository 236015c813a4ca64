/**
 * model.json, the manifest of a saved model: its types, and the checks that turn any parsed JSON
 * into a trusted manifest or one clear error (a foreign file, a newer version, a missing or
 * mistyped field). docs/model-format.md documents every field for users.
 */
import type { LayerShape } from '../engine/shape.js';
import type { LayerJSON } from '../layers/registry.js';

/** The value of `format` in every seqcast model.json. */
export const MODEL_FORMAT = 'seqcast-model';
/** The format version this seqcast writes, and the newest it reads. */
export const MODEL_FORMAT_VERSION = 1;

/** The compiled loss, optimizer and metrics of a saved model. */
export interface TrainingJSON {
  /** `{ name: 'huber', delta: 1 }`, `{ name: 'mse' }`, `{ name: 'mae' }`. */
  loss: { name: string; [key: string]: unknown };
  /** `{ name: 'sgd', learningRate, momentum, nesterov, ... }` or `{ name: 'adam', ... }`: the optimizer's `config()`. */
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
  /** SHA-256 of weights.bin as 64 hex digits; null when the writer had no hash function. */
  sha256: string | null;
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

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is LayerShape => Array.isArray(v) && v.every((d) => d === null || (Number.isInteger(d) && d >= 0));
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * Checks parsed model.json (`M` names the file in messages) and returns it typed.
 * @example const manifest = checkManifest(JSON.parse(text), 'model.json');
 * @throws when it is not a seqcast model (a TensorFlow.js or Keras file is named as such), has a
 * newer version (telling to upgrade seqcast), or a field is missing or has the wrong type.
 */
export function checkManifest(raw: unknown, M: string): ModelManifest {
  if (!isObject(raw))
    throw new Error(
      `${M} is not a seqcast model: it holds a JSON ${Array.isArray(raw) ? 'array' : typeof raw}, not an object with "format": "${MODEL_FORMAT}".`,
    );
  if (raw.format !== MODEL_FORMAT) {
    if ('modelTopology' in raw || 'weightsManifest' in raw) {
      throw new Error(
        `${M} is a TensorFlow.js (Keras) model, not a seqcast model: seqcast does not load tfjs files. Build the model with seqcast layers (Keras gate order and weight shapes) and train it, or copy its weights into model.params.values.`,
      );
    }
    if ('keras_version' in raw || ('class_name' in raw && 'config' in raw)) {
      throw new Error(
        `${M} is a Keras model config, not a seqcast model: seqcast does not load Keras files. Build the model with seqcast layers instead.`,
      );
    }
    throw new Error(
      `${M} is not a seqcast model: its "format" is ${JSON.stringify(raw.format) ?? 'missing'}, expected "${MODEL_FORMAT}". Load a directory written by model.save(dir).`,
    );
  }
  const version = raw.version;
  if (!Number.isInteger(version) || (version as number) < 1)
    throw new Error(
      `${M} has an invalid "version" ${JSON.stringify(version) ?? '(missing)'}: expected an integer from 1; the file is corrupt, save the model again.`,
    );
  if ((version as number) > MODEL_FORMAT_VERSION) {
    throw new Error(
      `${M} has format version ${version}, newer than this seqcast reads (up to ${MODEL_FORMAT_VERSION}); it was written by ${String(raw.createdBy)}: upgrade seqcast (npm install seqcast@latest).`,
    );
  }
  const bad = (path: string, what: string, got: unknown): Error =>
    new Error(
      `${M}: "${path}" must be ${what}, got ${JSON.stringify(got) ?? 'nothing'}: the file is corrupt or was edited by hand; save the model again.`,
    );
  if (typeof raw.createdBy !== 'string') throw bad('createdBy', 'a string', raw.createdBy);

  const model = raw.model;
  if (!isObject(model)) throw bad('model', 'an object', model);
  if (typeof model.name !== 'string') throw bad('model.name', 'a string', model.name);
  if (typeof model.seed !== 'number') throw bad('model.seed', 'a number', model.seed);
  if (!isShape(model.inputShape)) throw bad('model.inputShape', 'a shape such as [null, 1]', model.inputShape);
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
  if (!isCount(w.byteLength)) throw bad('weights.byteLength', 'a byte count', w.byteLength);
  if (w.sha256 !== null && !(typeof w.sha256 === 'string' && /^[0-9a-f]{64}$/.test(w.sha256)))
    throw bad('weights.sha256', '64 hex digits or null', w.sha256);
  if (!Array.isArray(w.tensors)) throw bad('weights.tensors', 'an array', w.tensors);
  w.tensors.forEach((t: unknown, i) => {
    const ok =
      isObject(t) &&
      typeof t.layer === 'string' &&
      typeof t.name === 'string' &&
      isShape(t.shape) &&
      isCount(t.offset) &&
      isCount(t.length);
    if (!ok) throw bad(`weights.tensors[${i}]`, 'an object { layer, name, shape, offset, length }', t);
  });

  if (!isObject(raw.metadata)) throw bad('metadata', 'an object', raw.metadata);
  return raw as unknown as ModelManifest;
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
