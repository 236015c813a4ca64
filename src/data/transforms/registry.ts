/**
 * Target transforms from JSON, in the two forms a forecaster meets:
 *
 *   makeTransform(spec)        an unfitted transform from its description (a network spec, the
 *                              command line): 'log', { kind: 'seasonal-difference', period: 12 },
 *                              ['box-cox', 'difference', 'standard'] for a chain ...; OptionError
 *                              on a bad spec
 *   transformFromJSON(state)   a fitted transform from its `toJSON()` (a saved model's file);
 *                              ModelFileError on anything that is not such a state
 *
 * Browser-safe.
 */
import { ModelFileError, OptionError } from '../../errors.js';
import type { ScalerJSON } from '../scaling.js';
import { boxCoxFromState, boxCoxTransform, type BoxCoxOptions } from './box-cox.js';
import { chainTransforms } from './chain.js';
import { differenceTransform, seasonalDifferenceTransform } from './difference.js';
import { logTransform } from './log.js';
import { scalingFromJSON, scalingTransform } from './scale.js';
import type { BoxCoxJSON, TargetTransform, TransformKind } from './transform.js';
import { isObject } from '../../is-object.js';

/** The kinds a spec can name by a string alone (seasonal-difference needs its period). */
export type TransformName = 'difference' | 'log' | 'box-cox' | 'standard' | 'minmax' | 'none';

/** An unfitted transform as JSON: a name, an object with options, or an array (a chain). */
export type TransformSpec =
  | TransformName
  | { kind: 'difference' }
  | { kind: 'seasonal-difference'; period: number }
  | { kind: 'log' }
  | ({ kind: 'box-cox' } & BoxCoxOptions)
  | { kind: 'standard' | 'minmax' | 'none' }
  | { kind: 'chain'; transforms: TransformSpec[] }
  | TransformSpec[];

/** The kinds a spec names by a string alone. */
const NAMES: readonly TransformName[] = ['difference', 'log', 'box-cox', 'standard', 'minmax', 'none'];
const KINDS: readonly TransformKind[] = ['difference', 'seasonal-difference', 'log', 'box-cox', 'standard', 'minmax', 'none', 'chain'];
/** Chains nest no deeper than this (a saved state is read recursively). */
const MAX_DEPTH = 16;

/**
 * A fresh, unfitted transform from its JSON description.
 *
 * @example makeTransform('log').name; // 'log'
 * @example makeTransform({ kind: 'box-cox', period: 12 }); // lambda by Guerrero's method at fit
 * @example makeTransform(['log', { kind: 'seasonal-difference', period: 12 }, 'standard']).lag; // 12
 * @throws OptionError on an unknown kind, an unknown or invalid field (the message names it), or an empty chain.
 */
export function makeTransform(spec: TransformSpec): TargetTransform {
  return fromSpec(spec, 'transform spec', 0);
}

function fromSpec(spec: unknown, where: string, depth: number): TargetTransform {
  const bad = (what: string): never => {
    throw new OptionError(
      `${where}: ${what}: use ${KINDS.filter((k) => k !== 'chain').join(', ')}, { kind: 'seasonal-difference', period: 12 }, { kind: 'box-cox', lambda: 0.5 } or an array of them (a chain).`,
    );
  };
  if (depth > MAX_DEPTH) bad(`chains nest deeper than ${MAX_DEPTH}`);
  if (Array.isArray(spec)) {
    if (spec.length === 0) bad('an empty array (chain)');
    return chainTransforms(spec.map((s, i) => fromSpec(s, `${where}[${i}]`, depth + 1)));
  }
  const o: Record<string, unknown> = typeof spec === 'string' ? { kind: spec } : isObject(spec) ? spec : bad(`got ${describe(spec)}`);
  const fields = (...allowed: string[]): void => {
    for (const key of Object.keys(o)) if (key !== 'kind' && !allowed.includes(key)) bad(`unknown field '${key}' for kind '${o.kind}'`);
  };
  switch (o.kind) {
    case 'difference':
      fields();
      return differenceTransform();
    case 'seasonal-difference':
      if (typeof spec === 'string') bad("'seasonal-difference' needs its period: { kind: 'seasonal-difference', period: 12 }");
      fields('period');
      return seasonalDifferenceTransform(o.period as number);
    case 'log':
      fields();
      return logTransform();
    case 'box-cox': {
      fields('lambda', 'period', 'lower', 'upper');
      const { kind: _, ...options } = o;
      return boxCoxTransform(options as BoxCoxOptions);
    }
    case 'standard':
    case 'minmax':
    case 'none':
      fields();
      return scalingTransform(o.kind);
    case 'chain':
      fields('transforms');
      if (!Array.isArray(o.transforms)) bad(`'transforms' is ${describe(o.transforms)}, not an array`);
      return fromSpec(o.transforms, `${where}.transforms`, depth + 1);
    default:
      return bad(`unknown kind ${JSON.stringify(o.kind)}`);
  }
}

/**
 * The steps a transform list written as text may name ({@link parseTransformList}): what the
 * CLI's `--transform` and the playground's transform field accept, in the order messages list them.
 */
export const TRANSFORM_STEPS: readonly string[] = [
  'difference',
  'log',
  'box-cox',
  'box-cox:LAMBDA',
  'seasonal-difference:PERIOD',
  'standard',
  'minmax',
  'none',
];

/**
 * A transform list written as text: steps separated by commas, applied in order: difference,
 * log, box-cox (lambda by Guerrero's method), standard, minmax, none, `seasonal-difference:P`
 * (period P) and `box-cox:L` (fixed lambda L). The CLI's `--transform` and the playground's
 * transform field read it, and prefix the message with their own name for the field.
 *
 * @example parseTransformList('box-cox:0,difference,standard'); // [{ kind: 'box-cox', lambda: 0 }, 'difference', 'standard']
 * @example parseTransformList('seasonal-difference:12, standard'); // [{ kind: 'seasonal-difference', period: 12 }, 'standard']
 * @throws OptionError naming the item and listing the steps (the message starts with what is
 *   wrong, e.g. "has 'diff', which is not a transform: use kinds separated by commas (...)").
 */
export function parseTransformList(text: string): TransformSpec[] {
  const bad = (why: string): never => {
    throw new OptionError(`${why}: use kinds separated by commas (${TRANSFORM_STEPS.join(', ')}), e.g. difference,standard.`);
  };
  const steps = text.split(',').map((item): TransformSpec => {
    const [name, arg, ...rest] = item.trim().split(':');
    const n = arg === undefined || arg.trim() === '' ? NaN : Number(arg);
    if (rest.length > 0) bad(`has '${item}' with more than one ':'`);
    if (name === 'seasonal-difference') {
      if (!Number.isInteger(n)) bad(`has '${item}': seasonal-difference needs its period, e.g. seasonal-difference:12`);
      return { kind: 'seasonal-difference', period: n };
    }
    if (name === 'box-cox' && arg !== undefined) {
      if (!Number.isFinite(n)) bad(`has '${item}': box-cox:L needs a number L, the lambda, e.g. box-cox:0.5`);
      return { kind: 'box-cox', lambda: n };
    }
    if (!(NAMES as readonly string[]).includes(name) || arg !== undefined) bad(`has '${item}', which is not a transform`);
    return name as TransformName;
  });
  try {
    makeTransform(steps);
  } catch (err) {
    bad(`'${text}' is not a valid transform (${(err as Error).message.replace(/^transform spec(\[\d+\])?: /, '')})`);
  }
  return steps;
}

/**
 * Rebuilds a fitted transform from its `toJSON()` output (e.g. from a saved model's metadata).
 * A `ScalerJSON` saved before transforms existed is one too (kind standard, minmax or none).
 *
 * @example const t = transformFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
 * @example transformFromJSON({ kind: 'box-cox', method: 'fixed', lambda: 0 }).transform([1]); // [0]
 * @throws ModelFileError when `json` is not a fitted transform's state: an unknown kind, a field
 *   missing, unknown, of the wrong type or out of range (the message gives its path).
 */
export function transformFromJSON(json: unknown): TargetTransform {
  return fromState(json, 'transform', 0);
}

function fromState(json: unknown, where: string, depth: number): TargetTransform {
  const bad = (what: string): never => {
    throw new ModelFileError(
      `Not a fitted transform's state: ${where} ${what}; the file is corrupt, edited or foreign: save the transform again with its toJSON().`,
    );
  };
  if (depth > MAX_DEPTH) bad(`nests chains deeper than ${MAX_DEPTH}`);
  if (!isObject(json)) return bad(`is ${describe(json)}, expected a JSON object`);
  const o = json;
  const fields = (...allowed: string[]): void => {
    for (const key of Object.keys(o)) if (key !== 'kind' && !allowed.includes(key)) bad(`has an unknown field '${key}'`);
  };
  const num = (key: string, ok: (v: number) => boolean, expected: string): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) bad(`has ${key} ${describe(v)}, expected ${expected}`);
    return v as number;
  };
  switch (o.kind) {
    case 'difference':
      fields();
      return differenceTransform();
    case 'seasonal-difference':
      fields('period');
      return seasonalDifferenceTransform(num('period', (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2'));
    case 'log':
      fields();
      return logTransform();
    case 'box-cox': {
      const lambda = num('lambda', () => true, 'a finite number');
      if (o.method === 'fixed') {
        fields('method', 'lambda');
        return boxCoxFromState({ kind: 'box-cox', method: 'fixed', lambda });
      }
      if (o.method !== 'guerrero') bad(`has method ${describe(o.method)}, expected 'fixed' or 'guerrero'`);
      fields('method', 'lambda', 'period', 'lower', 'upper');
      const period = num('period', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
      const lower = num('lower', () => true, 'a finite number');
      const upper = num('upper', (v) => v > lower, `a finite number above lower (${lower})`);
      if (lambda < lower || lambda > upper) bad(`has lambda ${lambda} outside its bounds [${lower}, ${upper}]`);
      const state: BoxCoxJSON = { kind: 'box-cox', method: 'guerrero', lambda, period, lower, upper };
      return boxCoxFromState(state);
    }
    case 'standard':
    case 'minmax':
    case 'none':
      fields('offset', 'scale');
      num('offset', (v) => o.kind !== 'none' || v === 0, o.kind === 'none' ? '0' : 'a finite number');
      num('scale', (v) => (o.kind === 'none' ? v === 1 : v > 0), o.kind === 'none' ? '1' : 'a positive number');
      return scalingFromJSON(o as unknown as ScalerJSON);
    case 'chain': {
      fields('transforms');
      const steps = o.transforms;
      if (!Array.isArray(steps) || steps.length === 0) return bad(`has transforms ${describe(steps)}, expected a non-empty array`);
      return chainTransforms(steps.map((s, i) => fromState(s, `${where}.transforms[${i}]`, depth + 1)));
    }
    default:
      return bad(`has kind ${describe(o.kind)}, expected one of ${KINDS.join(', ')}`);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v);
}
