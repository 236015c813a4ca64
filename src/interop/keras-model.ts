/**
 * The Keras/TF.js model translator, shared by the TF.js format (tfjs-format.ts) and the Keras
 * files reader: a Keras model config plus its weights to a seqcast `Sequential`, and back.
 *
 * In: a linear stack (keras-stack.ts) of the layers seqcast has (keras-layers.ts), where a few
 * Keras spellings of one seqcast layer are folded first:
 *   - a first `Reshape` that appends an axis of 1 ((batch, window) → (batch, window, 1)), or the
 *     course's first `Lambda(tf.expand_dims(x, -1))` → `expandDims(-1)`;
 *   - `ZeroPadding1D((p, 0))` + Conv1D 'valid', or the TF.js spelling seqcast's export writes
 *     (TF.js has neither ZeroPadding1D nor causal padding) `Reshape((-1, 1, F))` +
 *     `ZeroPadding2D(((p, 0), (0, 0)))` + `Reshape((-1, F))` + Conv1D 'valid', with
 *     p = dilation·(kernel − 1) → one Conv1D with padding 'causal';
 *   - the course's last `Lambda(x * c)` after a Dense → `scale(c)` (keras-lambda.ts).
 * Weights come in Keras `get_weights()` order, layer by layer; each layer's are checked against
 * its shapes as it is built, before the model's buffers are allocated. Every refusal is one
 * ModelFileError naming the source, the layer, the option and the fix.
 *
 * Out: see keras-export.ts. Browser-safe.
 */
import { sizeOf, type LayerShape } from '../engine/shape.js';
import { ModelFileError } from '../errors.js';
import { isObject } from '../is-object.js';
import { expandDims, registeredLambda, lambda, scale } from '../layers/lambda.js';
import type { Layer } from '../layers/layer.js';
import { Conv1D, conv1d } from '../layers/conv1d.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { lambdaRole } from './keras-lambda.js';
import { KERAS_LAYERS, KerasOptionError, layerFromKeras } from './keras-layers.js';
import { KerasStackError, readKerasStack, type KerasLayerEntry } from './keras-stack.js';

export { modelToKeras } from './keras-export.js';

import type { NamedTensor } from './named-tensor.js';
export type { NamedTensor } from './named-tensor.js';

/**
 * Keras/TF.js model config (the `model_config` object of modelTopology / Keras's config.json:
 * `{class_name: 'Sequential'|'Functional'|'Model', config: {...}}`) + its weights in Keras
 * `get_weights()` order, layer by layer, to a seqcast model that predicts the same.
 * @example const model = modelFromKeras(topology, [{ name: 'dense/kernel', shape: [20, 1], values }, ...], 'model.json');
 * @throws ModelFileError (one message naming `source`, the layer and the fix) for a model that is
 * not a linear stack, an unknown layer, an option that changes the math and that seqcast cannot
 * honour, a Lambda that is not the course's (naming `registerLambda`), a dtype other than
 * float32, weights whose count, shapes or values do not fit the layers (checked before allocating).
 */
export function modelFromKeras(modelConfig: unknown, weights: NamedTensor[], source: string): Sequential {
  const fail = (what: string, cause?: unknown): ModelFileError => new ModelFileError(`${source}: ${what}`, { cause });
  if (!Array.isArray(weights)) throw fail('the weights are not a list of tensors.');
  let stack;
  try {
    stack = readKerasStack(modelConfig);
  } catch (err) {
    if (err instanceof KerasStackError) throw fail(`${err.message}.`, err);
    throw err;
  }
  const layers = translate(stack.layers, stack.inputShape, fail);
  let next = 0;
  const checkLayer = (layer: Layer): void => {
    layer.params.forEach((p, k) => {
      const w = weights[next++];
      const what = `layer '${layer.name}' (${layer.className}) weight ${k} (${p.name}, shape [${p.shape.join(', ')}])`;
      if (!w) throw fail(`the weights end before ${what}: the weights belong to another model; save the model again.`);
      const ok =
        isObject(w) &&
        Array.isArray(w.shape) &&
        w.shape.length === p.shape.length &&
        w.shape.every((d, i) => d === p.shape[i]) &&
        w.values instanceof Float32Array &&
        w.values.length === sizeOf(p.shape);
      if (!ok)
        throw fail(
          `${what} does not match the file's weight '${String(w?.name)}' of shape [${Array.isArray(w?.shape) ? w.shape.join(', ') : '?'}]: the weights belong to another model or the file was edited; save the model again.`,
        );
    });
  };
  let model: Sequential;
  try {
    model = sequential(layers, { name: stack.name, onLayerBuilt: checkLayer });
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    throw fail(`the layers do not fit together: ${(err as Error).message}`, err);
  }
  if (next !== weights.length)
    throw fail(
      `the file has ${weights.length} weight tensors but the layers take ${next}: the weights belong to another model; save the model again.`,
    );
  let k = 0;
  for (const layer of model.layers) {
    for (const p of layer.params) {
      const values = weights[k++].values;
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw fail(`layer '${layer.name}' weight ${p.name} holds a non-finite value (${values[bad]}) at ${bad}: the file is corrupt.`);
      p.value.set(values);
    }
  }
  return model;
}

/** The seqcast layers of the stack, the first one given the input shape. */
function translate(entries: KerasLayerEntry[], inputShape: LayerShape, fail: (what: string, cause?: unknown) => ModelFileError): Layer[] {
  const out: Layer[] = [];
  const shapeOf = (): LayerShape | undefined => (out.length === 0 ? inputShape : undefined);
  for (let i = 0; i < entries.length; i++) {
    const { className, config } = entries[i];
    const name = typeof config.name === 'string' ? config.name : `${className.toLowerCase()}_${i}`;
    const where = `layer '${name}' (${className})`;
    try {
      checkDtype(config);
      const pad = causalPadding(entries, i);
      if (pad) {
        const conv = layerFromKeras('Conv1D', { ...pad.conv.config, padding: 'valid' }, shapeOf()) as Conv1D;
        if (conv.padding !== 'valid' || conv.dilationRate * (conv.kernelSize - 1) !== pad.left)
          throw new KerasOptionError(
            `its zero padding of ${pad.left} steps before the Conv1D is not the causal padding dilation·(kernel − 1) = ${conv.dilationRate * (conv.kernelSize - 1)}, which is the only padding layer seqcast folds`,
          );
        const { filters, kernelSize, strides, dilationRate, activation, useBias } = conv;
        out.push(
          conv1d(filters, {
            name: conv.name,
            inputShape: shapeOf(),
            kernelSize,
            strides,
            dilationRate,
            activation,
            useBias,
            padding: 'causal',
          }),
        );
        i += pad.skip;
        continue;
      }
      if (className === 'Reshape') {
        if (out.length !== 0 || !appendsAxis(config.target_shape, inputShape))
          throw new KerasOptionError(
            'seqcast reads a Reshape only as the first layer appending an axis of 1 ((batch, window) → (batch, window, 1)) or as the causal padding of a Conv1D',
          );
        out.push(expandDims(-1, { name, inputShape }));
        continue;
      }
      if (className === 'Lambda') {
        const role = lambdaRole(name, config, {
          first: out.length === 0,
          last: i === entries.length - 1,
          afterDense: entries[i - 1]?.className === 'Dense',
          inputRank: inputShape.length,
          registered: isRegistered(name),
        });
        if (role.kind === 'expandDims') out.push(expandDims(-1, { name, inputShape }));
        else if (role.kind === 'scale') out.push(scale(role.factor, { name }));
        else out.push(lambda(registeredLambda(role.name), { name, inputShape: shapeOf() }));
        continue;
      }
      if (!(KERAS_LAYERS as readonly string[]).includes(className))
        throw new KerasOptionError(
          `seqcast has no such layer (it reads ${KERAS_LAYERS.join(', ')}, Reshape as expand_dims, the causal padding of a Conv1D and the course's Lambdas): rebuild the model from these layers`,
        );
      out.push(layerFromKeras(className, config, shapeOf()));
    } catch (err) {
      throw fail(`${where}: ${(err as Error).message.replace(/\.$/, '')}.`, err);
    }
  }
  return out;
}

function isRegistered(name: string): boolean {
  try {
    registeredLambda(name);
    return true;
  } catch {
    return false;
  }
}

/** Keras 2 `dtype: 'float32'`, Keras 3 `dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } }`: only float32. */
function checkDtype(config: Record<string, unknown>): void {
  const d = config.dtype;
  if (d === undefined || d === null) return;
  const name = typeof d === 'string' ? d : isObject(d) && isObject(d.config) ? d.config.name : undefined;
  if (name !== 'float32')
    throw new KerasOptionError(
      `its dtype ${JSON.stringify(typeof name === 'string' ? name : d)} is not float32, the only precision seqcast computes in: save the model with dtype float32`,
    );
}

/** Whether a Reshape's target shape is the input shape with an axis of 1 appended (−1 or null for an unknown axis). */
function appendsAxis(target: unknown, input: LayerShape): boolean {
  if (!Array.isArray(target) || target.length !== input.length + 1 || target.at(-1) !== 1) return false;
  return input.every((d, i) => target[i] === d || target[i] === -1 || target[i] === null);
}

/**
 * A causal padding spelled in layers before a Conv1D at entries[i]: ZeroPadding1D((p, 0)) + Conv1D
 * (skip 1), or Reshape((-1, 1, F)) + ZeroPadding2D(((p, 0), (0, 0))) + Reshape((-1, F)) + Conv1D (skip 3).
 */
function causalPadding(entries: KerasLayerEntry[], i: number): { left: number; conv: KerasLayerEntry; skip: number } | null {
  const at = (k: number): KerasLayerEntry | undefined => entries[i + k];
  const pairs = (v: unknown): unknown => (typeof v === 'number' ? [v, v] : v);
  const e = at(0)!;
  if (e.className === 'ZeroPadding1D' && at(1)?.className === 'Conv1D') {
    const p = pairs(e.config.padding);
    if (Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && p[1] === 0 && (at(1)!.config.padding ?? 'valid') === 'valid')
      return { left: p[0] as number, conv: at(1)!, skip: 1 };
    return null;
  }
  if (e.className !== 'Reshape' || at(1)?.className !== 'ZeroPadding2D' || at(2)?.className !== 'Reshape' || at(3)?.className !== 'Conv1D')
    return null;
  const t1 = e.config.target_shape;
  const t2 = at(2)!.config.target_shape;
  const p = at(1)!.config.padding;
  const F = Array.isArray(t1) ? t1[2] : undefined;
  const ok =
    Array.isArray(t1) &&
    t1.length === 3 &&
    t1[1] === 1 &&
    Array.isArray(t2) &&
    t2.length === 2 &&
    t2[1] === F &&
    (t2[0] === -1 || t2[0] === null) &&
    JSON.stringify(p)
      .replace(/\s/g, '')
      .match(/^\[\[(\d+),0\],\[0,0\]\]$/) !== null &&
    (at(1)!.config.data_format ?? 'channels_last') === 'channels_last' &&
    (at(3)!.config.padding ?? 'valid') === 'valid';
  if (!ok) return null;
  return { left: (p as number[][])[0][0], conv: at(3)!, skip: 3 };
}
