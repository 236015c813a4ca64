/**
 * Case `index` of the run seeded `seed`: the generator is picked, then run, from a generator seeded
 * by (seed, index) alone, so a case can be replayed without the others.
 */
import { configCase, optionCase, outCase } from './option-cases.js';
import { csvCase } from './csv-cases.js';
import { jsonCase } from './json-cases.js';
import { modelCase } from './model-cases.js';
import { CaseRng } from './rng.js';
import type { FuzzCase, FuzzContext, Generator } from './case.js';

/** The generators and how often each is picked. */
export const KINDS: readonly (readonly [string, Generator, number])[] = [
  ['csv', csvCase, 30],
  ['json', jsonCase, 15],
  ['model', modelCase, 25],
  ['option', optionCase, 20],
  ['out', outCase, 5],
  ['config', configCase, 5],
];

/**
 * @example makeCase(21, 17, ctx).args // ['train', '--file', 'data.csv', ...]
 * @throws never (a generator bug aside).
 */
export function makeCase(seed: number, index: number, ctx: FuzzContext): FuzzCase {
  const rng = new CaseRng(seed, index);
  const [kind, generate] = rng.weighted(KINDS.map(([k, g, w]) => [[k, g] as const, w] as const));
  return { seed, index, kind, ...generate(rng, ctx) };
}
