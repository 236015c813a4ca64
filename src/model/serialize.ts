/**
 * Models to and from two files, with no file system (it runs in a browser): model.json (topology,
 * training config, weights manifest, metadata) and weights.bin (the flat parameter buffer,
 * little-endian float32). `save-node.ts` writes and reads them on disk. The format is documented
 * for users in docs/model-format.md.
 *
 * Loading checks, in order, each failing with one message naming the file and the fix: JSON,
 * format, version, structure, layers (through the factories), tensor shapes against the rebuilt
 * layers, byte length, sha256 (when a hash function is given), NaN.
 */
import type { LayerShape } from '../engine/shape.js';
import { layerFromJSON, layerToJSON, type LayerJSON } from '../layers/registry.js';
import { huber, mae, mse, type Loss } from '../losses/losses.js';
import { adam, type AdamOptions } from '../optim/adam.js';
import { sgd, type SgdOptions } from '../optim/sgd.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { MetricName } from './compile.js';
import { sequential, type SaveOptions, type Sequential } from './sequential.js';
import { checkManifest, checkMetadata, type ModelManifest, type TensorEntry, type TrainingJSON } from './manifest.js';

export type { SaveOptions } from './sequential.js';
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
  type TensorEntry,
  type TrainingJSON,
  type WeightsManifest,
} from './manifest.js';

/** The two files of a saved model. */
export interface ModelFiles {
  'model.json': string;
  'weights.bin': Uint8Array;
}

/** A synchronous SHA-256: the bytes' digest as 64 lowercase hex digits. */
export type Sha256 = (bytes: Uint8Array) => string;

/** Options of {@link modelToFiles}. */
export interface ToFilesOptions extends SaveOptions {
  /** Digest of weights.bin, recorded in model.json; without it `sha256` is null. Node: `saveModel` passes node:crypto's. */
  sha256?: Sha256;
  /** Recorded as `createdBy`; default `seqcast`. */
  createdBy?: string;
}

/** Options of {@link modelFromFiles}. */
export interface FromFilesOptions {
  /** Verifies weights.bin against the recorded digest; without it the digest is not checked. */
  sha256?: Sha256;
  /** Where the files came from (a directory), to name them in error messages. */
  source?: string;
}

const BUILTIN_LOSSES = ['mse', 'mae', 'huber'];
const BUILTIN_OPTIMIZERS = ['sgd', 'adam'];
/** True on little-endian machines (all common ones): weights.bin is then the buffer's bytes as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A model as its two files: model.json (text) and weights.bin (bytes). Every check runs before
 * anything is produced, so a save that fails writes nothing.
 * @example
 * const files = modelToFiles(model, { metadata: { window: 20 } });
 * download(files['model.json']); download(files['weights.bin']);
 * @throws when the model is not built, has a layer that cannot be saved (a lambda whose function
 * is not registered: call `registerLambda(name, fn)`), has NaN weights, uses a custom loss or
 * optimizer (pass `includeOptimizer: false`), or when `metadata` is not plain JSON.
 */
export function modelToFiles(model: Sequential, options: ToFilesOptions = {}): ModelFiles {
  const layers = model.layers.map(layerToJSON);
  const values = model.params.values;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new Error(
        `Model '${model.name}' has a non-finite weight (${values[i]}) at value ${i}: it cannot be saved; retrain it with a lower learning rate.`,
      );
  }
  const training = options.includeOptimizer !== false && model.isCompiled ? trainingToJSON(model) : null;
  const metadata = checkMetadata(options.metadata ?? model.metadata);
  const bytes = toLittleEndian(values);
  const manifest: ModelManifest = {
    format: 'seqcast-model',
    version: 1,
    createdBy: options.createdBy ?? 'seqcast',
    model: { name: model.name, seed: model.seed, inputShape: model.inputShape!, layers },
    training,
    weights: {
      dtype: 'float32',
      byteOrder: 'little',
      byteLength: bytes.byteLength,
      sha256: options.sha256 ? options.sha256(bytes) : null,
      tensors: tensorEntries(model),
    },
    metadata,
  };
  // indented for people, with arrays of numbers (shapes) on one line; a line break never occurs
  // inside a JSON string (it is escaped), so matching on line breaks leaves strings alone
  const num = '(?:-?[\\d.eE+-]+|null)';
  const flat = new RegExp(`\\[\\n\\s*(${num}(?:,\\n\\s*${num})*)\\n\\s*\\]`, 'g');
  const text = JSON.stringify(manifest, null, 2).replace(flat, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
  return { 'model.json': `${text}\n`, 'weights.bin': bytes };
}

/**
 * A model from its two files (the inverse of {@link modelToFiles}): same layers, names and
 * weights (so `predict` is bit-identical), compiled again when the training config was saved,
 * and `metadata` restored. A user lambda must be registered under its saved name first.
 * @example
 * const model = modelFromFiles(await jsonFile.text(), await weightsFile.arrayBuffer());
 * @throws with one message naming the file and the fix when model.json is not JSON, not a
 * seqcast model (a TensorFlow.js or Keras file is recognized), of a newer version, malformed,
 * names an unknown layer or an unregistered lambda, or a config the layer rejects; when the
 * recorded tensor shapes do not match the rebuilt layers (a hand-edited topology); when
 * weights.bin is truncated or too long, fails its sha256 (with `options.sha256`), or holds NaN.
 */
export function modelFromFiles(json: string, weights: ArrayBuffer | Uint8Array, options: FromFilesOptions = {}): Sequential {
  const where = (file: string): string => (options.source ? `'${options.source.replace(/[\\/]+$/, '')}/${file}'` : file);
  const M = where('model.json');
  const W = where('weights.bin');
  if (typeof json !== 'string') throw new Error(`${M} must be given as text (a string), got ${typeof json}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`${M} is not valid JSON (${(err as Error).message}): the file is corrupt or not a model file; save the model again.`);
  }
  const manifest = checkManifest(raw, M);
  const model = rebuild(manifest.model, M);
  checkTensors(model, manifest.weights.tensors, M);
  const bytes = weights instanceof ArrayBuffer ? new Uint8Array(weights) : weights;
  if (!(bytes instanceof Uint8Array)) throw new Error(`${W} must be given as bytes (an ArrayBuffer or a Uint8Array).`);
  const expected = manifest.weights.byteLength;
  if (expected !== model.params.values.length * 4) {
    throw new Error(
      `${M} records weights.byteLength ${expected} but its tensors hold ${model.params.values.length * 4} bytes: the file was edited; save the model again.`,
    );
  }
  if (bytes.byteLength < expected)
    throw new Error(
      `${W} is truncated: expected ${expected} bytes, found ${bytes.byteLength}. Copy the file again, or save the model again.`,
    );
  if (bytes.byteLength > expected)
    throw new Error(
      `${W} is too long: expected ${expected} bytes, found ${bytes.byteLength}. It does not belong to this model.json: keep the two files of one save together.`,
    );
  const recorded = manifest.weights.sha256;
  if (options.sha256 && recorded !== null) {
    const actual = options.sha256(bytes);
    if (actual !== recorded)
      throw new Error(
        `${W} is corrupt: its sha256 is ${actual} but ${M} records ${recorded}. Restore the file from a copy, or save the model again.`,
      );
  }
  const values = fromLittleEndian(bytes);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const t = manifest.weights.tensors.find((e) => i >= e.offset && i < e.offset + e.length)!;
      throw new Error(
        `${W} holds a non-finite value (${values[i]}) at value ${i}, in '${t.layer}' ${t.name}: the file is corrupt; restore it or save the model again.`,
      );
    }
  }
  model.params.values.set(values);
  if (manifest.training) compileFrom(model, manifest.training, M);
  model.metadata = manifest.metadata;
  return model;
}

/** The compiled loss, optimizer and metrics as JSON. @throws on a custom loss or optimizer. */
function trainingToJSON(model: Sequential): TrainingJSON {
  const { loss, optimizer, metrics } = model;
  if (!BUILTIN_LOSSES.includes(loss.name)) {
    throw new Error(
      `Model '${model.name}' is compiled with the custom loss '${loss.name}', which cannot be saved: pass { includeOptimizer: false } to save without the training config, and compile again after loading.`,
    );
  }
  if (!BUILTIN_OPTIMIZERS.includes(optimizer.name)) {
    throw new Error(
      `Model '${model.name}' is compiled with the custom optimizer '${optimizer.name}', which cannot be saved: pass { includeOptimizer: false } to save without the training config, and compile again after loading.`,
    );
  }
  return { loss: { name: loss.name, ...loss.config }, optimizer: { name: optimizer.name, ...optimizer.config() }, metrics: [...metrics] };
}

/** Compiles a loaded model with the saved loss, optimizer (fresh state) and metrics. */
function compileFrom(model: Sequential, training: TrainingJSON, M: string): void {
  const { name: lossName, ...lossConfig } = training.loss;
  const { name: optName, ...optConfig } = training.optimizer;
  try {
    const loss: Loss =
      lossName === 'huber'
        ? huber(lossConfig.delta as number | undefined)
        : lossName === 'mse'
          ? mse()
          : lossName === 'mae'
            ? mae()
            : unknownName('loss', lossName, BUILTIN_LOSSES);
    const optimizer: Optimizer =
      optName === 'sgd'
        ? sgd(optConfig as SgdOptions)
        : optName === 'adam'
          ? adam(optConfig as AdamOptions)
          : unknownName('optimizer', optName, BUILTIN_OPTIMIZERS);
    model.compile({ loss, optimizer, metrics: training.metrics as MetricName[] });
  } catch (err) {
    throw new Error(
      `${M}: the training config cannot be restored: ${(err as Error).message} Fix or remove "training" (null), or save the model again.`,
    );
  }
}

function unknownName(what: string, name: string, known: string[]): never {
  throw new Error(`unknown ${what} '${name}' (seqcast knows ${known.join(', ')}).`);
}

/** Builds the model from the topology, through the layer factories. */
function rebuild(topology: ModelManifest['model'], M: string): Sequential {
  const layers = topology.layers.map((json: LayerJSON, i) => {
    try {
      return layerFromJSON(json);
    } catch (err) {
      const name = typeof json.config?.name === 'string' ? ` '${json.config.name}'` : '';
      throw new Error(`${M}: layer ${i}${name} (${json.className}): ${(err as Error).message}`);
    }
  });
  try {
    const model = sequential(layers, { name: topology.name, seed: topology.seed });
    if (!model.built) model.build(topology.inputShape);
    const built = model.inputShape!;
    if (!sameShape(built, topology.inputShape))
      throw new Error(
        `the first layer's inputShape [${built.join(', ')}] differs from model.inputShape [${topology.inputShape.join(', ')}].`,
      );
    return model;
  } catch (err) {
    throw new Error(
      `${M}: the layers do not fit together: ${(err as Error).message} The file was edited or is corrupt; save the model again.`,
    );
  }
}

/** One manifest entry per weight tensor, in the flat buffer's order. */
function tensorEntries(model: Sequential): TensorEntry[] {
  const segments = model.params.segments;
  const entries: TensorEntry[] = [];
  for (const layer of model.layers) {
    const names = layer.paramNames();
    layer.params.forEach((p, j) => {
      const { offset, length } = segments[entries.length];
      entries.push({ layer: layer.name, name: names[j], shape: [...p.shape], offset, length });
    });
  }
  return entries;
}

/** The recorded tensors must be those of the rebuilt layers, one by one. */
function checkTensors(model: Sequential, saved: readonly TensorEntry[], M: string): void {
  const actual = tensorEntries(model);
  const describe = (e: TensorEntry): string => `'${e.layer}' ${e.name} [${e.shape.join(', ')}] at ${e.offset}+${e.length}`;
  const fix =
    'the topology in model.json no longer matches the saved weights (was a layer or its units edited?); save the model again instead of editing model.json.';
  for (let i = 0; i < Math.max(actual.length, saved.length); i++) {
    const a = actual[i];
    const s = saved[i];
    if (!a || !s) throw new Error(`${M} lists ${saved.length} weight tensors but the rebuilt model has ${actual.length}: ${fix}`);
    const same = a.layer === s.layer && a.name === s.name && sameShape(a.shape, s.shape) && a.offset === s.offset && a.length === s.length;
    if (!same)
      throw new Error(`${M}: weight tensor ${i} is ${describe(s)} in weights.tensors but the rebuilt layer gives ${describe(a)}: ${fix}`);
  }
}

function sameShape(a: LayerShape, b: LayerShape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The weights as little-endian float32 bytes (a copy). */
function toLittleEndian(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** Little-endian float32 bytes as a Float32Array (a copy: `bytes` may sit at any offset). */
function fromLittleEndian(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.byteLength / 4);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}
