/**
 * TF.js layers models as files, for the interop tests: a tf.LayersModel saved through
 * `tf.io.withSaveHandler` and written into a directory exactly as tf.io's file handlers lay it out
 * (model.json with modelTopology and weightsManifest, shards `group1-shard1of1.bin`), and the
 * reverse: a directory read back into `tf.loadLayersModel` through `tf.io.fromMemory`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from './tfjs.js';

/** What tf.io hands a save handler. */
export interface Saved {
  modelTopology: Record<string, unknown>;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

/** The artifacts of `model.save`, in memory. */
export async function saveToMemory(model: tf.LayersModel): Promise<Saved> {
  let saved: Saved | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData as ArrayBuffer;
      saved = {
        modelTopology: a.modelTopology as Record<string, unknown>,
        weightSpecs: a.weightSpecs as Saved['weightSpecs'],
        weightData: data,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/**
 * Writes saved artifacts into `dir` as tf.io's file handlers do, in shards of `shardBytes` (default:
 * one shard). `edit` may rewrite the topology first (e.g. to the Keras spelling of a converted model).
 */
export async function writeTfjsDir(dir: string, saved: Saved, { shardBytes = Infinity, wrap = false } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const bytes = new Uint8Array(saved.weightData);
  const n = Math.max(1, Math.ceil(bytes.length / Math.min(shardBytes, Math.max(bytes.length, 1))));
  const size = Math.ceil(bytes.length / n);
  const paths = Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
  for (const [i, p] of paths.entries()) await writeFile(join(dir, p), bytes.subarray(i * size, (i + 1) * size));
  const modelTopology = wrap ? { keras_version: '2.15.0', backend: 'tensorflow', model_config: saved.modelTopology } : saved.modelTopology;
  const json = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology,
    weightsManifest: [{ paths, weights: saved.weightSpecs }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
}

/** A TF.js layers model directory loaded by TF.js itself (model.json + shards through tf.io.fromMemory). */
export async function loadTfjsDir(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const parts: Buffer[] = [];
  for (const g of json.weightsManifest) for (const p of g.paths) parts.push(await readFile(join(dir, p)));
  const all = Buffer.concat(parts);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}
