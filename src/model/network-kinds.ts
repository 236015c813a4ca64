/**
 * The network kinds a spec can name, one entry each: what `resolveNetworkSpec` accepts, the CLI's
 * `--model` choices, the playground's model picker (its labels) and the forecaster conformance
 * suite. `modelFromSpec` builds each (model-spec.ts). Browser-safe: no imports.
 */

/** The kinds, in the order the CLI and the page list them (the page selects the first). */
export const NETWORK_KINDS = [
  { id: 'rnn', label: 'SimpleRNN' },
  { id: 'lstm', label: 'LSTM' },
  { id: 'gru', label: 'GRU' },
  { id: 'bilstm', label: 'bidirectional LSTM' },
  { id: 'conv-lstm', label: 'Conv1D + LSTM' },
  { id: 'mlp', label: 'MLP (dense layers)' },
] as const satisfies readonly { id: string; label: string }[];

/**
 * A network kind: SimpleRNN, LSTM, GRU, Bidirectional(LSTM), Conv1D + LSTM (the course's week 4),
 * or a feed-forward MLP on the window (the course's week 2 DNN; R's nnetar and N-BEATS's blocks are
 * of this kind): cheap to train, so an automatic choice can fit many.
 */
export type NetworkKind = (typeof NETWORK_KINDS)[number]['id'];

/** The kinds' ids, in catalog order. */
export const NETWORK_KIND_IDS: readonly NetworkKind[] = NETWORK_KINDS.map((k) => k.id);
