/**
 * Prediction intervals in the CLI: the `--level` option (train, forecast, backtest) and the horizon
 * `seqcast train` calibrates them for. Where a saved run's intervals come from (ETS's analytical
 * ones, a quantile network's quantiles, the saved conformal calibration) is
 * src/forecast/interval-source.ts.
 */
import { InvalidArgumentError } from 'commander';
import { checkLevels, DEFAULT_LEVELS } from '../forecast/intervals.js';
import { seasonsHorizon } from '../forecast/horizon.js';

/** The levels `--level` gives without a value: 80 and 95 (as R's `forecast`). */
export const CLI_DEFAULT_LEVELS: readonly number[] = DEFAULT_LEVELS;

/**
 * Parses `--level`: comma-separated percentages each in (0, 100), e.g. `80,95`; `none` for no intervals (null).
 * @example parseLevels('80,95'); // [80, 95]
 * @example parseLevels('none'); // null
 * @throws InvalidArgumentError (exit 2) with one message for a malformed list or a level outside (0, 100).
 */
export function parseLevels(value: string): number[] | null {
  const text = value.trim();
  if (text.toLowerCase() === 'none') return null;
  const parts = text.split(',').map((p) => p.trim());
  const levels = parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : NaN));
  const bad = parts.find((p, i) => Number.isNaN(levels[i]) || !(levels[i] > 0 && levels[i] < 100));
  if (bad !== undefined)
    throw new InvalidArgumentError(
      `--level takes percentages strictly between 0 and 100, comma-separated, or none; got '${value}' ('${bad}' is not one): use e.g. --level 80,95 (not 0.95).`,
    );
  try {
    checkLevels(levels, '--level');
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--level: /, '--level: '));
  }
  return levels;
}

/**
 * The levels a command uses: the flag's (null for `none`), else the default 80 and 95.
 * @example resolveLevels(undefined); // [80, 95]
 * @throws never.
 */
export function resolveLevels(flag: number[] | null | undefined): number[] | null {
  return flag === undefined ? [...CLI_DEFAULT_LEVELS] : flag;
}

/**
 * The horizon `seqcast train` calibrates intervals for: `--horizon`, else M4's horizon for the
 * frequency (`m4`), else two seasons and at least 6 (auto's default).
 * @example intervalHorizon(undefined, 18, 12); // 18
 * @example intervalHorizon(undefined, undefined, 1); // 6
 * @throws never.
 */
export function intervalHorizon(flag: number | undefined, m4: number | undefined, period: number): number {
  return flag ?? m4 ?? seasonsHorizon(period);
}
