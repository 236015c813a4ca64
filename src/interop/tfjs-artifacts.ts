/**
 * The TensorFlow.js layers format in memory, with no file system (browser-safe): model.json (the
 * Keras model config in `modelTopology`, and a `weightsManifest` of weight groups, each a list of
 * shard files and the tensors laid end to end across them) and the shards' bytes.
 *
 * Reading checks, before any weight is allocated: the manifest's shape (file names that are plain
 * names in the model's directory, float32 tensors only: a quantized or other dtype is refused),
 * the total size (at most {@link MAX_TFJS_WEIGHTS_BYTES}); then each group's shards must add up
 * to exactly its tensors' bytes. The topology goes through `modelFromKeras`.
 *
 * Writing lays the weights out as `tf.io` does: one group, shards of at most 4 MiB
 * (`group1-shard1of1.bin`, ...).
 */
import { ModelFileError } from '../errors.js';
import { isObject } from '../is-object.js';
import { formatBytes } from '../limits.js';
import type { Sequential } from '../model/sequential.js';
import { modelFromKeras, modelToKeras, type NamedTensor } from './keras-model.js';
import { OptionError } from '../errors.js';
import { jsonDepthOver } from '../data/json-depth.js';
import { MAX_JSON_DEPTH, MAX_MODEL_JSON_BYTES } from '../model/manifest.js';

/** Weights a TF.js model may hold: 512 MiB of float32 (the limit of seqcast's own weights.bin). */
export const MAX_TFJS_WEIGHTS_BYTES = 512 * 1024 * 1024;
/** Shard files a TF.js model may list. */
export const MAX_TFJS_SHARDS = 1024;
/** Where tf.io splits the weights into shards: 4 MiB. */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;

/** A weights group: its shard file names and the tensors laid across them. */
export interface TfjsGroup {
  paths: string[];
  weights: { name: string; shape: number[] }[];
  /** The tensors' bytes: what the shards must add up to. */
  byteLength: number;
}

/** model.json of a TF.js layers model, checked. */
export interface TfjsModelJson {
  /** The Keras model config (`modelTopology.model_config` of a converted Keras model, or `modelTopology`). */
  modelConfig: unknown;
  groups: TfjsGroup[];
}

/**
 * Whether parsed JSON is a TF.js model.json (it has `modelTopology` and `weightsManifest`).
 * @example isTfjsModelJson(JSON.parse(text))
 * @throws never.
 */
export function isTfjsModelJson(raw: unknown): boolean {
  return isObject(raw) && 'modelTopology' in raw && 'weightsManifest' in raw;
}

/**
 * Checks a parsed TF.js model.json (`M` names it in messages).
 * @example const { modelConfig, groups } = checkTfjsModelJson(JSON.parse(text), "'m/model.json'");
 * @throws ModelFileError for a graph model, a manifest that is malformed, lists a shard outside the
 * directory, a tensor that is not float32 (quantized), or weights over the size limit.
 */
export function checkTfjsModelJson(raw: unknown, M: string): TfjsModelJson {
  const bad = (what: string): ModelFileError => new ModelFileError(`${M}: ${what}`);
  if (!isTfjsModelJson(raw)) throw bad('it is not a TensorFlow.js layers model (it has no modelTopology and weightsManifest).');
  const r = raw as Record<string, unknown>;
  if (r.format !== undefined && r.format !== 'layers-model')
    throw bad(
      `it is a TensorFlow.js ${JSON.stringify(r.format)}, not a "layers-model": seqcast reads layers models (tf.LayersModel.save, or tensorflowjs_converter --input_format keras).`,
    );
  const topology = r.modelTopology;
  const modelConfig = isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
  if (!Array.isArray(r.weightsManifest) || r.weightsManifest.length > MAX_TFJS_SHARDS)
    throw bad('its weightsManifest is not a list of weight groups: the file is corrupt; convert or save the model again.');
  let total = 0;
  let shards = 0;
  const groups = r.weightsManifest.map((g, gi): TfjsGroup => {
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw bad(`weightsManifest[${gi}] is not { paths, weights }: the file is corrupt; convert or save the model again.`);
    shards += g.paths.length;
    if (shards > MAX_TFJS_SHARDS) throw bad(`it lists more than ${MAX_TFJS_SHARDS} shard files.`);
    const paths = g.paths.map((p) => {
      if (typeof p !== 'string' || p === '' || p === '.' || p === '..' || /[\\/\0]/.test(p))
        throw bad(
          `weightsManifest[${gi}] lists the shard ${JSON.stringify(p)}, which is not a file name in the model's directory: seqcast reads shards beside model.json only.`,
        );
      return p;
    });
    let byteLength = 0;
    const weights = g.weights.map((w, wi) => {
      const name = isObject(w) && typeof w.name === 'string' ? w.name : `#${wi}`;
      if (!isObject(w) || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0))
        throw bad(`weight '${name}' has no shape of whole numbers: the file is corrupt; convert or save the model again.`);
      if (w.quantization !== undefined && w.quantization !== null) {
        const q = isObject(w.quantization) ? w.quantization.dtype : undefined;
        throw bad(
          `weight '${name}' is quantized (${String(q ?? 'unknown')}): seqcast reads float32 weights only. Convert the model again without --quantize_* options.`,
        );
      }
      if (w.dtype !== 'float32')
        throw bad(
          `weight '${name}' is ${JSON.stringify(w.dtype ?? null)}, not float32: seqcast reads float32 weights only. Save the model with float32 weights.`,
        );
      const count = (w.shape as number[]).reduce((a, b) => a * b, 1);
      byteLength += 4 * count;
      total += 4 * count;
      if (!(total <= MAX_TFJS_WEIGHTS_BYTES))
        throw bad(
          `its weights take more than ${formatBytes(MAX_TFJS_WEIGHTS_BYTES)}, more than seqcast loads: it is not a model seqcast can train or run.`,
        );
      return { name, shape: [...(w.shape as number[])] };
    });
    if (paths.length === 0 && byteLength > 0) throw bad(`weightsManifest[${gi}] lists weights but no shard file.`);
    return { paths, weights, byteLength };
  });
  return { modelConfig, groups };
}

/**
 * The model of a checked model.json and its groups' bytes (each group's shards concatenated, or
 * the shards as a list, in manifest order), through `modelFromKeras`.
 * @example const model = modelFromTfjs(json, [await groupBytes(0)], "'m/model.json'");
 * @throws ModelFileError when a group's bytes are not exactly its tensors' size, or what `modelFromKeras` throws.
 */
export function modelFromTfjs(json: TfjsModelJson, groups: Uint8Array[], source: string): Sequential {
  const weights: NamedTensor[] = [];
  json.groups.forEach((g, gi) => {
    const bytes = groups[gi];
    if (!bytes || bytes.byteLength !== g.byteLength)
      throw new ModelFileError(
        `${source}: the shards of weight group ${gi + 1} (${g.paths.join(', ')}) hold ${bytes?.byteLength ?? 0} bytes, but its weights take ${g.byteLength}: a shard is truncated, missing or from another model. Copy the model's files again.`,
      );
    let offset = 0;
    for (const w of g.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(n);
      new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + 4 * n)); // little-endian, as tf.io writes
      offset += 4 * n;
      weights.push({ name: w.name, shape: w.shape, values });
    }
  });
  return modelFromKeras(json.modelConfig, weights, source);
}

/**
 * A TF.js layers model from its files in memory (a browser's File objects, a fetch): the text of
 * model.json and every shard's bytes by file name.
 * @example const model = modelFromTfjsFiles(await jsonFile.text(), { 'group1-shard1of1.bin': new Uint8Array(await shard.arrayBuffer()) });
 * @throws ModelFileError as `checkTfjsModelJson` and `modelFromTfjs`, and when model.json is too
 * large, nested too deep or not JSON, or a shard is missing.
 */
export function modelFromTfjsFiles(json: string, shards: Record<string, Uint8Array>, source = 'model.json'): Sequential {
  if (typeof json !== 'string' || json.length > MAX_MODEL_JSON_BYTES)
    throw new ModelFileError(`${source} is not the text of a TensorFlow.js model.json of at most ${formatBytes(MAX_MODEL_JSON_BYTES)}.`);
  if (jsonDepthOver(json, MAX_JSON_DEPTH) !== null)
    throw new ModelFileError(`${source} nests deeper than ${MAX_JSON_DEPTH} levels: it is not a model file.`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new ModelFileError(`${source} is not valid JSON (${(err as Error).message}): the file is corrupt; save the model again.`);
  }
  const checked = checkTfjsModelJson(raw, source);
  const groups = checked.groups.map((g) => {
    const parts = g.paths.map((p) => {
      const bytes = Object.hasOwn(shards, p) ? shards[p] : undefined;
      if (!(bytes instanceof Uint8Array))
        throw new ModelFileError(`${source}: its weight shard ${p} is missing: pass every file weightsManifest lists.`);
      return bytes;
    });
    const total = parts.reduce((n, b) => n + b.byteLength, 0);
    if (total !== g.byteLength)
      throw new ModelFileError(
        `${source}: the shards ${g.paths.join(', ')} hold ${total} bytes but the weights take ${g.byteLength}: a shard is ${total < g.byteLength ? 'truncated' : 'too long or from another model'}. Copy the model's files again.`,
      );
    const all = new Uint8Array(total);
    let offset = 0;
    for (const b of parts) {
      all.set(b, offset);
      offset += b.byteLength;
    }
    return all;
  });
  return modelFromTfjs(checked, groups, source);
}

/** The files of a TF.js layers model: model.json and its shards. */
export interface TfjsFiles {
  'model.json': string;
  shards: { name: string; bytes: Uint8Array }[];
}

/**
 * A seqcast model as a TF.js layers model (what `tf.loadLayersModel` reads): model.json and the
 * weights in shards of at most `shardBytes` (default 4 MiB, as tf.io).
 * @example const { 'model.json': json, shards } = modelToTfjs(model);
 * @throws OptionError for what Keras/TF.js cannot represent (see `modelToKeras`) and for what
 * TF.js cannot run: a GRU with resetAfter (Keras's default; TF.js implements reset_after=False only).
 */
export function modelToTfjs(model: Sequential, { shardBytes = TFJS_SHARD_BYTES, generatedBy = 'seqcast' } = {}): TfjsFiles {
  const { modelConfig, weights } = modelToKeras(model);
  const gru = (modelConfig as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }).config.layers.find(
    (l) =>
      (l.class_name === 'GRU' && l.config.reset_after === true) ||
      (l.class_name === 'Bidirectional' && JSON.stringify(l.config.layer).includes('"reset_after":true')),
  );
  if (gru)
    throw new OptionError(
      `Layer '${String(gru.config.name)}' cannot be exported to TensorFlow.js: it is a GRU with resetAfter true (Keras's default), and TF.js runs only reset_after=False. Train the model with layers.gru(units, { resetAfter: false }), or export the ONNX format.`,
    );
  const total = weights.reduce((n, w) => n + w.values.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const w of weights) {
    all.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    offset += w.values.byteLength;
  }
  const n = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: n }, (_, i) => ({
    name: `group1-shard${i + 1}of${n}.bin`,
    bytes: all.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)),
  }));
  const json = {
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology: { ...modelConfig, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [
      { paths: shards.map((s) => s.name), weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) },
    ],
  };
  return { 'model.json': `${JSON.stringify(json)}\n`, shards };
}
