/**
 * The one test of "a JSON object" that readers of JSON (saved models and runs, transforms, series
 * files) share: an object that is neither null nor an array. Browser-safe.
 */

/**
 * True for a non-null, non-array object (what JSON.parse gives for `{...}`).
 * @example isObject({ a: 1 }); // true
 * @example isObject([1]); // false
 * @throws never.
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
