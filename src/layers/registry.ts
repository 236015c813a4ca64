/**
 * Layers to and from JSON, for saved models: a layer is `{ className, config }`, where `config` is
 * the layer's `savedConfig()` (its own `config()` plus its `name` and `inputShape`).
 *
 * Each layer class declares, in its own file, what this needs (`LayerClass` in layer.ts): its config
 * keys with their JSON types, and a static `fromConfig` that rebuilds it through its public factory
 * (`dense`, `lstm`, ...), so a config is validated exactly as user code is. The code here is the
 * same for every class; adding a layer is one entry in `LAYERS`.
 *
 * Lambdas: the built-ins `expandDims` and `scale` save their argument; a user lambda saves only
 * the name it is registered under (`registerLambda`). No code is ever read from a file.
 */
import type { Layer, ConfigType, LayerClass, LayerJSON } from './layer.js';
import { Dense } from './dense.js';
import { SimpleRNN } from './simple-rnn.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { Conv1D } from './conv1d.js';
import { Dropout } from './dropout.js';
import { Bidirectional } from './bidirectional.js';
import { Lambda } from './lambda.js';
import { MonotoneQuantiles } from './monotone-quantiles.js';

export type { LayerJSON } from './layer.js';

/**
 * The classes a saved model may hold, keyed by the className it is saved under (the class's
 * `className`), in the order error messages list them.
 */
const LAYERS: Readonly<Record<string, LayerClass>> = {
  Dense,
  SimpleRNN,
  LSTM,
  GRU,
  Conv1D,
  Dropout,
  Bidirectional,
  Lambda,
  MonotoneQuantiles,
};

/** The class saved under `className`, or undefined (never an inherited property such as `toString`). */
function layerClass(className: string): LayerClass | undefined {
  return Object.hasOwn(LAYERS, className) ? LAYERS[className] : undefined;
}

/**
 * A layer as JSON: its class name and its settings, with its name and input shape.
 * @example layerToJSON(layers.dense(1, { name: 'head' })) // { className: 'Dense', config: { name: 'head', units: 1, ... } }
 * @throws when the layer is not a built-in layer, or is a lambda whose function is not registered
 * (naming the layer and telling to call `registerLambda`).
 */
export function layerToJSON(layer: Layer): LayerJSON {
  if (!layerClass(layer.className)) {
    throw new Error(
      `Layer '${layer.name}' (${layer.className}) cannot be saved: seqcast saves only its built-in layers (${Object.keys(LAYERS).join(', ')}).`,
    );
  }
  return { className: layer.className, config: layer.savedConfig() };
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
  const cls = layerClass(className);
  if (!cls) throw new Error(`unknown className '${className}': seqcast knows ${Object.keys(LAYERS).join(', ')}.`);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('config must be an object.');
  const keys = cls.configKeys;
  for (const [key, value] of Object.entries(config)) {
    if (!Object.hasOwn(keys, key))
      throw new Error(`unknown config key '${key}' for ${className}: it accepts ${Object.keys(keys).join(', ')}.`);
    if (!hasType(value, keys[key])) throw new Error(`config.${key} must be a ${keys[key]}, got ${JSON.stringify(value)}.`);
  }
  return cls.fromConfig(config, layerFromJSON);
}

function hasType(value: unknown, type: ConfigType): boolean {
  if (value === undefined) return true;
  if (type === 'shape') return Array.isArray(value) && value.every((d) => d === null || (Number.isInteger(d) && d >= 0));
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}
