/**
 * Gradient clipping, the Keras optimizer options `clipnorm`, `global_clipnorm` and `clipvalue`,
 * in one place for every optimizer. Keras 3 allows at most one of them, and so do we.
 *
 *   clipNorm c:        each tensor's g ← g·c / max(‖g‖, c)         (Keras `_clip_by_norm`)
 *   globalClipNorm c:  every g ← g·c·min(1/‖G‖, 1/c), G = all grads  (Keras `clip_by_global_norm`;
 *                      a NaN or infinite ‖G‖ makes every gradient NaN, as Keras)
 *   clipValue c:       every value clamped to [−c, c]                (Keras `ops.clip`)
 *
 * Clipping never writes the model's gradient buffer: it fills a scratch buffer of the same size.
 * N = number of gradient values.
 */
import type { ParamSegment } from './optimizer.js';

/** The clipping options every optimizer accepts (at most one of them). */
export interface ClipOptions {
  /** Keras `clipnorm`: each parameter tensor's gradient is scaled to an L2 norm of at most this. */
  clipNorm?: number;
  /** Keras `global_clipnorm`: all gradients are scaled together to a joint L2 norm of at most this. */
  globalClipNorm?: number;
  /** Keras `clipvalue`: every gradient value is clamped to [−clipValue, clipValue]. */
  clipValue?: number;
}

const CLIP_KEYS = ['clipNorm', 'globalClipNorm', 'clipValue'] as const;

/**
 * Checks clipping options and returns only those that are set.
 * @example checkClipOptions('adam', { clipNorm: 1 }); // { clipNorm: 1 }
 * @throws when a set option is not a positive finite number, or more than one is set (as Keras 3).
 */
export function checkClipOptions(owner: string, options: ClipOptions): ClipOptions {
  const set: ClipOptions = {};
  for (const key of CLIP_KEYS) {
    const c = options[key];
    if (c === undefined) continue;
    if (typeof c !== 'number' || !(c > 0) || !Number.isFinite(c)) {
      throw new Error(`${owner} ${key} must be a positive number, got ${c}: use e.g. 1, or leave it out for no clipping.`);
    }
    set[key] = c;
  }
  const names = Object.keys(set);
  if (names.length > 1) {
    throw new Error(`${owner} got ${names.join(' and ')}: only one of clipNorm, globalClipNorm and clipValue can be set (as in Keras).`);
  }
  return set;
}

/**
 * Rejects option names an optimizer does not know, so that Keras spellings (`clipnorm`, `lr`)
 * fail loudly instead of being ignored.
 * @example checkOptionNames('sgd', { learningRate: 0.1 }, ['learningRate', 'momentum']);
 * @throws when `options` has a key outside `known` (and the clipping options), naming it.
 */
export function checkOptionNames(owner: string, options: object, known: readonly string[]): void {
  const allowed = new Set<string>([...known, ...CLIP_KEYS]);
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) throw new Error(`${owner} got an unknown option '${key}': the options are ${[...allowed].join(', ')}.`);
  }
}

/**
 * The gradients after clipping, written to `out` (allocated when not given); returns `grads`
 * itself when no clipping is set. `segments` are the parameter tensors for `clipNorm`; without
 * them the whole buffer is one tensor.
 *
 * @example
 * clipGradients(Float32Array.from([3, 4, 1]), { clipNorm: 1 }, [{ offset: 0, length: 2 }, { offset: 2, length: 1 }]);
 * // Float32Array [0.6, 0.8, 1]
 * @throws when a segment lies outside the buffer or overlaps the previous one, or `out` is too small.
 */
export function clipGradients(
  grads: Float32Array,
  options: ClipOptions,
  segments?: readonly ParamSegment[],
  out?: Float32Array,
): Float32Array {
  const { clipNorm, globalClipNorm, clipValue } = options;
  if (clipNorm === undefined && globalClipNorm === undefined && clipValue === undefined) return grads;
  const n = grads.length;
  const dst = out ?? new Float32Array(n); // (N)
  if (dst.length < n) throw new Error(`clipGradients: the output buffer holds ${dst.length} values, the gradients ${n}.`);
  if (clipValue !== undefined) {
    for (let i = 0; i < n; i++) dst[i] = Math.min(Math.max(grads[i], -clipValue), clipValue);
  } else if (clipNorm !== undefined) {
    dst.set(grads);
    for (const { offset, length } of checkedSegments(segments ?? [{ offset: 0, length: n }], n)) {
      const m = Math.max(Math.sqrt(sumOfSquares(grads, offset, offset + length)), clipNorm);
      for (let i = offset; i < offset + length; i++) dst[i] = (grads[i] * clipNorm) / m;
    }
  } else if (globalClipNorm !== undefined) {
    const norm = Math.sqrt(sumOfSquares(grads, 0, n));
    // (norm − norm) is 0 for a finite norm and NaN otherwise: a NaN or infinite gradient poisons all, as Keras.
    const scale = globalClipNorm * Math.min(1 / norm, 1 / globalClipNorm) + (norm - norm);
    for (let i = 0; i < n; i++) dst[i] = grads[i] * scale;
  }
  return dst;
}

/**
 * A clipping setting with its scratch buffer, held by each optimizer.
 * @example const clipper = new GradientClipper('sgd', { clipValue: 0.5 }); clipper.clip(grads);
 * @throws (constructor) as {@link checkClipOptions}.
 */
export class GradientClipper {
  readonly options: Readonly<ClipOptions>;
  /** The clipped gradients, reused from step to step. */
  private scratch: Float32Array | null = null;

  constructor(owner: string, options: ClipOptions) {
    this.options = checkClipOptions(owner, options);
  }

  /** The gradients to step with: `grads` itself, or its clipped copy. */
  clip(grads: Float32Array, segments?: readonly ParamSegment[]): Float32Array {
    if (Object.keys(this.options).length === 0) return grads;
    if (!this.scratch || this.scratch.length !== grads.length) this.scratch = new Float32Array(grads.length);
    return clipGradients(grads, this.options, segments, this.scratch);
  }

  /** The options that are set, for an optimizer's `config()`. */
  config(): Record<string, number> {
    return { ...this.options } as Record<string, number>;
  }
}

/** Σ a[i]² over [start, end), in float64 (enough for float32 inputs of any realistic count). */
function sumOfSquares(a: Float32Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += a[i] * a[i];
  return s;
}

function checkedSegments(segments: readonly ParamSegment[], n: number): readonly ParamSegment[] {
  let end = 0;
  for (const { offset, length } of segments) {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < end || length < 0 || offset + length > n) {
      throw new Error(
        `clipNorm: segment { offset: ${offset}, length: ${length} } lies outside the ${n} gradients or overlaps the previous one: pass the model's params.segments.`,
      );
    }
    end = offset + length;
  }
  return segments;
}
