/**
 * Reading the few fields of a marshalled Python code object that the Keras translator needs to
 * recognize the course's Lambda layers (argument count, bytecode, constants, names), **as data**:
 * nothing here runs, compiles or interprets the code. Keras stores a Lambda's function as
 * `base64(marshal.dumps(fn.__code__))` (Keras 2: `config.function[0]`; Keras 3:
 * `config.function.config.code`).
 *
 * The marshal format (CPython's Python/marshal.c): one type byte per object, the high bit (0x80)
 * asking the reader to remember the object for later back-references ('r' + index). A code object
 * ('c') starts with 32-bit integers: 5 in CPython 3.11+ (argcount, posonlyargcount,
 * kwonlyargcount, stacksize, flags), 6 in 3.8–3.10 (with nlocals); then co_code (bytes),
 * co_consts (tuple), co_names (tuple), and more that is not read. Browser-safe.
 */

/** What is read of a code object. */
export interface CodeInfo {
  /** 'py311' (5 header integers, 3.11+) or 'py38' (6, 3.8–3.10). */
  layout: 'py311' | 'py38';
  argcount: number;
  code: Uint8Array;
  consts: unknown[];
  names: unknown[];
}

/** The marshalled code is not one this reader understands (a message fragment, without the fix). */
export class MarshalError extends Error {}

const MAX_DEPTH = 32;

/**
 * The argument count, bytecode, constants and names of a marshalled code object.
 * @example readCodeObject(Buffer.from(keras2Config.function[0], 'base64')).consts // [null, 100]
 * @throws MarshalError when the bytes are not a code object of CPython 3.8+ or are cut short.
 */
export function readCodeObject(bytes: Uint8Array): CodeInfo {
  const r = new Reader(bytes);
  const type = r.u8();
  if ((type & 0x7f) !== 0x63) throw new MarshalError('it is not a marshalled Python code object');
  if (type & 0x80) r.refs.push(null);
  // 3.11+: 5 header integers then co_code ('s'); 3.8–3.10: 6 then 's'
  const isBytesAt = (at: number): boolean => at < bytes.length && (bytes[at] & 0x7f) === 0x73;
  const layout = isBytesAt(1 + 20) ? 'py311' : isBytesAt(1 + 24) ? 'py38' : null;
  if (!layout) throw new MarshalError('its code object is of a Python version before 3.8 or not one CPython writes');
  const argcount = r.i32();
  r.skip(layout === 'py311' ? 16 : 20);
  const code = r.object(0);
  if (!(code instanceof Uint8Array)) throw new MarshalError('its bytecode is not a byte string');
  const consts = r.object(0);
  const names = r.object(0);
  if (!Array.isArray(consts) || !Array.isArray(names)) throw new MarshalError('its constants or names are not tuples');
  return { layout, argcount, code, consts, names };
}

class Reader {
  pos = 0;
  readonly refs: unknown[] = [];
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new MarshalError('the marshalled code is cut short');
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private take(n: number): Uint8Array {
    if (n < 0) throw new MarshalError('the marshalled code has a negative length');
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** One object: numbers, strings (as text), bytes, tuples/lists (arrays), None (null), refs. */
  object(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new MarshalError('the marshalled code is nested too deep');
    const byte = this.u8();
    const flagged = (byte & 0x80) !== 0;
    const slot = flagged ? this.refs.push(undefined) - 1 : -1;
    const keep = <T>(v: T): T => {
      if (flagged) this.refs[slot] = v;
      return v;
    };
    const ascii = (n: number): string => String.fromCharCode(...this.take(n));
    switch (String.fromCharCode(byte & 0x7f)) {
      case 'N':
        return keep(null);
      case 'F':
        return keep(false);
      case 'T':
        return keep(true);
      case 'i':
        return keep(this.i32());
      case 'g': {
        this.need(8);
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return keep(v);
      }
      case 'l': {
        // a long: digit count (sign = sign), then 15-bit digits, least significant first
        const n = this.i32();
        let v = 0;
        const digits = Math.abs(n);
        if (digits > 8) throw new MarshalError('the marshalled code holds an integer too large for a layer constant');
        this.need(2 * digits);
        for (let k = 0; k < digits; k++, this.pos += 2) v += (this.view.getUint16(this.pos, true) & 0x7fff) * 2 ** (15 * k);
        return keep(n < 0 ? -v : v);
      }
      case 's':
        return keep(this.take(this.i32()).slice());
      case 'u':
      case 't':
        return keep(new TextDecoder().decode(this.take(this.i32())));
      case 'a':
      case 'A':
        return keep(ascii(this.i32()));
      case 'z':
      case 'Z':
        return keep(ascii(this.u8()));
      case ')':
      case '(':
      case '[': {
        const n = (byte & 0x7f) === 0x29 ? this.u8() : this.i32();
        if (n < 0 || n > 10_000) throw new MarshalError('the marshalled code has a tuple of an impossible length');
        const items: unknown[] = [];
        keep(items);
        for (let k = 0; k < n; k++) items.push(this.object(depth + 1));
        return items;
      }
      case 'r': {
        const k = this.i32();
        if (k < 0 || k >= this.refs.length) throw new MarshalError('the marshalled code refers to an object it does not hold');
        return this.refs[k];
      }
      default:
        throw new MarshalError(
          `the marshalled code holds an object of a kind a Lambda's constants do not have (type '${String.fromCharCode(byte & 0x7f)}')`,
        );
    }
  }
}
