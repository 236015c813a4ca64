/**
 * Layers to and from JSON, for saved models: a layer is `{ className, config }`, where `config` is
 * the layer's own `config()` plus its `name` and `inputShape`. Rebuilding goes through the public
 * factories (`dense`, `lstm`, ...), so a config is validated exactly as user code is.
 *
 * Lambdas: the built-ins `expandDims` and `scale` save their argument; a user lambda saves only
 * the name it is registered under (`registerLambda`). No code is ever read from a file.
 */
import type { LayerShape } from '../engine/shape.js';
import { Layer } from './layer.js';
import { dense, type DenseOptions } from './dense.js';
import { simpleRNN, type SimpleRNNOptions } from './simple-rnn.js';
import { lstm, type LSTMOptions } from './lstm.js';
import { gru, type GRUOptions } from './gru.js';
import { conv1d, type Conv1DOptions } from './conv1d.js';
import { dropout, type DropoutOptions } from './dropout.js';
import { Bidirectional, bidirectional, type BidirectionalOptions } from './bidirectional.js';
import { Recurrent } from './recurrent.js';
import { expandDims, lambda, registeredLambda, scale } from './lambda.js';

/** A layer as saved in model.json. */
export interface LayerJSON {
  /** `Dense`, `SimpleRNN`, `LSTM`, `GRU`, `Bidirectional`, `Conv1D`, `Dropout` or `Lambda`. */
  className: string;
  /** The layer's settings (never its weights, never code). */
  config: Record<string, unknown>;
}

type Config = Record<string, unknown>;

const COMMON = ['name', 'inputShape'];
const RECURRENT = [...COMMON, 'units', 'returnSequences', 'returnState', 'goBackwards', 'activation', 'useBias'];

/** The keys each class accepts; anything else is a typo or a foreign file. */
const KEYS: Record<string, readonly string[]> = {
  Dense: [...COMMON, 'units', 'activation', 'useBias'],
  SimpleRNN: RECURRENT,
  LSTM: [...RECURRENT, 'recurrentActivation', 'unitForgetBias'],
  GRU: [...RECURRENT, 'recurrentActivation', 'resetAfter'],
  Conv1D: [...COMMON, 'filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias'],
  Dropout: [...COMMON, 'rate', 'seed'],
  Bidirectional: [...COMMON, 'mergeMode', 'layer'],
  Lambda: [...COMMON, 'kind', 'axis', 'factor', 'registered', 'outputShape'],
};

/** The JSON type of every key (the factories check the values themselves). */
const TYPES: Record<string, 'boolean' | 'string' | 'number' | 'shape' | 'object'> = {
  returnSequences: 'boolean', returnState: 'boolean', goBackwards: 'boolean', useBias: 'boolean',
  unitForgetBias: 'boolean', resetAfter: 'boolean',
  name: 'string', activation: 'string', recurrentActivation: 'string', padding: 'string',
  mergeMode: 'string', kind: 'string', registered: 'string',
  units: 'number', filters: 'number', kernelSize: 'number', strides: 'number', dilationRate: 'number',
  rate: 'number', seed: 'number', axis: 'number', factor: 'number',
  inputShape: 'shape', outputShape: 'shape', layer: 'object',
};

/** Rebuilds one class from a checked config; `units`, `filters`, `rate` are passed positionally. */
const BUILDERS: Record<string, (c: Config) => Layer> = {
  Dense: ({ units, ...o }) => dense(units as number, o as DenseOptions),
  SimpleRNN: ({ units, ...o }) => simpleRNN(units as number, o as SimpleRNNOptions),
  LSTM: ({ units, ...o }) => lstm(units as number, o as LSTMOptions),
  GRU: ({ units, ...o }) => gru(units as number, o as GRUOptions),
  Conv1D: ({ filters, ...o }) => conv1d(filters as number, o as unknown as Conv1DOptions),
  Dropout: ({ rate, ...o }) => dropout(rate as number, o as DropoutOptions),
  Bidirectional: ({ layer, ...o }) => {
    const inner = layerFromJSON(layer as LayerJSON);
    if (!(inner instanceof Recurrent)) throw new Error(`config.layer must be a SimpleRNN, LSTM or GRU, got ${inner.className}.`);
    return bidirectional(inner, o as BidirectionalOptions);
  },
  Lambda: (c) => {
    const options = { name: c.name as string | undefined, inputShape: c.inputShape as LayerShape | undefined };
    const need = (key: string): unknown => {
      if (c[key] === undefined) throw new Error(`a '${String(c.kind)}' lambda needs config.${key}.`);
      return c[key];
    };
    switch (c.kind) {
      case 'expandDims':
        return expandDims(need('axis') as number, options);
      case 'scale':
        return scale(need('factor') as number, options);
      case 'lambda': {
        // the code comes from the registry, never from the file
        const fn = registeredLambda(need('registered') as string);
        return lambda(fn, { ...options, outputShape: c.outputShape as LayerShape | undefined });
      }
      default:
        throw new Error(`unknown lambda kind ${JSON.stringify(c.kind)}: use 'expandDims', 'scale' or 'lambda' (a registered function).`);
    }
  },
};

/**
 * A layer as JSON: its class name and its settings, with its name and input shape.
 * @example layerToJSON(layers.dense(1, { name: 'head' })) // { className: 'Dense', config: { name: 'head', units: 1, ... } }
 * @throws when the layer is not a built-in layer, or is a lambda whose function is not registered
 * (naming the layer and telling to call `registerLambda`).
 */
export function layerToJSON(layer: Layer): LayerJSON {
  if (!(layer.className in BUILDERS)) {
    throw new Error(`Layer '${layer.name}' (${layer.className}) cannot be saved: seqcast saves only its built-in layers (${Object.keys(BUILDERS).join(', ')}).`);
  }
  const config: Config = { ...layer.config(), name: layer.name };
  if (layer.inputShape) config.inputShape = [...layer.inputShape];
  else delete config.inputShape;
  if (layer.className === 'Lambda' && config.kind === 'lambda' && typeof config.registered !== 'string') {
    throw new Error(`Layer '${layer.name}' (Lambda) cannot be saved: its function is not registered. Call registerLambda('someName', fn) with the very function the layer uses before saving (and register it again before loading): a saved model stores the name, never the code.`);
  }
  return { className: layer.className, config };
}

/**
 * Rebuilds an unbuilt layer from its JSON, through the public factories.
 * @example layerFromJSON({ className: 'LSTM', config: { name: 'lstm', units: 32, returnSequences: true } })
 * @throws when the class is unknown, a key is unknown or has the wrong type, a lambda's name is
 * not registered (telling to call `registerLambda(name, fn)` first), or the factory rejects a value.
 */
export function layerFromJSON(json: LayerJSON): Layer {
  if (typeof json !== 'object' || json === null || typeof json.className !== 'string') {
    throw new Error('a layer must be an object { className, config }.');
  }
  const { className, config } = json;
  const build = Object.hasOwn(BUILDERS, className) ? BUILDERS[className] : undefined;
  if (!build) throw new Error(`unknown className '${className}': seqcast knows ${Object.keys(BUILDERS).join(', ')}.`);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('config must be an object.');
  for (const [key, value] of Object.entries(config)) {
    if (!KEYS[className].includes(key)) throw new Error(`unknown config key '${key}' for ${className}: it accepts ${KEYS[className].join(', ')}.`);
    if (!hasType(value, TYPES[key])) throw new Error(`config.${key} must be a ${TYPES[key]}, got ${JSON.stringify(value)}.`);
  }
  return build(config);
}

/**
 * Names of a layer's weight tensors, in `params` order: the parameter names (`kernel`, `bias`),
 * prefixed with the inner layer's name for a Bidirectional, whose two copies share them
 * (`forward_lstm/kernel`, ..., `backward_lstm/kernel`, ...).
 * @example paramNames(layers.bidirectional(layers.lstm(4, { name: 'l' }))) // after build: ['forward_l/kernel', ...]
 * @throws never.
 */
export function paramNames(layer: Layer): string[] {
  if (layer instanceof Bidirectional) {
    return [layer.forwardLayer, layer.backwardLayer].flatMap((l) => l.params.map((p) => `${l.name}/${p.name}`));
  }
  return layer.params.map((p) => p.name);
}

function hasType(value: unknown, type: (typeof TYPES)[string]): boolean {
  if (value === undefined) return true;
  if (type === 'shape') return Array.isArray(value) && value.every((d) => d === null || (Number.isInteger(d) && d >= 0));
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}
