/**
 * Shapes. A tensor's shape includes the batch axis; a layer's declared shape (as Keras
 * `inputShape`) leaves it out and may hold `null` for "any length" (Keras `None`).
 */
export type Shape = number[];
/** A shape without the batch axis; `null` marks an axis of any size (Keras `None`). */
export type LayerShape = (number | null)[];

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[2, null, 1]` → `"(2, None, 1)"`, as Keras prints shapes. */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}
