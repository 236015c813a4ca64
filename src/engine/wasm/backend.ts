/**
 * Which kernels run: 'wasm' (the WebAssembly SIMD kernels, the default whenever they load) or
 * 'ts' (the plain-TypeScript reference kernels). Both give the same results to float32 rounding;
 * the switch is there for tests and benchmarks.
 */
import { loaded, loadError, type KernelExports } from './loader.js';

export type KernelBackend = 'wasm' | 'ts';

let active: KernelExports | null = loaded?.exports ?? null;

/**
 * The kernels in use.
 * @example kernelBackend(); // 'wasm' after `npm run build`, 'ts' in a tree never built
 */
export function kernelBackend(): KernelBackend {
  return active ? 'wasm' : 'ts';
}

/**
 * Chooses the kernels for everything that runs after the call.
 * @example
 * setKernelBackend('ts'); // the reference path
 * setKernelBackend('wasm');
 * @throws on a name other than 'wasm' or 'ts', and on 'wasm' when the WebAssembly kernels could
 * not be loaded (the message says why, e.g. run `npm run build`).
 */
export function setKernelBackend(backend: KernelBackend): void {
  if (backend === 'ts') active = null;
  else if (backend === 'wasm') {
    if (!loaded) throw new Error(`setKernelBackend('wasm'): the WebAssembly kernels are not available: ${loadError}.`);
    active = loaded.exports;
  } else throw new Error(`setKernelBackend: unknown backend '${String(backend)}': use 'wasm' or 'ts'.`);
}

/**
 * The WebAssembly kernels when they are the active backend, else null: what a dispatcher asks
 * before each call.
 * @example const k = wasmKernels(); if (k) k.gemm(...); else gemmRef(...);
 */
export function wasmKernels(): KernelExports | null {
  return active;
}

/**
 * Why the WebAssembly kernels are not loaded, or null when they are.
 * @example if (kernelLoadError()) console.warn(kernelLoadError());
 */
export function kernelLoadError(): string | null {
  return loadError;
}
