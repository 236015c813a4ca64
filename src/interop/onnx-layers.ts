/**
 * Each seqcast layer as ONNX operators (opset 17), computing what the layer's `forward` computes
 * at inference. Tensors keep seqcast's layout between layers: (B, T, F) for sequences, (B, F) for
 * vectors; a layer that needs ONNX's own layout transposes in and out.
 *
 * Letters: B = batch, T = timesteps, F = input features, H = units, D = directions (1 or 2),
 * G = gates (1 SimpleRNN, 3 GRU, 4 LSTM), K = kernel size, C = filters, Q = quantiles.
 *
 *   Dense              MatMul (+ Add) (+ activation): MatMul broadcasts over (B, T, F) too
 *   SimpleRNN/LSTM/GRU RNN / LSTM / GRU on X transposed to (T, B, F); W, R (D, G·H, ·) are the
 *                      Keras kernels transposed, gate blocks reordered: LSTM Keras [i, f, c, o] →
 *                      ONNX [i, o, f, c]; GRU [z, r, h] in both. B = [Wb, Rb]: Keras's one bias
 *                      is Wb with Rb = 0, but GRU with resetAfter has its own recurrent bias (Rb)
 *                      and linear_before_reset = 1 (resetAfter false: 0). goBackwards: the input
 *                      is reversed in time first (a Slice with step −1) and the op runs forward,
 *                      which is what Keras computes (its output stays in processing order).
 *                      returnSequences: Y (T, D, B, H) → (B, T, D·H); else Y_h (D, B, H) → (B, D·H)
 *   Bidirectional      one op with direction 'bidirectional' (forward copy's weights first), both
 *                      directions aligned on input time as Keras merges them; concat = Reshape of
 *                      (…, D, H) to (…, 2H), sum / ave / mul = ReduceSum / ReduceMean / ReduceProd
 *                      over D (exactly a + b, (a + b)/2, a·b)
 *   Conv1D             Transpose to (B, F, T), Conv with the kernel (K, F, C) as (C, F, K), pads
 *                      [d·(K−1), 0] for causal, TensorFlow's split for same (explicit pads with
 *                      stride 1; auto_pad SAME_UPPER with strides > 1, where it depends on T and
 *                      dilation is 1: onnxruntime refuses SAME_UPPER with dilation), none for
 *                      valid; Transpose back; activation
 *   Dropout            nothing (the identity at inference)
 *   Lambda             expandDims(axis) → Unsqueeze; scale(factor) → Mul by a constant; any other
 *                      lambda is code ONNX cannot hold: refused
 *   MonotoneQuantiles  Reshape (…, L) to (…, L/Q, Q), Softplus, CumSum up from the center and
 *                      down (reverse) from it, added to / taken from the center, Concat, Reshape back
 */
import type { LayerShape } from '../engine/shape.js';
import type { ActivationName } from '../engine/activations.js';
import { OptionError } from '../errors.js';
import type { Layer, Param } from '../layers/layer.js';
import { Dense } from '../layers/dense.js';
import { Recurrent, GatedRecurrent } from '../layers/recurrent.js';
import { LSTM } from '../layers/lstm.js';
import { GRU } from '../layers/gru.js';
import { SimpleRNN } from '../layers/simple-rnn.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { Conv1D } from '../layers/conv1d.js';
import { Dropout } from '../layers/dropout.js';
import { Lambda } from '../layers/lambda.js';
import { MonotoneQuantiles } from '../layers/monotone-quantiles.js';
import { INT64_MIN, OnnxGraph, floats, int, ints, str, strs } from './onnx-graph.js';

/** The ONNX operator of each elementwise activation ('linear' is none). */
const ACTIVATION_OP: Record<Exclude<ActivationName, 'linear'>, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu' };
/** The same, as the recurrent ops name them in their `activations` attribute ('linear': Affine 1·x + 0). */
const RNN_ACTIVATION: Record<ActivationName, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', linear: 'Affine' };

/**
 * Refuses a layer ONNX cannot represent: a lambda other than the built-in expandDims and scale
 * (its function is JavaScript), a layer class seqcast's export does not know.
 * @example checkLayer(layers.lambda((x) => x.mul(x))); // throws
 * @throws OptionError naming the layer, why, and what to use instead.
 */
export function checkLayer(layer: Layer): void {
  if (layer instanceof Lambda) {
    const config = layer.config();
    if (config.kind === 'expandDims' || config.kind === 'scale') return;
    const registered = typeof config.registered === 'string' ? ` (registered as '${config.registered}' with registerLambda)` : '';
    throw new OptionError(
      `Layer '${layer.name}' (Lambda) cannot be exported to ONNX: it runs a JavaScript function${registered}, which ONNX cannot hold, and seqcast exports only its built-in lambdas layers.expandDims and layers.scale. Replace it with those, or with layers that do the same math.`,
    );
  }
  const inner = layer instanceof Bidirectional ? layer.forwardLayer : layer;
  const known = [Dense, SimpleRNN, LSTM, GRU, Conv1D, Dropout, MonotoneQuantiles];
  if (!known.some((cls) => inner instanceof cls)) {
    throw new OptionError(
      `Layer '${layer.name}' (${layer.className}) cannot be exported to ONNX: seqcast exports Dense, SimpleRNN, LSTM, GRU, Bidirectional, Conv1D, Dropout, MonotoneQuantiles and the expandDims and scale lambdas. Replace the layer with one of them.`,
    );
  }
}

/**
 * Adds the operators of `layer` applied to `x` (its input, shape `inShape` without the batch axis)
 * and returns the name of its output.
 * @example const y = emitLayer(graph, layers.dense(1), 'input', [20]);
 * @throws OptionError as {@link checkLayer}.
 */
export function emitLayer(g: OnnxGraph, layer: Layer, x: string, inShape: LayerShape): string {
  checkLayer(layer);
  if (layer instanceof Dense) return emitDense(g, layer, x);
  if (layer instanceof Bidirectional) return emitRecurrent(g, layer.forwardLayer, x, layer.backwardLayer, layer.mergeMode, layer.name);
  if (layer instanceof Recurrent) return emitRecurrent(g, layer, x, null, 'concat', layer.name);
  if (layer instanceof Conv1D) return emitConv1D(g, layer, x);
  if (layer instanceof MonotoneQuantiles) return emitQuantiles(g, layer, x, inShape);
  if (layer instanceof Lambda) return emitLambda(g, layer, x);
  return x; // Dropout: the identity at inference
}

/** A layer's weight tensor by its name. */
function param(layer: Layer, name: string): Param {
  const p = layer.params.find((q) => q.name === name);
  if (!p) throw new Error(`Layer '${layer.name}' has no '${name}' weights: this is a bug in seqcast's ONNX export.`);
  return p;
}

function activate(g: OnnxGraph, activation: ActivationName, x: string, base: string): string {
  return activation === 'linear' ? x : g.op(ACTIVATION_OP[activation], [x], `${base}/${activation}`);
}

function emitDense(g: OnnxGraph, layer: Dense, x: string): string {
  const kernel = param(layer, 'kernel'); // (I, U): MatMul's right operand as it is
  let y = g.op('MatMul', [x, g.floats(`${layer.name}/kernel`, kernel.shape, kernel.value)], `${layer.name}/matmul`);
  if (layer.useBias) {
    const bias = param(layer, 'bias');
    y = g.op('Add', [y, g.floats(`${layer.name}/bias`, bias.shape, bias.value)], `${layer.name}/add`);
  }
  return activate(g, layer.activation, y, layer.name);
}

/** ONNX gate block k is Keras gate block ORDER[k]. */
function gateOrder(layer: Recurrent): number[] {
  if (layer instanceof LSTM) return [0, 3, 1, 2]; // ONNX [i, o, f, c] from Keras [i, f, c, o]
  if (layer instanceof GRU) return [0, 1, 2]; // [z, r, h] in both
  return [0];
}

/** The op's weights of one direction: W (G·H, F), R (G·H, H), Wb and Rb (G·H each). */
function directionWeights(layer: Recurrent): { W: Float32Array; R: Float32Array; Wb: Float32Array; Rb: Float32Array } {
  const order = gateOrder(layer);
  const H = layer.units;
  const GH = order.length * H;
  // Keras (rows, G·H) row-major, Keras gate order → ONNX (G·H, rows), ONNX gate order
  const transposed = (m: Float32Array, rows: number): Float32Array<ArrayBuffer> => {
    const out = new Float32Array(GH * rows);
    order.forEach((keras, k) => {
      for (let j = 0; j < H; j++) for (let r = 0; r < rows; r++) out[(k * H + j) * rows + r] = m[r * GH + keras * H + j];
    });
    return out;
  };
  const reordered = (b: Float32Array): Float32Array<ArrayBuffer> => {
    const out = new Float32Array(GH);
    order.forEach((keras, k) => out.set(b.subarray(keras * H, keras * H + H), k * H));
    return out;
  };
  const kernel = param(layer, 'kernel'); // (F, G·H)
  const W = transposed(kernel.value, kernel.shape[0]);
  const R = transposed(param(layer, 'recurrent_kernel').value, H);
  let Wb = new Float32Array(GH);
  let Rb = new Float32Array(GH);
  if (layer.useBias) {
    const bias = param(layer, 'bias').value; // (G·H), or (2, G·H) for GRU with resetAfter: [input bias, recurrent bias]
    Wb = reordered(bias.subarray(0, GH));
    if (bias.length === 2 * GH) Rb = reordered(bias.subarray(GH));
  }
  return { W, R, Wb, Rb };
}

/** The activations of one direction, in the op's order: RNN [f]; GRU [f, g]; LSTM [f, g, h]. */
function directionActivations(layer: Recurrent): ActivationName[] {
  const rec = layer instanceof GatedRecurrent ? layer.recurrentActivation : null;
  if (layer instanceof LSTM) return [rec!, layer.activation, layer.activation];
  if (layer instanceof GRU) return [rec!, layer.activation];
  return [layer.activation];
}

/** Reverses the time axis (axis 1) of x (B, T, F). */
function reverseTime(g: OnnxGraph, x: string, base: string): string {
  const starts = g.int64s(`${base}/rev_starts`, [-1]);
  const ends = g.int64s(`${base}/rev_ends`, [INT64_MIN]);
  const axes = g.int64s(`${base}/rev_axes`, [1]);
  const steps = g.int64s(`${base}/rev_steps`, [-1]);
  return g.op('Slice', [x, starts, ends, axes, steps], `${base}/reversed`);
}

/**
 * A recurrent layer (backward: null) or a Bidirectional's two copies as one ONNX op. Both copies
 * read the input the same way once goBackwards is undone (see the file's comment): the forward
 * copy's goBackwards reverses the input first.
 */
function emitRecurrent(g: OnnxGraph, layer: Recurrent, x: string, backward: Recurrent | null, merge: string, base: string): string {
  const op = layer instanceof LSTM ? 'LSTM' : layer instanceof GRU ? 'GRU' : 'RNN';
  const dirs = backward ? [layer, backward] : [layer];
  const D = dirs.length;
  const H = layer.units;
  const F = param(layer, 'kernel').shape[0];
  const GH = gateOrder(layer).length * H;
  const weights = dirs.map(directionWeights);
  // the directions' tensors one after the other: the ops' leading D axis
  const concat = (parts: Float32Array[]): Float32Array => {
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  };
  const W = g.floats(`${base}/W`, [D, GH, F], concat(weights.map((w) => w.W)));
  const R = g.floats(`${base}/R`, [D, GH, H], concat(weights.map((w) => w.R)));
  const inputs = [W, R];
  if (layer.useBias) inputs.push(g.floats(`${base}/B`, [D, 2 * GH], concat(weights.flatMap((w) => [w.Wb, w.Rb]))));
  const activations = dirs.flatMap(directionActivations);
  const attributes = [
    int('hidden_size', H),
    str('direction', backward ? 'bidirectional' : 'forward'),
    strs(
      'activations',
      activations.map((a) => RNN_ACTIVATION[a]),
    ),
  ];
  // Affine takes alpha and beta; every other activation here takes none, so the lists hold only Affine's (1·x + 0)
  const affine = activations.filter((a) => a === 'linear').length;
  if (affine > 0) attributes.push(floats('activation_alpha', Array(affine).fill(1)), floats('activation_beta', Array(affine).fill(0)));
  if (layer instanceof GRU) attributes.push(int('linear_before_reset', layer.resetAfter ? 1 : 0));

  const xs = layer.goBackwards ? reverseTime(g, x, base) : x; // (B, T, F) in processing order
  const xt = g.op('Transpose', [xs], `${base}/time_major`, [ints('perm', [1, 0, 2])]); // (T, B, F)
  const [Y, Yh] = g.node(op, [xt, ...inputs], `${base}/${op.toLowerCase()}`, attributes, 2);
  if (layer.returnSequences) {
    const y = g.op('Transpose', [Y], `${base}/batch_major`, [ints('perm', [2, 0, 1, 3])]); // (B, T, D, H)
    return mergeDirections(g, y, D, 2, merge, base);
  }
  const h = g.op('Transpose', [Yh], `${base}/last`, [ints('perm', [1, 0, 2])]); // (B, D, H)
  return mergeDirections(g, h, D, 1, merge, base);
}

/** (…, D, H) with D on `axis` → (…, H) for one direction, (…, 2H) for concat, else reduced over D. */
function mergeDirections(g: OnnxGraph, y: string, D: number, axis: number, merge: string, base: string): string {
  if (D === 1 || merge === 'concat') {
    const shape = g.int64s(`${base}/merged_shape`, axis === 2 ? [0, 0, -1] : [0, -1]);
    return g.op('Reshape', [y, shape], `${base}/output`);
  }
  if (merge === 'sum') return g.op('ReduceSum', [y, g.int64s(`${base}/axes`, [axis])], `${base}/sum`, [int('keepdims', 0)]);
  const op = merge === 'ave' ? 'ReduceMean' : 'ReduceProd';
  return g.op(op, [y], `${base}/${merge}`, [ints('axes', [axis]), int('keepdims', 0)]);
}

function emitConv1D(g: OnnxGraph, layer: Conv1D, x: string): string {
  const base = layer.name;
  const kernel = param(layer, 'kernel'); // (K, F, C)
  const [K, F, C] = kernel.shape;
  const w = new Float32Array(C * F * K); // (C, F, K)
  for (let k = 0; k < K; k++)
    for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) w[(c * F + f) * K + k] = kernel.value[(k * F + f) * C + c];
  const inputs = [g.op('Transpose', [x], `${base}/channels_first`, [ints('perm', [0, 2, 1])]), g.floats(`${base}/kernel`, [C, F, K], w)];
  if (layer.useBias) inputs.push(g.floats(`${base}/bias`, [C], param(layer, 'bias').value));
  const attributes = [ints('kernel_shape', [K]), ints('strides', [layer.strides]), ints('dilations', [layer.dilationRate])];
  if (layer.padding === 'causal') attributes.push(ints('pads', [layer.receptiveField - 1, 0]));
  else if (layer.padding === 'same' && layer.strides === 1) {
    // stride 1: TensorFlow pads d·(K−1) in all, the extra step on the right, whatever the length
    const total = layer.receptiveField - 1;
    attributes.push(ints('pads', [Math.floor(total / 2), total - Math.floor(total / 2)]));
  } else if (layer.padding === 'same')
    attributes.push(str('auto_pad', 'SAME_UPPER')); // strides > 1 (dilation 1): the split depends on T
  else attributes.push(ints('pads', [0, 0]));
  const y = g.op('Conv', inputs, `${base}/conv`, attributes); // (B, C, T')
  const yt = g.op('Transpose', [y], `${base}/channels_last`, [ints('perm', [0, 2, 1])]); // (B, T', C)
  return activate(g, layer.activation, yt, base);
}

function emitLambda(g: OnnxGraph, layer: Lambda, x: string): string {
  const config = layer.config(); // a built-in (checkLayer): expandDims or scale
  if (config.kind === 'expandDims') return g.op('Unsqueeze', [x, g.int64s(`${layer.name}/axes`, [config.axis as number])], layer.name);
  return g.op('Mul', [x, g.floats(`${layer.name}/factor`, [], [config.factor as number])], layer.name);
}

function emitQuantiles(g: OnnxGraph, layer: MonotoneQuantiles, x: string, inShape: LayerShape): string {
  const base = layer.name;
  const Q = layer.quantiles;
  const c = layer.center;
  const L = inShape[inShape.length - 1] as number;
  const keep = inShape.slice(0, -1).map(() => 0); // Reshape's 0: the axis as it is (batch, time)
  const r = g.op('Reshape', [x, g.int64s(`${base}/groups_shape`, [0, ...keep, L / Q, Q])], `${base}/groups`); // (…, L/Q, Q)
  const axis = inShape.length + 1; // the last axis of the groups
  const slice = (t: string, from: number, to: number, name: string): string =>
    g.op(
      'Slice',
      [t, g.int64s(`${base}/${name}_starts`, [from]), g.int64s(`${base}/${name}_ends`, [to]), g.int64s(`${base}/${name}_axes`, [axis])],
      `${base}/${name}`,
    );
  const center = slice(r, c, c + 1, 'center'); // (…, 1)
  const parts: string[] = [];
  const axisTensor = (): string => g.int64s(`${base}/cumsum_axis`, [axis]);
  if (c > 0) {
    // y[j] = y[c] − Σ_{k=j}^{c−1} softplus(r[k]): a reverse cumulative sum
    const below = g.op('Softplus', [slice(r, 0, c, 'below')], `${base}/below_softplus`);
    const sums = g.op('CumSum', [below, axisTensor()], `${base}/below_sums`, [int('reverse', 1)]);
    parts.push(g.op('Sub', [center, sums], `${base}/lower`));
  }
  parts.push(center);
  if (c < Q - 1) {
    // y[j] = y[c] + Σ_{k=c+1}^{j} softplus(r[k])
    const above = g.op('Softplus', [slice(r, c + 1, Q, 'above')], `${base}/above_softplus`);
    const sums = g.op('CumSum', [above, axisTensor()], `${base}/above_sums`);
    parts.push(g.op('Add', [center, sums], `${base}/upper`));
  }
  const y = parts.length === 1 ? parts[0] : g.op('Concat', parts, `${base}/ordered`, [int('axis', axis)]);
  return g.op('Reshape', [y, g.int64s(`${base}/output_shape`, [0, ...keep, L])], `${base}/output`);
}
