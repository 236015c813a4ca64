/**
 * The playground's model picker: every forecaster the page can run, one entry each, in the order
 * the picker lists them (the page selects the first). An entry turns the page's settings into a
 * forecaster's JSON spec (src/forecast/forecaster-spec.ts), which the worker builds with
 * `makeForecaster`; `network` says whether the network-only fields (units, epochs, learning rate,
 * transform, normalize, ...) apply. Another forecaster kind is one more entry, e.g.
 *
 *   { id: 'auto', label: 'automatic choice', network: false, spec: ({ period, horizon, seed }) => ({ kind: 'auto', period, horizon, seed }) },
 *
 * ETS comes first: with its automatic form choice it beat the naive forecast on every shipped
 * series in the page's score (multi-step forecasts across the validation part), in a fraction of a
 * second, where the networks' results depend on their settings and take seconds to minutes.
 * Browser-safe.
 */
import type { ForecasterSpec } from '../src/forecast/forecaster-spec.js';
import type { NetworkSpecInput } from '../src/model/model-spec.js';
import { NETWORK_KINDS } from '../src/model/network-kinds.js';
import { MAX_ETS_SEASON } from '../src/forecast/stats/ets-fit.js';

/** What an entry builds its spec from. */
export interface ModelSettings {
  /** The series' season length (1: none). */
  period: number;
  /** The steps each forecast covers. */
  horizon: number;
  /** The seed of anything random (the network's weights and shuffle). */
  seed: number;
  /** The network fields of the form (units, window, epochs, transform, ...), for a network entry. */
  network: Omit<NetworkSpecInput, 'model'>;
}

/** One entry of the model picker. */
export interface PageModel {
  /** The picker's value. */
  id: string;
  /** The picker's text. */
  label: string;
  /** Whether the network-only fields apply (and the learning-rate sweep). */
  network: boolean;
  /** The forecaster's spec for these settings. */
  spec(settings: ModelSettings): ForecasterSpec;
}

/** The model picker's entries, the default first. */
export const PAGE_MODELS: readonly PageModel[] = [
  { id: 'ets', label: 'ETS (exponential smoothing)', network: false, spec: ({ period }) => ({ kind: 'ets', period }) },
  { id: 'theta', label: 'Theta', network: false, spec: ({ period }) => ({ kind: 'theta', period }) },
  {
    id: 'arima',
    label: 'ARIMA (orders chosen as auto.arima; seasons up to 24)',
    network: false,
    spec: ({ period }) => {
      // auto.arima's seasonal search grows with the season (minutes at 365 in a browser tab):
      // seasons up to ETS's longest, as auto offers ARIMA
      if (period > MAX_ETS_SEASON)
        throw new Error(
          `ARIMA in the page takes seasons up to ${MAX_ETS_SEASON}, and this series has ${period}: its seasonal search would run for minutes. Pick STL + ETS for long seasons, or set the season length to 1 for an ARIMA without a season.`,
        );
      return { kind: 'arima', period };
    },
  },
  {
    id: 'stlf',
    label: 'STL + ETS (seasonal decomposition, any season length)',
    network: false,
    spec: ({ period }) => ({ kind: 'stlf', periods: [period] }),
  },
  {
    id: 'stl-arima',
    label: 'STL + ARIMA (seasonal decomposition, any season length)',
    network: false,
    spec: ({ period }) => ({ kind: 'stl-arima', periods: [period] }),
  },
  {
    id: 'auto',
    label: 'automatic choice (baselines, ETS, ARIMA, Theta, small networks)',
    network: false,
    spec: ({ period, horizon, seed }) => ({ kind: 'auto', period, horizon, seed }),
  },
  ...NETWORK_KINDS.map((k): PageModel => ({
    id: k.id,
    label: k.label,
    network: true,
    // a direct network (one Dense(H) head) when H > 1, as the CLI's train --horizon
    spec: ({ horizon, seed, network }) => ({ kind: 'network', spec: { ...network, model: k.id, horizon, seed } }),
  })),
];

/**
 * The picker entry with this id.
 * @example pageModel('ets').network // false
 * @throws when no entry has this id (the page only offers the entries' ids).
 */
export function pageModel(id: string): PageModel {
  const entry = PAGE_MODELS.find((m) => m.id === id);
  if (!entry) throw new Error(`Unknown model '${id}': pick one of ${PAGE_MODELS.map((m) => m.id).join(', ')}.`);
  return entry;
}
