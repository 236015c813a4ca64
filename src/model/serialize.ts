/**
 * Models to and from two files, with no file system (it runs in a browser): model.json (topology,
 * training config, weights manifest, metadata) and weights.bin (the flat parameter buffer,
 * little-endian float32). `save-node.ts` writes and reads them on disk. The format is documented
 * for users in docs/model-format.md.
 *
 * Loading checks, in order, each failing with one ModelFileError naming the file and the fix:
 * model.json's size and nesting, JSON, format, version, structure, the checksum's presence, the
 * weights layout (tensors tiling byteLength, within a size limit); weights.bin's length and
 * sha256; then the layers (through the factories), each checked against its saved tensors as it is
 * built, before any weight is allocated; NaN. Nothing large is allocated before the sizes agree.
 */
import { sizeOf, type LayerShape } from '../engine/shape.js';
import { ModelFileError, OptionError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { layerFromJSON, layerToJSON, type LayerJSON } from '../layers/registry.js';
import { huber, mae, mse, pinball, type Loss } from '../losses/losses.js';
import { adam, type AdamOptions } from '../optim/adam.js';
import { rmsprop, type RmspropOptions } from '../optim/rmsprop.js';
import { sgd, type SgdOptions } from '../optim/sgd.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { MetricName } from './compile.js';
import { sequential, type SaveOptions, type Sequential } from './sequential.js';
import {
  checkMetadata,
  exampleValues,
  MAX_EXAMPLE_VALUES,
  MAX_MODEL_JSON_BYTES,
  parseManifest,
  type ModelManifest,
  type TensorEntry,
  type TrainingJSON,
} from './manifest.js';
import { sha256Hex } from './sha256.js';

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
  /** Digest of weights.bin, recorded in model.json; default seqcast's own SHA-256 (`saveModel` passes node:crypto's, faster). */
  sha256?: Sha256;
  /** Recorded as `createdBy`; default `seqcast`. */
  createdBy?: string;
}

/** Options of {@link modelFromFiles}. */
export interface FromFilesOptions {
  /** Digest that weights.bin is checked with against the recorded one; default seqcast's own SHA-256 (`loadModel` passes node:crypto's). */
  sha256?: Sha256;
  /** Where the files came from (a directory), to name them in error messages. */
  source?: string;
}

const BUILTIN_LOSSES = ['mse', 'mae', 'huber', 'pinball'];
const BUILTIN_OPTIMIZERS = ['sgd', 'adam', 'rmsprop'];
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
      sha256: (options.sha256 ?? sha256Hex)(bytes),
      tensors: tensorEntries(model),
    },
    metadata,
  };
  // indented for people, with arrays of numbers (shapes) on one line; a line break never occurs
  // inside a JSON string (it is escaped), so matching on line breaks leaves strings alone
  const num = '(?:-?[\\d.eE+-]+|null)';
  const flat = new RegExp(`\\[\\n\\s*(${num}(?:,\\n\\s*${num})*)\\n\\s*\\]`, 'g');
  const text = JSON.stringify(manifest, null, 2).replace(flat, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: encode only when the limit may be passed
  if (3 * text.length >= MAX_MODEL_JSON_BYTES && new TextEncoder().encode(text).length + 1 > MAX_MODEL_JSON_BYTES)
    throw new OptionError(
      `Model '${model.name}' cannot be saved: its model.json would be over ${MAX_MODEL_JSON_BYTES / (1024 * 1024)} MiB, more than loading reads, almost all of it metadata. Keep large data (series, forecasts) in files of their own and put their names in the metadata.`,
    );
  return { 'model.json': `${text}\n`, 'weights.bin': bytes };
}

/**
 * A model from its two files (the inverse of {@link modelToFiles}): same layers, names and
 * weights (so `predict` is bit-identical), compiled again when the training config was saved,
 * and `metadata` restored. A user lambda must be registered under its saved name first.
 * Every check of model.json and of the weights' size and checksum runs before a layer is built or
 * a weight allocated; each layer is then checked against the saved tensors as it is built.
 * @example
 * const model = modelFromFiles(await jsonFile.text(), await weightsFile.arrayBuffer());
 * @throws OptionError when `json` is not a string or `weights` not bytes. ModelFileError, with one
 * message naming the file and the fix, when model.json is too large, nested too deep, not JSON,
 * not a seqcast model (a TensorFlow.js or Keras file is recognized), of a newer version,
 * malformed, without a checksum, or lists tensors that do not add up; when weights.bin is
 * truncated, too long, fails its sha256 or holds NaN; when a layer is unknown, an unregistered
 * lambda or a config the factory rejects; when the layers' weights do not match the saved tensors
 * (a hand-edited topology, e.g. units changed) or a layer's output is absurdly large.
 */
export function modelFromFiles(json: string, weights: ArrayBuffer | Uint8Array, options: FromFilesOptions = {}): Sequential {
  const { M } = fileNames(options.source);
  if (typeof json !== 'string')
    throw new OptionError(
      `modelFromFiles(json, weights) needs the text of model.json as json (a string), got ${kindOf(json)}: read the file as text, e.g. await file.text().`,
    );
  if (!(weights instanceof Uint8Array || weights instanceof ArrayBuffer))
    throw new OptionError(
      `modelFromFiles(json, weights) needs the bytes of weights.bin as weights (an ArrayBuffer or a Uint8Array), got ${kindOf(weights)}: read the file as bytes, e.g. await file.arrayBuffer().`,
    );
  return modelFromManifest(parseManifest(json, M), weights, options);
}

/**
 * {@link modelFromFiles} after model.json is parsed and checked (`loadModel` reads weights.bin only
 * once it knows from the manifest how long the file must be).
 * @example const model = modelFromManifest(parseManifest(text, M), bytes, { source: dir });
 * @throws as `modelFromFiles`, for everything after parsing model.json.
 */
export function modelFromManifest(manifest: ModelManifest, weights: ArrayBuffer | Uint8Array, options: FromFilesOptions = {}): Sequential {
  const { M, W } = fileNames(options.source);
  const bytes = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  const sizeError = weightsSizeError(W, manifest.weights.byteLength, bytes.byteLength);
  if (sizeError) throw sizeError;
  const recorded = manifest.weights.sha256;
  const actual = (options.sha256 ?? sha256Hex)(bytes);
  if (actual !== recorded)
    throw new ModelFileError(
      `${W} is corrupt: its sha256 is ${actual} but ${M} records ${recorded}. Restore the file from a copy, or save the model again.`,
    );
  const model = rebuild(manifest, M);
  const values = fromLittleEndian(bytes);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const t = manifest.weights.tensors.find((e) => i >= e.offset && i < e.offset + e.length)!;
      throw new ModelFileError(
        `${W} holds a non-finite value (${values[i]}) at value ${i}, in '${clip(t.layer)}' ${clip(t.name)}: the file is corrupt; restore it or save the model again.`,
      );
    }
  }
  model.params.values.set(values);
  if (manifest.training) compileFrom(model, manifest.training, M);
  model.metadata = manifest.metadata;
  return model;
}

/**
 * The error for a weights.bin (`W`) of `found` bytes where the manifest records `expected`, or null
 * when they agree.
 * @example const err = weightsSizeError("'m/weights.bin'", 1316, 100); // "... is truncated: expected 1316 bytes, found 100 ..."
 * @throws never.
 */
export function weightsSizeError(W: string, expected: number, found: number): ModelFileError | null {
  if (found < expected)
    return new ModelFileError(
      `${W} is truncated: expected ${expected} bytes, found ${found}. Copy the file again, or save the model again.`,
    );
  if (found > expected)
    return new ModelFileError(
      `${W} is too long: expected ${expected} bytes, found ${found}. It does not belong to this model.json: keep the two files of one save together.`,
    );
  return null;
}

/** How messages name the two files: quoted paths under `source`, or bare names. */
export function fileNames(source?: string): { M: string; W: string } {
  const where = (file: string): string => (source ? `'${source.replace(/[\\/]+$/, '')}/${file}'` : file);
  return { M: where('model.json'), W: where('weights.bin') };
}

/** A value's kind for a message about a wrong argument: `undefined`, `null`, `a number`, `an object`. */
function kindOf(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
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
            : lossName === 'pinball'
              ? pinball(lossConfig.quantiles as number[])
              : unknownName('loss', lossName, BUILTIN_LOSSES);
    const optimizer: Optimizer =
      optName === 'sgd'
        ? sgd(optConfig as SgdOptions)
        : optName === 'adam'
          ? adam(optConfig as AdamOptions)
          : optName === 'rmsprop'
            ? rmsprop(optConfig as RmspropOptions)
            : unknownName('optimizer', optName, BUILTIN_OPTIMIZERS);
    model.compile({ loss, optimizer, metrics: training.metrics as MetricName[] });
  } catch (err) {
    throw new ModelFileError(
      `${M}: the training config cannot be restored: ${(err as Error).message} Fix or remove "training" (null), or save the model again.`,
      { cause: err },
    );
  }
}

function unknownName(what: string, name: string, known: string[]): never {
  throw new Error(`unknown ${what} '${name}' (seqcast knows ${known.join(', ')}).`);
}

/**
 * Builds the model from the topology, through the layer factories. Each layer is checked as soon as
 * it is built, before the next one is and before any weight is allocated: its tensors must be the
 * next ones the manifest lists, and its output of a sane size. The flat buffers allocated after
 * the last layer are then at most as large as the weights file, whose size the manifest fixed.
 */
function rebuild(manifest: ModelManifest, M: string): Sequential {
  const topology = manifest.model;
  const layers = topology.layers.map((json: LayerJSON, i) => {
    try {
      return layerFromJSON(json);
    } catch (err) {
      const name = typeof json.config?.name === 'string' ? ` '${clip(json.config.name)}'` : '';
      throw new ModelFileError(`${M}: layer ${i}${name} (${clip(json.className)}): ${(err as Error).message}`, { cause: err });
    }
  });
  const fits = (what: string): ModelFileError =>
    new ModelFileError(`${M}: the layers do not fit together: ${what} The file was edited or is corrupt; save the model again.`);
  const declared = layers[0].inputShape;
  if (declared && !sameShape(declared, topology.inputShape))
    throw fits(`the first layer's inputShape ${shapeText(declared)} differs from model.inputShape ${shapeText(topology.inputShape)}.`);
  const saved = manifest.weights.tensors;
  const fix =
    'the topology in model.json no longer matches the saved weights (was a layer or its units edited?); save the model again instead of editing model.json.';
  const describe = (e: TensorEntry): string => `'${clip(e.layer)}' ${clip(e.name)} [${e.shape.join(', ')}] at ${e.offset}+${e.length}`;
  let matched = 0; // saved tensors matched so far
  let offset = 0; // where the next one starts
  const checkLayer = (layer: Layer, i: number): void => {
    const names = layer.paramNames();
    layer.params.forEach((p, j) => {
      const a: TensorEntry = { layer: layer.name, name: names[j], shape: p.shape, offset, length: sizeOf(p.shape) };
      const s = saved[matched];
      if (!s)
        throw new ModelFileError(
          `${M} lists ${saved.length} weight tensors but layer ${i} of the rebuilt model has more, from ${describe(a)}: ${fix}`,
        );
      const same =
        a.layer === s.layer && a.name === s.name && sameShape(a.shape, s.shape) && a.offset === s.offset && a.length === s.length;
      if (!same)
        throw new ModelFileError(
          `${M}: weight tensor ${matched} is ${describe(s)} in weights.tensors but the rebuilt layer gives ${describe(a)}: ${fix}`,
        );
      matched++;
      offset += a.length;
    });
    if (exampleValues(layer.outputShape) > MAX_EXAMPLE_VALUES)
      throw fits(
        `layer ${i} '${clip(layer.name)}' (${layer.className}) outputs ${shapeText(layer.outputShape)} per example, more than ${MAX_EXAMPLE_VALUES} values.`,
      );
  };
  let model: Sequential;
  try {
    model = sequential(layers, { name: topology.name, seed: topology.seed, onLayerBuilt: checkLayer });
    if (!model.built) model.build(topology.inputShape);
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    throw fits((err as Error).message);
  }
  if (matched !== saved.length)
    throw new ModelFileError(`${M} lists ${saved.length} weight tensors but the rebuilt model has ${matched}: ${fix}`);
  return model;
}

/** `[null, 1]`, as written in model.json. */
function shapeText(shape: LayerShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

/** A name from a file, cut to 60 characters and on one line, for a message. */
function clip(text: string): string {
  const line = String(text).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
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
