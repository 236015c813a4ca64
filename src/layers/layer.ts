/**
 * The layer contract. A layer declares its parameters while it is built; the model then gives
 * every parameter a view into its one flat weight buffer and its one flat gradient buffer.
 * `forward` keeps what `backward` needs; `backward` **adds** into the gradient views and returns
 * the gradient with respect to the layer's input.
 *
 * Shapes: tensors carry the batch axis; declared shapes (`inputShape`, `outputShape`) do not, and
 * may hold `null` for an axis of any size, as Keras `None`.
 *
 * Saving: a layer class declares what a saved model needs of it (see `LayerClass`): its config
 * keys with their JSON types, a static `fromConfig` that rebuilds it through its public factory,
 * and, through `paramNames`, the names of its weight tensors. `registry.ts` lists the classes.
 */
import type { Tensor } from '../engine/tensor.js';
import { sizeOf, type LayerShape } from '../engine/shape.js';
import type { InitializerName } from './initializers.js';
import { OptionError } from '../errors.js';
import { formatBytes, MAX_PARAM_VALUES } from '../limits.js';

/**
 * One weight tensor of a layer: a view into the model's flat buffers once the model is built
 * (`value` and `grad` are not allocated while only the layer is built, see `addParam`).
 */
export interface Param {
  /** Keras-style name, e.g. `kernel`, `recurrent_kernel`, `bias`. */
  readonly name: string;
  readonly shape: number[];
  readonly init: InitializerName;
  /** Weights, a view into the model's parameter buffer. */
  value: Float32Array;
  /** Gradients, a view into the model's gradient buffer. */
  grad: Float32Array;
}

/** Options every layer factory accepts. */
export interface LayerOptions {
  /** Shape of one example without the batch axis, for the first layer (`[null, 1]`: any length, 1 feature). */
  inputShape?: LayerShape;
  /** A name for `summary()` and saved models; defaults to the kind and a counter, as Keras. */
  name?: string;
}

/** A layer as saved in model.json. */
export interface LayerJSON {
  /** `Dense`, `SimpleRNN`, `LSTM`, `GRU`, `Bidirectional`, `Conv1D`, `Dropout`, `Lambda` or `MonotoneQuantiles`: the layer's `className`. */
  className: string;
  /** The layer's settings (never its weights, never code). */
  config: Record<string, unknown>;
}

/** The JSON type of a config value (`shape`: an array of non-negative integers and nulls; `object`: a JSON object). */
export type ConfigType = 'boolean' | 'string' | 'number' | 'shape' | 'object';

/** The config keys a layer class accepts in model.json, each with its JSON type, in the order errors list them. */
export type ConfigKeys = Readonly<Record<string, ConfigType>>;

/** The keys every layer accepts: its name, and the input shape of a first layer. */
export const LAYER_CONFIG_KEYS = { name: 'string', inputShape: 'shape' } as const satisfies ConfigKeys;

/**
 * The static side of a layer class that a model can be saved with: what `registry.ts` lists.
 * @example
 * class Dense extends Layer {
 *   static readonly configKeys: ConfigKeys = { ...LAYER_CONFIG_KEYS, units: 'number', activation: 'string', useBias: 'boolean' };
 *   static fromConfig({ units, ...options }: Record<string, unknown>): Dense {
 *     return dense(units as number, options as DenseOptions);
 *   }
 * }
 */
export interface LayerClass {
  /** Every key the class's config may hold; anything else in a file is a typo or a foreign file. */
  readonly configKeys: ConfigKeys;
  /**
   * Rebuilds an unbuilt layer from a config whose keys and JSON types are checked, through the
   * public factory, so that a value is validated exactly as in user code. A wrapper rebuilds its
   * inner layer's JSON with `fromJSON`.
   * @throws whatever the factory throws for a value, or on a missing required key.
   */
  fromConfig(config: Record<string, unknown>, fromJSON: (json: LayerJSON) => Layer): Layer;
}

const counters = new Map<string, number>();

/** Keras-style default names: `simple_rnn`, `simple_rnn_1`, ... */
function defaultName(kind: string): string {
  const n = counters.get(kind) ?? 0;
  counters.set(kind, n + 1);
  return n === 0 ? kind : `${kind}_${n}`;
}

export abstract class Layer {
  /** Class name as Keras prints it in `summary()`: `Dense`, `SimpleRNN`, `Lambda`. */
  abstract readonly className: string;
  readonly name: string;
  readonly inputShape?: LayerShape;
  readonly params: Param[] = [];
  /** Output shape without the batch axis, known after `build`. */
  outputShape: LayerShape = [];

  constructor(kind: string, options: LayerOptions = {}) {
    this.name = options.name ?? defaultName(kind);
    this.inputShape = options.inputShape;
  }

  /**
   * Checks the input shape, declares the parameters and returns the output shape.
   * @throws when the input shape does not fit the layer, naming the layer and both shapes.
   */
  abstract build(inputShape: LayerShape): LayerShape;

  /** Computes the output, keeping what `backward` needs when `training`. */
  abstract forward(x: Tensor, training: boolean): Tensor;

  /**
   * Adds parameter gradients into the grad views and returns d(loss)/d(input). With `inputGrad`
   * false the caller will not read the input's gradient (the model's first layer in training): a
   * layer may skip computing it and return null.
   */
  abstract backward(dy: Tensor): Tensor;
  abstract backward(dy: Tensor, inputGrad: boolean): Tensor | null;

  /** The layer's settings as plain JSON, enough to rebuild it (weights are saved apart). */
  abstract config(): Record<string, unknown>;

  /**
   * The config saved in model.json: `config()` with the layer's name, and its input shape when it
   * has one.
   * @throws when the layer cannot be rebuilt from it (a lambda whose function is not registered).
   */
  savedConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...this.config(), name: this.name };
    if (this.inputShape) config.inputShape = [...this.inputShape];
    else delete config.inputShape;
    return config;
  }

  /**
   * Names of the weight tensors in model.json, in `params` order: the parameters' own names
   * (`kernel`, `recurrent_kernel`, `bias`). A wrapper overrides it to tell its inner layers' apart.
   */
  paramNames(): string[] {
    return this.params.map((p) => p.name);
  }

  /** Number of weights. */
  countParams(): number {
    return this.params.reduce((n, p) => n + sizeOf(p.shape), 0);
  }

  /**
   * Declares a parameter. Its buffers are not allocated here: the model points `value` and `grad`
   * at its flat buffers once every layer is built (so a loaded file's shapes are checked before any
   * memory is spent on them); a layer used on its own gets zeroed arrays on first access.
   * A tensor larger than MAX_PARAM_VALUES is refused where it would be allocated (see
   * {@link checkParamSize}), so a loaded file's own checks speak first.
   */
  protected addParam(name: string, shape: number[], init: InitializerName): Param {
    let value: Float32Array | null = null;
    let grad: Float32Array | null = null;
    const layer: Layer = this; // the getters below name the layer in their message
    const p: Param = {
      name,
      shape,
      init,
      get value() {
        return (value ??= new Float32Array(checkParamSize(layer, p)));
      },
      set value(v: Float32Array) {
        value = v;
      },
      get grad() {
        return (grad ??= new Float32Array(checkParamSize(layer, p)));
      },
      set grad(g: Float32Array) {
        grad = g;
      },
    };
    this.params.push(p);
    return p;
  }

  protected shapeError(expected: string, got: LayerShape): Error {
    const fmt = `[${got.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
    return new Error(
      `Layer '${this.name}' (${this.className}) expects input of shape ${expected} (without the batch axis) but gets ${fmt}: fix the previous layer or the inputShape.`,
    );
  }
}

/**
 * The number of values of `param`, after checking it is at most MAX_PARAM_VALUES (2^28, 1 GiB of
 * float32): a tensor far larger than anything trainable here is refused before it is allocated.
 * @example checkParamSize(layer, layer.params[0]) // 32
 * @throws OptionError naming the layer, the tensor and its size.
 */
export function checkParamSize(layer: Layer, param: Param): number {
  const size = sizeOf(param.shape);
  if (!(size <= MAX_PARAM_VALUES)) {
    throw new OptionError(
      `Layer '${layer.name}' (${layer.className}) would have a ${param.name} of shape [${param.shape.join(', ')}], ${size.toExponential(2)} weights (${formatBytes(size * 4)}), more than one weight tensor may hold (${formatBytes(MAX_PARAM_VALUES * 4)}): use fewer units or filters.`,
    );
  }
  return size;
}
