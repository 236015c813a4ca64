/**
 * The target side of a network spec: how many steps the network forecasts and how
 * (`horizon`, `strategy`), and what is done to the series before it is windowed (`transform`,
 * `normalize`). `resolveTargetSpec` fills the defaults and validates these fields for
 * `resolveNetworkSpec`; `outputSteps` is the width of the network's Dense head.
 *
 *   horizon H     the steps ahead the network is built to forecast; default 1
 *   strategy      'direct': one network outputs all H values at once (windows labelled with the
 *                 next H values, a Dense(H) head: the MIMO setup of N-BEATS and neuralforecast);
 *                 'recursive': a one-step network whose forecasts are fed back. Default 'direct'
 *                 when H > 1, else 'recursive'. H = 1 builds the same network either way.
 *   transform     target transforms fitted on the training part, applied in order (a list of
 *                 TransformSpecs, src/data/transforms/registry.ts): ['standard'] by default, i.e.
 *                 what `scaling` said before transforms existed, so old specs train the same model
 *   normalize     'window': each window relative to its own mean and standard deviation (RevIN,
 *                 src/data/transforms/window-normalizer.ts), after the transform; default 'none'
 *   scaling       the older form of `transform`: `scaling: 'minmax'` is `transform: ['minmax']`. In a
 *                 resolved spec it names the transform's scaling step ('none' when it has none),
 *                 so a spec resolves to itself.
 *
 * Browser-safe.
 */
import { OptionError } from '../errors.js';
import type { ScalerKind } from '../data/scaling.js';
import { makeTransform, type TransformSpec } from '../data/transforms/registry.js';
import type { TargetTransform } from '../data/transforms/transform.js';
import { MAX_HORIZON } from '../limits.js';

/** How a network forecasts several steps: all at once ('direct') or one step fed back ('recursive'). */
export type Strategy = 'direct' | 'recursive';
/** Per-window normalization of the network's inputs and targets: 'window' (RevIN) or 'none'. */
export type Normalize = 'none' | 'window';
/** The per-window normalizations, the default first: what a spec, the CLI's `--normalize` and the playground accept. */
export const NORMALIZE_KINDS: readonly Normalize[] = ['none', 'window'];

/** The target fields of a resolved network spec. */
export interface TargetSpec {
  /** Steps ahead the network is built for; default 1. */
  horizon: number;
  /** Default 'direct' when horizon > 1, else 'recursive'. */
  strategy: Strategy;
  /** Transforms fitted on the training part, in order; default [scaling] (['standard']). */
  transform: TransformSpec[];
  /** Default 'none'. */
  normalize: Normalize;
  /** The transform's scaling step ('standard', 'minmax'), or 'none'. */
  scaling: ScalerKind;
}

/** The target fields as a user writes them: any of them, or none. */
export type TargetSpecInput = Partial<Omit<TargetSpec, 'transform'>> & { transform?: TransformSpec };

const SCALINGS: readonly ScalerKind[] = ['standard', 'minmax', 'none'];

/**
 * The target fields with defaults filled in, validated.
 *
 * @example resolveTargetSpec({}); // { horizon: 1, strategy: 'recursive', transform: ['standard'], normalize: 'none', scaling: 'standard' }
 * @example resolveTargetSpec({ horizon: 12, transform: ['difference', 'standard'] }).strategy; // 'direct'
 * @throws OptionError naming the field: a horizon that is not an integer in [1, 100000], an unknown
 *   strategy or normalize, a transform makeTransform refuses, or a `scaling` that disagrees with
 *   the transform's scaling step (give `transform` alone).
 */
export function resolveTargetSpec(input: TargetSpecInput): TargetSpec {
  const horizon = input.horizon ?? 1;
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new OptionError(
      `horizon must be an integer from 1 to ${MAX_HORIZON}, got ${show(horizon)}: use the number of steps the network forecasts at once, e.g. 12.`,
    );
  }
  const strategy = oneOf(input.strategy ?? (horizon > 1 ? 'direct' : 'recursive'), ['direct', 'recursive'] as const, 'strategy');
  const normalize = oneOf(input.normalize ?? 'none', NORMALIZE_KINDS, 'normalize');
  if (input.scaling !== undefined) oneOf(input.scaling, SCALINGS, 'scaling');
  const given = input.transform ?? input.scaling ?? 'standard';
  const transform = (Array.isArray(given) ? given : [given]) as TransformSpec[];
  makeTransform(transform); // validates every step (OptionError naming it)
  const scaling = scalingOf(transform);
  if (input.scaling !== undefined && input.transform !== undefined && input.scaling !== scaling) {
    throw new OptionError(
      `scaling ${show(input.scaling)} disagrees with transform ${show(transform)}, whose scaling step is ${show(scaling)}: give the transform alone (its scaling step, e.g. 'standard', is the scaling).`,
    );
  }
  return { horizon, strategy, transform: JSON.parse(JSON.stringify(transform)) as TransformSpec[], normalize, scaling };
}

/**
 * The number of values the network outputs per window: the horizon for a direct network, 1 for a
 * recursive one.
 * @example outputSteps({ horizon: 18, strategy: 'direct' }); // 18
 * @throws never.
 */
export function outputSteps(spec: Pick<TargetSpec, 'horizon' | 'strategy'>): number {
  return spec.strategy === 'direct' ? spec.horizon : 1;
}

/**
 * A fresh, unfitted transform for a resolved spec's `transform` list: one step as itself, several
 * as a chain (so the default ['standard'] is the standard scaler, bit for bit).
 * @example specTransform({ transform: ['difference', 'standard'] }).lag; // 1
 * @throws OptionError as makeTransform.
 */
export function specTransform(spec: Pick<TargetSpec, 'transform'>): TargetTransform {
  return makeTransform(spec.transform.length === 1 ? spec.transform[0] : spec.transform);
}

/**
 * The kinds of a transform list, chains flattened: ['box-cox', 'difference', 'standard'].
 * @example transformKinds([{ kind: 'seasonal-difference', period: 12 }, 'standard']); // ['seasonal-difference', 'standard']
 * @throws never (give it a list makeTransform accepts).
 */
export function transformKinds(spec: TransformSpec): string[] {
  if (Array.isArray(spec)) return spec.flatMap(transformKinds);
  if (typeof spec === 'string') return [spec];
  return spec.kind === 'chain' ? transformKinds(spec.transforms) : [spec.kind];
}

/** The last scaling step of a transform list, or 'none'. */
function scalingOf(transform: TransformSpec[]): ScalerKind {
  const kinds = transformKinds(transform);
  for (let i = kinds.length - 1; i >= 0; i--) if (SCALINGS.includes(kinds[i] as ScalerKind)) return kinds[i] as ScalerKind;
  return 'none';
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new OptionError(`${field} must be one of ${allowed.join(', ')}, got ${show(value)}.`);
  }
  return value as T;
}

function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}
