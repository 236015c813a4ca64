/**
 * The wire format of the job queue: a task's payload and result as JSON-safe values, so BullMQ can
 * keep them in Redis (it JSON-serializes job data) and a worker on another machine gets back
 * exactly what was sent. Plain JSON loses three things a payload has: typed arrays (an object of
 * indexes), the non-finite numbers NaN and ±Infinity (null) and -0 (0). Each becomes a tagged
 * object `{ $wire: kind, ... }`:
 *
 *   Float32Array and the other typed arrays  { $wire: 'Float32Array', base64: <its bytes, little-endian> }
 *   NaN, Infinity, -Infinity, -0             { $wire: 'number', value: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
 *   undefined in an array                    { $wire: 'undefined' }   (an object's undefined field is left out, as JSON does)
 *   an object that has a key '$wire'         { $wire: 'object', value: <the object> }   (so no object is mistaken for a tag)
 *
 * A typed array travels as its bytes, so float32 values (and NaN payloads) come back bit for bit.
 */
import { Buffer } from 'node:buffer';
import { endianness } from 'node:os';
import { InputError } from '../errors.js';

const TYPED = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

// the bytes on the wire are little-endian; every platform Node runs on in practice is too
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * `value` as a JSON-safe value that {@link decode} turns back into an equal value, typed arrays,
 * NaN, ±Infinity and -0 included.
 * @example JSON.stringify(encode({ series: Float32Array.of(1.5, NaN) })); // '{"series":{"$wire":"Float32Array","base64":"AADAPwAAwH8="}}'
 * @throws InputError when `value` holds something JSON cannot carry (a function, a Map, a Date, a
 *   bigint, a class instance, a cycle), naming where it is.
 */
export function encode(value: unknown): unknown {
  return encodeAt(value, '$', new Set());
}

function encodeAt(value: unknown, path: string, seen: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $wire: 'number', value: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (ArrayBuffer.isView(value)) return encodeTyped(value, path);
  if (typeof value !== 'object') throw unsupported(typeof value, path);
  if (seen.has(value)) throw new InputError(`The queue cannot send ${path}: it refers back to itself; send a tree of plain values.`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v, i) => (v === undefined ? { $wire: 'undefined' } : encodeAt(v, `${path}[${i}]`, seen)));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw unsupported((value as object).constructor?.name ?? 'object', path);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = encodeAt(v, `${path}.${key}`, seen);
    return Object.hasOwn(out, '$wire') ? { $wire: 'object', value: out } : out;
  } finally {
    seen.delete(value);
  }
}

function encodeTyped(view: ArrayBufferView, path: string): unknown {
  const name = view.constructor.name;
  if (!Object.hasOwn(TYPED, name)) throw unsupported(name, path);
  if (!LITTLE_ENDIAN) throw new InputError('The queue sends typed arrays as little-endian bytes; this machine is big-endian.');
  return { $wire: name, base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
}

function unsupported(kind: string, path: string): InputError {
  return new InputError(
    `The queue cannot send ${path}, a ${kind}: send plain JSON values (objects, arrays, strings, numbers, booleans, null) and typed arrays.`,
  );
}

/**
 * The value {@link encode} made `wire` from (after a JSON round trip): typed arrays in fresh
 * buffers of their own, NaN, ±Infinity and -0 back.
 * @example decode(JSON.parse(JSON.stringify(encode(Float32Array.of(1, NaN))))); // Float32Array [1, NaN]
 * @throws InputError when a tag is not one encode writes (another program's data, or a corrupt value).
 */
export function decode(wire: unknown): unknown {
  if (wire === null || typeof wire !== 'object') return wire;
  if (Array.isArray(wire)) return wire.map(decode);
  const record = wire as Record<string, unknown>;
  if (!Object.hasOwn(record, '$wire')) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) out[key] = decode(v);
    return out;
  }
  const tag = record.$wire;
  if (tag === 'number' && typeof record.value === 'string' && Object.hasOwn(SPECIAL_NUMBERS, record.value))
    return SPECIAL_NUMBERS[record.value];
  if (tag === 'undefined') return undefined;
  if (tag === 'object' && record.value !== null && typeof record.value === 'object' && !Array.isArray(record.value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record.value)) out[key] = decode(v);
    return out;
  }
  if (typeof tag === 'string' && Object.hasOwn(TYPED, tag) && typeof record.base64 === 'string')
    return decodeTyped(tag as TypedName, record.base64);
  throw new InputError(
    `The queue received a value tagged ${JSON.stringify(tag)} that seqcast does not write: run the same seqcast version everywhere.`,
  );
}

function decodeTyped(name: TypedName, base64: string): Typed {
  const Type = TYPED[name];
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % Type.BYTES_PER_ELEMENT !== 0)
    throw new InputError(`The queue received a ${name} of ${bytes.length} bytes, not a whole number of elements: the data is corrupt.`);
  if (!LITTLE_ENDIAN) throw new InputError('The queue sends typed arrays as little-endian bytes; this machine is big-endian.');
  const out = new Type(bytes.length / Type.BYTES_PER_ELEMENT); // its own aligned buffer (a Buffer's offset may not be)
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * `value` as the JSON text of {@link encode}.
 * @example toWire({ mae: NaN }); // '{"mae":{"$wire":"number","value":"NaN"}}'
 * @throws InputError as encode.
 */
export function toWire(value: unknown): string {
  return JSON.stringify(encode(value));
}

/**
 * The value of a JSON text written by {@link toWire}.
 * @example fromWire(toWire(Float64Array.of(-0))); // Float64Array [-0]
 * @throws InputError when the text is not JSON or holds a tag encode does not write.
 */
export function fromWire(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(`The queue received a value that is not JSON (${(e as Error).message}): the data is corrupt.`);
  }
  return decode(parsed);
}
