import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, fromWire, toWire } from '../../src/queue/wire.js';
import { InputError } from '../../src/errors.js';

/** Through JSON, as BullMQ and Redis carry it. */
const roundTrip = (value: unknown): unknown => fromWire(toWire(value));

test('toWire/fromWire give back float32 values bit for bit, NaN and ±Infinity included', () => {
  const bits = Uint32Array.of(0x3f800000, 0x7fc00000, 0x7fc00001, 0xffc00000, 0x7f800000, 0xff800000, 0x80000000, 0x00000001, 0x7f7fffff);
  const values = new Float32Array(bits.buffer);
  const back = roundTrip(values) as Float32Array;
  assert.ok(back instanceof Float32Array);
  assert.deepEqual(new Uint32Array(back.buffer), bits); // NaN payloads, -0 and the subnormal too
  assert.ok(Number.isNaN(back[1]) && back[4] === Infinity && back[5] === -Infinity && Object.is(back[6], -0));
});

test('toWire/fromWire keep a typed array view’s own elements only, in a buffer of its own', () => {
  const whole = Float64Array.of(1, 2, Math.PI, -1e-300, 5);
  const view = whole.subarray(2, 4);
  const back = roundTrip(view) as Float64Array;
  assert.ok(back instanceof Float64Array);
  assert.deepEqual([...back], [Math.PI, -1e-300]);
  assert.equal(back.buffer.byteLength, 16);
  const odd = new Float32Array(new Uint8Array(13).buffer, 4, 2); // an offset a Buffer copy would not align by itself
  odd.set([0.1, -0.2]);
  assert.deepEqual(roundTrip(odd), Float32Array.of(0.1, -0.2));
  for (const t of [
    Int32Array.of(-5, 7),
    Uint8Array.of(0, 255),
    Int8Array.of(-128),
    Uint16Array.of(65535),
    Int16Array.of(-1),
    Uint32Array.of(4e9),
  ])
    assert.deepEqual(roundTrip(t), t);
});

test('toWire/fromWire give back plain numbers JSON would lose: NaN, ±Infinity and -0', () => {
  const back = roundTrip({ mae: NaN, hi: Infinity, lo: -Infinity, zero: -0, x: 0.1 + 0.2, big: Number.MAX_VALUE, tiny: 5e-324 }) as Record<
    string,
    number
  >;
  assert.ok(Number.isNaN(back.mae));
  assert.equal(back.hi, Infinity);
  assert.equal(back.lo, -Infinity);
  assert.ok(Object.is(back.zero, -0));
  assert.equal(back.x, 0.1 + 0.2);
  assert.equal(back.big, Number.MAX_VALUE);
  assert.equal(back.tiny, 5e-324);
  assert.equal(toWire({ mae: NaN }), '{"mae":{"$wire":"number","value":"NaN"}}');
});

test('toWire/fromWire round-trip a task payload and result: nested objects, arrays, strings, null and undefined', () => {
  const payload = {
    series: Float32Array.from({ length: 50 }, (_, i) => Math.sin(i) * 1e3),
    split: 40,
    spec: { model: 'rnn', units: [8, 8], seed: 3, note: 'ünïcode ✓', lr: undefined },
    history: { epoch: [0, 1], history: { loss: [0.5, NaN] } },
    forecast: null,
    list: [1, undefined, 'a', [Float64Array.of(-0)]],
  };
  const back = roundTrip(payload) as typeof payload;
  assert.deepEqual(back, { ...payload, spec: { model: 'rnn', units: [8, 8], seed: 3, note: 'ünïcode ✓' } });
  assert.ok(!Object.hasOwn(back.spec, 'lr')); // an object's undefined field is left out, as JSON does
  assert.equal(back.list[1], undefined);
  assert.equal(back.list.length, 4);
  assert.ok(Object.is((back.list[3] as Float64Array[])[0][0], -0));
});

test('toWire/fromWire keep an object whose own key is $wire as it was, not as a tag', () => {
  const tricky = { $wire: 'Float32Array', base64: 'AAAA', inner: { $wire: 'number', value: 'NaN' } };
  assert.deepEqual(roundTrip(tricky), tricky);
  assert.deepEqual(roundTrip([{ $wire: 'undefined' }]), [{ $wire: 'undefined' }]);
});

test('encode refuses what JSON cannot carry, naming where it is', () => {
  assert.throws(
    () => encode({ spec: { when: new Date(0) } }),
    (e: Error) => e instanceof InputError && /\$\.spec\.when, a Date/.test(e.message),
  );
  assert.throws(() => encode({ f: () => 1 }), /\$\.f, a function/);
  assert.throws(() => encode([new Map()]), /\$\[0\], a Map/);
  assert.throws(() => encode({ n: 10n }), /\$\.n, a bigint/);
  assert.throws(() => encode(new BigInt64Array(1)), /BigInt64Array/);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.throws(() => encode(cycle), /refers back to itself/);
  const shared = [1];
  assert.deepEqual(roundTrip({ a: shared, b: shared }), { a: [1], b: [1] }); // shared, not a cycle
});

test('decode refuses tags encode does not write, and fromWire text that is not JSON', () => {
  assert.throws(
    () => decode({ $wire: 'Date', value: 0 }),
    (e: Error) => e instanceof InputError && /"Date".*same seqcast version/.test(e.message),
  );
  assert.throws(() => decode({ $wire: 'number', value: 'NaNa' }), InputError);
  assert.throws(() => decode({ $wire: 'Float32Array', base64: 'AAA=' }), /2 bytes, not a whole number/);
  assert.throws(() => fromWire('{"a":'), /not JSON/);
});
