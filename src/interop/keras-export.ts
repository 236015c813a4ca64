/**
 * A seqcast model to a Keras model config (the Keras 2 / TF.js spelling that `tf.loadLayersModel`
 * and Keras both read) and its weights in `get_weights()` order. What Keras and TF.js cannot hold
 * is mapped exactly or refused:
 *   - `expandDims(axis)` → `Reshape` (the input shape with an axis of 1 inserted; −1 for the one
 *     unknown axis);
 *   - `scale(c)` after a Dense with a linear activation → folded into that Dense (kernel and bias
 *     times c; the same function, rounded once more); anywhere else it is refused;
 *   - Conv1D with padding 'causal' → `Reshape((-1, 1, F))`, `ZeroPadding2D(((p, 0), (0, 0)))`,
 *     `Reshape((-1, F))` and a 'valid' Conv1D, p = dilation·(kernel − 1): TF.js has neither causal
 *     padding nor ZeroPadding1D (modelFromKeras folds the four back into one layer);
 *   - a user lambda (code) and MonotoneQuantiles are refused.
 * Browser-safe.
 */
import { OptionError } from '../errors.js';
import type { LayerShape } from '../engine/shape.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { Conv1D } from '../layers/conv1d.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { GRU } from '../layers/gru.js';
import type { Layer } from '../layers/layer.js';
import { LSTM } from '../layers/lstm.js';
import { Recurrent } from '../layers/recurrent.js';
import type { Sequential } from '../model/sequential.js';
import type { NamedTensor } from './keras-model.js';

type KerasLayer = { class_name: string; config: Record<string, unknown> };

/**
 * A seqcast model as a Keras model config and its weights (Keras `get_weights()` order, named as
 * TF.js names them: `<layer>/kernel`, `<bidirectional>/forward_<layer>/kernel`).
 * @example const { modelConfig, weights } = modelToKeras(simpleRnnLab());
 * @throws OptionError naming the layer and the fix for what Keras/TF.js cannot represent exactly
 * (a user lambda, a scale not after a linear Dense, MonotoneQuantiles, an expandDims with two
 * unknown axes) or a model not built yet.
 */
export function modelToKeras(model: Sequential): { modelConfig: object; weights: NamedTensor[] } {
  const inputShape = model.inputShape;
  if (!inputShape)
    throw new OptionError(
      `Model '${model.name}' is not built yet: give its first layer an inputShape, or predict once, before exporting it.`,
    );
  const layers: KerasLayer[] = [];
  const weights: NamedTensor[] = [];
  let shape: LayerShape = inputShape;
  model.layers.forEach((layer, i) => {
    const refuse = (what: string): OptionError =>
      new OptionError(`Layer '${layer.name}' (${layer.className}) cannot be exported to Keras/TF.js: ${what}`);
    const own = layer.params.map((p, k) => ({
      name: `${layer.name}/${layer.paramNames()[k]}`,
      shape: [...p.shape],
      values: Float32Array.from(p.value),
    }));
    const lambdaConfig = layer.className === 'Lambda' ? layer.config() : null;
    if (lambdaConfig?.kind === 'scale') {
      const factor = lambdaConfig.factor as number;
      const prev = model.layers[i - 1];
      if (!(prev instanceof Dense) || prev.activation !== 'linear')
        throw refuse(
          `a scale(${factor}) is exported only folded into a Dense with a linear activation just before it, and this one follows ${prev ? `'${prev.name}' (${prev.className}${prev instanceof Dense ? `, ${prev.activation}` : ''})` : 'nothing'}. Move the scale after a linear Dense, or export the ONNX format.`,
        );
      const n = prev.params.length;
      for (const w of weights.slice(weights.length - n)) for (let j = 0; j < w.values.length; j++) w.values[j] *= factor;
    } else if (lambdaConfig?.kind === 'expandDims') {
      const axis = lambdaConfig.axis as number;
      const rank = shape.length + 1; // with the batch axis
      const at = axis < 0 ? rank + 1 + axis : axis; // where the new axis goes, counted with the batch axis
      if (at < 1 || at > rank) throw refuse(`an expandDims(${axis}) on the batch axis has no Keras Reshape.`);
      const target = [...shape.slice(0, at - 1), 1, ...shape.slice(at - 1)].map((d) => (d === null ? -1 : d));
      if (target.filter((d) => d === -1).length > 1)
        throw refuse(
          `its input [${shape.join(', ')}] has more than one axis of unknown length, which a Keras Reshape cannot keep; give the model a fixed window.`,
        );
      layers.push(entry('Reshape', layer.name, { target_shape: target }));
    } else if (layer.className === 'Lambda') {
      throw refuse(
        "it runs code (a user lambda), which Keras and TF.js files cannot hold. Rebuild the model from built-in layers, or keep it in seqcast's format.",
      );
    } else if (layer instanceof Conv1D && layer.padding === 'causal') {
      const F = shape.at(-1) as number;
      const p = layer.dilationRate * (layer.kernelSize - 1);
      layers.push(
        entry('Reshape', `${layer.name}_causal_in`, { target_shape: [-1, 1, F] }),
        entry('ZeroPadding2D', `${layer.name}_causal_pad`, {
          padding: [
            [p, 0],
            [0, 0],
          ],
          data_format: 'channels_last',
        }),
        entry('Reshape', `${layer.name}_causal_out`, { target_shape: [-1, F] }),
        entry('Conv1D', layer.name, { ...convConfig(layer), padding: 'valid' }),
      );
      weights.push(...own);
    } else {
      layers.push(layerConfig(layer, refuse));
      weights.push(...own);
    }
    shape = layer.outputShape;
  });
  if (layers.length === 0) throw new OptionError(`Model '${model.name}' has no layer Keras/TF.js can hold.`);
  layers[0].config = { batch_input_shape: [null, ...inputShape], ...layers[0].config };
  return { modelConfig: { class_name: 'Sequential', config: { name: model.name, layers } }, weights };
}

function entry(className: string, name: string, config: Record<string, unknown>): KerasLayer {
  return { class_name: className, config: { name, trainable: true, dtype: 'float32', ...config } };
}

function layerConfig(layer: Layer, refuse: (what: string) => OptionError): KerasLayer {
  if (layer instanceof Dense)
    return entry('Dense', layer.name, { units: layer.units, activation: layer.activation, use_bias: layer.useBias });
  if (layer instanceof Recurrent) return entry(layer.className, layer.name, recurrentConfig(layer));
  if (layer instanceof Bidirectional) {
    const inner = layer.forwardLayer;
    const name = inner.name.replace(/^forward_/, '');
    return entry('Bidirectional', layer.name, {
      merge_mode: layer.mergeMode,
      layer: { class_name: inner.className, config: { name, trainable: true, dtype: 'float32', ...recurrentConfig(inner) } },
    });
  }
  if (layer instanceof Conv1D) return entry('Conv1D', layer.name, convConfig(layer));
  if (layer instanceof Dropout) return entry('Dropout', layer.name, { rate: layer.rate });
  throw refuse(`Keras/TF.js have no ${layer.className} layer. Export a model without it, or keep it in seqcast's format.`);
}

function recurrentConfig(layer: Recurrent): Record<string, unknown> {
  const config: Record<string, unknown> = {
    units: layer.units,
    activation: layer.activation,
    use_bias: layer.useBias,
    return_sequences: layer.returnSequences,
    return_state: false,
    go_backwards: layer.goBackwards,
    stateful: false,
    unroll: false,
  };
  if (layer instanceof LSTM || layer instanceof GRU) config.recurrent_activation = layer.recurrentActivation;
  if (layer instanceof GRU) config.reset_after = layer.resetAfter;
  return config;
}

function convConfig(layer: Conv1D): Record<string, unknown> {
  return {
    filters: layer.filters,
    kernel_size: [layer.kernelSize],
    strides: [layer.strides],
    padding: layer.padding,
    dilation_rate: [layer.dilationRate],
    activation: layer.activation,
    use_bias: layer.useBias,
    data_format: 'channels_last',
  };
}
