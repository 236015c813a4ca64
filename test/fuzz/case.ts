/**
 * What a fuzz case is: the files to lay out in a fresh sandbox folder, the `seqcast` arguments to
 * run there, the exit codes that are right for it, and the files the command may write. Every
 * generator (csv, json, model, options) returns one; `makeCase` picks the generator.
 */
import type { CaseRng } from './rng.js';

/** One thing to create in the sandbox, at a path relative to it. */
export type SandboxEntry =
  | { path: string; content: string | Uint8Array }
  | { path: string; symlink: string }
  | { path: string; fifo: true }
  | { path: string; dir: true }
  /** a sparse file of this many bytes (all zeros, no disk used) */
  | { path: string; sparse: number };

export interface FuzzCase {
  seed: number;
  index: number;
  /** The generator: csv, json, model, option, out or config. */
  kind: string;
  /** One line: the command and what was done to the input. */
  title: string;
  /** Everything the generator chose (mutations and their positions, flags), to read and replay the case. */
  recipe: Record<string, unknown>;
  files: SandboxEntry[];
  /** The arguments after `seqcast`, with paths relative to the sandbox (the child's working folder). */
  args: string[];
  /** The exit codes that are right: 0 only when the input is valid, 1 for a failed run, 2 for a bad option value. */
  expect: number[];
  /** Why `expect` is what it is. */
  why: string;
  /** Paths (relative to the sandbox) a successful run may create or replace, with everything under them. */
  outputs: string[];
}

/** What the generators start from: a valid CSV and a small model saved by `seqcast train`. */
export interface FuzzContext {
  /** The valid CSV the model was trained on (day,visitors,staff; 80 daily rows). */
  csv: string;
  /** The trained model's model.json and weights.bin. */
  modelJson: string;
  weights: Uint8Array;
}

/** How a change to the input bears on its validity. */
export type Validity = 'valid' | 'maybe' | 'invalid';

/** A change to an input and what it does to the input's validity, given the case's flags. */
export interface Effect {
  validity: Validity;
  /** For the failure message: why this change makes the input valid, invalid, or either. */
  note: string;
}

/**
 * The exit codes for a run on an input with these effects: any invalid change → 1 (a failed run);
 * else any change that may or may not be valid → 0 or 1; else → 0.
 * @example dataExpect([{ validity: 'maybe', note: 'cut' }]) // { expect: [0, 1], why: '...' }
 * @throws never.
 */
export function dataExpect(effects: Effect[]): { expect: number[]; why: string } {
  const invalid = effects.filter((e) => e.validity === 'invalid');
  if (invalid.length > 0) return { expect: [1], why: `the input is invalid: ${invalid.map((e) => e.note).join('; ')}` };
  const maybe = effects.filter((e) => e.validity === 'maybe');
  if (maybe.length > 0) return { expect: [0, 1], why: `the input may be valid or not: ${maybe.map((e) => e.note).join('; ')}` };
  return { expect: [0], why: `the input is valid${effects.length ? `: ${effects.map((e) => e.note).join('; ')}` : ''}` };
}

/** A generator of one kind of case. */
export type Generator = (rng: CaseRng, ctx: FuzzContext) => Omit<FuzzCase, 'seed' | 'index' | 'kind'>;

/** Where a value sits: the --fill method, its row and the last row, and whether its column is the one read. */
export interface ValueSpot {
  fill?: 'previous' | 'linear';
  row: number;
  last: number;
  read: boolean;
}

/**
 * A value read as missing (an empty cell, a marker such as NA, text, JSON null): invalid without
 * --fill; with it, filled, except the first value under --fill previous (nothing before it) and an
 * end of the series under --fill linear (which may extrapolate or refuse).
 * @example missingValue({ row: 3, last: 79, read: true }, 'an empty cell').validity // 'invalid'
 * @throws never.
 */
export function missingValue(at: ValueSpot, what: string): Effect {
  if (!at.read) return { validity: 'valid', note: `${what} in a column that is not read` };
  if (!at.fill) return { validity: 'invalid', note: `${what} in the value column (row ${at.row}) without --fill` };
  if (at.fill === 'previous' && at.row === 0)
    return { validity: 'invalid', note: `${what} in the first value, which --fill previous cannot fill` };
  if (at.fill === 'linear' && (at.row === 0 || at.row === at.last))
    return { validity: 'maybe', note: `${what} at an end of the series with --fill linear` };
  return { validity: 'valid', note: `${what} filled by --fill ${at.fill}` };
}

/**
 * A value that is not a finite decimal number (hex, 1e400, a nested array): invalid without
 * --fill; with it, either filled as missing or refused.
 * @example refusedValue({ fill: 'linear', row: 3, last: 79, read: true }, '0x1A').validity // 'maybe'
 * @throws never.
 */
export function refusedValue(at: ValueSpot, what: string): Effect {
  const e = missingValue(at, what);
  return e.validity === 'valid' && at.read ? { validity: 'maybe', note: `${what} with --fill ${at.fill}` } : e;
}
