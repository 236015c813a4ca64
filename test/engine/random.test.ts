import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../../src/engine/random.js';

// References produced with numpy 2.4.6 (numpy is not available in CI, so they are hard-coded):
//   python3 -c "import numpy as np; print(np.random.RandomState(42).randint(2**32, dtype=np.uint32, size=3).tolist())"
const UINT32_42 = [1608637542, 3421126067, 4083286876];
//   python3 -c "import numpy as np; print(np.random.RandomState(42).random_sample(5).tolist())"
const RANDOM_42 = [0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652];
//   python3 -c "import numpy as np; print(np.random.RandomState(42).randn(5).tolist())"
const RANDN_42 = [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597];
//   python3 -c "import numpy as np; r=np.random.RandomState(0); print(r.randn(3).tolist(), r.random_sample(2).tolist())"
const RANDN3_0 = [1.764052345967664, 0.4001572083672233, 0.9787379841057392];
const RANDOM_AFTER_RANDN3_0 = [0.4236547993389047, 0.6458941130666561];
//   python3 -c "import numpy as np; print(np.random.RandomState(4294967295).random_sample(2).tolist())"
const RANDOM_MAXSEED = [0.0976320289940138, 0.9123828453026218];
//   python3 -c "import numpy as np; print(np.random.RandomState(42).randint(10, size=10).tolist())"
const RANDINT10_42 = [6, 3, 7, 4, 6, 9, 2, 6, 7, 4];
//   python3 -c "import numpy as np; print(np.random.RandomState(42).randint(1000, size=5).tolist())"
const RANDINT1000_42 = [102, 435, 860, 270, 106];
//   python3 -c "import numpy as np; a=list(range(10)); np.random.RandomState(42).shuffle(a); print(a)"
const SHUFFLE10_42 = [8, 1, 5, 0, 7, 2, 9, 4, 3, 6];
//   python3 -c "import numpy as np; print(np.random.RandomState(7).uniform(-2, 3, size=3).tolist())"
const UNIFORM_7 = [-1.618458553130214, 1.8995939612005732, 0.1920461572044676];
//   python3 -c "import numpy as np; print(np.random.RandomState(42).randn(100000)[-3:].tolist())"
const RANDN_100000_TAIL = [0.40918507832743084, -0.2110916707698994, 0.12006294082414522];

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `index ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

test('new RandomState(42).nextUint32() matches numpy raw MT19937 output', () => {
  const rng = new RandomState(42);
  assert.deepEqual([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()], UINT32_42);
});

test('new RandomState(42).random() matches numpy random_sample(5) bit for bit', () => {
  const rng = new RandomState(42);
  assert.deepEqual(
    Array.from({ length: 5 }, () => rng.random()),
    RANDOM_42,
  );
});

test('new RandomState(42).randn() begins 0.49671415, -0.1382643, 0.64768854, 1.52302986, -0.23415337', () => {
  const rng = new RandomState(42);
  const draws = Array.from({ length: 5 }, () => rng.randn());
  assertClose(draws, [0.49671415, -0.1382643, 0.64768854, 1.52302986, -0.23415337], 1e-8);
  assertClose(draws, RANDN_42, 1e-15);
});

test("randnArray(100000) stays on numpy's sequence to the end (twists and gauss cache)", () => {
  const tail = new RandomState(42).randnArray(100000).subarray(-3);
  assertClose(tail, RANDN_100000_TAIL, 1e-13);
});

test('randn() then random() keeps the cached gauss like numpy (odd count, then uniforms)', () => {
  const rng = new RandomState(0);
  assertClose(rng.randnArray(3), RANDN3_0, 1e-15);
  assert.deepEqual(Array.from(rng.rand(2)), RANDOM_AFTER_RANDN3_0);
});

test('new RandomState(4294967295) accepts the largest 32-bit seed like numpy', () => {
  assert.deepEqual(Array.from(new RandomState(4294967295).rand(2)), RANDOM_MAXSEED);
});

test('rand(n) and randnArray(n) return n draws of the same stream as random() and randn()', () => {
  assert.deepEqual(Array.from(new RandomState(42).rand(5)), RANDOM_42);
  assert.equal(new RandomState(1).randnArray(0).length, 0);
});

test('uniform(low, high) matches numpy uniform and rejects reversed bounds', () => {
  const rng = new RandomState(7);
  assertClose([rng.uniform(-2, 3), rng.uniform(-2, 3), rng.uniform(-2, 3)], UNIFORM_7, 1e-15);
  assert.throws(() => rng.uniform(3, -2), /low <= high/);
  assert.throws(() => rng.uniform(0, Infinity), /finite/);
});

test('randint(n) matches numpy RandomState.randint(n) and stays in [0, n)', () => {
  const a = new RandomState(42);
  assert.deepEqual(
    Array.from({ length: 10 }, () => a.randint(10)),
    RANDINT10_42,
  );
  const b = new RandomState(42);
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.randint(1000)),
    RANDINT1000_42,
  );
  const c = new RandomState(3);
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 7000; i++) counts[c.randint(7)]++;
  for (const k of counts) assert.ok(k > 850 && k < 1150, `bucket count ${k} is far from 1000`);
  assert.equal(c.randint(1), 0);
});

test('randint(n) throws on a count that is not a positive integer', () => {
  const rng = new RandomState(0);
  assert.throws(() => rng.randint(0), /integer n in \[1/);
  assert.throws(() => rng.randint(2.5), /integer n in \[1/);
});

test('shuffle(array) matches numpy RandomState.shuffle and keeps every element', () => {
  const list = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const out = new RandomState(42).shuffle(list);
  assert.equal(out, list);
  assert.deepEqual(list, SHUFFLE10_42);
  const typed = new RandomState(5).shuffle(Int32Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(
    Array.from(typed).sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test('new RandomState(seed) throws on a negative, fractional or too large seed', () => {
  assert.throws(() => new RandomState(-1), /seed must be an integer in \[0, 4294967295\]/);
  assert.throws(() => new RandomState(1.5), /seed must be an integer/);
  assert.throws(() => new RandomState(2 ** 32), /seed must be an integer/);
});

test('rand(n) throws on a negative count', () => {
  assert.throws(() => new RandomState(0).rand(-1), /non-negative integer count/);
});

test('reseed(s) gives the stream of new RandomState(s), whatever was drawn before, and refuses what the constructor refuses', () => {
  const rng = new RandomState(7);
  rng.randn(); // leaves a cached normal behind, which a fresh generator does not have
  for (let i = 0; i < 1000; i++) rng.nextUint32(); // and a state part-way through a twist
  for (const seed of [0, 42, 0xffffffff]) {
    rng.reseed(seed);
    const fresh = new RandomState(seed);
    assert.equal(rng.randn(), fresh.randn(), `seed ${seed}: the first normal`);
    for (let i = 0; i < 1500; i++) assert.equal(rng.nextUint32(), fresh.nextUint32(), `seed ${seed}, draw ${i}`);
  }
  assert.throws(() => rng.reseed(-1), /RandomState seed must be an integer in \[0, 4294967295\], got -1/);
  assert.throws(() => rng.reseed(1.5), /got 1\.5/);
});
