/**
 * TensorFlow.js as the numerical oracle of golden tests: the pure-JS 'cpu' backend (float32),
 * conversions between seqcast's Tensor and tf.Tensor, and one call that runs a tf layer forward
 * and backward on L = Σ y·R with given weights.
 */
import * as tf from '@tensorflow/tfjs';
import { Tensor } from '../../src/engine/tensor.js';

export { tf };

let ready: Promise<void> | null = null;

/** Selects the 'cpu' backend once; await it before any golden test. */
export function loadTf(): Promise<void> {
  ready ??= tf.setBackend('cpu').then(async (ok) => {
    if (!ok) throw new Error("TensorFlow.js: the 'cpu' backend is not available.");
    await tf.ready();
  });
  return ready;
}

/** A tf.Tensor with a copy of the data. */
export function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(t.data.slice(), t.shape, 'float32');
}

/** A seqcast Tensor with a copy of the data. */
export function fromTf(t: tf.Tensor): Tensor {
  return new Tensor(Float32Array.from(t.dataSync()), t.shape);
}

export interface Golden {
  /** The layer's output. */
  y: Tensor;
  /** dL/dx; null when not asked for. */
  dx: Tensor | null;
  /** dL/dw for each trainable weight, in the layer's weight order (Keras layout). */
  dWeights: Tensor[];
}

let counter = 0;

/**
 * Runs `layer` (unbuilt, fresh) on `x` with `weights` (Keras order and layout), and returns the
 * output and the gradients of L = sum(y * R) with respect to the input and every weight, from
 * `tf.variableGrads` over the input and the layer's own variables.
 *
 * `inputGrad: false` skips dL/dx: tfjs 4.22 fails on it for an RNN over a single timestep
 * ("Argument tensors passed to stack must be a `Tensor[]`", tensorflow/tfjs#1529, #3550).
 */
export function tfLayerGolden(layer: tf.layers.Layer, weights: Tensor[], x: Tensor, R: Tensor, inputGrad = true): Golden {
  let golden: Golden | null = null;
  tf.tidy(() => {
    const xv = tf.variable(toTf(x), true, `golden_x_${counter++}`);
    layer.apply(xv); // builds the layer, then its weights are replaced by ours
    layer.setWeights(weights.map(toTf));
    const r = toTf(R);
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const wrt = inputGrad ? [xv, ...vars] : vars;
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xv) as tf.Tensor, r)) as tf.Scalar, wrt);
    golden = {
      y: fromTf(layer.apply(xv) as tf.Tensor),
      dx: inputGrad ? fromTf(grads[xv.name]) : null,
      dWeights: vars.map((v) => fromTf(grads[v.name])),
    };
    xv.dispose();
    layer.dispose();
  });
  return golden!;
}

/**
 * Asserts |actual − expected| ≤ atol·scale + rtol·|expected| entrywise, scale = max(1, max|expected|)
 * (float32 rounding is relative to the size of the values summed, not of the result).
 */
export function assertClose(actual: Tensor | Float32Array, expected: Tensor | Float32Array, label: string, rtol = 1e-5, atol = 1e-6): void {
  const a = actual instanceof Tensor ? actual.data : actual;
  const e = expected instanceof Tensor ? expected.data : expected;
  if (actual instanceof Tensor && expected instanceof Tensor && actual.shape.join() !== expected.shape.join()) {
    throw new Error(`${label}: shape [${actual.shape.join(', ')}] differs from the expected [${expected.shape.join(', ')}].`);
  }
  if (a.length !== e.length) throw new Error(`${label}: ${a.length} values, expected ${e.length}.`);
  let scale = 1;
  for (const v of e) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - e[i]);
    if (!(d <= atol * scale + rtol * Math.abs(e[i]))) {
      throw new Error(`${label}[${i}]: ${a[i]} vs TensorFlow.js ${e[i]} (difference ${d.toExponential(2)}).`);
    }
  }
}

export interface GoldenMulti {
  /** The layer's outputs: [output, ...states] with `returnState`, else [output]. */
  ys: Tensor[];
  /** dL/dx; null when not asked for. */
  dx: Tensor | null;
  /** dL/dw for each trainable weight, in the layer's weight order. */
  dWeights: Tensor[];
}

/**
 * As `tfLayerGolden` for a layer with several outputs (an RNN with `returnState: true` gives
 * [output, h] or [output, h, c]): L = Σ_k sum(y_k * R_k), one R per output.
 */
export function tfLayerGoldenMulti(layer: tf.layers.Layer, weights: Tensor[], x: Tensor, Rs: Tensor[], inputGrad = true): GoldenMulti {
  let golden: GoldenMulti | null = null;
  const asList = (y: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(y) ? y : [y]);
  tf.tidy(() => {
    const xv = tf.variable(toTf(x), true, `golden_x_${counter++}`);
    layer.apply(xv);
    layer.setWeights(weights.map(toTf));
    const rs = Rs.map(toTf);
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const wrt = inputGrad ? [xv, ...vars] : vars;
    const { grads } = tf.variableGrads(() => {
      const ys = asList(layer.apply(xv) as tf.Tensor | tf.Tensor[]);
      if (ys.length !== rs.length) throw new Error(`tfLayerGoldenMulti: the layer gives ${ys.length} outputs, got ${rs.length} R.`);
      return tf.addN(ys.map((y, k) => tf.sum(tf.mul(y, rs[k])))) as tf.Scalar;
    }, wrt);
    golden = {
      ys: asList(layer.apply(xv) as tf.Tensor | tf.Tensor[]).map(fromTf),
      dx: inputGrad ? fromTf(grads[xv.name]) : null,
      dWeights: vars.map((v) => fromTf(grads[v.name])),
    };
    xv.dispose();
    layer.dispose();
  });
  return golden!;
}
