/**
 * Bidirectional: a recurrent layer run forwards and backwards in time over the same input, the two
 * outputs merged, as Keras `Bidirectional`.
 *
 * Letters: B = batch, T = timesteps, F = features, H = units of the wrapped layer, O = output width
 * (2·H for 'concat', else H), R = rows of an output: B, or B·T with returnSequences.
 *
 * Two fresh copies of the wrapped layer (`cloneWith`): `forward_<name>` with its settings and
 * `backward_<name>` with `goBackwards` flipped. With returnSequences the backward copy's output
 * comes in processing order (its step t is input step T−1−t), so it is reversed in time before
 * merging, as Keras does: both are then aligned on input time. Backward splits dY by the merge
 * mode, reverses the backward copy's part back to processing order and sums the two dX. The parameters are the forward copy's then the backward copy's (Keras
 * `get_weights()` order); `build` lists their Param objects in `this.params`, so the model's views
 * land in the copies themselves. In a saved model their weight names are the copies' own, prefixed
 * with the copy's name (`forward_lstm/kernel`, ..., `backward_lstm/kernel`, ...), and the config holds
 * the wrapped layer's JSON.
 */
import { Tensor } from '../engine/tensor.js';
import type { LayerShape } from '../engine/shape.js';
import { Layer, LAYER_CONFIG_KEYS, type ConfigKeys, type LayerJSON, type LayerOptions } from './layer.js';
import { Recurrent, reverseTime } from './recurrent.js';

export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';

export interface BidirectionalOptions extends LayerOptions {
  /** How the two outputs are combined: 'concat' (default, forward first on the last axis), 'sum', 'ave' or 'mul'. */
  mergeMode?: MergeMode;
}

const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'ave', 'mul'];

export class Bidirectional extends Layer {
  /** The keys of a saved Bidirectional config, with their JSON types; `layer` is the wrapped layer's JSON. */
  static readonly configKeys: ConfigKeys = { ...LAYER_CONFIG_KEYS, mergeMode: 'string', layer: 'object' };

  /**
   * Rebuilds a saved Bidirectional: the wrapped layer from its JSON (`fromJSON`), then `bidirectional`.
   * @throws when the wrapped layer is not recurrent, or whatever `fromJSON` and `bidirectional` throw.
   */
  static fromConfig({ layer, ...options }: Record<string, unknown>, fromJSON: (json: LayerJSON) => Layer): Bidirectional {
    // refused before rebuilding it, so that wrappers nested thousands deep end here, not in a stack overflow
    const wrapped = (layer as Partial<LayerJSON> | undefined)?.className;
    if (wrapped === 'Bidirectional')
      throw new Error('config.layer must be a SimpleRNN, LSTM or GRU, got Bidirectional (one inside another).');
    const inner = fromJSON(layer as LayerJSON);
    if (!(inner instanceof Recurrent)) throw new Error(`config.layer must be a SimpleRNN, LSTM or GRU, got ${inner.className}.`);
    return bidirectional(inner, options as BidirectionalOptions);
  }

  readonly className = 'Bidirectional';
  readonly mergeMode: MergeMode;
  /** The copy that reads the sequence in the wrapped layer's direction. */
  readonly forwardLayer: Recurrent;
  /** The copy that reads it the other way (`goBackwards` flipped). */
  readonly backwardLayer: Recurrent;
  private readonly layerConfig: { className: string; config: Record<string, unknown> };
  private units = 0; // H
  private built = false;
  // kept by a training forward for backward ('mul' needs both outputs, time-aligned)
  private cacheF: Float32Array | null = null; // (R, H)
  private cacheB: Float32Array | null = null; // (R, H) backward copy's output, aligned on input time
  private cacheShape: number[] = []; // the inner output shape: (B, H) or (B, T, H)
  private trained = false;
  // internal buffers, reused while the sizes stay the same
  private ybAligned = new Float32Array(0); // (B, T, H) backward copy's output reversed to input time
  private dyF = new Float32Array(0); // (R, H) gradient of the forward copy's output
  private dyA = new Float32Array(0); // (R, H) gradient of the backward copy's output, on input time
  private dyB = new Float32Array(0); // (B, T, H) the same in the backward copy's processing order

  constructor(layer: Recurrent, options: BidirectionalOptions = {}) {
    super('bidirectional', { ...options, inputShape: options.inputShape ?? layer?.inputShape });
    if (!(layer instanceof Recurrent)) {
      const l: unknown = layer;
      const what = l instanceof Layer ? `a ${l.className} layer` : String(l);
      throw new Error(`Bidirectional wraps a recurrent layer (simpleRNN, lstm, gru), got ${what}.`);
    }
    if (layer.returnState)
      throw new Error(`Bidirectional does not support returnState on the wrapped layer '${layer.name}': set returnState to false.`);
    this.mergeMode = options.mergeMode ?? 'concat';
    if (!MERGE_MODES.includes(this.mergeMode))
      throw new Error(`Bidirectional mergeMode must be one of ${MERGE_MODES.join(', ')}, got '${String(this.mergeMode)}'.`);
    this.layerConfig = { className: layer.className, config: layer.config() };
    this.forwardLayer = layer.cloneWith({ name: `forward_${layer.name}` });
    this.backwardLayer = layer.cloneWith({ goBackwards: !layer.goBackwards, name: `backward_${layer.name}` });
  }

  /** True when the wrapped layer returns every step, (batch, time, ·). */
  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }

  build(inputShape: LayerShape): LayerShape {
    if (this.built) throw new Error(`Layer '${this.name}' (Bidirectional) is already built: a layer belongs to one model.`);
    const shape = this.forwardLayer.build(inputShape);
    this.backwardLayer.build(inputShape);
    // the copies' own Param objects: the model points them at its flat buffers
    this.params.push(...this.forwardLayer.params, ...this.backwardLayer.params);
    const H = shape[shape.length - 1] as number;
    this.units = H;
    this.built = true;
    this.outputShape = [...shape.slice(0, -1), this.mergeMode === 'concat' ? 2 * H : H];
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    if (!this.built) throw new Error(`Layer '${this.name}' (Bidirectional) is used before build().`);
    const f = this.forwardLayer.forward(x, training);
    const bw = this.backwardLayer.forward(x, training);
    const H = this.units;
    const R = f.size / H;
    let yb = bw.data; // (R, H) aligned on input time
    if (this.returnSequences) {
      const [B, T] = bw.shape;
      yb = reverseTime(bw.data, this.scratch('ybAligned', bw.size), B, T, H);
    }
    const yf = f.data; // (R, H)
    const O = this.mergeMode === 'concat' ? 2 * H : H;
    const y = new Float32Array(R * O); // (R, O)
    switch (this.mergeMode) {
      case 'concat':
        for (let r = 0; r < R; r++) {
          y.set(yf.subarray(r * H, r * H + H), r * O);
          y.set(yb.subarray(r * H, r * H + H), r * O + H);
        }
        break;
      case 'sum':
        for (let i = 0; i < y.length; i++) y[i] = yf[i] + yb[i];
        break;
      case 'ave':
        for (let i = 0; i < y.length; i++) y[i] = (yf[i] + yb[i]) * 0.5;
        break;
      case 'mul':
        for (let i = 0; i < y.length; i++) y[i] = yf[i] * yb[i];
        break;
    }
    // keep both outputs for 'mul' (each one's gradient is dy times the other)
    this.cacheF = training && this.mergeMode === 'mul' ? yf : null;
    this.cacheB = training && this.mergeMode === 'mul' ? yb : null;
    this.cacheShape = f.shape;
    this.trained = training;
    return new Tensor(y, [...f.shape.slice(0, -1), O]);
  }

  /** A reused internal buffer of n floats. */
  private scratch(which: 'ybAligned' | 'dyF' | 'dyA' | 'dyB', n: number): Float32Array {
    if (this[which].length !== n) this[which] = new Float32Array(n);
    return this[which];
  }

  backward(dy: Tensor): Tensor {
    if (!this.trained) throw new Error(`Layer '${this.name}' (Bidirectional): backward() needs a forward(x, true) before it.`);
    const H = this.units;
    const shape = this.cacheShape; // (B, H) or (B, T, H)
    const n = shape.reduce((a, b) => a * b, 1); // R·H
    const R = n / H;
    const O = this.mergeMode === 'concat' ? 2 * H : H;
    if (dy.size !== R * O) {
      throw new Error(
        `Layer '${this.name}' (Bidirectional): backward got a gradient of shape [${dy.shape.join(', ')}] for an output of ${R * O} values.`,
      );
    }
    const d = dy.data; // (R, O)
    const dyF = this.scratch('dyF', n); // (R, H)
    const dyA = this.scratch('dyA', n); // (R, H) aligned on input time
    switch (this.mergeMode) {
      case 'concat':
        for (let r = 0; r < R; r++) {
          dyF.set(d.subarray(r * O, r * O + H), r * H);
          dyA.set(d.subarray(r * O + H, r * O + O), r * H);
        }
        break;
      case 'sum':
        dyF.set(d);
        dyA.set(d);
        break;
      case 'ave':
        for (let i = 0; i < n; i++) dyF[i] = dyA[i] = d[i] * 0.5;
        break;
      case 'mul': {
        const yf = this.cacheF!;
        const yb = this.cacheB!;
        for (let i = 0; i < n; i++) {
          dyF[i] = d[i] * yb[i];
          dyA[i] = d[i] * yf[i];
        }
        break;
      }
    }
    // the backward copy's gradient goes back to its processing order
    let dyB = dyA;
    if (this.returnSequences) {
      dyB = this.scratch('dyB', n);
      reverseTime(dyA, dyB, shape[0], shape[1], H);
    }
    const dxF = this.forwardLayer.backward(new Tensor(dyF, shape));
    const dxB = this.backwardLayer.backward(new Tensor(dyB, shape));
    const dx = new Float32Array(dxF.size); // (B, T, F)
    const a = dxF.data;
    const b = dxB.data;
    for (let i = 0; i < dx.length; i++) dx[i] = a[i] + b[i];
    return new Tensor(dx, dxF.shape);
  }

  config(): Record<string, unknown> {
    return { name: this.name, mergeMode: this.mergeMode, layer: this.layerConfig, inputShape: this.inputShape };
  }

  /** The copies' weight names, each prefixed with its copy's name: the two copies' are the same. */
  override paramNames(): string[] {
    return [this.forwardLayer, this.backwardLayer].flatMap((l) => l.paramNames().map((n) => `${l.name}/${n}`));
  }
}

/**
 * Wraps a recurrent layer so that it reads the sequence both ways, as Keras `Bidirectional`: a
 * forward copy and a backward copy (goBackwards flipped) of `layer`, each with its own weights
 * (forward first), outputs merged by `mergeMode`. With returnSequences the backward output is
 * reversed in time before merging, so both are aligned on the input's time axis. Output
 * (batch, [time,] 2·units) for 'concat', (batch, [time,] units) otherwise.
 *
 * @example
 * // the course's bidirectional LSTM model
 * const model = sequential([
 *   layers.expandDims(-1, { inputShape: [null] }),
 *   layers.bidirectional(layers.lstm(32, { returnSequences: true })),
 *   layers.bidirectional(layers.lstm(32)),
 *   layers.dense(1),
 * ]);
 * @throws when `layer` is not a recurrent layer or has returnState, or `mergeMode` is unknown;
 * at build and forward, whatever the wrapped layer throws for the input.
 */
export function bidirectional(layer: Recurrent, options?: BidirectionalOptions): Bidirectional {
  return new Bidirectional(layer, options);
}
