/**
 * One cell of a CSV or JSON file read as a number, as written: decimal notation only (`31`,
 * `-2.5`, `.5`, `1e-3`, `+4.`), the missing-value markers, or nothing. `Number()` would also
 * read `0x1F` as 31, `0b101` as 5, `0o7` as 7, `Infinity` and `' '`; here they are text, refused
 * with the line like any other text (or read as missing under `fill`).
 *
 * seqcast computes in float32, so a number is also checked against float32's range: beyond
 * ±3.4e38 it would become Infinity (refused, see {@link checkFloat32}); closer to 0 than 1.2e-38 it
 * is read as 0 or rounded (noted, see {@link isBelowFloat32}).
 */

/** Cells that mean "no value" (compared trimmed and lower-case), besides JSON null. */
export const MISSING_MARKERS: readonly string[] = ['', 'na', 'nan', 'null', '?', '-'];

/** The largest float32 (about 3.4e38). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The smallest normal float32 (about 1.2e-38): closer to 0, a float32 keeps fewer digits or becomes 0. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/** A number written in decimal notation: sign, digits with an optional point, optional exponent. */
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell of a CSV or JSON file as a number: NaN when it is missing (null, absent, empty or one of
 * {@link MISSING_MARKERS}), `undefined` when it is not a decimal number (text, `0x1F`, `Infinity`,
 * `true`). A written number too large for a double (`1e400`) gives ±Infinity, which
 * {@link checkFloat32} refuses.
 * @example [cellValue(' 2.5 '), cellValue('NA'), cellValue('abc'), cellValue('0x1F')] // [2.5, NaN, undefined, undefined]
 * @throws never.
 */
export function cellValue(cell: unknown): number | undefined {
  if (cell === null || cell === undefined) return NaN;
  if (typeof cell === 'number') return Number.isNaN(cell) ? undefined : cell;
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim();
  if (DECIMAL_RE.test(text)) return Number(text);
  return MISSING_MARKERS.includes(text.toLowerCase()) ? NaN : undefined;
}

/**
 * Whether a number read from a file is outside float32's range, so that seqcast's float32 copy
 * of it would be ±Infinity.
 * @example [beyondFloat32(1e38), beyondFloat32(-1e39), beyondFloat32(1e400)] // [false, true, true]
 * @throws never.
 */
export function beyondFloat32(value: number): boolean {
  return !Number.isNaN(value) && !Number.isFinite(Math.fround(value));
}

/**
 * Whether a nonzero number is closer to 0 than float32's smallest normal number (1.2e-38), so that
 * it is read as 0 (below 1.4e-45) or with fewer digits.
 * @example [isBelowFloat32(1e-300), isBelowFloat32(1e-30), isBelowFloat32(0)] // [true, false, false]
 * @throws never.
 */
export function isBelowFloat32(value: number): boolean {
  return value !== 0 && Math.abs(value) < FLOAT32_MIN_NORMAL;
}

/**
 * The message for a number beyond float32's range, naming where it is and, when known, how it is
 * written (JSON has already turned `1e400` into Infinity, so its text is gone).
 * @example beyondFloat32Message('Line 4 of a.csv', 'v', -1e39, '-1e39') // "Line 4 of a.csv: column 'v' has -1e39, beyond float32's range (±3.4e38): seqcast computes in float32, so rescale the column (e.g. divide it by 1e39) and forecast in those units."
 * @throws never.
 */
export function beyondFloat32Message(where: string, column: string, value: number, written?: string): string {
  const huge = !Number.isFinite(value); // beyond a double too: 1e400 reads as Infinity
  const what = huge
    ? `${written === undefined ? '' : `${written}, `}a number too large even for a double (beyond ±1.8e308, read as ${value}), far beyond float32's range (±3.4e38)`
    : `${written ?? value}, beyond float32's range (±3.4e38)`;
  const scale = huge ? 'a power of ten' : `1e${Math.floor(Math.log10(Math.abs(value)))}`;
  return `${where}: column '${column}' has ${what}: seqcast computes in float32, so rescale the column (e.g. divide it by ${scale}) and forecast in those units.`;
}
