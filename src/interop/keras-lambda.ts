/**
 * The course's Keras Lambda layers, recognized by their role, never by running their code:
 *
 *   - **expand_dims**: `Lambda(lambda x: tf.expand_dims(x, axis=-1))` first in the stack, on
 *     inputs (batch, window): its marshalled code names `expand_dims` and holds no number but -1.
 *     It becomes seqcast's `expandDims(-1)`.
 *   - **scale**: `Lambda(lambda x: x * 100.0)` last in the stack, after a Dense: its marshalled
 *     code is exactly "multiply the argument by one constant" (CPython 3.8–3.12 bytecode, read as
 *     bytes), and the factor is that constant, read from the code's constants as data. It becomes
 *     seqcast's `scale(factor)`.
 *   - a Lambda whose layer name is registered with `registerLambda(name, fn)` runs `fn`: the user
 *     vouches for what the code does (checked before the two roles, so it also overrides them).
 *
 * Any other Lambda is refused, naming `registerLambda`. Browser-safe.
 */
import { MarshalError, readCodeObject, type CodeInfo } from './python-marshal.js';
import { isObject } from '../is-object.js';

/** What a Keras Lambda stands for in seqcast. */
export type LambdaRole = { kind: 'expandDims' } | { kind: 'scale'; factor: number } | { kind: 'registered'; name: string };

/** Where the Lambda sits in the stack. */
export interface LambdaPlace {
  /** First layer of the stack (after the InputLayer). */
  first: boolean;
  /** Last layer of the stack. */
  last: boolean;
  /** The layer before it is a Dense. */
  afterDense: boolean;
  /** Rank of its input without the batch axis. */
  inputRank: number;
  /** Whether a lambda is registered under the layer's name. */
  registered: boolean;
}

/**
 * The role of a Keras Lambda layer (its `config`) at `place`.
 * @example lambdaRole(config, { first: false, last: true, afterDense: true, inputRank: 1, registered: false }) // { kind: 'scale', factor: 100 }
 * @throws Error (a message fragment naming the problem and `registerLambda`) for any other Lambda.
 */
export function lambdaRole(name: string, config: Record<string, unknown>, place: LambdaPlace): LambdaRole {
  if (place.registered) return { kind: 'registered', name };
  const fix = `seqcast recognizes only the course's Lambdas (tf.expand_dims(x, axis=-1) first on (batch, window) inputs, x * constant last after a Dense) and never runs a file's code: register the function under the layer's name with registerLambda('${name}', fn) before loading, or replace the Lambda by a built-in layer in Keras`;
  const args = config.arguments;
  if (args !== undefined && args !== null && !(isObject(args) && Object.keys(args).length === 0))
    throw new Error(`it passes arguments to its function, which seqcast does not read: ${fix}.`);
  let info: CodeInfo;
  try {
    info = readCodeObject(lambdaCode(config));
  } catch (err) {
    if (err instanceof MarshalError || err instanceof LambdaCodeError) throw new Error(`${err.message}: ${fix}.`);
    throw err;
  }
  const names = info.names.filter((n): n is string => typeof n === 'string');
  const numbers = info.consts.filter((c): c is number => typeof c === 'number');
  const others = info.consts.filter((c) => c !== null && typeof c !== 'number' && !isStringTuple(c));
  if (others.length > 0) throw new Error(`its code holds constants other than numbers: ${fix}.`);
  if (names.includes('expand_dims')) {
    if (!place.first || place.inputRank !== 1)
      throw new Error(`it calls expand_dims but is not the first layer on (batch, window) inputs: ${fix}.`);
    if (info.argcount !== 1 || numbers.some((n) => n !== -1) || names.some((n) => !['tf', 'expand_dims', 'keras', 'ops', 'K'].includes(n)))
      throw new Error(`it calls expand_dims with other arguments than axis=-1: ${fix}.`);
    return { kind: 'expandDims' };
  }
  if (names.length === 0 && numbers.length === 1 && info.argcount === 1 && isMultiply(info)) {
    if (!place.last || !place.afterDense)
      throw new Error(`it multiplies by ${numbers[0]} but is not the last layer after a Dense: ${fix}.`);
    if (!Number.isFinite(numbers[0])) throw new Error(`it multiplies by ${numbers[0]}, not a finite number: ${fix}.`);
    return { kind: 'scale', factor: numbers[0] };
  }
  throw new Error(`its code is not one of the course's Lambdas: ${fix}.`);
}

class LambdaCodeError extends Error {}

/** The marshalled code bytes of a Keras 2 (`function: [code, defaults, closure]`) or Keras 3 (`function: { class_name: '__lambda__', config: { code } }`) Lambda. */
function lambdaCode(config: Record<string, unknown>): Uint8Array {
  const fn = config.function;
  let code: unknown;
  let defaults: unknown = null;
  let closure: unknown = null;
  if (Array.isArray(fn)) {
    if (config.function_type !== undefined && config.function_type !== 'lambda')
      throw new LambdaCodeError(
        `its function is stored as '${String(config.function_type)}' (a named Python function), not as lambda code`,
      );
    [code, defaults = null, closure = null] = fn;
  } else if (isObject(fn) && fn.class_name === '__lambda__' && isObject(fn.config)) {
    ({ code, defaults = null, closure = null } = fn.config);
  } else {
    throw new LambdaCodeError('its function is not stored as lambda code (a named Python function or an unknown spelling)');
  }
  if (typeof code !== 'string' || code.length > 1_000_000) throw new LambdaCodeError('its function has no code string');
  if (defaults !== null || closure !== null) throw new LambdaCodeError('its function has default arguments or a closure');
  return base64Bytes(code);
}

/** Base64 (with the line breaks Python's codecs put in) to bytes, browser-safe. */
function base64Bytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new LambdaCodeError('its code is not base64 text');
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function isStringTuple(c: unknown): boolean {
  return Array.isArray(c) && c.every((s) => typeof s === 'string');
}

/**
 * Whether the bytecode is exactly `return x * const` (or `const * x`): CPython 3.8–3.10
 * LOAD_FAST 0, LOAD_CONST k, BINARY_MULTIPLY, RETURN_VALUE; 3.11–3.12 the same after RESUME with
 * BINARY_OP 5 (multiply) and its cache entry. Other versions are not recognized (refused).
 */
function isMultiply({ layout, code }: CodeInfo): boolean {
  const c = Array.from(code);
  const loads = (a: number[], b: number[]): boolean =>
    (a[0] === 124 && a[1] === 0 && b[0] === 100) || (a[0] === 100 && b[0] === 124 && b[1] === 0);
  if (layout === 'py38') return c.length === 8 && loads(c.slice(0, 2), c.slice(2, 4)) && c[4] === 20 && c[6] === 83;
  return (
    c.length === 12 &&
    c[0] === 151 &&
    loads(c.slice(2, 4), c.slice(4, 6)) &&
    c[6] === 122 &&
    c[7] === 5 &&
    c[8] === 0 &&
    c[9] === 0 &&
    c[10] === 83
  );
}
