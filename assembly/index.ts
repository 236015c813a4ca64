/**
 * The WebAssembly kernels of seqcast, compiled by scripts/build-wasm.mjs (AssemblyScript,
 * `--enable simd`, memory imported from JavaScript) and loaded by src/engine/wasm/loader.ts.
 * Every pointer argument is a byte address in that one memory.
 */
export { gemm, gemmNT, packT } from './gemm';
export { activateRows, activationBackwardRows } from './activations';
export { lstmForwardStep, lstmBackwardStep } from './lstm';
export { addColumnSums } from './sums';
export { adamStep } from './adam';

/** The first byte past the module's static data: the JavaScript arena starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
