/**
 * Keras initializers, seeded: kernels `glorotUniform`, recurrent kernels `orthogonal`, biases
 * `zeros`. Values are drawn from seqcast's `RandomState`, so a seed gives the same weights on every
 * machine (not the same numbers as TensorFlow, whose generator differs).
 */
import type { RandomState } from '../engine/random.js';

/** Fills `out` (row-major, of `shape`) with initial values. */
export type Initializer = (out: Float32Array, shape: readonly number[], rng: RandomState) => void;

export type InitializerName = 'glorotUniform' | 'orthogonal' | 'zeros' | 'ones' | 'lstmBias';

/** Fan-in and fan-out as Keras computes them (receptive field for conv kernels). */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) return [shape[0] ?? 1, shape[0] ?? 1];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** Uniform in ±sqrt(6 / (fanIn + fanOut)). */
export const glorotUniform: Initializer = (out, shape, rng) => {
  const [fanIn, fanOut] = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.random() - 1) * limit;
};

export const zeros: Initializer = (out) => {
  out.fill(0);
};

export const ones: Initializer = (out) => {
  out.fill(1);
};

/**
 * A random orthogonal matrix as Keras builds it: QR of a normal matrix with the signs of R's
 * diagonal folded into Q. The shape is flattened to (rows = all but last axis, cols = last axis);
 * when rows < cols the rows are orthonormal, otherwise the columns.
 */
export const orthogonal: Initializer = (out, shape, rng) => {
  const cols = shape[shape.length - 1];
  const rows = out.length / cols;
  // factor a tall n×m matrix (n ≥ m); transpose at the end when rows < cols
  const n = Math.max(rows, cols);
  const m = Math.min(rows, cols);
  const q = new Float64Array(n * m); // column-major: column j at q[j*n .. j*n+n)
  for (let i = 0; i < n * m; i++) q[i] = rng.randn();
  // modified Gram–Schmidt: R's diagonal comes out positive, as QR followed by Keras's sign fix
  for (let j = 0; j < m; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[p * n + i] * q[j * n + i];
      for (let i = 0; i < n; i++) q[j * n + i] -= dot * q[p * n + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[j * n + i] * q[j * n + i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) q[j * n + i] /= norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // tall case: out[r][c] = Q[r][c]; wide case: out = Qᵀ, out[r][c] = Q[c][r]
      out[r * cols + c] = rows >= cols ? q[c * n + r] : q[r * n + c];
    }
  }
};

/**
 * An LSTM bias (4H) with Keras's `unit_forget_bias`: zeros, then ones on the forget gate's slice
 * [H, 2H) (gate order [i, f, c, o]), so the cell remembers by default early in training.
 * @throws when the shape is not one axis of a multiple of 4.
 */
export const lstmBias: Initializer = (out, shape) => {
  const n = shape[0];
  if (shape.length !== 1 || n % 4 !== 0) throw new Error(`lstmBias needs a bias of shape [4 * units], got [${shape.join(', ')}].`);
  out.fill(0);
  out.fill(1, n / 4, n / 2);
};

const BY_NAME: Record<InitializerName, Initializer> = { glorotUniform, orthogonal, zeros, ones, lstmBias };

/** Looks up an initializer by name. @throws on an unknown name. */
export function initializer(name: InitializerName): Initializer {
  const init = BY_NAME[name];
  if (!init) throw new Error(`Unknown initializer '${name}': use one of ${Object.keys(BY_NAME).join(', ')}.`);
  return init;
}
