/**
 * Losses as Keras computes them: the per-element loss averaged over every element (the mean over
 * the last axis, then over the batch). Each runs on the autograd tape, so its gradient with
 * respect to the predictions comes from `backward()`.
 */
import { fusedOp, type Tensor } from '../engine/tensor.js';
import { InputError } from '../errors.js';

export { pinball } from './pinball.js';

export interface Loss {
  /** Keras name: `mse`, `mae`, `huber`; or `pinball` (pinball.ts). */
  readonly name: string;
  /** Its settings as saved with a model: `{ delta }` for huber, `{ quantiles }` for pinball. */
  readonly config: Record<string, number | readonly number[]>;
  /** Scalar loss of predictions `yPred` against targets `yTrue` (same number of elements). */
  compute(yTrue: Tensor, yPred: Tensor): Tensor;
}

/** Targets reshaped to the predictions' shape; (B,) against (B, 1) is fine, as in Keras. */
function aligned(yTrue: Tensor, yPred: Tensor): Tensor {
  if (yTrue.size !== yPred.size) {
    throw new InputError(
      `Loss: targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${yPred.shape.join(', ')}]: the model's output must have one value per label.`,
    );
  }
  return yTrue.reshape(yPred.shape);
}

/**
 * Mean squared error.
 * @example model.compile({ loss: losses.mse(), optimizer })
 */
export function mse(): Loss {
  return { name: 'mse', config: {}, compute: (yTrue, yPred) => yPred.sub(aligned(yTrue, yPred)).square().mean() };
}

/**
 * Mean absolute error.
 * @example model.compile({ loss: losses.mae(), optimizer })
 */
export function mae(): Loss {
  return { name: 'mae', config: {}, compute: (yTrue, yPred) => yPred.sub(aligned(yTrue, yPred)).abs().mean() };
}

/**
 * Huber loss: quadratic for errors up to `delta`, linear beyond (Keras `Huber`, delta 1).
 * @example model.compile({ loss: losses.huber(), optimizer })
 * @throws when delta is not a positive number.
 */
export function huber(delta = 1): Loss {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new Error(`huber delta must be a positive number, got ${delta}.`);
  const loss: Loss = { name: 'huber', config: { delta }, compute: (yTrue, yPred) => huberOp(aligned(yTrue, yPred), yPred, delta) };
  huberDeltas.set(loss, delta);
  return loss;
}

/** The losses `huber()` made, with their delta: a fused training step computes them without the tape. */
const huberDeltas = new WeakMap<Loss, number>();

/**
 * The delta of a loss `huber()` made, else null (another loss, or an object that only calls
 * itself huber): what a fused training step (src/model/dense-step.ts) checks before it computes
 * the loss with {@link huberValue} and {@link addHuberGradient} instead of the tape.
 * @example huberDelta(losses.huber(2)); // 2
 * @throws never.
 */
export function huberDelta(loss: Loss): number | null {
  return huberDeltas.get(loss) ?? null;
}

/**
 * The Huber loss of the first n predictions p against targets y, as the float32 scalar the tape
 * holds: per value, with e = ŷ − y and q = min(|e|, δ), 0.5·q² + δ·(|e| − q), every intermediate
 * rounded to float32 where the tape stores it, summed in float64 in index order, then the mean.
 * @example huberValue(Float32Array.of(0, 3), Float32Array.of(0, 0), 2, 1); // 1.25
 * @throws never.
 */
export function huberValue(p: Float32Array, y: Float32Array, n: number, delta: number): number {
  const f32 = Math.fround;
  const d = f32(delta);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(f32(p[i] - y[i]));
    const q = a <= d ? a : d;
    acc += f32(f32(f32(q * q) * 0.5) + f32(f32(a - q) * d));
  }
  return f32(acc * (1 / n));
}

/**
 * Adds d(loss)/d(p) of {@link huberValue} into gradP (and −that into gradY when given), for a
 * seed g of d(total)/d(loss): the tape's backward, the same terms in the same order.
 * @example const g = new Float32Array(2); addHuberGradient(p, y, 2, 1, 1, g, null);
 * @throws never.
 */
export function addHuberGradient(
  p: Float32Array,
  y: Float32Array,
  n: number,
  delta: number,
  g: number,
  gradP: Float32Array | null,
  gradY: Float32Array | null,
): void {
  const f32 = Math.fround;
  const d = f32(delta);
  const gSum = f32(g * (1 / n)); // d/d(each value's loss)
  const gLin = f32(gSum * d); // d/d(|e| − q)
  const gSquare = f32(gSum * 0.5); // d/d(q²)
  for (let i = 0; i < n; i++) {
    const e = f32(p[i] - y[i]);
    const a = Math.abs(e);
    const q = a <= d ? a : d;
    const gQ = f32(-gLin + 2 * q * gSquare);
    const gA = f32(gLin + (a <= d ? gQ : 0));
    const gE = e > 0 ? gA : e < 0 ? -gA : 0;
    if (gradP) gradP[i] += gE;
    if (gradY) gradY[i] += -gE;
  }
}

/**
 * The Huber loss in one pass over the values, with one tape node ({@link huberValue}, and
 * {@link addHuberGradient} as its backward). It gives, to the bit, what the tape gives for the
 * same formula written as tensor ops (absErr = ŷ.sub(y).abs(), quad = absErr.minimum(δ),
 * quad.square().mul(0.5).add(absErr.sub(quad).mul(δ)).mean(): test/losses/losses.test.ts holds
 * that chain and compares). A training step spends a fraction of the time.
 */
function huberOp(yTrue: Tensor, yPred: Tensor, delta: number): Tensor {
  const y = yTrue.data;
  const p = yPred.data;
  const n = p.length;
  return fusedOp(Float32Array.of(huberValue(p, y, n, delta)), [], [yPred, yTrue], (g) =>
    addHuberGradient(p, y, n, delta, g[0], yPred.requiresGrad ? yPred.grad! : null, yTrue.requiresGrad ? yTrue.grad! : null),
  );
}

export type LossName = 'mse' | 'mae' | 'huber';

/** A loss from its name or itself. @throws on an unknown name. */
export function getLoss(loss: Loss | LossName | string): Loss {
  if (typeof loss !== 'string') return loss;
  switch (loss) {
    case 'mse':
      return mse();
    case 'mae':
      return mae();
    case 'huber':
      return huber();
    case 'pinball':
      throw new Error("The pinball loss needs its quantile levels: use losses.pinball([0.1, 0.5, 0.9]) instead of the name 'pinball'.");
    default:
      throw new Error(`Unknown loss '${loss}': use mse, mae or huber.`);
  }
}
