/**
 * TensorFlow.js layers models on disk (Node): a directory with model.json, its weight shards
 * (`group1-shard1of1.bin`, ...) and, when seqcast wrote it, the sidecar seqcast.json
 * (sidecar.ts) with the preprocessing the model expects.
 *
 * Reading: model.json (at most 8 MiB) is checked (tfjs-artifacts.ts) before any shard is opened;
 * every shard must be a regular file, and the shards' sizes must add up to exactly what the
 * manifest's tensors take before any is read, so memory stays bounded by the manifest's limit.
 * Writing: every check runs first (the export is built in memory), then the files go into a
 * temporary sibling directory swapped in whole (src/fs/swap-dir.ts): whole, or nothing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelFileError, OutputError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { hasCode, outputFailure } from '../fs/output-failure.js';
import { replaceDir } from '../fs/swap-dir.js';
import type { Sequential } from '../model/sequential.js';
import { packageVersion } from '../package-version.js';
import { readSidecar, SIDECAR_FILE, type Sidecar } from './sidecar.js';
import { checkTfjsModelJson, isTfjsModelJson, modelFromTfjs, modelToTfjs } from './tfjs-artifacts.js';
import { MAX_MODEL_JSON_BYTES } from '../model/manifest.js';

/**
 * Loads the TF.js layers model in `dir` whose model.json was already parsed (`raw`): the shards
 * beside it, and the sidecar seqcast.json when there is one (its `metadata` becomes the model's).
 * @example const model = await loadTfjsModel('exported', JSON.parse(text));
 * @throws ModelFileError naming the file and the fix: a malformed or quantized manifest, a shard
 * missing, not a regular file, truncated or too long, a layer seqcast cannot build (see
 * `modelFromKeras`), a sidecar that is not seqcast's.
 */
export async function loadTfjsModel(dir: string, raw: unknown): Promise<Sequential> {
  const M = `'${join(dir, 'model.json')}'`;
  const json = checkTfjsModelJson(raw, M);
  // sizes first, every shard, before reading any
  const sizes = await Promise.all(json.groups.map((g) => Promise.all(g.paths.map((p) => shardSize(dir, p)))));
  json.groups.forEach((g, gi) => {
    const found = sizes[gi].reduce((a, b) => a + b, 0);
    if (found !== g.byteLength)
      throw new ModelFileError(
        `Cannot load the TensorFlow.js model in '${dir}': its shards ${g.paths.join(', ')} hold ${found} bytes but model.json's weights take ${g.byteLength}: a shard is ${found < g.byteLength ? 'truncated' : 'too long or from another model'}. Copy the model's files again, or save it again.`,
      );
  });
  const groups: Uint8Array[] = [];
  for (const [gi, g] of json.groups.entries()) {
    const bytes = new Uint8Array(g.byteLength);
    let offset = 0;
    for (const [k, p] of g.paths.entries()) {
      const part = await readFile(join(dir, p));
      if (part.byteLength !== sizes[gi][k])
        throw new ModelFileError(
          `Cannot load the TensorFlow.js model in '${dir}': ${p} changed while it was being read; load the model again once it is written.`,
        );
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    groups.push(bytes);
  }
  const sidecar = await readSidecar(dir);
  const model = modelFromTfjs(json, groups, M);
  model.metadata = { ...(sidecar?.metadata ?? {}) };
  return model;
}

/** The size of a shard that must be a regular file. */
async function shardSize(dir: string, name: string): Promise<number> {
  const cannot = (what: string): ModelFileError =>
    new ModelFileError(
      `Cannot load the TensorFlow.js model in '${dir}': its weight shard ${name} ${what}. Copy all the files model.json lists (weightsManifest.paths) beside it.`,
    );
  const info = await stat(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
    throw cannot(err.code === 'ENOENT' ? 'is missing' : `cannot be read (${err.code ?? 'unknown error'})`);
  });
  if (!info.isFile()) throw cannot('is not a regular file');
  return info.size;
}

/**
 * Writes `model` as a TF.js layers model into `dir` (created, or replaced when it holds only an
 * earlier export), with the sidecar seqcast.json: whole, or nothing.
 * @example await saveTfjsModel(model, 'exported', { window: 20, transform: null, metadata: {} });
 * @throws OptionError for what TF.js cannot represent (see `modelToTfjs`), before anything is
 * written; OutputError when `dir` is a file, holds other files, or cannot be written.
 */
export async function saveTfjsModel(model: Sequential, dir: string, sidecar: Omit<Sidecar, 'format' | 'version'>): Promise<string[]> {
  const files = modelToTfjs(model, { generatedBy: `seqcast ${packageVersion()}` });
  const side: Sidecar = { format: 'seqcast-sidecar', version: 1, ...sidecar };
  const target = resolve(dir);
  await checkReplaceable(target, dir);
  await replaceDir(
    target,
    async (tmp) => {
      await writeDurably(join(tmp, 'model.json'), files['model.json']);
      for (const s of files.shards) await writeDurably(join(tmp, s.name), s.bytes);
      await writeDurably(join(tmp, SIDECAR_FILE), `${JSON.stringify(side, null, 2)}\n`);
    },
    { fix: 'choose another --out folder' },
  );
  return ['model.json', ...files.shards.map((s) => s.name), SIDECAR_FILE];
}

/** `dir` must be new, empty, or an earlier export (model.json, *.bin shards, seqcast.json). */
async function checkReplaceable(target: string, dir: string): Promise<void> {
  let names: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory())
      throw new OutputError(
        `Cannot export the model to '${dir}': it is a file. Pass a directory path (it is created, or replaced if it holds an earlier export).`,
      );
    names = await readdir(target);
  } catch (err) {
    if (err instanceof OutputError) throw err;
    if (hasCode(err, 'ENOENT', 'ENOTDIR')) return;
    throw outputFailure(err, { action: `export the model to '${dir}'`, at: target });
  }
  const others = names.filter((n) => n !== 'model.json' && n !== SIDECAR_FILE && !/^group\d+-shard\d+of\d+\.bin$/.test(n));
  if (others.length > 0)
    throw new OutputError(
      `Cannot export the model to '${dir}': it holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}), and exporting replaces the whole directory. Export into a new or empty directory.`,
    );
}

/**
 * Whether `dir` holds a TF.js layers model (its model.json, at most 8 MiB, has modelTopology and weightsManifest).
 * @example if (await isTfjsModelDir('exported')) ...
 * @throws never: an unreadable or missing model.json is not one.
 */
export async function isTfjsModelDir(dir: string): Promise<boolean> {
  try {
    const path = join(dir, 'model.json');
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_MODEL_JSON_BYTES) return false;
    return isTfjsModelJson(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return false;
  }
}
