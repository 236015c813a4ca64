/**
 * `seqcast export`: writes a network that `seqcast train` saved (a run folder or its model/
 * folder, or any model `loadModel` reads) in a format other runtimes read, with the sidecar
 * seqcast.json that records its window and fitted transform (docs/interop.md).
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { OptionError } from '../errors.js';
import { exportModel, EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../interop/export.js';
import { loadModel } from '../model/save-node.js';
import { hasForecasterFile } from './forecaster-file.js';
import { recoverRunOrModel } from './run-folder.js';
import { modelDirOf } from './run-output.js';

/** The flags of `seqcast export` as commander gives them. */
export interface ExportFlags {
  model: string;
  format: ExportFormat;
  out: string;
  json?: boolean;
}

/**
 * Loads the model and exports it.
 * @example const result = await runExport({ model: 'run', format: 'tfjs', out: 'web/model' });
 * @throws ModelFileError when the model cannot be loaded; OptionError for a statistical
 *   forecaster (nothing to export) or a layer the format cannot represent;
 *   OutputError when `out` cannot be written. Nothing is written then.
 */
export async function runExport(flags: ExportFlags): Promise<ExportResult & { notes: string[] }> {
  const notes = await recoverRunOrModel(flags.model);
  const dir = modelDirOf(flags.model);
  if (await hasForecasterFile(dir))
    throw new OptionError(
      `The model in '${flags.model}' is a statistical forecaster (ets, arima, theta, stlf, stl-arima or auto), which has no network to export: export a network trained with --model rnn, lstm, gru, bilstm, conv-lstm or mlp.`,
    );
  const model = await loadModel(dir);
  const result = await exportModel(model, flags.out, { format: flags.format });
  return { ...result, dir: resolve(flags.out), notes };
}

/**
 * Registers `seqcast export` on the program.
 * @example addExportCommand(new Command('seqcast'));
 * @throws never (the command's action throws as {@link runExport}).
 */
export function addExportCommand(program: Command): Command {
  return program
    .command('export')
    .description(
      "write a trained network in another runtime's format, with seqcast.json beside it recording its window and the fitted transform its inputs and outputs are in",
    )
    .requiredOption('--model <dir>', 'the folder `seqcast train --out` wrote (or its model/ folder), or a model directory')
    .addOption(
      new Option(
        '--format <format>',
        'tfjs: a TensorFlow.js layers model (model.json + weight shards) that tf.loadLayersModel reads, with seqcast.json; onnx: model.onnx (opset 17) that onnxruntime and other ONNX runtimes run, with model.onnx.json',
      )
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'the directory to write (created; replaced only if it holds an earlier export)')
    .option('--json', 'print the result as one JSON object on stdout')
    .action(async (flags: ExportFlags) => {
      const result = await runExport(flags);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      const { window, transform } = result.sidecar;
      process.stdout.write(
        `Wrote ${result.format === 'tfjs' ? 'a TensorFlow.js layers' : 'an ONNX'} model to ${result.dir} (${result.files.join(', ')})\n` +
          `Its inputs: windows of ${window ?? 'any number of'} values, ${transform ? `transformed as ${result.format === 'tfjs' ? 'seqcast.json' : 'model.onnx.json'} records (${transform.kind})` : 'raw values'}.\n`,
      );
    });
}
