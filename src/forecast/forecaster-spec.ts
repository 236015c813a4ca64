/**
 * Forecasters described as plain JSON, so that a command line, a saved run or a worker thread can
 * name one and {@link makeForecaster} builds it: a single model (base-forecaster-spec.ts: the
 * baselines, a network, ETS, Theta) or `auto`, which chooses among those per series (auto.ts).
 */
import type { Forecaster } from './forecaster.js';
import { autoForecaster, type AutoOptions } from './auto.js';
import { makeBaseForecaster, type BaseForecasterSpec } from './base-forecaster-spec.js';

export { baselineSpecs, type BaseForecasterSpec } from './base-forecaster-spec.js';

/** One forecaster as JSON. */
export type ForecasterSpec = BaseForecasterSpec | ({ kind: 'auto' } & AutoOptions);

/**
 * A fresh, unfitted forecaster from its JSON description.
 * @example makeForecaster({ kind: 'seasonal-naive', period: 12 }).name // 'seasonal naive (12)'
 * @example makeForecaster({ kind: 'auto', period: 12, horizon: 18 }).name // 'auto'
 * @throws on an unknown kind, or when the forecaster's own checks reject a field.
 */
export function makeForecaster(spec: ForecasterSpec): Forecaster {
  if (spec.kind === 'auto') {
    const { kind: _kind, ...options } = spec;
    return autoForecaster(options);
  }
  return makeBaseForecaster(spec);
}
