/**
 * Writing an exported ONNX model and its sidecar to disk (Node): `model.onnx` and
 * `model.onnx.json`, whole or not at all.
 *
 * Both are built and checked before anything touches the disk (a layer ONNX cannot hold, NaN
 * weights, a path that is a folder: one error, nothing written). Each file goes to a temporary file
 * beside its target, flushed to disk, and only when both are complete are they renamed over their
 * targets, the sidecar first, the model last. A failure before the renames removes the temporary
 * files and changes nothing; temporary files a killed save left are removed by the next save.
 */
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { OptionError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { makeDir, removeMadeDirs } from '../fs/make-dir.js';
import { outputFailure } from '../fs/output-failure.js';
import { leftoversBeside, newTag } from '../fs/swap-dir.js';
import { checkOutputFile } from '../report/write.js';
import { packageVersion } from '../package-version.js';
import type { Sequential } from '../model/sequential.js';
import { modelToOnnx } from './onnx-export.js';
import { onnxSidecar } from './onnx-sidecar.js';

/**
 * Writes `model` as an ONNX model to `file` (e.g. 'out/model.onnx') and its sidecar to
 * `file + '.json'` (docs/interop-onnx.md), whole or not at all; missing folders are made.
 * @example await saveOnnx(model, 'export/model.onnx'); // export/model.onnx, export/model.onnx.json
 * @throws OptionError when `file` is not a path ending in .onnx, or as `modelToOnnx` (a layer ONNX
 *   cannot represent, NaN weights, a model not built): nothing is written. OutputError naming the
 *   path and the fix when a file cannot be written (a folder in its place, a read-only folder, a
 *   full disk): nothing is changed.
 */
export async function saveOnnx(model: Sequential, file: string): Promise<void> {
  const given: unknown = file;
  if (typeof given !== 'string' || !given.toLowerCase().endsWith('.onnx') || given.includes('\0')) {
    throw new OptionError(
      `saveOnnx(model, file) needs the path of the ONNX file to write, ending in .onnx, got ${typeof given === 'string' ? JSON.stringify(given.slice(0, 80)) : String(given)}: e.g. 'export/model.onnx'.`,
    );
  }
  const target = resolve(file);
  const sidecarPath = `${target}.json`;
  const version = packageVersion();
  const bytes = modelToOnnx(model, { producerVersion: version });
  const sidecar = `${JSON.stringify(onnxSidecar(model, { file: basename(target), createdBy: `seqcast ${version}` }), null, 2)}\n`;
  await checkOutputFile(target);
  await checkOutputFile(sidecarPath);
  const action = `write the ONNX model '${target}'`;
  const made = await makeDir(dirname(target), { action });
  // temporary files a killed save left beside either target
  for (const path of [target, sidecarPath])
    for (const left of await leftoversBeside(path, 'file')) await rm(left.path, { force: true }).catch(() => undefined);
  const tag = newTag();
  const tmpModel = `${target}.tmp-${tag}`;
  const tmpSidecar = `${sidecarPath}.tmp-${tag}`;
  let at = dirname(target);
  try {
    await writeDurably(tmpModel, bytes);
    await writeDurably(tmpSidecar, sidecar);
    at = sidecarPath;
    await rename(tmpSidecar, sidecarPath);
    at = target;
    await rename(tmpModel, target);
  } catch (err) {
    await rm(tmpModel, { force: true }).catch(() => undefined);
    await rm(tmpSidecar, { force: true }).catch(() => undefined);
    await removeMadeDirs(made);
    throw outputFailure(err, { action, at, after: 'The ONNX model was not written.' });
  }
}
