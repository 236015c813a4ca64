/**
 * A network that `seqcast train` did not write (a TensorFlow.js layers model, converted from Keras
 * or saved by TF.js) as a forecaster for `seqcast forecast`. Such a model says nothing of how its
 * inputs were prepared, so: the window is the sidecar seqcast.json's, else the model's fixed input
 * length, else `--window`; the target transform is the sidecar's fitted one, else none (the model
 * must take and give raw values). See docs/interop.md.
 */
import { OptionError, ModelFileError } from '../errors.js';
import { networkForecasterFromModel, type NetworkForecaster } from '../forecast/network.js';
import { transformFromJSON } from '../data/transforms/registry.js';
import { scalingTransform } from '../data/transforms/scale.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import type { TransformSpec } from '../data/transforms/registry.js';
import type { NetworkKind } from '../model/network-kinds.js';
import type { Sequential } from '../model/sequential.js';
import { readSidecar } from '../interop/sidecar.js';

/**
 * The forecaster of a foreign model in `dir` (named `given` in messages).
 * @example const f = await foreignForecaster(model, 'keras-export', 'keras-export', 20);
 * @throws OptionError when the window is unknown (the model takes any length and there is neither
 * a sidecar window nor `--window`) or contradicts the model's; ModelFileError when the model does
 * not take (batch, window) inputs or give (batch, steps) outputs, or the sidecar's transform is not a fitted one.
 */
export async function foreignForecaster(model: Sequential, dir: string, given: string, window?: number): Promise<NetworkForecaster> {
  const sidecar = await readSidecar(dir);
  const input = model.inputShape ?? [];
  if (input.length !== 1)
    throw new ModelFileError(
      `The model in '${given}' takes inputs of shape (batch, ${input.map((d) => d ?? 'null').join(', ')}), but seqcast forecasts with models that take windows (batch, window): add a first Reshape((window, 1)) (or the course's expand_dims Lambda) to the model and save it again.`,
    );
  const own = input[0];
  const chosen = window ?? sidecar?.window ?? own;
  if (chosen === null || chosen === undefined)
    throw new OptionError(
      `The model in '${given}' takes windows of any length and has no seqcast.json saying which: pass --window N (the window it was trained on).`,
    );
  if (own !== null && chosen !== own)
    throw new OptionError(
      `The model in '${given}' takes windows of ${own} values, not ${chosen}: pass --window ${own} or leave --window out.`,
    );
  const output = model.layers.at(-1)!.outputShape;
  if (output.length !== 1 || output[0] === null)
    throw new ModelFileError(
      `The model in '${given}' outputs shape (batch, ${output.map((d) => d ?? 'null').join(', ')}), but seqcast forecasts with models that output (batch, steps): end the model with a Dense(steps) on the last recurrent output.`,
    );
  let transform;
  try {
    transform = sidecar?.transform ? transformFromJSON(sidecar.transform) : scalingTransform('none');
  } catch (err) {
    throw new ModelFileError(`'${given}/seqcast.json' records a transform seqcast cannot use: ${(err as Error).message}`, { cause: err });
  }
  const spec = { model: kindOf(model), window: chosen, horizon: output[0], transform: specOf(transform.toJSON()) };
  return networkForecasterFromModel(model, spec as never, transform);
}

/** The network kind nearest to the model's layers: used as its name only. */
function kindOf(model: Sequential): NetworkKind {
  const has = (c: string): boolean => model.layers.some((l) => l.className === c);
  if (has('Conv1D')) return 'conv-lstm';
  if (has('Bidirectional')) return 'bilstm';
  if (has('GRU')) return 'gru';
  if (has('LSTM')) return 'lstm';
  if (has('SimpleRNN')) return 'rnn';
  return 'mlp';
}

/** The unfitted spec of a fitted transform's state (its kinds and the options that name them). */
function specOf(state: TransformJSON): TransformSpec {
  const s = state as unknown as Record<string, unknown>;
  if (s.kind === 'chain') return (s.transforms as TransformJSON[]).map(specOf) as TransformSpec;
  if (s.kind === 'seasonal-difference') return { kind: 'seasonal-difference', period: s.period as number };
  if (s.kind === 'box-cox') return { kind: 'box-cox', lambda: s.lambda as number };
  return s.kind as TransformSpec;
}
