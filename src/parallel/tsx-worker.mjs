/**
 * The pool's worker file when seqcast runs from its TypeScript sources (tests, `npx tsx`): Node 20
 * ignores `--import tsx` in a worker thread's flags, so this plain-JS file registers tsx's hooks
 * itself, then loads worker.ts and hands its tasks to piscina. Built code (dist/) loads
 * dist/parallel/worker.js directly and never needs this file.
 */
import { register } from 'tsx/esm/api';

register();
const tasks = await import(new URL('./worker.ts', import.meta.url).href);

export const { train, fold, courseCase, candidate, seriesChunk } = tasks;
