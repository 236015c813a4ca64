/**
 * An arena of Float32Array views over the kernels' one WebAssembly.Memory, so that weights,
 * gradients and the layers' big scratch buffers already lie where the kernels read them (no copy
 * per call). The memory has a fixed size and never grows, so no view is ever detached.
 *
 * Blocks come from free lists by size class (quarter steps between powers of two, at least
 * 64 bytes, 64-byte aligned) or from the untouched top of the memory; when the top is used up, from
 * the smallest free block that is large enough (split), after merging neighbouring free blocks.
 * A block returns to its free list when `freeF32` is called, or when every view holding it (the
 * one `allocF32` returned and those made by `shareF32`) has been garbage-collected. Correctness never depends on the arena:
 * when it is full, or the kernels are not loaded, `allocF32` returns a plain `new Float32Array(n)`
 * and the kernels copy that operand in and out.
 */
import { loaded } from './loader.js';

interface Block {
  readonly offset: number; // byte offset in the memory
  readonly bytes: number; // size class
  holders: number; // views registered for it that are still alive
  live: boolean;
}

const memory = loaded?.memory ?? null;
// the memory never grows, so its ArrayBuffer never changes: kept once (Memory.buffer is a slow getter)
const buffer: ArrayBuffer | null = memory ? memory.buffer : null;
const end = buffer ? buffer.byteLength : 0;
let top = loaded?.base ?? 0; // first byte past the blocks handed out (lowered when the last is freed)
let clean = top; // first byte never handed out: the memory above it is still zero
const blocks = new Map<number, Block>(); // live blocks by offset
const freeLists = new Map<number, number[]>(); // size in bytes (a size class, or a split's rest) → free offsets

// a block whose views are all collected goes back to its free list
const registry = new FinalizationRegistry<Block>((block) => {
  if (block.live && --block.holders === 0) release(block);
});

/** Bytes reserved for n floats: quarter steps between powers of two, at least 64, multiples of 64. */
function sizeClass(n: number): number {
  const bytes = Math.max(64, n * 4);
  const pow = 2 ** Math.floor(Math.log2(bytes));
  const step = Math.max(64, pow / 4);
  return Math.ceil(bytes / step) * step;
}

function addFree(offset: number, bytes: number): void {
  if (offset + bytes === top) top = offset;
  else {
    const list = freeLists.get(bytes);
    if (list) list.push(offset);
    else freeLists.set(bytes, [offset]);
  }
}

function release(block: Block): void {
  block.live = false;
  blocks.delete(block.offset);
  registry.unregister(block);
  addFree(block.offset, block.bytes);
}

/** The smallest free block of at least `bytes`, split to `bytes` (the rest stays free); its offset. */
function takeFirstFit(bytes: number): number | undefined {
  let best = Infinity;
  for (const [size, list] of freeLists) if (size >= bytes && size < best && list.length > 0) best = size;
  if (best === Infinity) return undefined;
  const offset = freeLists.get(best)!.pop()!;
  if (best > bytes) addFree(offset + bytes, best - bytes);
  return offset;
}

/** Merges free blocks that touch into one, and gives the top back the ones that end at it. */
function coalesce(): void {
  const spans = [...freeLists].flatMap(([size, list]) => list.map((offset) => [offset, size]));
  spans.sort((a, b) => a[0] - b[0]);
  freeLists.clear();
  const merged: number[][] = [];
  for (const [offset, size] of spans) {
    const last = merged[merged.length - 1];
    if (last && last[0] + last[1] === offset) last[1] += size;
    else merged.push([offset, size]);
  }
  for (let i = merged.length - 1; i >= 0; i--) addFree(merged[i][0], merged[i][1]); // top-most first
}

/** Byte offset of a free block of `bytes`, or undefined when the arena is full. */
function take(bytes: number): number | undefined {
  const exact = freeLists.get(bytes)?.pop();
  if (exact !== undefined) return exact;
  if (top + bytes <= end) {
    top += bytes;
    return top - bytes;
  }
  const fit = takeFirstFit(bytes);
  if (fit !== undefined) return fit;
  coalesce();
  if (top + bytes <= end) {
    top += bytes;
    return top - bytes;
  }
  return takeFirstFit(bytes);
}

/**
 * A zero-filled Float32Array of n floats in the kernels' memory, or a plain one when the arena is
 * full or the kernels are not loaded.
 * @example
 * const gates = allocF32(B * T * 4 * H); // (B, T, G)
 * @throws never; a negative or fractional n throws as `new Float32Array(n)` does.
 */
export function allocF32(n: number): Float32Array {
  if (!buffer || n <= 0 || !Number.isInteger(n)) return new Float32Array(n);
  const bytes = sizeClass(n);
  const offset = take(bytes);
  if (offset === undefined) return new Float32Array(n);
  const view = new Float32Array(buffer, offset, n);
  if (offset < clean) view.fill(0);
  clean = Math.max(clean, offset + bytes);
  const block: Block = { offset, bytes, holders: 1, live: true };
  blocks.set(offset, block);
  registry.register(view, block, block);
  return view;
}

/**
 * Returns a block to the arena now. A view that is not from the arena (a plain array, the empty
 * array) is ignored, so whatever `allocF32` returned can be passed.
 * @example
 * freeF32(this.gates);
 * this.gates = allocF32(n);
 * @throws when the view lies in the arena but does not start a live block: a subarray, or a view
 * freed already. Free the very view `allocF32` returned, once.
 */
export function freeF32(view: Float32Array): void {
  if (!buffer || view.buffer !== buffer) return;
  const block = blocks.get(view.byteOffset);
  if (!block)
    throw new Error(
      `freeF32: the view at byte ${view.byteOffset} does not start a live arena block (a subarray, or freed already): free the view allocF32 returned, once.`,
    );
  release(block);
}

/**
 * `view` when it already holds n floats, else a new zero-filled arena view of n floats (and
 * `view` is freed): the layers' "reallocate when the batch size changes".
 * @example
 * this.dG = resizeF32(this.dG, n * G); // (B, T, G)
 * @throws as `freeF32`, when `view` is an arena view that does not start a live block.
 */
export function resizeF32(view: Float32Array, n: number): Float32Array {
  if (view.length === n) return view;
  freeF32(view);
  return allocF32(n);
}

/**
 * `view.subarray(begin, end)` that also keeps the block alive: the block returns to the arena only
 * when `view` and every such subarray have been collected. For views handed to code that may keep
 * them longer than the owner of `view` (a model's weights, per parameter).
 * @example
 * p.value = shareF32(store.values, offset, offset + n);
 * @throws when `view` is an arena view that does not start a live block.
 */
export function shareF32(view: Float32Array, begin: number, end: number): Float32Array {
  const sub = view.subarray(begin, end);
  if (!buffer || view.buffer !== buffer) return sub;
  const block = blocks.get(view.byteOffset);
  if (!block)
    throw new Error(
      `shareF32: the view at byte ${view.byteOffset} does not start a live arena block: share from the view allocF32 returned.`,
    );
  block.holders++;
  registry.register(sub, block, block);
  return sub;
}

/**
 * True when `view` lies in the kernels' memory, so a kernel can use it in place.
 * @example inArena(allocF32(8)); // true when the kernels are loaded
 */
export function inArena(view: Float32Array): boolean {
  return buffer !== null && view.buffer === buffer;
}

/** Sizes in bytes: the memory, the part ever handed out (`top`), live blocks, free-listed blocks. */
export interface ArenaStats {
  capacity: number;
  top: number;
  live: number;
  free: number;
}

/**
 * Where the arena stands, for tests and diagnostics.
 * @example const { live, capacity } = arenaStats();
 */
export function arenaStats(): ArenaStats {
  let live = 0;
  for (const b of blocks.values()) live += b.bytes;
  let free = 0;
  for (const [bytes, list] of freeLists) free += bytes * list.length;
  return { capacity: end, top, live, free };
}
