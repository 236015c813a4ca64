/**
 * What `--model` names in `seqcast train` and `seqcast backtest`: a network kind (rnn, lstm, gru,
 * bilstm, conv-lstm, mlp) or one of the statistical forecasters, `ets` (exponential smoothing as
 * R's `forecast::ets`), `arima` (R's `auto.arima`), `theta` (R's `thetaf`), `stlf` and `stl-arima` (R's `stlf`, ETS or
 * ARIMA after STL) and `auto` (an inner backtest on the training part chooses among the baselines, Theta, ETS and ARIMA
 * or, for a season above 24, STL + ETS and STL + ARIMA, and small networks, and combines the best: the median of five). The
 * network flags (--units, --epochs, --transform, ...) mean nothing to the statistical ones: given
 * with one, they are refused with one message naming the flag (exit 2), as are `--candidates`
 * and `--inner-folds` without `auto`.
 */
import { Option } from 'commander';
import { AUTO_CANDIDATE_SETS, type AutoCandidateSet } from '../forecast/auto.js';
import type { ForecasterSpec } from '../forecast/forecaster-spec.js';
import { OptionError } from '../errors.js';
import { NETWORK_KIND_IDS, type NetworkKind } from '../model/network-kinds.js';

/** The forecasters `--model` names besides the networks. */
export const STATISTICAL_MODELS = ['ets', 'arima', 'theta', 'stlf', 'stl-arima', 'auto'] as const;

/** ets, arima, theta, stlf, stl-arima or auto. */
export type StatisticalModel = (typeof STATISTICAL_MODELS)[number];

/** Every `--model` choice: the networks, then the statistical forecasters. */
export const MODEL_CHOICES: readonly (NetworkKind | StatisticalModel)[] = [...NETWORK_KIND_IDS, ...STATISTICAL_MODELS];

/**
 * Whether `--model` names a statistical forecaster (ets, arima, theta, stlf, stl-arima, auto) rather than a network.
 * @example isStatisticalModel('ets'); // true
 * @throws never.
 */
export function isStatisticalModel(model: string | undefined): model is StatisticalModel {
  return (STATISTICAL_MODELS as readonly string[]).includes(model as string);
}

/**
 * The flags only a network has, by the name commander gives them, with the flag as typed.
 * `--seed` is here for ets and theta (nothing of theirs is random); auto takes it for its networks.
 */
export const NETWORK_FLAGS: [key: string, flag: string][] = [
  ['units', '--units'],
  ['layers', '--layers'],
  ['window', '--window'],
  ['epochs', '--epochs'],
  ['maxSteps', '--max-steps'],
  ['batchSize', '--batch-size'],
  ['lr', '--lr'],
  ['optimizer', '--optimizer'],
  ['loss', '--loss'],
  ['scaling', '--scaling'],
  ['clipNorm', '--clip-norm'],
  ['strategy', '--strategy'],
  ['transform', '--transform'],
  ['normalize', '--normalize'],
  ['config', '--config'],
  ['seed', '--seed'],
];

/** The `--model` choice and the flags that depend on it, as commander gives them. */
export interface ModelChoiceFlags {
  model?: string;
  candidates?: AutoCandidateSet;
  innerFolds?: number;
  horizon?: number;
}

/**
 * Refuses a flag that means nothing with the `--model` given: a network flag with ets, theta or
 * auto (auto keeps --seed, its networks' seed) and `--candidates` or `--inner-folds` with anything but auto.
 * (`--horizon` means something for every model: train's is the steps the prediction intervals
 * are calibrated for, and a network's outputs or auto's horizon too; a backtest's is the folds'.)
 * @example checkModelFlags({ model: 'ets', units: 8 }); // throws: --units is a network option ...
 * @throws OptionError (exit 2) naming the first such flag and the fix.
 */
export function checkModelFlags(flags: ModelChoiceFlags): void {
  const model = flags.model;
  if (isStatisticalModel(model)) {
    for (const [key, flag] of NETWORK_FLAGS) {
      if ((flags as Record<string, unknown>)[key] === undefined || (key === 'seed' && model === 'auto')) continue;
      throw new OptionError(
        `${flag} is a network option and --model ${model} is not a network (${model === 'auto' ? 'auto chooses its networks’ settings itself' : `${model} has no ${flag.slice(2)}`}): drop ${flag}, or choose a network with --model ${NETWORK_KIND_IDS.join('|')}.`,
      );
    }
  }
  if (flags.candidates !== undefined && model !== 'auto')
    throw new OptionError(`--candidates chooses what --model auto chooses among: add --model auto, or drop --candidates.`);
  if (flags.innerFolds !== undefined && model !== 'auto')
    throw new OptionError(`--inner-folds sets the inner backtest --model auto chooses on: add --model auto, or drop --inner-folds.`);
}

/**
 * Adds `--candidates all|networks|statistical`, auto's candidate set.
 * @example addCandidatesOption(cmd);
 * @throws never.
 */
export function addCandidatesOption<C extends { addOption(o: Option): C }>(cmd: C): C {
  return cmd.addOption(
    new Option(
      '--candidates <set>',
      'with --model auto: what it chooses among: all (the baselines, Theta, ETS and ARIMA, or STL + ETS and STL + ARIMA for a --season above 24, with them STL + ETS and STL + ARIMA for several --stl periods, and small networks), networks, or statistical (the same without the networks); default all',
    ).choices([...AUTO_CANDIDATE_SETS]),
  );
}

/**
 * The forecaster spec of a statistical `--model`: the season length `period` (1 for none) for all,
 * and for auto the horizon it chooses for (default: its own), its networks' seed, its candidate set
 * and its inner folds (default: its own). `stl` (--stl) gives stlf and stl-arima their seasonal
 * periods, and auto the seasons of its STL candidates (default: [period]).
 * @example statisticalSpec('auto', { period: 12, horizon: 18, candidates: 'statistical' }); // { kind: 'auto', period: 12, horizon: 18, seed: 0, candidates: 'statistical' }
 * @throws never (the forecaster checks the values when it is made).
 */
export function statisticalSpec(
  model: StatisticalModel,
  o: { period: number; horizon?: number; seed?: number; candidates?: AutoCandidateSet; innerFolds?: number; stl?: number[] },
): ForecasterSpec {
  if (model === 'ets') return { kind: 'ets', period: o.period };
  if (model === 'arima') return { kind: 'arima', period: o.period };
  if (model === 'theta') return { kind: 'theta', period: o.period };
  if (model === 'stlf') return { kind: 'stlf', periods: o.stl ?? [o.period] };
  if (model === 'stl-arima') return { kind: 'stl-arima', periods: o.stl ?? [o.period] };
  return {
    kind: 'auto',
    period: o.period,
    ...(o.horizon !== undefined ? { horizon: o.horizon } : {}), // else auto's default, 2 seasons (at least 6)
    seed: o.seed ?? 0,
    candidates: o.candidates ?? 'all',
    ...(o.innerFolds !== undefined ? { innerFolds: o.innerFolds } : {}),
    ...(o.stl !== undefined ? { seasons: o.stl } : {}),
  };
}
