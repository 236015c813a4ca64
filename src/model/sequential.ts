/**
 * `sequential([...layers])`: a stack of layers with Keras's build, compile, fit, predict,
 * evaluate and summary. The model owns the flat parameter buffers; the training loop lives in
 * `fit.ts` and knows nothing about what the layers are.
 */
import { Tensor } from '../engine/tensor.js';
import { InputError } from '../errors.js';
import { formatShape, type LayerShape } from '../engine/shape.js';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses/losses.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Batch } from '../data/dataset.js';
import type { Logs, TrainingModel } from './callbacks.js';
import { ParamStore } from './params.js';
import { resolveCompile, type Compiled, type CompileOptions, type MetricName } from './compile.js';
import { fitLoop, evaluateBatches, type FitOptions, type History } from './fit.js';
import { denseStackStep, type FusedStep } from './dense-step.js';

export interface SequentialOptions {
  /** Seed of the weight initialization; the same seed gives the same weights. Default 0. */
  seed?: number;
  /** Name printed by `summary()`; default `sequential`. */
  name?: string;
  /**
   * Called when the model is built, after each layer's `build` and before the next one's, while no
   * weight is allocated yet (the layer's `params` hold their shapes; the flat buffers are allocated
   * after the last layer): throw to stop the build. Loading a model file checks each layer against
   * the file's weights here, so an edited file is refused before memory is spent on it.
   */
  onLayerBuilt?: (layer: Layer, index: number) => void;
}

/** Options of `model.save(dir)` and `saveModel`. */
export interface SaveOptions {
  /** Any plain JSON to keep with the model (scaler, window, series name...); default `model.metadata`. */
  metadata?: Record<string, unknown>;
  /** Save the compiled loss, optimizer settings and metrics (Keras `include_optimizer`); default true. */
  includeOptimizer?: boolean;
}

/** What `model.save(dir)` calls to write the model: `saveModel` of save-node.ts. */
export type ModelSaver = (model: Sequential, dir: string, options?: SaveOptions) => Promise<void>;

// Set by save-node.ts when it is loaded (seqcast's Node entry point and the CLI load it), so that
// the model itself holds no file-system code and browser bundles leave node:fs out.
let modelSaver: ModelSaver | null = null;

/**
 * Gives `model.save(dir)` the function that writes to disk. save-node.ts registers `saveModel`
 * when it is imported; nothing else needs to call this.
 * @example registerModelSaver(saveModel)
 * @throws never.
 */
export function registerModelSaver(saver: ModelSaver): void {
  modelSaver = saver;
}

export class Sequential implements TrainingModel {
  readonly layers: Layer[];
  readonly name: string;
  readonly seed: number;
  /** Set by a callback to end training after the current epoch, as Keras `stop_training`. */
  stopTraining = false;
  /** Plain JSON kept with the model by `save` and restored by `loadModel` (scaler, window, series name...). */
  metadata: Record<string, unknown> = {};
  private store: ParamStore | null = null;
  private compiled: Compiled | null = null;
  private builtInput: LayerShape | null = null;
  private onLayerBuilt: SequentialOptions['onLayerBuilt'];
  private fused: { loss: Loss; step: FusedStep | null } | null = null;

  constructor(layers: Layer[], options: SequentialOptions = {}) {
    if (layers.length === 0) throw new Error('sequential() needs at least one layer.');
    this.layers = layers;
    this.name = options.name ?? 'sequential';
    this.seed = options.seed ?? 0;
    this.onLayerBuilt = options.onLayerBuilt;
    const declared = layers[0].inputShape;
    layers.slice(1).forEach((l) => {
      if (l.inputShape) throw new Error(`Layer '${l.name}' has an inputShape but is not the first layer: only the first layer takes one.`);
    });
    if (declared) this.build(declared);
  }

  /** True once the layers know their input shapes and the weights exist. */
  get built(): boolean {
    return this.store !== null;
  }

  /**
   * Builds every layer for an input shape (without the batch axis) and initializes the weights.
   * Called by the constructor when the first layer has an `inputShape`, else by the first fit/predict.
   * @throws when a layer does not accept the shape the previous one produces, or what `onLayerBuilt` throws.
   */
  build(inputShape: LayerShape): void {
    let shape = inputShape;
    this.layers.forEach((layer, i) => {
      shape = layer.build(shape);
      this.onLayerBuilt?.(layer, i);
    });
    this.builtInput = [...inputShape];
    this.store = new ParamStore(this.layers, this.seed);
    this.onLayerBuilt = undefined; // needed only once
  }

  /** The flat parameter buffers. @throws before the model is built. */
  get params(): ParamStore {
    if (!this.store)
      throw new Error(`Model '${this.name}' is not built yet: give the first layer an inputShape, or call fit/predict first.`);
    return this.store;
  }

  /** The input shape the model was built for (without the batch axis); null before it is built. */
  get inputShape(): LayerShape | null {
    return this.builtInput ? [...this.builtInput] : null;
  }

  /** True after `compile`. */
  get isCompiled(): boolean {
    return this.compiled !== null;
  }

  get optimizer(): Optimizer {
    return this.requireCompiled().optimizer;
  }

  get loss(): Loss {
    return this.requireCompiled().loss;
  }

  get metrics(): MetricName[] {
    return this.requireCompiled().metrics;
  }

  /**
   * Sets the loss, the optimizer and the metrics, as Keras `compile`.
   * @example model.compile({ loss: losses.huber(), optimizer: optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 }), metrics: ['mae'] })
   */
  compile(options: CompileOptions): void {
    this.compiled = resolveCompile(options);
  }

  /** Runs every layer forward; builds the model from the input's shape on first use. */
  forward(x: Tensor, training: boolean): Tensor {
    if (!(x instanceof Tensor))
      throw new InputError(
        `Model '${this.name}' takes a Tensor of shape (batch, window) or (batch, window, features), got ${Array.isArray(x) ? 'an Array' : String(x)}: wrap the values with Tensor.from(values, shape).`,
      );
    if (x.rank < 2)
      throw new InputError(
        `Model '${this.name}' takes a batch of examples, shape (batch, window) or (batch, window, features), got shape [${x.shape.join(', ')}]: add the batch axis first, e.g. [1, ${x.shape.join(', ')}].`,
      );
    if (!this.store) this.build(x.shape.slice(1));
    this.checkInput(x);
    let y = x;
    for (const layer of this.layers) y = layer.forward(y, training);
    return y;
  }

  /**
   * Backpropagates d(loss)/d(output) through every layer, adding into the gradient buffer, and
   * returns d(loss)/d(input). With `inputGrad` false (training, which never reads it) the first
   * layer may skip the input's gradient, and the result is null.
   */
  backward(dy: Tensor): Tensor;
  backward(dy: Tensor, inputGrad: boolean): Tensor | null;
  backward(dy: Tensor, inputGrad = true): Tensor | null {
    let g = dy;
    for (let i = this.layers.length - 1; i > 0; i--) g = this.layers[i].backward(g);
    return this.layers.length > 0 ? this.layers[0].backward(g, inputGrad) : g;
  }

  /**
   * The fused training step for `loss` when every layer is a Dense and the loss is `huber()`'s
   * (src/model/dense-step.ts: the same numbers as forward, the tape and backward), else null.
   * Made once per loss and kept; null before the model is built.
   */
  fusedStep(loss: Loss): FusedStep | null {
    if (!this.store) return null;
    if (this.fused?.loss !== loss) this.fused = { loss, step: denseStackStep(this.layers, loss) };
    return this.fused.step;
  }

  /**
   * Trains on batches for some epochs, as Keras `fit`. Returns the history of the loss and
   * metrics per epoch.
   * @example await model.fit(windowedDataset(train, { window: 20 }), { epochs: 100 })
   * @throws before `compile`, and when the loss becomes NaN or infinite (the last good weights are kept).
   */
  async fit(data: Iterable<Batch>, options: FitOptions<Sequential> = {}): Promise<History> {
    const compiled = this.requireCompiled('fit');
    return fitLoop(this, compiled, data, options);
  }

  /**
   * Scores batches with the compiled loss and metrics (means weighted by batch size).
   * @throws before `compile`.
   */
  evaluate(data: Iterable<Batch>): Logs {
    return evaluateBatches(this, this.requireCompiled('evaluate'), data);
  }

  /**
   * Outputs for inputs, in batches (the batch axis first).
   * @example model.predict(Tensor.from([[1, 2, 3]]))
   */
  predict(x: Tensor, { batchSize = 32 }: { batchSize?: number } = {}): Tensor {
    if (!(batchSize >= 1) || !Number.isInteger(batchSize))
      throw new Error(`predict batchSize must be a positive integer, got ${batchSize}.`);
    if (!(x instanceof Tensor) || x.rank < 2 || x.shape[0] === 0)
      throw new InputError(
        `predict needs a Tensor of examples, shape (batch, window) or (batch, window, features), got ${x instanceof Tensor ? `shape [${x.shape.join(', ')}]` : Array.isArray(x) ? 'an Array' : String(x)}: e.g. Tensor.from([[1, 2, 3]]).`,
      );
    const n = x.shape[0];
    const parts: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      parts.push(this.forward(x.slice([start], [size]), false));
    }
    return parts.length === 1 ? parts[0] : Tensor.concat(parts, 0);
  }

  /**
   * Saves the model into the directory `dir` (model.json and weights.bin, written atomically: an
   * existing model there is replaced only once the new one is complete). Node only; in a browser
   * use `modelToFiles`. See docs/model-format.md.
   * @example await model.save('models/rnn', { metadata: { window: 20 } })
   * @throws as `saveModel`: an unregistered lambda, NaN weights, a model not built yet, or a `dir`
   * that holds other files; nothing is written then. Also when no saver is loaded (a browser).
   */
  async save(dir: string, options?: SaveOptions): Promise<void> {
    if (!modelSaver) {
      throw new Error(
        "model.save(dir) needs Node.js (a file system): in a browser use modelToFiles(model). In Node, import seqcast's entry point ('seqcast', or its model/save-node.js), which gives model.save its file system.",
      );
    }
    return modelSaver(this, dir, options);
  }

  /** Parameter count. */
  countParams(): number {
    return this.params.values.length;
  }

  /** A Keras-style table: layer (type), output shape, parameter count, and the totals. */
  summary(): string {
    if (!this.store)
      throw new Error(`Model '${this.name}' is not built yet: give the first layer an inputShape, or call fit/predict first.`);
    const rule = (c: string): string => c.repeat(65);
    // Keras cuts a column's text one short of the column's width, so columns never run together
    const cell = (text: string, width: number): string => (text.length >= width ? text.slice(0, width - 1) : text).padEnd(width);
    const row = (a: string, b: string, c: string): string => ` ${cell(a, 28)}${cell(b, 26)}${c}`.trimEnd();
    const lines = [`Model: "${this.name}"`, rule('_'), row('Layer (type)', 'Output Shape', 'Param #'), rule('=')];
    this.layers.forEach((l, i) => {
      if (i > 0) lines.push('');
      lines.push(row(`${l.name} (${l.className})`, formatShape([null, ...l.outputShape]), l.countParams().toString()));
    });
    const total = this.countParams().toLocaleString('en-US');
    lines.push(rule('='), `Total params: ${total}`, `Trainable params: ${total}`, 'Non-trainable params: 0', rule('_'));
    return lines.join('\n');
  }

  private checkInput(x: Tensor): void {
    const expected = this.builtInput!;
    const got = x.shape.slice(1);
    const ok = got.length === expected.length && expected.every((d, i) => d === null || d === got[i]);
    if (!ok) {
      throw new InputError(
        `Model '${this.name}' expects input of shape ${formatShape([null, ...expected])} but got [${x.shape.join(', ')}]: check the window size and the number of features.`,
      );
    }
  }

  private requireCompiled(what = 'this'): Compiled {
    if (!this.compiled)
      throw new Error(`Call model.compile({ loss, optimizer }) before ${what === 'this' ? 'using the optimizer or loss' : what}.`);
    return this.compiled;
  }
}

/**
 * A stack of layers, as Keras `Sequential`.
 * @example
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.simpleRNN(40, { returnSequences: true }),
 *   layers.simpleRNN(40),
 *   layers.dense(1),
 *   layers.scale(100),
 * ]);
 * @throws when the layers do not fit together.
 */
export function sequential(layers: Layer[], options?: SequentialOptions): Sequential {
  return new Sequential(layers, options);
}
