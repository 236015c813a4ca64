/**
 * Where a Keras file keeps each layer's weights, in Keras's `get_weights()` order, layer by layer
 * as the model config lists them. Two layouts (browser-safe):
 *
 * - **Keras 3** (`model.weights.h5` inside a `.keras` zip, as Keras 3's saving_lib writes it): each
 *   object's own variables in a group `vars` as datasets `0`, `1`, ... in creation order; a layer of
 *   a Sequential or functional model at `layers/<class name in snake_case>`, numbered `_1`, `_2`,
 *   ... from its second occurrence (`layers/dense`, `layers/dense_1`, `layers/simple_rnn`,
 *   `layers/conv1d`), not at its name; the layers an object holds in attributes below it under the
 *   attribute's name: a recurrent layer's cell at `layers/lstm/cell/vars`, a Bidirectional's copies
 *   at `layers/bidirectional/forward_layer/cell/vars` and `.../backward_layer/cell/vars`. The
 *   order is the object's own `vars`, then its sub-objects (`forward_layer` before `backward_layer`,
 *   as Keras creates them; others in name order). A weight is named by its path in the file
 *   (`layers/lstm/cell/vars/0`): Keras 3 stores no variable names.
 * - **Keras 2** (legacy `model.save('x.h5')`): a group `model_weights` whose attribute `layer_names`
 *   lists the layers with a group each, whose attribute `weight_names` gives the order and the
 *   dataset paths inside the layer's group (`lstm/lstm_cell/kernel:0`); a weight is named by its
 *   weight name.
 *
 * Both check every dataset's dtype and shape, and the total, before reading any values, and refuse
 * a weight that holds NaN or an infinity (a model that diverged, or float64 beyond float32's range).
 */
import { ModelFileError } from '../errors.js';
import { isObject } from '../is-object.js';
import { MAX_PARAM_VALUES } from '../limits.js';
import { MAX_WEIGHTS_BYTES } from '../model/manifest.js';
import { datasetInfo, readFloat32, stringListAttribute, type DatasetInfo, type Group, type H5File } from './hdf5-memory.js';
import type { NamedTensor } from './named-tensor.js';

/** Makes the one ModelFileError of a file: the problem and the fix. */
export type Fail = (problem: string, fix: string) => ModelFileError;

/** Weight tensors one file may hold (a seqcast model of 64 Bidirectional LSTMs has 384). */
export const MAX_KERAS_TENSORS = 10_000;
/** Axes of one weight (Keras's are at most 3-D: a Conv1D kernel). */
const MAX_RANK = 8;

const REFIX = 'The file is incomplete or was edited: save the model again from Keras.';

/** One layer of a model config: its class and its name. */
export interface ConfigLayer {
  className: string;
  name: string;
}

/**
 * The layers of a Keras model config (`{class_name, config: {layers: [...]}}`, Keras 2 or 3;
 * Keras ≤ 2.2's Sequential keeps the list as `config` itself), in order.
 * @example configLayers(JSON.parse(configJson), fail); // [{ className: 'InputLayer', name: 'input_layer' }, { className: 'Dense', name: 'dense' }]
 * @throws the ModelFileError of `fail` when the config has no list of layers (e.g. a subclassed model) or a layer has no class or name.
 */
export function configLayers(modelConfig: unknown, fail: Fail): ConfigLayer[] {
  const top = isObject(modelConfig) ? modelConfig : {};
  const inner = top.config;
  const list = Array.isArray(inner) ? inner : isObject(inner) ? inner.layers : undefined;
  if (!Array.isArray(list)) {
    const kind = typeof top.class_name === 'string' ? `a '${top.class_name.slice(0, 60)}' model` : 'a model';
    throw fail(
      `its model config describes ${kind} without a list of layers`,
      'seqcast reads Sequential and functional Keras models; rebuild a subclassed model as keras.Sequential([...]) and save that.',
    );
  }
  return list.map((layer: unknown, i: number) => {
    const config = isObject(layer) && isObject(layer.config) ? layer.config : {};
    const className = isObject(layer) ? layer.class_name : undefined;
    const name = isObject(layer) && typeof layer.name === 'string' ? layer.name : config.name;
    if (typeof className !== 'string' || typeof name !== 'string')
      throw fail(`layer ${i + 1} of its model config has no class_name or name`, REFIX);
    return { className, name };
  });
}

/**
 * The weights of a Keras 3 `model.weights.h5`, layer by layer in the order of `layers`, each layer's
 * in get_weights() order. Every layer but an InputLayer must have its group (Keras 3 writes one for
 * each, empty for a layer without weights), and no other group may be there.
 * @example const weights = keras3Weights(file, configLayers(config, fail), fail);
 * @throws the ModelFileError of `fail` when a layer's group is missing, `vars` are not numbered 0..n-1,
 * a group belongs to no layer, a weight is not float32/float64, or the sizes are over the limits.
 */
export function keras3Weights(file: H5File, layers: ConfigLayer[], fail: Fail): NamedTensor[] {
  // Keras 2.13–2.15 wrote the same layout under `_layer_checkpoint_dependencies`
  const isGroup = (path: string): boolean => {
    const node = file.get(path);
    return node !== null && 'keys' in node;
  };
  const root = isGroup('/layers') ? '/layers' : isGroup('/_layer_checkpoint_dependencies') ? '/_layer_checkpoint_dependencies' : null;
  const used = new Map<string, number>();
  const groups: string[] = [];
  const datasets: { name: string; info: DatasetInfo }[] = [];
  for (const layer of layers) {
    const snake = snakeCase(layer.className);
    const k = used.get(snake);
    used.set(snake, k === undefined ? 0 : k + 1);
    const key = k === undefined ? snake : `${snake}_${k + 1}`;
    groups.push(key);
    if (layer.className === 'InputLayer') continue;
    const path = `${root ?? '/layers'}/${key}`;
    const group = root === null ? null : file.get(path);
    if (!(group && 'keys' in group))
      throw fail(
        `model.weights.h5 has no weights for layer '${layer.name}' (${layer.className}), which Keras keeps at '${path.slice(1)}'`,
        REFIX,
      );
    collectVars(file, group as Group, datasets, fail);
  }
  if (root !== null) {
    const extra = (file.get(root) as Group).keys().find((key) => !groups.includes(key));
    if (extra !== undefined)
      throw fail(
        `model.weights.h5 holds weights at '${root.slice(1)}/${extra}' for a layer its config.json does not have`,
        'The archive mixes files of two models or was edited: save the model again from Keras.',
      );
  }
  return readAll(file, datasets, fail);
}

/** Adds the datasets of `group` in get_weights() order: its own `vars/0..n-1`, then its sub-objects'. */
function collectVars(file: H5File, group: Group, out: { name: string; info: DatasetInfo }[], fail: Fail): void {
  const keys = group.keys();
  if (keys.includes('vars')) {
    const vars = file.get(`${group.path}/vars`);
    if (!(vars && 'keys' in vars)) throw fail(`'${group.path.slice(1)}/vars' is not a group`, REFIX);
    const names = (vars as Group).keys();
    for (let i = 0; i < names.length; i++) {
      if (!names.includes(String(i)))
        throw fail(
          `'${vars.path.slice(1)}' holds ${names.length} weights but no weight '${i}' (Keras numbers them 0 to ${names.length - 1})`,
          REFIX,
        );
      const path = `${vars.path}/${i}`;
      out.push({ name: path.slice(1), info: datasetInfo(file, path, fail) });
    }
  }
  const order = (key: string): string => (key === 'forward_layer' ? '0' : key === 'backward_layer' ? '1' : `2${key}`);
  const children = keys.filter((key) => key !== 'vars').sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  for (const key of children) {
    const child = file.get(`${group.path}/${key}`);
    if (child && 'keys' in child) collectVars(file, child as Group, out, fail);
  }
}

/**
 * The weights of a Keras 2 `.h5` model, layer by layer in the order of `layers` (the model config's),
 * each in its `weight_names` order. Every layer but an InputLayer must be in `layer_names` with its
 * group, and `layer_names` may name no layer the config does not have.
 * @example const weights = legacyWeights(file, configLayers(config, fail), fail);
 * @throws the ModelFileError of `fail` when `model_weights`, a layer's group or a named weight is
 * missing, a weight is not float32/float64, or the sizes are over the limits.
 */
export function legacyWeights(file: H5File, layers: ConfigLayer[], fail: Fail): NamedTensor[] {
  const weightsGroup = file.get('/model_weights');
  if (!(weightsGroup && 'keys' in weightsGroup)) throw fail("it has a model config but no group 'model_weights'", REFIX);
  const layerNames = stringListAttribute(weightsGroup as Group, 'layer_names', fail);
  if (layerNames === null) throw fail("its group 'model_weights' has no attribute 'layer_names'", REFIX);
  const known = new Set(layers.map((l) => l.name));
  const stranger = layerNames.find((name) => !known.has(name));
  if (stranger !== undefined)
    throw fail(
      `it holds weights for a layer '${stranger.slice(0, 80)}' that its model config does not have`,
      'The file mixes two models or was edited: save the model again from Keras.',
    );
  const datasets: { name: string; info: DatasetInfo }[] = [];
  for (const layer of layers) {
    if (layer.className === 'InputLayer') continue;
    const group = layerNames.includes(layer.name) ? file.get(`/model_weights/${layer.name}`) : null;
    if (!(group && 'keys' in group))
      throw fail(`it has no weights for layer '${layer.name}' (${layer.className}) in 'model_weights'`, REFIX);
    const weightNames = stringListAttribute(group as Group, 'weight_names', fail);
    if (weightNames === null) throw fail(`its group 'model_weights/${layer.name}' has no attribute 'weight_names'`, REFIX);
    for (const weightName of weightNames)
      datasets.push({ name: weightName, info: datasetInfo(file, `/model_weights/${layer.name}/${weightName}`, fail) });
  }
  return readAll(file, datasets, fail);
}

/** Checks every dataset's shape and the total against the limits, then reads them all. */
function readAll(file: H5File, datasets: { name: string; info: DatasetInfo }[], fail: Fail): NamedTensor[] {
  const TOO_BIG = 'No seqcast model is that large: the file is corrupt, or not a model seqcast can run.';
  if (datasets.length > MAX_KERAS_TENSORS)
    throw fail(`it holds ${datasets.length} weight tensors, more than seqcast reads (${MAX_KERAS_TENSORS})`, TOO_BIG);
  let total = 0;
  for (const { info } of datasets) {
    if (info.shape.length > MAX_RANK || info.shape.some((d) => !Number.isSafeInteger(d) || d < 0))
      throw fail(`the weight '${info.path.slice(1)}' has the shape [${info.shape.join(', ')}]`, TOO_BIG);
    if (info.size > MAX_PARAM_VALUES)
      throw fail(
        `the weight '${info.path.slice(1)}' has ${info.size} values, more than a seqcast layer's tensor can hold (${MAX_PARAM_VALUES})`,
        TOO_BIG,
      );
    total += info.size;
  }
  if (total * 4 > MAX_WEIGHTS_BYTES)
    throw fail(`its weights hold ${total} values, more than seqcast loads (${MAX_WEIGHTS_BYTES / 4} float32 values, 512 MiB)`, TOO_BIG);
  return datasets.map(({ name, info }) => {
    const values = readFloat32(file, info);
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i]))
        throw fail(
          `the weight '${info.path.slice(1)}' holds ${values[i]} (value ${i + 1} of ${values.length})${info.dtype === 'float64' ? ', or a float64 beyond float32' : ''}`,
          'The model diverged while it was trained: train it again (a lower learning rate) and save it.',
        );
    return { name, shape: info.shape, values };
  });
}

/**
 * A Keras class name in snake_case, as Keras 3 names the group of a layer in a list:
 * `Dense` → `dense`, `SimpleRNN` → `simple_rnn`, `Conv1D` → `conv1d`, `InputLayer` → `input_layer`.
 * @example snakeCase('SimpleRNN'); // 'simple_rnn'
 * @throws never.
 */
export function snakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
