/**
 * Tensor: a shape and a row-major `Float32Array`, plus a small autograd tape.
 *
 * Layers with hand-derived backward passes use tensors only as containers. Lambda layers and
 * losses run their code on tensors that `requiresGrad`; every op on such a tensor records a node
 * (its parents and a backward closure), and `backward()` replays the nodes in reverse topological
 * order, each one **adding** into its parents' gradients.
 */
import { sizeOf, stridesOf, type Shape } from './shape.js';
import { InputError } from '../errors.js';

/** A recorded op: the tensors it read and how to push its output gradient back into them. */
interface TapeNode {
  parents: Tensor[];
  /** Adds d(loss)/d(parent) into each parent's `grad`, given this tensor's `grad`. */
  backward: (dy: Float32Array) => void;
}

export class Tensor {
  readonly shape: Shape;
  readonly data: Float32Array;
  /** True when gradients flow to this tensor (a tape leaf, or the result of an op on one). */
  readonly requiresGrad: boolean;
  /** d(output)/d(this), filled by `backward()`; same length as `data`. */
  grad: Float32Array | null = null;
  private node: TapeNode | null = null;

  /**
   * @example new Tensor(new Float32Array([1, 2, 3, 4]), [2, 2])
   * @throws InputError when the data is not a Float32Array (use `Tensor.from` for numbers) or its
   *   length does not match the shape.
   */
  constructor(data: Float32Array, shape: readonly number[], requiresGrad = false) {
    if (!(data instanceof Float32Array)) {
      const got = Array.isArray(data)
        ? 'an Array'
        : data === null || typeof data !== 'object'
          ? String(data)
          : `a ${(data as object).constructor.name}`;
      throw new InputError(`Tensor data must be a Float32Array, got ${got}: use Tensor.from(values, shape) to make a Tensor from numbers.`);
    }
    if (data.length !== sizeOf(shape)) {
      throw new InputError(`Tensor data has ${data.length} values but shape [${shape.join(', ')}] needs ${sizeOf(shape)}.`);
    }
    this.data = data;
    this.shape = [...shape];
    this.requiresGrad = requiresGrad;
  }

  /** A tensor from nested arrays or a flat array with a shape. */
  static from(values: ArrayLike<number> | number[][] | number[][][], shape?: readonly number[]): Tensor {
    if (shape) return new Tensor(Float32Array.from(values as ArrayLike<number>), shape);
    const inferred: number[] = [];
    let v: unknown = values;
    while (Array.isArray(v)) {
      inferred.push(v.length);
      v = v[0];
    }
    const flat = (values as unknown[]).flat(Infinity) as number[];
    return new Tensor(Float32Array.from(flat), inferred);
  }

  static zeros(shape: readonly number[]): Tensor {
    return new Tensor(new Float32Array(sizeOf(shape)), shape);
  }

  static scalar(v: number): Tensor {
    return new Tensor(Float32Array.of(v), []);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new Error(`item() needs a one-element tensor, got shape [${this.shape.join(', ')}].`);
    return this.data[0];
  }

  /** Nested arrays, for printing and tests. */
  toArray(): unknown {
    const build = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** A tape leaf over the same data: ops on it are recorded for `backward()`. */
  variable(): Tensor {
    return new Tensor(this.data, this.shape, true);
  }

  /** A copy that records nothing. */
  detach(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /**
   * Backpropagates from this tensor: `seed` is d(loss)/d(this) (ones for a scalar loss).
   * Fills `grad` on every tensor of the graph that requires it.
   */
  backward(seed?: Float32Array): void {
    const order: Tensor[] = [];
    const seen = new Set<Tensor>();
    const visit = (t: Tensor): void => {
      if (seen.has(t)) return;
      seen.add(t);
      if (t.node) for (const p of t.node.parents) if (p.requiresGrad) visit(p);
      order.push(t);
    };
    visit(this);
    for (const t of order) t.grad = new Float32Array(t.size);
    if (seed) {
      if (seed.length !== this.size) throw new Error(`backward seed has ${seed.length} values, tensor has ${this.size}.`);
      this.grad!.set(seed);
    } else {
      this.grad!.fill(1);
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      if (t.node) t.node.backward(t.grad!);
    }
  }

  // ---- elementwise binary ops (numpy broadcasting) ----

  add(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => a + b,
      (_a, _b, g) => g,
      (_a, _b, g) => g,
    );
  }

  sub(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => a - b,
      (_a, _b, g) => g,
      (_a, _b, g) => -g,
    );
  }

  mul(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => a * b,
      (_a, b, g) => g * b,
      (a, _b, g) => g * a,
    );
  }

  div(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => a / b,
      (_a, b, g) => g / b,
      (a, b, g) => (-g * a) / (b * b),
    );
  }

  /** Elementwise power with a constant exponent. */
  pow(p: number): Tensor {
    return unary(
      this,
      (x) => Math.pow(x, p),
      (x, _y, g) => g * p * Math.pow(x, p - 1),
    );
  }

  /** Elementwise minimum; the gradient goes to the smaller input (to `this` on ties). */
  minimum(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => (a <= b ? a : b),
      (a, b, g) => (a <= b ? g : 0),
      (a, b, g) => (a <= b ? 0 : g),
    );
  }

  /** Elementwise maximum; the gradient goes to the larger input (to `this` on ties). */
  maximum(other: Tensor | number): Tensor {
    return binary(
      this,
      other,
      (a, b) => (a >= b ? a : b),
      (a, b, g) => (a >= b ? g : 0),
      (a, b, g) => (a >= b ? 0 : g),
    );
  }

  // ---- elementwise unary ops ----

  neg(): Tensor {
    return unary(
      this,
      (x) => -x,
      (_x, _y, g) => -g,
    );
  }

  abs(): Tensor {
    return unary(this, Math.abs, (x, _y, g) => (x > 0 ? g : x < 0 ? -g : 0));
  }

  square(): Tensor {
    return unary(
      this,
      (x) => x * x,
      (x, _y, g) => 2 * x * g,
    );
  }

  sqrt(): Tensor {
    return unary(this, Math.sqrt, (_x, y, g) => g / (2 * y));
  }

  exp(): Tensor {
    return unary(this, Math.exp, (_x, y, g) => g * y);
  }

  log(): Tensor {
    return unary(this, Math.log, (x, _y, g) => g / x);
  }

  tanh(): Tensor {
    return unary(this, Math.tanh, (_x, y, g) => g * (1 - y * y));
  }

  sigmoid(): Tensor {
    return unary(
      this,
      (x) => 1 / (1 + Math.exp(-x)),
      (_x, y, g) => g * y * (1 - y),
    );
  }

  relu(): Tensor {
    return unary(
      this,
      (x) => (x > 0 ? x : 0),
      (x, _y, g) => (x > 0 ? g : 0),
    );
  }

  sin(): Tensor {
    return unary(this, Math.sin, (x, _y, g) => g * Math.cos(x));
  }

  cos(): Tensor {
    return unary(this, Math.cos, (x, _y, g) => -g * Math.sin(x));
  }

  // ---- shape ops ----

  /** Same data, new shape; one axis may be -1. */
  reshape(shape: readonly number[]): Tensor {
    const target = [...shape];
    const unknown = target.indexOf(-1);
    if (unknown >= 0) {
      const known = sizeOf(target.filter((_, i) => i !== unknown));
      target[unknown] = known === 0 ? 0 : this.size / known;
    }
    if (sizeOf(target) !== this.size || target.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`Cannot reshape a tensor of shape [${this.shape.join(', ')}] to [${shape.join(', ')}].`);
    }
    const out = new Tensor(this.data, target, this.requiresGrad);
    if (this.requiresGrad) out.node = { parents: [this], backward: (g) => addInto(this.grad!, g) };
    return out;
  }

  /** Inserts an axis of size 1 at `axis` (negative counts from the end, -1 appends). */
  expandDims(axis = 0): Tensor {
    const r = this.rank;
    const a = axis < 0 ? r + 1 + axis : axis;
    if (a < 0 || a > r) throw new Error(`expandDims axis ${axis} is out of range for a tensor of rank ${r}.`);
    const shape = [...this.shape];
    shape.splice(a, 0, 1);
    return this.reshape(shape);
  }

  /** Removes axes of size 1 (the given ones, or all). */
  squeeze(axes?: number[]): Tensor {
    const r = this.rank;
    const drop = new Set((axes ?? this.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => (a < 0 ? r + a : a)));
    for (const a of drop) {
      if (this.shape[a] !== 1) throw new Error(`Cannot squeeze axis ${a} of shape [${this.shape.join(', ')}]: its size is not 1.`);
    }
    return this.reshape(this.shape.filter((_, i) => !drop.has(i)));
  }

  /**
   * A block of the tensor: `begin` per axis, `size` per axis (-1 for "to the end").
   * @example x.slice([0, 5], [-1, 10])  // all rows, columns 5..14
   */
  slice(begin: readonly number[], size?: readonly number[]): Tensor {
    const r = this.rank;
    if (begin.length > r) throw new Error(`slice begin has ${begin.length} axes, tensor has ${r}.`);
    const b = this.shape.map((_, i) => begin[i] ?? 0);
    const s = this.shape.map((d, i) => {
      const v = size?.[i] ?? -1;
      return v === -1 ? d - b[i] : v;
    });
    for (let i = 0; i < r; i++) {
      if (b[i] < 0 || s[i] < 0 || b[i] + s[i] > this.shape[i]) {
        throw new Error(`slice [${b.join(', ')}] + [${s.join(', ')}] is outside a tensor of shape [${this.shape.join(', ')}].`);
      }
    }
    const outIdx = gatherIndex(this.shape, b, s);
    const data = new Float32Array(outIdx.length);
    for (let i = 0; i < outIdx.length; i++) data[i] = this.data[outIdx[i]];
    const out = new Tensor(data, s, this.requiresGrad);
    if (this.requiresGrad) {
      out.node = {
        parents: [this],
        backward: (g) => {
          const dx = this.grad!;
          for (let i = 0; i < outIdx.length; i++) dx[outIdx[i]] += g[i];
        },
      };
    }
    return out;
  }

  /** Joins tensors along an axis; all other axes must agree. */
  static concat(tensors: Tensor[], axis = -1): Tensor {
    if (tensors.length === 0) throw new Error('concat needs at least one tensor.');
    const r = tensors[0].rank;
    const a = axis < 0 ? r + axis : axis;
    for (const t of tensors) {
      if (t.rank !== r || t.shape.some((d, i) => i !== a && d !== tensors[0].shape[i])) {
        throw new Error(`concat on axis ${axis}: shapes ${tensors.map((x) => `[${x.shape.join(', ')}]`).join(', ')} do not agree.`);
      }
    }
    const shape = [...tensors[0].shape];
    shape[a] = tensors.reduce((n, t) => n + t.shape[a], 0);
    const outer = sizeOf(shape.slice(0, a));
    const inner = sizeOf(shape.slice(a + 1));
    const data = new Float32Array(sizeOf(shape));
    const rowOut = shape[a] * inner;
    let offset = 0;
    for (const t of tensors) {
      const row = t.shape[a] * inner;
      for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * row, (o + 1) * row), o * rowOut + offset);
      offset += row;
    }
    const requiresGrad = tensors.some((t) => t.requiresGrad);
    const out = new Tensor(data, shape, requiresGrad);
    if (requiresGrad) {
      out.node = {
        parents: tensors,
        backward: (g) => {
          let off = 0;
          for (const t of tensors) {
            const row = t.shape[a] * inner;
            if (t.requiresGrad) {
              const dt = t.grad!;
              for (let o = 0; o < outer; o++) {
                const src = o * rowOut + off;
                for (let j = 0; j < row; j++) dt[o * row + j] += g[src + j];
              }
            }
            off += row;
          }
        },
      };
    }
    return out;
  }

  // ---- reductions ----

  /** Sum over the given axes (all when omitted). */
  sum(axes?: number | number[], keepDims = false): Tensor {
    return reduce(this, axes, keepDims, false);
  }

  /** Mean over the given axes (all when omitted). */
  mean(axes?: number | number[], keepDims = false): Tensor {
    return reduce(this, axes, keepDims, true);
  }
}

/** Adds `src` into `dst` elementwise. */
function addInto(dst: Float32Array, src: Float32Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}

function unary(x: Tensor, f: (x: number) => number, df: (x: number, y: number, g: number) => number): Tensor {
  const n = x.size;
  const xd = x.data;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = f(xd[i]);
  const out = new Tensor(data, x.shape, x.requiresGrad);
  if (x.requiresGrad) {
    setNode(out, [x], (g) => {
      const dx = x.grad!;
      for (let i = 0; i < n; i++) dx[i] += df(xd[i], data[i], g[i]);
    });
  }
  return out;
}

/** Numpy broadcast shape of two shapes. */
function broadcastShape(a: Shape, b: Shape): Shape {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`Shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast together.`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** For each element of `outShape`, the flat index of the element of `shape` broadcast onto it. */
function broadcastIndex(shape: Shape, outShape: Shape): Int32Array {
  const r = outShape.length;
  const inStrides = stridesOf(shape);
  // stride per output axis: 0 where the input is broadcast (missing or size 1)
  const strides = outShape.map((_, i) => {
    const j = i - (r - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : inStrides[j];
  });
  return walkIndex(outShape, strides, 0);
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function binary(
  a: Tensor,
  bIn: Tensor | number,
  f: (a: number, b: number) => number,
  dfa: (a: number, b: number, g: number) => number,
  dfb: (a: number, b: number, g: number) => number,
): Tensor {
  const b = typeof bIn === 'number' ? Tensor.scalar(bIn) : bIn;
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShape(a.shape, b.shape);
  const n = sizeOf(shape);
  const ad = a.data;
  const bd = b.data;
  const data = new Float32Array(n);
  // index maps only where broadcasting happens; same-shape and scalar cases stay direct loops
  const ia = a.size === n ? null : broadcastIndex(a.shape, shape);
  const ib = b.size === n ? null : b.size === 1 ? 'scalar' : broadcastIndex(b.shape, shape);
  for (let i = 0; i < n; i++) {
    const av = ia ? ad[ia[i]] : ad[i];
    const bv = ib === null ? bd[i] : ib === 'scalar' ? bd[0] : bd[ib[i]];
    data[i] = f(av, bv);
  }
  const requiresGrad = a.requiresGrad || b.requiresGrad;
  const out = new Tensor(data, shape, requiresGrad);
  if (requiresGrad) {
    setNode(out, [a, b], (g) => {
      for (let i = 0; i < n; i++) {
        const ai = ia ? ia[i] : i;
        const bi = ib === null ? i : ib === 'scalar' ? 0 : ib[i];
        const av = ad[ai];
        const bv = bd[bi];
        if (a.requiresGrad) a.grad![ai] += dfa(av, bv, g[i]);
        if (b.requiresGrad) b.grad![bi] += dfb(av, bv, g[i]);
      }
    });
  }
  return out;
}

function reduce(x: Tensor, axesIn: number | number[] | undefined, keepDims: boolean, mean: boolean): Tensor {
  const r = x.rank;
  const axes =
    axesIn === undefined ? x.shape.map((_, i) => i) : (Array.isArray(axesIn) ? axesIn : [axesIn]).map((a) => (a < 0 ? r + a : a));
  for (const a of axes) if (a < 0 || a >= r) throw new Error(`Reduction axis out of range for a tensor of rank ${r}.`);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepDims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  const count = x.size / Math.max(1, sizeOf(keptShape));
  const scale = mean ? 1 / count : 1;
  const idx = broadcastIndex(keptShape, x.shape);
  const m = sizeOf(keptShape);
  // accumulate in float64: reductions over long series lose precision in float32
  const acc = new Float64Array(m);
  const xd = x.data;
  for (let i = 0; i < xd.length; i++) acc[idx[i]] += xd[i];
  const data = new Float32Array(m);
  for (let i = 0; i < m; i++) data[i] = acc[i] * scale;
  const out = new Tensor(data, outShape, x.requiresGrad);
  if (x.requiresGrad) {
    setNode(out, [x], (g) => {
      const dx = x.grad!;
      for (let i = 0; i < dx.length; i++) dx[i] += g[idx[i]] * scale;
    });
  }
  return out;
}

/** Flat indices of the elements of a block `[begin, begin + size)` of a tensor of `shape`. */
function gatherIndex(shape: Shape, begin: number[], size: number[]): Int32Array {
  const strides = stridesOf(shape);
  return walkIndex(
    size,
    strides,
    begin.reduce((s, b, i) => s + b * strides[i], 0),
  );
}

/**
 * Walks the elements of `shape` in row-major order and gives, for each, `start + Σ index·stride`:
 * the flat position it reads in another buffer (a broadcast input, a sliced block).
 */
function walkIndex(shape: Shape, strides: number[], start: number): Int32Array {
  const r = shape.length;
  const n = sizeOf(shape);
  const idx = new Int32Array(n);
  const counter = new Array<number>(r).fill(0);
  let flat = start;
  for (let k = 0; k < n; k++) {
    idx[k] = flat;
    for (let ax = r - 1; ax >= 0; ax--) {
      counter[ax]++;
      flat += strides[ax];
      if (counter[ax] < shape[ax]) break;
      flat -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/**
 * A tensor made by a fused op written outside this file (a loss computed in one pass instead of
 * a chain of tape ops): `data` and `shape` are its value; when a parent requires grad, the op is
 * recorded on the tape, and `backward(g)`, given d(loss)/d(out), must **add** d(loss)/d(parent)
 * into the `grad` of each parent that requires it.
 * @example const out = fusedOp(Float32Array.of(s), [], [pred], (g) => { for (...) pred.grad![i] += ... });
 * @throws InputError as `new Tensor` when the data does not match the shape.
 */
export function fusedOp(data: Float32Array, shape: readonly number[], parents: Tensor[], backward: (g: Float32Array) => void): Tensor {
  const requiresGrad = parents.some((p) => p.requiresGrad);
  const out = new Tensor(data, shape, requiresGrad);
  if (requiresGrad) setNode(out, parents, backward);
  return out;
}

/** Records the op that made `out` (kept out of the class so ops share one way to do it). */
function setNode(out: Tensor, parents: Tensor[], backward: (g: Float32Array) => void): void {
  (out as unknown as { node: TapeNode }).node = { parents, backward };
}
