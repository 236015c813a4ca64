/**
 * One Keras layer config (Keras 2, Keras 3 or TF.js spelling: snake_case keys) to the seqcast layer
 * that computes the same, through the public factories. Every key is read, listed as irrelevant to
 * the forward pass (initializers, regularizers, constraints, dropout rates of training), or refused:
 * an option that changes the math and that seqcast cannot honour (stateful, return_state, an
 * unknown activation, channels_first...) is never dropped silently. Browser-safe.
 */
import { ACTIVATIONS, type ActivationName } from '../engine/activations.js';
import type { LayerShape } from '../engine/shape.js';
import { bidirectional, type MergeMode } from '../layers/bidirectional.js';
import { conv1d, type Conv1DPadding } from '../layers/conv1d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { gru } from '../layers/gru.js';
import type { Layer } from '../layers/layer.js';
import { lstm } from '../layers/lstm.js';
import type { Recurrent } from '../layers/recurrent.js';
import { simpleRNN } from '../layers/simple-rnn.js';
import { isObject } from '../is-object.js';

/** Keys that do not change what a trained layer computes at inference. */
const IRRELEVANT = new Set([
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'batch_shape',
  'input_shape',
  'input_dim',
  'kernel_initializer',
  'recurrent_initializer',
  'bias_initializer',
  'kernel_regularizer',
  'recurrent_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'recurrent_constraint',
  'bias_constraint',
  'unit_forget_bias',
  'implementation',
  'unroll',
  'seed',
  'dropout',
  'recurrent_dropout',
  'noise_shape',
  'zero_output_for_mask',
]);

/** The Keras layers this module translates (Reshape, ZeroPadding, InputLayer and Lambda are read by keras-model.ts). */
export const KERAS_LAYERS = ['Dense', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'Conv1D', 'Dropout'] as const;

/** A refusal of one option (a message fragment: the caller names the layer). */
export class KerasOptionError extends Error {}

/** Reads a config's keys, remembering which were read, so that `done()` can refuse the rest. */
export class KerasConfig {
  private readonly used = new Set<string>();
  constructor(
    readonly className: string,
    readonly raw: Record<string, unknown>,
  ) {}

  get(key: string): unknown {
    this.used.add(key);
    return this.raw[key];
  }

  /** A value that must be `expected` (or absent/null) for seqcast to compute the same. */
  require(key: string, expected: unknown, fix: string): void {
    const v = this.get(key);
    if (v !== undefined && v !== null && JSON.stringify(v) !== JSON.stringify(expected))
      throw new KerasOptionError(`option ${key}=${JSON.stringify(v)} is not supported (${fix})`);
  }

  number(key: string, fallback?: number): number {
    const v = this.get(key) ?? fallback;
    const n = Array.isArray(v) && v.length === 1 ? v[0] : v; // kernel_size [3] as Keras writes it
    if (typeof n !== 'number' || !Number.isFinite(n))
      throw new KerasOptionError(`option ${key} must be a number, got ${JSON.stringify(v)}`);
    return n;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key) ?? fallback;
    if (typeof v !== 'boolean') throw new KerasOptionError(`option ${key} must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  activation(key: string, fallback: ActivationName): ActivationName {
    const v = this.get(key) ?? fallback;
    if (typeof v !== 'string' || !(ACTIVATIONS as readonly string[]).includes(v))
      throw new KerasOptionError(
        `option ${key}=${JSON.stringify(v)} is an activation seqcast does not have (it has ${ACTIVATIONS.join(', ')}): retrain with one of them`,
      );
    return v as ActivationName;
  }

  /** Refuses every key not read and not irrelevant, unless it is null (an option left unset). */
  done(): void {
    for (const [key, value] of Object.entries(this.raw)) {
      if (this.used.has(key) || IRRELEVANT.has(key) || value === null || value === undefined) continue;
      throw new KerasOptionError(
        `option ${key}=${clip(JSON.stringify(value))} is not one seqcast knows for ${this.className}, so it cannot compute the same`,
      );
    }
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

/**
 * The seqcast layer for a Keras Dense, SimpleRNN, LSTM, GRU, Bidirectional, Conv1D or Dropout.
 * @example layerFromKeras('Dense', { name: 'dense', units: 1, activation: 'linear', use_bias: true }, [10])
 * @throws KerasOptionError naming the option and the fix; Error for a value the factory refuses.
 */
export function layerFromKeras(className: string, raw: Record<string, unknown>, inputShape?: LayerShape): Layer {
  const c = new KerasConfig(className, raw);
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  const base = { name, ...(inputShape ? { inputShape } : {}) };
  let layer: Layer;
  switch (className) {
    case 'Dense':
      layer = dense(c.number('units'), { ...base, activation: c.activation('activation', 'linear'), useBias: c.bool('use_bias', true) });
      break;
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      layer = recurrentFromKeras(c, base);
      break;
    case 'Bidirectional':
      layer = bidirectionalFromKeras(c, base);
      break;
    case 'Conv1D': {
      c.require('data_format', 'channels_last', 'seqcast convolves (batch, time, features): save with channels_last');
      c.require('groups', 1, 'seqcast has no grouped convolution');
      const padding = c.get('padding') ?? 'valid';
      if (padding !== 'valid' && padding !== 'same' && padding !== 'causal')
        throw new KerasOptionError(`option padding=${JSON.stringify(padding)} is not valid, same or causal`);
      layer = conv1d(c.number('filters'), {
        ...base,
        kernelSize: c.number('kernel_size'),
        strides: c.number('strides', 1),
        padding: padding as Conv1DPadding,
        dilationRate: c.number('dilation_rate', 1),
        activation: c.activation('activation', 'linear'),
        useBias: c.bool('use_bias', true),
      });
      break;
    }
    case 'Dropout':
      layer = dropout(c.number('rate'), base);
      break;
    default:
      throw new KerasOptionError(`unknown layer`);
  }
  c.done();
  return layer;
}

/** The recurrent settings that must agree between a Bidirectional's layer and backward_layer. */
const RECURRENT_MATH = ['units', 'activation', 'recurrent_activation', 'use_bias', 'return_sequences', 'reset_after'];

function recurrentFromKeras(c: KerasConfig, base: { name?: string; inputShape?: LayerShape }): Recurrent {
  c.require('stateful', false, 'seqcast runs each window from a zero state: save the model with stateful=False');
  c.require('return_state', false, 'a layer in a stack passes on its output only: set return_state=False');
  c.require('time_major', false, 'seqcast takes (batch, time, features)');
  const options = {
    ...base,
    returnSequences: c.bool('return_sequences', false),
    goBackwards: c.bool('go_backwards', false),
    activation: c.activation('activation', 'tanh'),
    useBias: c.bool('use_bias', true),
  };
  const units = c.number('units');
  if (c.className === 'SimpleRNN') return simpleRNN(units, options);
  const gated = { ...options, recurrentActivation: c.activation('recurrent_activation', 'sigmoid') };
  if (c.className === 'LSTM') return lstm(units, gated);
  return gru(units, { ...gated, resetAfter: c.bool('reset_after', true) });
}

function bidirectionalFromKeras(c: KerasConfig, base: { name?: string; inputShape?: LayerShape }): Layer {
  const mergeMode = c.get('merge_mode') ?? 'concat';
  if (!['concat', 'sum', 'ave', 'mul'].includes(mergeMode as string))
    throw new KerasOptionError(
      `option merge_mode=${JSON.stringify(mergeMode)} is not supported (seqcast merges by concat, sum, ave or mul)`,
    );
  const given = c.get('layer');
  if (!isObject(given) || typeof given.class_name !== 'string' || !isObject(given.config))
    throw new KerasOptionError('option layer must be the wrapped layer { class_name, config }');
  const inner = given as { class_name: string; config: Record<string, unknown> };
  if (!['SimpleRNN', 'LSTM', 'GRU'].includes(inner.class_name))
    throw new KerasOptionError(`it wraps a ${inner.class_name}; seqcast's Bidirectional wraps SimpleRNN, LSTM or GRU`);
  const back = c.get('backward_layer');
  if (back !== undefined && back !== null) {
    // Keras 3 writes the backward copy's config: accept it when it is the forward one reversed
    const b = isObject(back) && isObject(back.config) ? back.config : null;
    const same =
      b &&
      (back as Record<string, unknown>).class_name === inner.class_name &&
      RECURRENT_MATH.every((k) => JSON.stringify(b[k]) === JSON.stringify(inner.config[k]));
    if (!same || b.go_backwards === (inner.config.go_backwards ?? false))
      throw new KerasOptionError('option backward_layer is a layer of its own, not the wrapped layer reversed; seqcast cannot build it');
  }
  const ic = new KerasConfig(inner.class_name, inner.config);
  const wrapped = recurrentFromKeras(ic, { name: typeof inner.config.name === 'string' ? inner.config.name : undefined });
  ic.done();
  return bidirectional(wrapped, { ...base, mergeMode: mergeMode as MergeMode });
}
