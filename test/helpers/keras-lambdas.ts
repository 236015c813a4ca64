/**
 * The course's Keras Lambdas as Keras stores them: `base64(marshal.dumps(fn.__code__))`, made with
 * CPython 3.11.7 (the machine's python3) by
 *   python3 -c "import marshal, base64; print(base64.b64encode(marshal.dumps((lambda x: x * 100.0).__code__)).decode())"
 * and likewise for the others. PY38_TIMES_100 is the same function in the CPython 3.8–3.10 layout,
 * assembled byte by byte from CPython's marshal format (Python/marshal.c) since no such Python is
 * installed: 'c', 6 header integers, co_code LOAD_FAST 0 / LOAD_CONST 1 / BINARY_MULTIPLY /
 * RETURN_VALUE, co_consts (None, 100.0), co_names ().
 */
export const PY311_TIMES_100 =
  '4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6BQAAUwCpAk7nAAAAAAAAWUCpAKkB2gF4cwEAAAAg+gg8c3RyaW5nPvoIPGxhbWJkYT5yCAAAAAMAAABzCgAAAIAAkEGQZZFHgADzAAAAAA==';
/** `lambda x: x * 200.0` (the week-4 synthetic model's scale). */
export const PY311_TIMES_200 =
  '4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6BQAAUwApAk7nAAAAAAAAaUCpACkB2gF4cwEAAAAg+gg8c3RyaW5nPvoIPGxhbWJkYT5yBgAAAAIAAABzCgAAAIAAsAGwRbEJgADzAAAAAA==';
/** `lambda x: 400 * x` (an int constant first). */
export const PY311_400_TIMES =
  '4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAGQBfAB6BQAAUwApAk7pkAEAAKkAqQHaAXhzAQAAACD6CDxzdHJpbmc++gg8bGFtYmRhPnIHAAAAAwAAAHMKAAAAgAC4I7hhuSWAAPMAAAAA';
/** `lambda x: x + 100.0`: not the course's scale. */
export const PY311_PLUS_100 =
  '4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6AAAAUwCpAk7nAAAAAAAAWUCpAKkB2gF4cwEAAAAg+gg8c3RyaW5nPvoIPGxhbWJkYT5yCAAAAAMAAABzCgAAAIAAyDHIVck3gADzAAAAAA==';
/** `lambda x: tf.expand_dims(x, axis=-1)`. */
export const PY311_EXPAND_DIMS =
  '4wEAAAAAAAAAAAAAAAQAAAADAAAA8zoAAACXAHQAAAAAAAAAAAAAAKABAAAAAAAAAAAAAAAAAAAAAAAAAAB8AGQBrAKmAgAAqwIAAAAAAAAAAFMAKQNO6f////8pAdoEYXhpcykC2gJ0ZtoLZXhwYW5kX2RpbXOpAdoBeHMBAAAAIPoIPHN0cmluZz76CDxsYW1iZGE+cgkAAAADAAAAcxwAAACAANVeYNdebNJebNBtbtB1d9BebNFeeNReeIAA8wAAAAA=';

/** `lambda x: x * 100.0` in the CPython 3.8–3.10 layout (see above). */
export const PY38_TIMES_100 = (() => {
  const bytes: number[] = [0xe3];
  const i32 = (v: number): void => {
    bytes.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  };
  [1, 0, 0, 1, 2, 67].forEach(i32); // argcount, posonly, kwonly, nlocals, stacksize, flags
  bytes.push(0x73);
  i32(8);
  bytes.push(124, 0, 100, 1, 20, 0, 83, 0);
  bytes.push(0x29, 2, 0x4e, 0x67, ...new Uint8Array(new Float64Array([100]).buffer)); // (None, 100.0)
  bytes.push(0x29, 0); // co_names ()
  return Buffer.from(bytes).toString('base64');
})();

/** The function fields of a Keras 2 Lambda layer's config (`function: [code, defaults, closure]`, marshalled `code`). */
export function keras2LambdaFunction(code: string): Record<string, unknown> {
  return {
    function: [code, null, null],
    function_type: 'lambda',
    module: '__main__',
    output_shape: null,
    output_shape_type: 'raw',
    output_shape_module: null,
    arguments: {},
  };
}

/** The function fields of a Keras 3 Lambda layer's config (`function: { class_name: '__lambda__', config: { code } }`). */
export function keras3LambdaFunction(code: string): Record<string, unknown> {
  return { function: { class_name: '__lambda__', config: { code, defaults: null, closure: null } }, arguments: {} };
}

/** A Keras 2 Lambda layer entry (`function: [code, defaults, closure]`). */
export function keras2Lambda(name: string, code: string): { class_name: string; config: Record<string, unknown> } {
  return { class_name: 'Lambda', config: { name, trainable: true, dtype: 'float32', ...keras2LambdaFunction(code) } };
}

/** A Keras 3 Lambda layer entry (`function: { class_name: '__lambda__', config: { code } }`). */
export function keras3Lambda(name: string, code: string): { class_name: string; config: Record<string, unknown> } {
  const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  return { class_name: 'Lambda', config: { name, trainable: true, dtype, ...keras3LambdaFunction(code) } };
}
