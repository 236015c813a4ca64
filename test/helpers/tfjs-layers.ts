/**
 * The two layers TensorFlow.js 4.22 lacks for the course's models, shared by the training golden
 * test (test/model/fit-golden.test.ts), the benchmark peer (bench/tfjs-peer.ts) and the TF.js
 * course-case runner (bench/tfjs-course-case.ts): the course's `Lambda(x * factor)` and Keras's
 * causal padding for Conv1D. It lives with the test helpers because tests import nothing from bench/.
 */
import * as tf from '@tensorflow/tfjs';

/** The course's `Lambda(lambda x: x * factor)`. */
export class Scale extends tf.layers.Layer {
  static readonly className = 'Scale';
  constructor(private readonly factor: number) {
    super({});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, this.factor));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}
tf.serialization.registerClass(Scale);

/**
 * Keras's `padding='causal'` for Conv1D, which tfjs 4.22 does not implement ("The support for
 * CAUSAL padding mode in conv1dWithBias is not implemented yet"): k - 1 zeros before the first
 * step. With `patches`, it also lays the k inputs each step sees side by side (im2col), so that a
 * Dense layer does the convolution: the wasm backend has no `Conv2DBackpropFilter` kernel and
 * cannot train a Conv1D. (B, W, C) → (B, W + k - 1, C), or (B, W, k·C) with patches.
 */
export class CausalPad extends tf.layers.Layer {
  static readonly className = 'CausalPad';
  constructor(
    private readonly kernelSize: number,
    private readonly patches: boolean,
  ) {
    super({});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [b, w, c] = inputShape as tf.Shape;
    const k = this.kernelSize;
    if (this.patches) return [b, w, c === null ? null : k * c];
    return [b, w === null ? null : w + k - 1, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const k = this.kernelSize;
      const padded = tf.pad(x, [
        [0, 0],
        [k - 1, 0],
        [0, 0],
      ]);
      if (!this.patches) return padded;
      const [b, w, c] = x.shape;
      // step t sees padded[t .. t+k-1]: tap j of every step is padded[j .. j+W-1]
      const taps = Array.from({ length: k }, (_, j) => tf.slice(padded, [0, j, 0], [b, w, c]));
      return tf.concat(taps, 2); // (B, W, k·C), tap-major as a (k, C, F) conv kernel flattens
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernelSize: this.kernelSize, patches: this.patches };
  }
}
tf.serialization.registerClass(CausalPad);
