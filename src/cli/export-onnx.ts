/**
 * `seqcast export-onnx --model DIR --out DIR`: a network saved by `seqcast train` (or by
 * `model.save`) as `model.onnx` and its sidecar `model.onnx.json` in the --out folder.
 *
 * A temporary command of its own, so that the ONNX export can be tested end to end before it joins
 * `seqcast export --format onnx` (src/interop/export.ts): `runExportOnnx` is what that format runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { OptionError } from '../errors.js';
import { loadModel } from '../model/save-node.js';
import { saveOnnx } from '../interop/onnx-save-node.js';
import { FORECASTER_FILE } from './forecaster-file.js';
import { modelDirOf } from './run-output.js';
import { recoverRunOrModel } from './run-folder.js';

/** The flags of `seqcast export-onnx`. */
export interface ExportOnnxFlags {
  /** A `seqcast train` output folder, its model/ folder, or a folder `model.save` wrote. */
  model: string;
  /** The folder to write model.onnx and model.onnx.json into (made when missing). */
  out: string;
  json?: boolean;
}

/** What `seqcast export-onnx --json` prints. */
export interface ExportOnnxResult {
  /** The paths written: the ONNX model and its sidecar. */
  onnx: string;
  sidecar: string;
  /** The model's layers, by class. */
  layers: string[];
  /** The model's input shape without the batch axis (null: any length). */
  inputShape: (number | null)[];
  notes: string[];
}

/**
 * Loads the model in `flags.model` and writes it as ONNX (opset 17) into `flags.out`.
 * @example await runExportOnnx({ model: 'runs/lstm', out: 'exported' }); // exported/model.onnx, exported/model.onnx.json
 * @throws OptionError when the folder holds a statistical forecaster (ETS, Theta, auto: not a
 *   network) or a layer ONNX cannot represent; ModelFileError as `loadModel`; OutputError when the
 *   files cannot be written (nothing is then changed).
 */
export async function runExportOnnx(flags: ExportOnnxFlags): Promise<ExportOnnxResult> {
  const notes = await recoverRunOrModel(flags.model);
  const dir = modelDirOf(flags.model);
  if (existsSync(join(dir, FORECASTER_FILE))) {
    throw new OptionError(
      `The model in '${flags.model}' is a statistical forecaster (ETS, Theta or auto), which has no network to export: --format onnx exports the networks \`seqcast train --model rnn|lstm|gru|bilstm|conv-lstm|mlp\` writes.`,
    );
  }
  const model = await loadModel(dir);
  const onnx = join(flags.out, 'model.onnx');
  await saveOnnx(model, onnx);
  return { onnx, sidecar: `${onnx}.json`, layers: model.layers.map((l) => l.className), inputShape: model.inputShape!, notes };
}

/**
 * Registers `seqcast export-onnx` on the program; its output goes to `write` (default: stdout).
 * @example addExportOnnxCommand(new Command('seqcast'));
 * @throws never (the command's action throws as {@link runExportOnnx}).
 */
export function addExportOnnxCommand(program: Command, write = (text: string): void => void process.stdout.write(text)): Command {
  return program
    .command('export-onnx')
    .description(
      'write a network saved by `seqcast train` as an ONNX model (opset 17) that onnxruntime and other ONNX runtimes run, with model.onnx.json: the window, the fitted transform and how the outputs become forecasts (docs/interop-onnx.md)',
    )
    .requiredOption('--model <dir>', 'the folder `seqcast train --out` wrote (or its model/ folder, or one model.save wrote): a network')
    .requiredOption(
      '--out <dir>',
      'the folder to write model.onnx and model.onnx.json into (made when missing; both files are replaced whole)',
    )
    .option('--json', 'print the paths written and the model as one JSON object on stdout')
    .action(async (flags: ExportOnnxFlags) => {
      const result = await runExportOnnx(flags);
      if (flags.json) {
        write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const shape = ['batch', ...result.inputShape.map((d) => d ?? 'time')].join(', ');
      write(`Wrote ${result.onnx} (input (${shape}): ${result.layers.join(' → ')}) and ${result.sidecar}\n`);
      for (const note of result.notes) write(`note: ${note}\n`);
    });
}
