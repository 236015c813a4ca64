import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { ACTIVATIONS, activateInPlace, activationBackwardInPlace } from '../../src/engine/activations.js';
import { kernelBackend, kernelLoadError, setKernelBackend, type KernelBackend } from '../../src/engine/gemm.js';
import { allocF32, arenaStats, freeF32, inArena, resizeF32, shareF32 } from '../../src/engine/wasm/arena.js';
import { activateRows, activationBackwardRows } from '../../src/engine/wasm/rows.js';
import * as layers from '../../src/layers/index.js';
import { addColumnSums } from '../../src/engine/wasm/rows.js';
import { bilstmLab, simpleRnnLab } from '../../src/model/course-models.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';

function random(n: number, seed: number, scale = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1) * scale);
}

/** Runs fn with `backend` on, then puts the default ('wasm') back. */
function withBackend<T>(backend: KernelBackend, fn: () => T): T {
  setKernelBackend(backend);
  try {
    return fn();
  } finally {
    setKernelBackend('wasm');
  }
}

/** max |got − want| ≤ rtol · max |want| + atol, naming the first offender. */
function assertCloseAll(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-6): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let peak = 0;
  for (let i = 0; i < want.length; i++) peak = Math.max(peak, Math.abs(want[i]));
  const tol = rtol * peak + atol;
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}[${i}] = ${got[i]}, reference ${want[i]} (tolerance ${tol})`);
}

test("kernelBackend() is 'wasm': the build compiled assembly/ into src/engine/wasm/kernels.generated.ts", () => {
  // fails in a tree never built (npm run build), so CI proves the fast path is what the tests ran
  assert.equal(kernelLoadError(), null);
  assert.equal(kernelBackend(), 'wasm');
});

test('setKernelBackend(name) throws on a name other than wasm or ts', () => {
  assert.throws(() => setKernelBackend('gpu' as KernelBackend), /unknown backend 'gpu': use 'wasm' or 'ts'/);
  assert.equal(kernelBackend(), 'wasm');
});

test('allocF32(n) gives zero-filled views in the kernels memory; a freed block comes back zeroed', () => {
  const a = allocF32(100);
  assert.equal(a.length, 100);
  assert.ok(inArena(a));
  assert.ok(a.every((v) => v === 0));
  assert.equal(a.byteOffset % 64, 0);
  a.fill(7);
  const offset = a.byteOffset;
  freeF32(a);
  const b = allocF32(100); // same size class: the block just freed
  assert.equal(b.byteOffset, offset);
  assert.ok(b.every((v) => v === 0));
  const live = arenaStats().live;
  freeF32(b);
  assert.ok(arenaStats().live < live);
  assert.equal(allocF32(0).length, 0);
});

test('freeF32(view) throws on a subarray and on a second free, and ignores plain arrays', () => {
  const a = allocF32(64);
  assert.throws(() => freeF32(a.subarray(1)), /does not start a live arena block/);
  freeF32(a);
  assert.throws(() => freeF32(a), /freed already/);
  assert.doesNotThrow(() => freeF32(new Float32Array(8)));
});

test('resizeF32(view, n) keeps a view of length n and replaces any other with a zeroed one', () => {
  const a = allocF32(10);
  a.fill(1);
  assert.equal(resizeF32(a, 10), a);
  const b = resizeF32(a, 20);
  assert.equal(b.length, 20);
  assert.ok(inArena(b) && b.every((v) => v === 0));
  const c = resizeF32(new Float32Array(3), 5); // a plain array is replaced too
  assert.equal(c.length, 5);
  freeF32(b);
  freeF32(c);
});

test('allocF32(n) on a full arena gives a plain array, then reuses freed blocks: merged, or split', () => {
  const big = (8 << 20) / 4; // 8 MiB of floats: a size class of its own
  const blocks: Float32Array[] = [];
  for (let v = allocF32(big); inArena(v); v = allocF32(big)) blocks.push(v);
  assert.ok(blocks.length >= 3, 'the arena holds a few 8 MiB blocks');
  const fillers: Float32Array[] = []; // then 64 KiB blocks, until less than that is left at the top
  for (let v = allocF32(1 << 14); inArena(v); v = allocF32(1 << 14)) fillers.push(v);
  const spill = allocF32(big);
  assert.ok(!inArena(spill) && spill.length === big && spill.every((v) => v === 0), 'full: a plain zeroed array');
  // two neighbours freed: a 12 MiB block fits only once they are merged
  blocks.sort((p, q) => p.byteOffset - q.byteOffset);
  const [first, second] = blocks.splice(0, 2);
  first.fill(5);
  freeF32(first);
  freeF32(second);
  const merged = allocF32((12 << 20) / 4);
  assert.ok(inArena(merged), 'a 12 MiB block from two merged 8 MiB ones');
  // (free blocks left by earlier tests may sit just before `first` and join the merge)
  assert.ok(merged.byteOffset <= first.byteOffset && merged.byteOffset + (12 << 20) <= second.byteOffset + (8 << 20));
  assert.ok(
    merged.every((v) => v === 0),
    'zeroed',
  );
  // the rest of the merged span (4 MiB or more) serves a smaller request: split off the free block
  const rest = allocF32(300_000);
  assert.ok(inArena(rest));
  assert.equal(rest.byteOffset, merged.byteOffset + (12 << 20));
  for (const v of [...blocks, ...fillers, merged, rest]) freeF32(v);
});

test('shareF32(view, begin, end) is the subarray, in the same memory', () => {
  const a = allocF32(32);
  const s = shareF32(a, 4, 12);
  s.fill(3);
  assert.equal(s.length, 8);
  assert.equal(a[4], 3);
  assert.equal(a[12], 0);
  assert.throws(() => shareF32(s, 0, 1), /does not start a live arena block/);
});

test('activateRows(name, ...) on the wasm backend equals activateInPlace within 4e-7, over strided rows of odd length', () => {
  const rows = 5,
    len = 13,
    ld = 17; // a (5, 17) buffer, 13 columns activated per row
  const x = random(rows * ld, 3, 9); // values in ±9: both tails of tanh and sigmoid
  x[2] = NaN;
  for (const name of ACTIVATIONS) {
    const fast = allocF32(x.length);
    fast.set(x);
    activateRows(name, fast, 0, rows, len, ld);
    const want = x.slice();
    for (let r = 0; r < rows; r++) activateInPlace(name, want, r * ld, r * ld + len);
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(want[i])) assert.ok(Number.isNaN(fast[i]), `${name}(NaN) is NaN`);
      else assert.ok(Math.abs(fast[i] - want[i]) <= 4e-7, `${name}: [${i}] = ${fast[i]}, reference ${want[i]}`);
    }
    freeF32(fast);
  }
});

test('activationBackwardRows(name, ...) on the wasm backend equals activationBackwardInPlace', () => {
  const rows = 3,
    len = 7,
    ld = 9;
  for (const name of ACTIVATIONS) {
    const y = allocF32(rows * ld);
    y.set(random(rows * ld, 5));
    activateRows(name, y, 0, rows, ld, ld);
    const dy = allocF32(rows * ld);
    dy.set(random(rows * ld, 6));
    const want = dy.slice();
    activationBackwardRows(name, y, dy, 0, rows, len, ld);
    for (let r = 0; r < rows; r++) activationBackwardInPlace(name, y, want, r * ld, r * ld + len);
    assertCloseAll(dy, want, `d${name}`, 1e-6, 1e-7);
  }
});

test('addColumnSums(db, ...) on the wasm backend equals the TypeScript float64 sums bit for bit', () => {
  const rows = 37,
    gw = 23,
    N = 19,
    gOff = 3; // 19 columns from offset 3 of 23-wide rows: two 8-column blocks and a tail
  const g = allocF32(rows * gw);
  g.set(random(rows * gw, 21, 5));
  const db = allocF32(N + 2);
  db.set(random(N + 2, 22));
  const before = db.slice();
  const want = db.slice();
  addColumnSums(db, 1, g, rows, gOff, gw, N, new Float64Array(N));
  withBackend('ts', () => addColumnSums(want, 1, g, rows, gOff, gw, N, new Float64Array(N)));
  assert.deepEqual(db, want);
  assert.ok(
    db.slice(1, N + 1).every((v, i) => v !== before[i + 1]),
    'every column got its sum',
  );
  assert.equal(db[0], before[0]);
  assert.equal(db[N + 1], before[N + 1]);
});

/** Output, input gradient and parameter gradients of one forward/backward of a fresh model. */
function forwardBackward(
  make: () => Sequential,
  x: Tensor,
  backend: KernelBackend,
): { y: Float32Array; dx: Float32Array; grads: Float32Array } {
  return withBackend(backend, () => {
    const model = make();
    const y = model.forward(x, true);
    const dy = new Tensor(random(y.size, 11), y.shape);
    model.params.zeroGrad();
    const dx = model.backward(dy);
    return { y: y.data.slice(), dx: dx.data.slice(), grads: model.params.grads.slice() };
  });
}

const MODELS: [string, () => Sequential][] = [
  ['simpleRnnLab()', () => simpleRnnLab({ seed: 4 })],
  ['bilstmLab()', () => bilstmLab({ seed: 4 })],
  [
    'lstm(5, relu, goBackwards) → gru(6) → lstm(3, tanh gates)',
    () =>
      sequential(
        [
          layers.expandDims(-1, { inputShape: [null] }),
          layers.lstm(5, { returnSequences: true, activation: 'relu', goBackwards: true }),
          layers.gru(6, { returnSequences: true }),
          layers.lstm(3, { recurrentActivation: 'tanh' }),
          layers.dense(1),
        ],
        { seed: 5 },
      ),
  ],
];

for (const [name, make] of MODELS) {
  test(`${name}: forward and backward on the wasm backend equal the TypeScript reference`, () => {
    const x = new Tensor(random(7 * 20, 9, 2), [7, 20]); // 7 windows of 20 steps
    const wasm = forwardBackward(make, x, 'wasm');
    const ts = forwardBackward(make, x, 'ts');
    assertCloseAll(wasm.y, ts.y, 'y');
    assertCloseAll(wasm.dx, ts.dx, 'dx');
    assertCloseAll(wasm.grads, ts.grads, 'grads');
  });
}
