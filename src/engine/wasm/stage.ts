/**
 * Puts a kernel's operands where the kernel can read them: an operand that already lies in the
 * WebAssembly memory is used in place (its byte address); any other is copied, block by block,
 * into one scratch buffer of the arena, reused call after call, and results are copied back out.
 *
 * An operand is a 2-D block: element (r, c) at arr[off + r·rs + c·cs].
 */
import { allocF32, freeF32, inArena } from './arena.js';

/** Where an operand lies for the kernel: byte address and strides in floats. */
export interface Placed {
  ptr: number;
  rs: number;
  cs: number;
}

/** Runs shorter than this many floats copy element by element: a subarray per run costs more. */
const SHORT_RUN = 64;

let scratch: Float32Array = new Float32Array(0); // an arena view, or empty
let used = 0; // floats of scratch taken by the current call

/**
 * Starts a call that needs up to n floats of scratch; false when the arena cannot give them
 * (the caller then runs the reference kernel instead).
 * @example if (!beginStaging(stagedSize(M, K) + stagedSize(M, N))) return gemmRef(...);
 * @throws never.
 */
export function beginStaging(n: number): boolean {
  used = 0;
  if (scratch.length < n) {
    freeF32(scratch);
    scratch = allocF32(Math.max(n, 2 * scratch.length));
  }
  return scratch.length >= n && inArena(scratch);
}

/**
 * Floats a copy of a rows×cols block takes in scratch, rounded up to whole 64-byte lines.
 * @example stagedSize(3, 5); // 16
 */
export function stagedSize(rows: number, cols: number): number {
  return Math.ceil((rows * cols) / 16) * 16;
}

/** n floats of the current call's scratch, 64-byte aligned: returns their offset in `scratch`. */
function take(n: number): number {
  const at = used;
  used += stagedSize(n, 1);
  return at;
}

/**
 * The operand in place when it lies in the memory with a unit stride; else a compact copy in
 * scratch (rows contiguous when cs = 1, columns when rs = 1, rows otherwise). `copy` false only
 * reserves the room (an output overwritten whole). Call after `beginStaging` reserved the room.
 * @example const a = place(A, aOff, lda, 1, M, K); // a.ptr, a.rs, a.cs for the kernel
 * @throws never.
 */
export function place(arr: Float32Array, off: number, rs: number, cs: number, rows: number, cols: number, copy = true): Placed {
  if (inArena(arr) && (cs === 1 || rs === 1)) return { ptr: arr.byteOffset + off * 4, rs, cs };
  const at = take(rows * cols);
  const ptr = scratch.byteOffset + at * 4;
  if (cs === 1 || rs !== 1) {
    // rows contiguous: element (r, c) at at + r·cols + c
    if (copy) {
      if (cs === 1 && rs === cols) scratch.set(arr.subarray(off, off + rows * cols), at);
      else if (cs === 1 && cols >= SHORT_RUN)
        for (let r = 0; r < rows; r++) scratch.set(arr.subarray(off + r * rs, off + r * rs + cols), at + r * cols);
      else for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) scratch[at + r * cols + c] = arr[off + r * rs + c * cs];
    }
    return { ptr, rs: cols, cs: 1 };
  }
  // columns contiguous: element (r, c) at at + c·rows + r; short columns (a layer's few input
  // features, transposed) copy faster element by element than through a subarray each
  if (copy) {
    if (rows >= SHORT_RUN) for (let c = 0; c < cols; c++) scratch.set(arr.subarray(off + c * cs, off + c * cs + rows), at + c * rows);
    else
      for (let c = 0; c < cols; c++)
        for (let r = 0, src = off + c * cs, dst = at + c * rows; r < rows; r++) scratch[dst + r] = arr[src + r];
  }
  return { ptr, rs: 1, cs: rows };
}

/**
 * Room for n floats in scratch (reserved by `beginStaging`): its byte address.
 * @example const bt = reserve(K * N); // where Bᵀ is packed
 */
export function reserve(n: number): number {
  return scratch.byteOffset + take(n) * 4;
}

/**
 * Copies a rows×cols row-major result (leading dimension ld) from its placement back to arr;
 * nothing when it was computed in place.
 * @example unplace(c, C, cOff, ldc, M, N);
 * @throws never.
 */
export function unplace(p: Placed, arr: Float32Array, off: number, ld: number, rows: number, cols: number): void {
  if (inArena(arr) && p.ptr === arr.byteOffset + off * 4) return;
  const at = (p.ptr - scratch.byteOffset) / 4; // results are placed in scratch
  if (ld === cols && p.rs === cols) arr.set(scratch.subarray(at, at + rows * cols), off);
  else if (cols >= SHORT_RUN) for (let r = 0; r < rows; r++) arr.set(scratch.subarray(at + r * p.rs, at + r * p.rs + cols), off + r * ld);
  else
    for (let r = 0; r < rows; r++) for (let c = 0, src = at + r * p.rs, dst = off + r * ld; c < cols; c++) arr[dst + c] = scratch[src + c];
}
