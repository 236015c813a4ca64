/**
 * A fused training step for a model made only of Dense layers (an mlp) under the Huber loss:
 * forward, loss and backward over buffers that stay in the kernels' memory from batch to batch,
 * without Tensors per layer, the autograd tape or copies of the operands. `fit` takes it when the
 * model offers it (Sequential.fusedStep); everything else about a step stays the loop's (checks,
 * metrics, the optimizer, callbacks).
 *
 * It computes, to the bit, what the general path computes (each Dense's forward and backward, the
 * loss on the tape): the same products on the same kernels (gemmAsCopied: small ones on the
 * reference kernel, as the layers' copied operands run them), the bias and its gradient summed the
 * same way, the activations and the loss through the same functions. test/model/dense-step.test.ts
 * holds the weights and history of both paths equal after training. On auto's mlp (window 8, two
 * layers of 32, batches of 32) a step's forward, loss and backward take about 11 µs here against
 * 36 µs through the layers and the tape (measured warm, on one core).
 *
 * Letters: b = rows of the batch, I = a layer's inputs, U = its units, O = the last layer's units.
 */
import type { Tensor } from '../engine/tensor.js';
import { gemmAsCopied } from '../engine/gemm.js';
import { activateInPlace, activationGradient, type ActivationName } from '../engine/activations.js';
import { allocF32, resizeF32 } from '../engine/wasm/arena.js';
import { activateRows, activationBackwardRows, addColumnSums } from '../engine/wasm/rows.js';
import { Dense, fillRows } from '../layers/dense.js';
import type { Layer, Param } from '../layers/layer.js';
import { addHuberGradient, huberDelta, huberValue, type Loss } from '../losses/losses.js';

/** One fused step: `forward` then (after the loop zeroes the gradients) `backward`. */
export interface FusedStep {
  /**
   * The batch's predictions (b, O) and loss; null when the batch does not fit the model (the
   * general path then runs it and names the problem). The predictions' buffer is reused by the
   * next call.
   */
  forward(x: Tensor, y: Tensor): { pred: Float32Array; loss: number } | null;
  /** Adds the last forward's gradients into the layers' gradient buffers. */
  backward(): void;
}

interface Stage {
  units: number;
  inputs: number;
  activation: ActivationName;
  kernel: Param;
  bias: Param | null;
  out: Float32Array; // (b, U) the activated output
  dz: Float32Array; // (b, U) d(loss)/d(pre-activation), scratch
  dOut: Float32Array; // (b, U) d(loss)/d(out): the next layer's dX, or the loss's gradient
  dbAcc: Float64Array; // (U) column sums of dz, in float64
}

/**
 * The fused step for `layers` under `loss`, or null when it does not apply: a layer that is not a
 * Dense, a loss other than `huber()`'s, or layers not built yet.
 * @example const step = denseStackStep(model.layers, compiled.loss); // null for an LSTM
 * @throws never.
 */
export function denseStackStep(layers: readonly Layer[], loss: Loss): FusedStep | null {
  const delta = huberDelta(loss);
  if (delta === null || layers.length === 0 || !layers.every((l) => l instanceof Dense)) return null;
  const stages: Stage[] = [];
  for (const layer of layers as Dense[]) {
    const [kernel, bias] = layer.params;
    if (!kernel?.value || kernel.shape.length !== 2) return null; // not built
    stages.push({
      units: layer.units,
      inputs: kernel.shape[0],
      activation: layer.activation,
      kernel,
      bias: layer.useBias ? bias : null,
      out: allocF32(0),
      dz: allocF32(0),
      dOut: allocF32(0),
      dbAcc: new Float64Array(layer.units),
    });
  }
  return new DenseStackStep(stages, delta);
}

// a class, not closures: its methods are compiled once for every model, where each model's
// closures would start cold (a small network's fit is a few hundred steps)
class DenseStackStep implements FusedStep {
  private readonly inputs: number;
  private readonly outputs: number;
  private x0 = allocF32(0); // (b, I) the batch's inputs, in the kernels' memory
  private capacity = 0; // rows the buffers hold
  private rows = 0; // rows of the last forward
  private targets: Float32Array | null = null;

  constructor(
    private readonly stages: Stage[],
    private readonly delta: number,
  ) {
    this.inputs = stages[0].inputs;
    this.outputs = stages[stages.length - 1].units;
  }

  forward(x: Tensor, y: Tensor): { pred: Float32Array; loss: number } | null {
    const b = x.shape[0];
    const { inputs, outputs, stages } = this;
    if (x.rank !== 2 || x.shape[1] !== inputs || y.size !== b * outputs || b < 1) return null;
    if (b > this.capacity) {
      // room for the largest batch yet: a smaller one (an epoch's last) uses the first b rows
      this.capacity = b;
      this.x0 = resizeF32(this.x0, b * inputs);
      for (const s of stages) {
        s.out = resizeF32(s.out, b * s.units);
        s.dz = resizeF32(s.dz, b * s.units);
        s.dOut = resizeF32(s.dOut, b * s.units);
      }
    }
    this.rows = b;
    this.x0.set(x.data);
    let a = this.x0;
    for (const s of stages) {
      forwardStage(s, a, b);
      a = s.out;
    }
    this.targets = y.data;
    return { pred: a.subarray(0, b * outputs), loss: huberValue(a, this.targets, b * outputs, this.delta) };
  }

  backward(): void {
    const { stages, rows: b, outputs, targets } = this;
    if (!targets) throw new Error('denseStackStep: backward() needs a forward() before it.');
    const last = stages[stages.length - 1];
    // the loss's gradient, added from zero as the tape adds into a fresh gradient
    last.dOut.fill(0, 0, b * outputs);
    addHuberGradient(last.out, targets, b * outputs, this.delta, 1, last.dOut, null);
    for (let l = stages.length - 1; l >= 0; l--)
      backwardStage(stages[l], l === 0 ? this.x0 : stages[l - 1].out, b, l === 0 ? null : stages[l - 1].dOut);
  }
}

/** out = act(a·W + bias) over b rows, the bias written first as Dense does. */
function forwardStage(s: Stage, a: Float32Array, b: number): void {
  const { units: U, inputs: I, out } = s;
  if (s.bias) fillRows(out, s.bias.value, b);
  else out.fill(0, 0, b * U);
  gemmAsCopied(b, U, I, a, 0, I, 1, s.kernel.value, 0, U, 1, out, 0, U, false);
  // relu in f32x4 is `x < 0 ? 0 : x` exactly (NaN and −0 kept); tanh and sigmoid in f32x4 are
  // approximations, so they stay Dense's TypeScript
  if (s.activation === 'relu') activateRows('relu', out, 0, 1, b * U, b * U);
  else activateInPlace(s.activation, out, 0, b * U);
}

/**
 * Adds a stage's weight and bias gradients from its dOut over b rows, its input `a`; writes the
 * layer below's dOut (dz·Wᵀ) into `dBelow` unless it is the first layer (null: nothing reads it).
 */
function backwardStage(s: Stage, a: Float32Array, b: number, dBelow: Float32Array | null): void {
  const { units: U, inputs: I } = s;
  // dz = dOut · act'(out); relu in place on dOut, which nothing else reads (f32x4's relu backward
  // is `if (y <= 0) d = 0` exactly); the others as Dense (dOut itself when linear)
  let dz = s.dOut;
  if (s.activation === 'relu') activationBackwardRows('relu', s.out, dz, 0, 1, b * U, b * U);
  else dz = activationGradient(s.activation, s.out, s.dOut.subarray(0, b * U), (n) => s.dz.subarray(0, n));
  // dW += aᵀ·dz  (I, U)
  gemmAsCopied(I, U, b, a, 0, 1, I, dz, 0, U, 1, s.kernel.grad, 0, U, false);
  if (s.bias) addColumnSums(s.bias.grad, 0, dz, b, 0, U, U, s.dbAcc);
  if (dBelow) gemmAsCopied(b, I, U, dz, 0, U, 1, s.kernel.value, 0, 1, U, dBelow, 0, I, true);
}
