/**
 * Loads the WebAssembly kernels once, when this module is first imported (top-level await), into
 * one `WebAssembly.Memory` that JavaScript owns: a fixed size that never grows, so the
 * Float32Array views the arena hands out are never detached.
 *
 * The bytes come from src/engine/wasm/kernels.generated.ts, which `npm run build` writes
 * (scripts/build-wasm.mjs). When that file is missing (a tree run with tsx before any build), or
 * the runtime has no WebAssembly SIMD, nothing fails: `loaded` is null, `loadError` says why, and
 * the plain-TypeScript kernels run instead.
 */

/**
 * The first arguments of both LSTM step kernels (assembly/lstm.ts): batch, units, the activations'
 * kinds (indices in ACTIVATIONS), 1 when step t−1 exists, and step t's row 0 in the gate buffer.
 */
export type LstmStepHead = [B: number, H: number, rec: number, act: number, hasPrev: number, gates: number];

/** The kernels' exports (assembly/index.ts); every pointer is a byte address in `memory`. */
export interface KernelExports {
  heapBase(): number;
  gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    overwrite: number,
  ): void;
  gemmNT(M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, overwrite: number): void;
  packT(N: number, K: number, src: number, lds: number, dst: number): void;
  activateRows(kind: number, p: number, rows: number, len: number, ld: number): void;
  activationBackwardRows(kind: number, y: number, ldy: number, dy: number, lddy: number, rows: number, len: number): void;
  lstmForwardStep(...args: [...LstmStepHead, ldG: number, cs: number, acs: number, hs: number, ldH: number]): void;
  lstmBackwardStep(...args: [...LstmStepHead, dG: number, ldG: number, cs: number, acs: number, dh: number, ldH: number, dc: number]): void;
  addColumnSums(rows: number, N: number, src: number, ld: number, dst: number): void;
  adamStep(n: number, p: number, g: number, m: number, v: number, c1: number, c2: number, alpha: number, eps: number): void;
}

export interface LoadedKernels {
  exports: KernelExports;
  /** The one memory: every operand the kernels touch lies in it. */
  memory: WebAssembly.Memory;
  /** First byte the arena may use (past the module's static data, 64-byte aligned). */
  base: number;
}

/**
 * Memory sizes tried, in 64 KiB pages: 1 GiB, then 256, 128 and 32 MiB where that much cannot be
 * reserved. Only the pages written to take physical memory. A long window with a large batch (the
 * course's temperatures model: 256 windows of 64 steps) keeps ~300 MB of activations for the
 * backward pass; what does not fit falls back to plain arrays and the slower reference kernels.
 */
const PAGES = [16384, 4096, 2048, 512];

const EXPORTS: readonly (keyof KernelExports)[] = [
  'heapBase',
  'gemm',
  'gemmNT',
  'packT',
  'activateRows',
  'activationBackwardRows',
  'lstmForwardStep',
  'lstmBackwardStep',
  'addColumnSums',
  'adamStep',
];

/** The base64 string of kernels.generated.ts, or the reason there is none. */
async function generatedBytes(): Promise<Uint8Array<ArrayBuffer> | string> {
  let base64: unknown;
  try {
    // @ts-ignore -- written by scripts/build-wasm.mjs; absent (and then untyped) in a tree never built
    const mod: { KERNELS_WASM_BASE64?: unknown } = await import('./kernels.generated.js');
    base64 = mod.KERNELS_WASM_BASE64;
  } catch {
    return 'src/engine/wasm/kernels.generated.ts is missing: run `npm run build` (it compiles assembly/ with AssemblyScript)';
  }
  if (typeof base64 !== 'string' || base64.length === 0)
    return 'kernels.generated.ts holds no KERNELS_WASM_BASE64 string: run `npm run build` again';
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function createMemory(): WebAssembly.Memory {
  let last: unknown = null;
  for (const pages of PAGES) {
    try {
      return new WebAssembly.Memory({ initial: pages, maximum: pages });
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

async function load(): Promise<LoadedKernels | string> {
  if (typeof WebAssembly !== 'object') return 'this JavaScript runtime has no WebAssembly';
  const bytes = await generatedBytes();
  if (typeof bytes === 'string') return bytes;
  try {
    const memory = createMemory();
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const exports = instance.exports as unknown as KernelExports;
    const missing = EXPORTS.filter((name) => typeof exports[name] !== 'function');
    if (missing.length > 0) return `kernels.generated.ts lacks ${missing.join(', ')}: run \`npm run build\` again`;
    const base = Math.ceil(Math.max(exports.heapBase(), 64) / 64) * 64;
    return { exports, memory, base };
  } catch (err) {
    // e.g. a runtime without WebAssembly SIMD (CompileError), or no room for the memory (RangeError)
    return `the WebAssembly kernels could not be instantiated: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const result = await load();

/**
 * The kernels, or null when they could not be loaded (see `loadError`).
 * @example if (loaded) loaded.exports.gemm(M, N, K, a, ars, acs, b, ldb, c, ldc, 0);
 */
export const loaded: LoadedKernels | null = typeof result === 'string' ? null : result;

/**
 * Why the kernels are not loaded, or null when they are.
 * @example if (loadError) console.warn(`seqcast runs its TypeScript kernels: ${loadError}`);
 */
export const loadError: string | null = typeof result === 'string' ? result : null;
