/**
 * Lambda layers: arbitrary differentiable code inside a model, as Keras `Lambda`.
 *
 * The function runs on tensors recorded on the autograd tape (`src/engine/tensor.ts`), so any
 * composition of its ops (elementwise math, `expandDims`, `squeeze`, `reshape`, `slice`, `concat`,
 * `sum`, `mean`) backpropagates without a hand-written backward. The built-ins `expandDims` and
 * `scale` are lambdas with a serializable config; a user function serializes by a registered name.
 * Loading rebuilds the built-ins from their argument and a user lambda from the function registered
 * under its name: no code is ever read from a file.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { OptionError } from '../errors.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerOptions } from './layer.js';

export type LambdaFn = (x: Tensor) => Tensor;

export interface LambdaOptions extends LayerOptions {
  /** Output shape without the batch axis; inferred by a trial run when omitted. */
  outputShape?: LayerShape;
}

const registry = new Map<string, LambdaFn>();

/**
 * Registers a lambda function under a name, so that models using it can be saved and loaded
 * (a saved model stores the name, never the code).
 * @example registerLambda('times100', (x) => x.mul(100))
 * @throws OptionError when `name` is not a non-empty string of at most 200 characters without line
 * breaks or other control characters (it is written into model.json), or `fn` is not a function.
 */
export function registerLambda(name: string, fn: LambdaFn): void {
  const n: unknown = name;
  if (typeof n !== 'string' || n.trim() === '' || n.length > 200 || /[\u0000-\u001f\u007f]/.test(n)) {
    const got = typeof n === 'string' ? JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}...` : n) : describeValue(n);
    throw new OptionError(
      `registerLambda(name, fn) needs a name: a non-empty string of at most 200 characters without line breaks, got ${got}. Use e.g. registerLambda('clip', fn).`,
    );
  }
  if (typeof fn !== 'function') {
    throw new OptionError(
      `registerLambda('${n}', fn) needs a function (x) => Tensor as fn, got ${describeValue(fn)}. Pass the very function the Lambda layer uses.`,
    );
  }
  registry.set(n, fn);
}

/** A value's kind for a message: `undefined`, `null`, `the number 42`, `an object`. */
function describeValue(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.slice(0, 40))}`;
  return Array.isArray(v) ? 'an array' : `a${typeof v === 'object' ? 'n' : ''} ${typeof v}`;
}

/** The function registered under `name`. @throws when none is, saying how to register it. */
export function registeredLambda(name: string): LambdaFn {
  const fn = registry.get(name);
  if (!fn) throw new Error(`No lambda is registered under '${name}': call registerLambda('${name}', fn) before loading the model.`);
  return fn;
}

export class Lambda extends Layer {
  /** The keys of a saved Lambda config, with their JSON types: `kind` tells which of the others it needs. */
  static readonly configKeys: ConfigKeys = {
    ...LAYER_CONFIG_KEYS,
    kind: 'string',
    axis: 'number',
    factor: 'number',
    registered: 'string',
    outputShape: 'shape',
  };

  /**
   * Rebuilds a saved lambda: `expandDims(axis)`, `scale(factor)`, or `lambda` with the function
   * registered under `registered` (the code comes from the registry, never from the file).
   * @throws on an unknown kind, a missing argument, or a name that is not registered (telling to
   * call `registerLambda(name, fn)` first).
   */
  static fromConfig(c: Record<string, unknown>): Lambda {
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
        const fn = registeredLambda(need('registered') as string);
        return lambda(fn, { ...options, outputShape: c.outputShape as LayerShape | undefined });
      }
      default:
        throw new Error(`unknown lambda kind ${JSON.stringify(c.kind)}: use 'expandDims', 'scale' or 'lambda' (a registered function).`);
    }
  }

  readonly className: string = 'Lambda';
  private readonly fn: LambdaFn;
  private readonly declaredOutput?: LayerShape;
  /** Tape leaf and result of the last training forward, for `backward`. */
  private cache: { x: Tensor; y: Tensor } | null = null;

  constructor(fn: LambdaFn, options: LambdaOptions = {}) {
    super('lambda', options);
    this.fn = fn;
    this.declaredOutput = options.outputShape;
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.declaredOutput) return (this.outputShape = [...this.declaredOutput]);
    // Two trial runs: batch 2 then 3, every unknown axis 16 then 17. An output axis whose size
    // changes between the runs is unknown (null) too.
    const trial = (n: number): number[] => {
      const shape = [n, ...inputShape.map((d) => d ?? n + 14)];
      const size = shape.reduce((a, b) => a * b, 1);
      try {
        return this.fn(new Tensor(new Float32Array(size).fill(0.5), shape)).shape;
      } catch (err) {
        throw new Error(`Lambda layer '${this.name}' failed on an input of shape [${shape.join(', ')}]: ${(err as Error).message}`);
      }
    };
    const a = trial(2);
    const b = trial(3);
    if (a.length !== b.length) throw new Error(`Lambda layer '${this.name}': cannot infer its output shape; pass outputShape.`);
    this.outputShape = a.slice(1).map((d, i) => (d === b[i + 1] ? d : null));
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    if (!training) return this.fn(x);
    const xv = x.variable();
    const y = this.fn(xv);
    this.cache = { x: xv, y };
    return y;
  }

  backward(dy: Tensor): Tensor {
    if (!this.cache) throw new Error(`Lambda layer '${this.name}': backward called before a training forward.`);
    const { x, y } = this.cache;
    if (!y.requiresGrad) return Tensor.zeros(x.shape); // output does not depend on the input
    y.backward(dy.data);
    return new Tensor(x.grad!, x.shape);
  }

  config(): Record<string, unknown> {
    const name = [...registry].find(([, fn]) => fn === this.fn)?.[0];
    return { kind: 'lambda', registered: name ?? null, outputShape: this.outputShape };
  }

  /** @throws for a user lambda whose function is not registered: a saved model stores the name, never the code. */
  override savedConfig(): Record<string, unknown> {
    const config = super.savedConfig();
    if (config.kind === 'lambda' && typeof config.registered !== 'string') {
      throw new Error(
        `Layer '${this.name}' (Lambda) cannot be saved: its function is not registered. Call registerLambda('someName', fn) with the very function the layer uses before saving (and register it again before loading): a saved model stores the name, never the code.`,
      );
    }
    return config;
  }
}

/**
 * Any differentiable code as a layer, as Keras `Lambda`.
 * @example layers.lambda((x) => x.mul(100))
 */
export function lambda(fn: LambdaFn, options?: LambdaOptions): Lambda {
  return new Lambda(fn, options);
}

/**
 * A built-in lambda (`expandDims`, `scale`): its function follows from its kind and argument, which
 * are all it saves, so `Lambda.fromConfig` rebuilds it without a registry.
 */
class BuiltinLambda extends Lambda {
  constructor(
    private readonly saved: { kind: 'expandDims'; axis: number } | { kind: 'scale'; factor: number },
    fn: LambdaFn,
    options: LayerOptions,
  ) {
    super(fn, options);
  }

  override config(): Record<string, unknown> {
    return { ...this.saved };
  }
}

/**
 * Inserts an axis of size 1, as `tf.expand_dims` (axis counted on the tensor with its batch axis):
 * the course's `Lambda(lambda x: tf.expand_dims(x, axis=-1))`, built in and serializable.
 * @example layers.expandDims(-1, { inputShape: [null] })  // (B, T) → (B, T, 1)
 */
export function expandDims(axis = -1, options: LayerOptions = {}): Lambda {
  return new BuiltinLambda({ kind: 'expandDims', axis }, (x) => x.expandDims(axis), options);
}

/**
 * Multiplies by a constant, the course's `Lambda(lambda x: x * 100.0)`, built in and serializable.
 * @example layers.scale(100)
 */
export function scale(factor: number, options: LayerOptions = {}): Lambda {
  if (!Number.isFinite(factor)) throw new Error(`scale factor must be a finite number, got ${factor}.`);
  return new BuiltinLambda({ kind: 'scale', factor }, (x) => x.mul(factor), options);
}
