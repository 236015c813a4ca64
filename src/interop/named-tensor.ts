/**
 * A weight tensor as it travels between seqcast and other formats (Keras files, TF.js, ONNX): its
 * name in the source format, its shape and its float32 values, row-major. Browser-safe: no imports.
 */

/**
 * One named weight tensor: `values.length` is the product of `shape` (1 for a scalar, `shape: []`).
 * @example const kernel: NamedTensor = { name: 'dense/kernel:0', shape: [20, 1], values: new Float32Array(20) };
 */
export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}
