/**
 * Forecasters described as plain JSON, so that a command line, a saved run or a worker thread can
 * name one and {@link makeForecaster} builds it: a single model (base-forecaster-spec.ts: the
 * baselines, a network, ETS, Theta), `auto`, which chooses among those per series (auto.ts), or
 * `conformal`, any of those with conformal prediction intervals (conformal.ts).
 */
import type { Forecaster } from './forecaster.js';
import { autoForecaster, type AutoOptions } from './auto.js';
import { makeBaseForecaster, type BaseForecasterSpec } from './base-forecaster-spec.js';
import { conformalForecaster, type ConformalOptions } from './conformal.js';
import { OptionError } from '../errors.js';

export { baselineSpecs, type BaseForecasterSpec } from './base-forecaster-spec.js';

/** One forecaster as JSON. */
export type ForecasterSpec = BaseForecasterSpec | ({ kind: 'auto' } & AutoOptions) | ConformalSpec;

/** A forecaster (`of`) with conformal prediction intervals calibrated on its training part for `horizon` steps. */
export type ConformalSpec = { kind: 'conformal'; of: BaseForecasterSpec | ({ kind: 'auto' } & AutoOptions) } & ConformalOptions;

/**
 * A fresh, unfitted forecaster from its JSON description.
 * @example makeForecaster({ kind: 'seasonal-naive', period: 12 }).name // 'seasonal naive (12)'
 * @example makeForecaster({ kind: 'auto', period: 12, horizon: 18 }).name // 'auto'
 * @example makeForecaster({ kind: 'conformal', of: { kind: 'ets', period: 12 }, horizon: 18, period: 12 }).name // 'conformal ets (12)'
 * @throws on an unknown kind, or when the forecaster's own checks reject a field; OptionError for
 *   a conformal spec without an `of` or with a conformal `of`.
 */
export function makeForecaster(spec: ForecasterSpec): Forecaster {
  if (spec.kind === 'conformal') {
    const { kind: _kind, of, ...options } = spec;
    if (typeof of !== 'object' || of === null || typeof of.kind !== 'string')
      throw new OptionError(
        `A conformal forecaster needs the spec of the forecaster it wraps as 'of', e.g. { kind: 'conformal', of: { kind: 'ets', period: 12 }, horizon: 18 }.`,
      );
    if ((of.kind as string) === 'conformal')
      throw new OptionError(`A conformal forecaster wraps a forecaster without intervals: 'of' is already conformal; use it alone.`);
    return conformalForecaster(() => makeForecaster(of), options);
  }
  if (spec.kind === 'auto') {
    const { kind: _kind, ...options } = spec;
    return autoForecaster(options);
  }
  return makeBaseForecaster(spec);
}
