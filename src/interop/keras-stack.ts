/**
 * A Keras model config (`{ class_name: 'Sequential' | 'Functional' | 'Model', config }`, as in
 * TF.js's modelTopology and Keras's config.json) read as a linear stack: the input shape and the
 * layers in order. Sequential (Keras 2: the first layer's `batch_input_shape`; Keras 3: an
 * `InputLayer` with `batch_shape`) and the functional form of a linear stack (an InputLayer, then
 * layers each with one inbound node from the layer before, the last one the output). Anything else
 * (branches, several inputs or outputs, shared layers) is refused. Browser-safe.
 */
import type { LayerShape } from '../engine/shape.js';
import { isObject } from '../is-object.js';

/** One layer of the stack, as the file spells it. */
export interface KerasLayerEntry {
  className: string;
  config: Record<string, unknown>;
}

/** The stack: the model's name, its input shape without the batch axis, and its layers after the input. */
export interface KerasStack {
  name: string;
  inputShape: LayerShape;
  layers: KerasLayerEntry[];
}

/** The stack is not a linear stack seqcast can build (a message fragment, without the source). */
export class KerasStackError extends Error {}

const MAX_LAYERS = 10_000;

/**
 * The linear stack of a Keras model config.
 * @example readKerasStack({ class_name: 'Sequential', config: { name: 's', layers: [...] } }).inputShape // [20]
 * @throws KerasStackError naming what does not fit and the fix.
 */
export function readKerasStack(modelConfig: unknown): KerasStack {
  if (!isObject(modelConfig) || typeof modelConfig.class_name !== 'string' || !isObject(modelConfig.config))
    throw new KerasStackError('the model config is not { class_name, config }: it is not a Keras or TF.js layers model');
  const { class_name: kind, config } = modelConfig;
  const list = config.layers;
  if (!Array.isArray(list) || list.length === 0) throw new KerasStackError('the model config has no layers');
  if (list.length > MAX_LAYERS) throw new KerasStackError(`the model has ${list.length} layers, more than seqcast reads (${MAX_LAYERS})`);
  const entries = list.map((l, i) => {
    if (!isObject(l) || typeof l.class_name !== 'string' || !isObject(l.config))
      throw new KerasStackError(`layer ${i} is not { class_name, config }`);
    return l as Entry;
  });
  const name = typeof config.name === 'string' ? config.name : 'sequential';
  if (kind === 'Sequential') return sequentialStack(name, entries, config);
  if (kind === 'Functional' || kind === 'Model') return functionalStack(name, entries, config);
  throw new KerasStackError(`the model is a ${kind}; seqcast reads Sequential models and functional models that are a linear stack`);
}

type Entry = Record<string, unknown> & { class_name: string; config: Record<string, unknown> };

function sequentialStack(name: string, entries: Entry[], config: Record<string, unknown>): KerasStack {
  let layers = entries;
  let shape: unknown;
  if (entries[0].class_name === 'InputLayer') {
    shape = batchShape(entries[0].config);
    layers = entries.slice(1);
  } else {
    shape = batchShape(entries[0].config) ?? config.build_input_shape;
  }
  if (layers.length === 0) throw new KerasStackError('the model has an input and no layers');
  return { name, inputShape: inputShapeOf(shape), layers: layers.map(toEntry) };
}

function functionalStack(name: string, entries: Entry[], config: Record<string, unknown>): KerasStack {
  const notLinear = (what: string): KerasStackError =>
    new KerasStackError(
      `the functional model is not a linear stack (${what}); seqcast builds one input through layers one after another to one output`,
    );
  if (entries[0].class_name !== 'InputLayer') throw notLinear('its first layer is not an InputLayer');
  if (entries.filter((e) => e.class_name === 'InputLayer').length !== 1) throw notLinear('it has several inputs');
  const names = entries.map((e) => (typeof e.name === 'string' ? e.name : e.config.name));
  for (let i = 1; i < entries.length; i++) {
    const from = inboundNames(entries[i].inbound_nodes);
    if (from === null || from.length !== 1 || from[0] !== names[i - 1])
      throw notLinear(`layer '${String(names[i])}' does not take its one input from '${String(names[i - 1])}', the layer before it`);
  }
  const outputs = JSON.stringify(config.output_layers ?? null);
  const last = String(names.at(-1));
  if (!outputs.includes(JSON.stringify(last)) || (outputs.match(/\[\s*"/g) ?? []).length > 1)
    throw notLinear(`its output is not the last layer '${last}' alone`);
  if (entries.length < 2) throw new KerasStackError('the model has an input and no layers');
  return { name, inputShape: inputShapeOf(batchShape(entries[0].config)), layers: entries.slice(1).map(toEntry) };
}

/** The source layer names of one inbound node, Keras 2 (`[[["name", 0, 0, {}]]]`) or Keras 3 (`[{ args: [{ config: { keras_history: ["name", 0, 0] } }] }]`). */
function inboundNames(nodes: unknown): string[] | null {
  if (!Array.isArray(nodes) || nodes.length !== 1) return null;
  const node = nodes[0];
  if (Array.isArray(node)) return node.map((t) => (Array.isArray(t) && typeof t[0] === 'string' ? t[0] : '?'));
  if (isObject(node) && Array.isArray(node.args)) {
    if (isObject(node.kwargs) && Object.keys(node.kwargs).length > 0) return null;
    return node.args.map((a) => {
      const history = isObject(a) && isObject(a.config) ? a.config.keras_history : null;
      return Array.isArray(history) && typeof history[0] === 'string' ? history[0] : '?';
    });
  }
  return null;
}

function batchShape(config: Record<string, unknown>): unknown {
  return config.batch_input_shape ?? config.batch_shape;
}

/** (batch, ...) as Keras writes it to seqcast's shape without the batch axis. */
function inputShapeOf(shape: unknown): LayerShape {
  const ok =
    Array.isArray(shape) &&
    shape.length >= 2 &&
    shape.length <= 3 &&
    shape.slice(1).every((d) => d === null || (Number.isInteger(d) && d >= 1 && d <= 1e7));
  if (!ok)
    throw new KerasStackError(
      `its input shape ${JSON.stringify(shape ?? null)} is not (batch, window) or (batch, window, features): save the model with an explicit input shape (Input(shape=(window,)) or input_shape=...)`,
    );
  return (shape as (number | null)[]).slice(1);
}

function toEntry(e: Entry): KerasLayerEntry {
  return { className: e.class_name, config: e.config };
}
