/**
 * Analytic work and size of a benchmark model, from its {@link ModelSpec}: the matrix-multiply
 * FLOPs of one example's forward pass, and the number of trainable parameters (Keras counting:
 * one bias per gate, as Keras and TensorFlow.js have).
 *
 * FLOPs: every matrix product C(M×N) = A(M×K)·B(K×N) counts 2·M·N·K (a multiply and an add).
 * Per example (M = 1), with W = window, D = input features of the layer, H = units, F = filters,
 * k = kernel size, g = gates (1 for SimpleRNN, 4 for LSTM), d = directions (2 if bidirectional):
 *   Conv1D     W · 2·k·D·F                     (causal padding: every step sees k inputs)
 *   SimpleRNN  d · W · 2·g·H·(D + H)           (input projection + recurrent product, each step)
 *   LSTM       d · W · 2·g·H·(D + H)           (g = 4)
 *   Dense      2·D·U                            (on the last step's output only: seq-to-vector)
 * Elementwise work (bias adds, activations, the LSTM cell update, the loss) is not counted: it is
 * a few percent of the products at these sizes, and every engine does the same amount of it.
 * Backward counts 2× forward (one product for the input gradient, one for the weight gradient),
 * so one training example costs 3× its forward FLOPs.
 */
import type { ModelSpec } from './models.js';

/** Forward matrix-multiply FLOPs of one example (one window) through the model. */
export function forwardFlops(spec: ModelSpec): number {
  const W = spec.window;
  let features = 1; // D of the next layer: the series is one feature per step
  let total = 0;
  for (const layer of spec.layers) {
    switch (layer.kind) {
      case 'conv1d':
        total += W * 2 * layer.kernelSize * features * layer.filters;
        features = layer.filters;
        break;
      case 'simpleRnn':
      case 'lstm': {
        const gates = layer.kind === 'lstm' ? 4 : 1;
        const directions = layer.bidirectional ? 2 : 1;
        total += directions * W * 2 * gates * layer.units * (features + layer.units);
        features = directions * layer.units;
        break;
      }
      case 'dense':
        total += 2 * features * layer.units;
        features = layer.units;
        break;
    }
  }
  return total;
}

/** FLOPs of one training example: forward + backward = 3 × forward. */
export function trainFlops(spec: ModelSpec): number {
  return 3 * forwardFlops(spec);
}

/** Trainable parameters, counted as Keras counts them (one bias vector per recurrent layer). */
export function paramCount(spec: ModelSpec): number {
  let features = 1;
  let total = 0;
  for (const layer of spec.layers) {
    switch (layer.kind) {
      case 'conv1d':
        total += layer.kernelSize * features * layer.filters + layer.filters;
        features = layer.filters;
        break;
      case 'simpleRnn':
      case 'lstm': {
        const g = (layer.kind === 'lstm' ? 4 : 1) * layer.units;
        const directions = layer.bidirectional ? 2 : 1;
        total += directions * (features * g + layer.units * g + g);
        features = directions * layer.units;
        break;
      }
      case 'dense':
        total += features * layer.units + layer.units;
        features = layer.units;
        break;
    }
  }
  return total;
}

/** Achieved GFLOP/s: `flops` done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}
