/**
 * `exportModel(model, dir, { format })`: a seqcast model written in a format other runtimes read,
 * with the sidecar seqcast.json (sidecar.ts) saying what preprocessing its inputs and outputs
 * need. One switch over the formats: 'tfjs' (a TensorFlow.js layers model, tfjs-format.ts) and
 * 'onnx' (an ONNX model, opset 17, with model.onnx.json: onnx-save-node.ts). Node-only.
 */
import { OptionError } from '../errors.js';
import { isObject } from '../is-object.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import type { Sequential } from '../model/sequential.js';
import type { Sidecar } from './sidecar.js';
import { join } from 'node:path';
import { makeDir } from '../fs/make-dir.js';
import { saveTfjsModel } from './tfjs-format.js';

/** The formats `exportModel` writes (or will). */
export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options of {@link exportModel}. */
export interface ExportOptions {
  /** 'tfjs': a TensorFlow.js layers model (model.json, weight shards); 'onnx': model.onnx (opset 17) and model.onnx.json (docs/interop-onnx.md). */
  format: ExportFormat;
}

/** What {@link exportModel} wrote. */
export interface ExportResult {
  format: ExportFormat;
  dir: string;
  /** The files written into `dir`, sidecar included. */
  files: string[];
  /** The sidecar written as seqcast.json. */
  sidecar: Omit<Sidecar, 'format' | 'version'>;
}

/**
 * Writes `model` into the directory `dir` in `format`, with seqcast.json beside it: the window
 * (the run's spec, else the model's input length, null for any), the fitted transform of a run
 * saved by `seqcast train` (null: the model takes raw values) and the model's metadata. Whole, or
 * nothing: every check runs before anything is written.
 * @example await exportModel(await loadModel('run/model'), 'web/model', { format: 'tfjs' });
 * @throws OptionError for an unknown format, or a layer the format cannot
 * represent (named, with the fix; see `modelToKeras`); OutputError when `dir` is a file, holds
 * other files, or cannot be written.
 */
export async function exportModel(model: Sequential, dir: string, options: ExportOptions): Promise<ExportResult> {
  const format: unknown = options?.format;
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format))
    throw new OptionError(
      `exportModel: format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format ?? null)}: e.g. { format: 'tfjs' }.`,
    );
  if (typeof dir !== 'string' || dir.trim() === '')
    throw new OptionError('exportModel: dir must be the path of a directory to write, e.g. exported/tfjs.');
  const sidecar = sidecarOf(model);
  switch (format as ExportFormat) {
    case 'tfjs':
      return { format: 'tfjs', dir, files: await saveTfjsModel(model, dir, sidecar), sidecar };
    case 'onnx': {
      // loaded when used: protobufjs and the ONNX writer are not every command's cost
      const [{ modelToOnnx }, { saveOnnx }] = await Promise.all([import('./onnx-export.js'), import('./onnx-save-node.js')]);
      modelToOnnx(model); // every refusal (a layer ONNX cannot hold) before the directory is made
      await makeDir(dir, { action: 'export the model', fix: 'pass a directory path' });
      await saveOnnx(model, join(dir, 'model.onnx')); // model.onnx + model.onnx.json, whole or nothing
      return { format: 'onnx', dir, files: ['model.onnx', 'model.onnx.json'], sidecar };
    }
  }
  throw new OptionError(`exportModel: unknown format ${JSON.stringify(format)}.`);
}

/** The sidecar of a model: a run's window and fitted transform, or the input length and raw values. */
function sidecarOf(model: Sequential): Omit<Sidecar, 'format' | 'version'> {
  const meta = model.metadata ?? {};
  const spec = isObject(meta.spec) ? meta.spec : null;
  const input = model.inputShape;
  const own = input && input.length === 1 && typeof input[0] === 'number' ? input[0] : null;
  const window = spec && Number.isInteger(spec.window) ? (spec.window as number) : own;
  const transform = isObject(meta.transform) ? (meta.transform as unknown as TransformJSON) : null;
  return { window, transform, metadata: { ...meta } };
}
