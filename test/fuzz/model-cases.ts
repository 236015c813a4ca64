/**
 * Corrupt and foreign model folders for `seqcast forecast --model`: the suite's small trained model
 * (LSTM(4) + Dense(1), window 5, as `seqcast train --out` writes it), copied into the sandbox and
 * mutated: edited numbers and names in model.json (topology, weights manifest, training settings,
 * the run's metadata), the checksum removed, nulled or wrong, another format version, foreign JSON,
 * weights.bin cut, extended, bit-flipped or holding NaN (with a matching checksum), and files that
 * are not files (symlinks to /dev/zero, FIFOs, folders, 3 GB of zeros, deep nesting).
 */
import { createHash } from 'node:crypto';
import { MODEL_RUN, modelFiles } from './commands.js';
import { dataExpect, type Effect, type FuzzContext, type Generator, type SandboxEntry } from './case.js';
import type { CaseRng } from './rng.js';

type Json = Record<string, unknown>;

/** A field value meaning "remove the field". */
const DELETE: unique symbol = Symbol('delete');

const DIR = `${MODEL_RUN}/model`;
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface Model {
  m: Json;
  weights: Uint8Array;
  /** The digest the weights now have, written to model.json unless a step changed the field. */
  newSha?: string;
  shaEdited: boolean;
  /** A weights change that only the checksum reveals (a flipped bit). */
  silent: boolean;
  raws: string[];
  effects: Effect[];
  steps: Record<string, unknown>[];
}

const invalid = (note: string): Effect => ({ validity: 'invalid', note });
const maybe = (note: string): Effect => ({ validity: 'maybe', note });
const valid = (note: string): Effect => ({ validity: 'valid', note });

/** The object at `path` (dot-separated, numbers index arrays), or undefined. */
function at(root: unknown, path: string): unknown {
  let v = root;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Sets `path` to `value` (or deletes it when value is `DELETE`); false when the parent is gone. */
function set(root: unknown, path: string, value: unknown): boolean {
  const keys = path.split('.');
  const parent = keys.length === 1 ? root : at(root, keys.slice(0, -1).join('.'));
  if (typeof parent !== 'object' || parent === null) return false;
  const key = keys[keys.length - 1];
  if (value === DELETE) delete (parent as Record<string, unknown>)[key];
  else (parent as Record<string, unknown>)[key] = value;
  return true;
}

/** A placeholder for raw JSON text (1e400, deep nesting), replaced after JSON.stringify. */
function raw(md: Model, text: string): string {
  md.raws.push(text);
  return `@@raw${md.raws.length - 1}@@`;
}

/** A field edit: path, the values to choose from, and the effect of each. */
type FieldValue = string | number | boolean | null | typeof DELETE | { raw: string };

interface FieldEdit {
  path: string;
  values: FieldValue[];
  effect: (value: unknown) => Effect;
}

const isRaw = (v: unknown): v is { raw: string } => typeof v === 'object' && v !== null && 'raw' in v;
const BAD_NUMBERS: FieldValue[] = [0, -1, 1.5, 1e9, 2 ** 53, null, 'x', { raw: '1e400' }, { raw: '-1e400' }, DELETE];

const FIELD_EDITS: FieldEdit[] = [
  { path: 'model.layers.1.config.units', values: [...BAD_NUMBERS, 3, 5], effect: (v) => invalid(`LSTM units ${show(v)}`) },
  { path: 'model.layers.2.config.units', values: [...BAD_NUMBERS, 2], effect: (v) => invalid(`Dense units ${show(v)}`) },
  { path: 'model.layers.0.config.axis', values: [-3, 0, 1, 1.5, null, 'x', 1e9], effect: (v) => invalid(`expandDims axis ${show(v)}`) },
  { path: 'model.layers.1.config.activation', values: ['relu'], effect: () => valid('LSTM activation relu (a consistent hand edit)') },
  { path: 'model.layers.1.config.activation', values: ['evil', '', null, 7], effect: (v) => invalid(`LSTM activation ${show(v)}`) },
  {
    path: 'model.layers.1.className',
    values: ['Evil', '__proto__', 'constructor', 'Dense', 'GRU', null],
    effect: (v) => invalid(`className ${show(v)}`),
  },
  { path: 'model.layers.1.config.surprise', values: [1, 'x'], effect: () => invalid('an unknown config key') },
  { path: 'model.layers', values: [null, 'x', DELETE, { raw: '[]' }, { raw: '{}' }], effect: (v) => invalid(`layers ${show(v)}`) },
  { path: 'model.inputShape', values: [{ raw: '[5]' }], effect: () => maybe('inputShape [5] (the window)') },
  {
    path: 'model.inputShape',
    values: [{ raw: '[0]' }, { raw: '[-1]' }, { raw: '[1e9]' }, { raw: '["x"]' }, 'abc', null, DELETE],
    effect: (v) => invalid(`inputShape ${show(v)}`),
  },
  { path: 'model.seed', values: [7], effect: () => valid('model.seed 7 (weights.bin replaces the initial weights)') },
  { path: 'training', values: [null], effect: () => valid('training null (not compiled)') },
  { path: 'training', values: [DELETE, 'x'], effect: (v) => invalid(`training ${show(v)}`) },
  { path: 'training.optimizer.learningRate', values: [-1, 0], effect: (v) => maybe(`learningRate ${show(v)}`) },
  { path: 'training.optimizer.learningRate', values: ['x', { raw: '1e400' }], effect: (v) => invalid(`learningRate ${show(v)}`) },
  { path: 'training.optimizer.name', values: ['rmsprop', '', null], effect: (v) => invalid(`optimizer ${show(v)}`) },
  { path: 'training.loss.name', values: ['hinge', null], effect: (v) => invalid(`loss ${show(v)}`) },
  {
    path: 'weights.byteLength',
    values: [400, 408, 0, -4, 1e12, { raw: '1e400' }, '404', null, DELETE],
    effect: (v) => invalid(`byteLength ${show(v)}`),
  },
  { path: 'weights.tensors.0.offset', values: [1, -1, 1e9, 2.5, null], effect: (v) => invalid(`tensor 0 offset ${show(v)}`) },
  { path: 'weights.tensors.1.length', values: [63, 0, 1e9, -64, null], effect: (v) => invalid(`tensor 1 length ${show(v)}`) },
  {
    path: 'weights.tensors.0.shape',
    values: [{ raw: '[16, 1]' }, { raw: '[1e9, 1e9]' }, { raw: '[1, -16]' }, { raw: '[]' }, null],
    effect: (v) => invalid(`tensor 0 shape ${show(v)}`),
  },
  { path: 'weights.tensors', values: [{ raw: '[]' }, null], effect: (v) => invalid(`tensors ${show(v)}`) },
  { path: 'weights.dtype', values: ['float64', 'int8', null], effect: (v) => invalid(`dtype ${show(v)}`) },
  { path: 'weights.byteOrder', values: ['big', null], effect: (v) => invalid(`byteOrder ${show(v)}`) },
  { path: 'weights.sha256', values: [null, DELETE], effect: (v) => maybe(`sha256 ${show(v)}`) },
  { path: 'weights.sha256', values: ['abc', '0'.repeat(64), 12], effect: (v) => invalid(`sha256 ${show(v)}`) },
  { path: 'version', values: [2, 0, -1, 1.5, '1', null, { raw: '1e400' }, DELETE], effect: (v) => invalid(`version ${show(v)}`) },
  { path: 'format', values: ['keras', '', null, DELETE], effect: (v) => invalid(`format ${show(v)}`) },
  { path: 'createdBy', values: ['tfjs-layers 4.22.0'], effect: () => valid('createdBy edited (informative only)') },
  { path: 'metadata.spec.window', values: [3], effect: () => maybe('the run spec window 3') },
  {
    path: 'metadata.spec.window',
    values: [0, -1, 2.5, '5', null, 1e9, { raw: '1e400' }],
    effect: (v) => invalid(`the run spec window ${show(v)}`),
  },
  { path: 'metadata.spec.units', values: [99], effect: () => maybe('the run spec units 99 (the model has 4)') },
  { path: 'metadata.spec', values: [null, 'x', DELETE], effect: (v) => invalid(`the run spec ${show(v)}`) },
  { path: 'metadata.scaler.scale', values: [0, null, 'x', { raw: '1e400' }, DELETE], effect: (v) => invalid(`scaler scale ${show(v)}`) },
  { path: 'metadata.scaler.scale', values: [-1, 1e-30, 1e30], effect: (v) => maybe(`scaler scale ${show(v)}`) },
  { path: 'metadata.scaler.offset', values: [null, { raw: '-1e400' }], effect: (v) => invalid(`scaler offset ${show(v)}`) },
  { path: 'metadata.scaler.kind', values: ['evil', null], effect: (v) => invalid(`scaler kind ${show(v)}`) },
  { path: 'metadata.split', values: [-5, 2.5, 'x'], effect: (v) => invalid(`split ${show(v)}`) },
  { path: 'metadata.split', values: [0, 1e9, null, 40], effect: (v) => maybe(`split ${show(v)}`) },
  { path: 'metadata.season.mase', values: [0, -1, 1.5, null, 'x'], effect: (v) => maybe(`MASE period ${show(v)}`) },
  {
    path: 'metadata.input.file',
    values: ['no-such.csv', '/dev/zero', '.', '', 7],
    effect: (v) => invalid(`the run input file ${show(v)}`),
  },
  { path: 'metadata.input.column', values: ['nope', 7], effect: (v) => invalid(`the run input column ${show(v)}`) },
  { path: 'metadata.input.fill', values: ['evil'], effect: (v) => invalid(`the run input fill ${show(v)}`) },
  {
    path: 'metadata.input',
    values: [{ raw: '{}' }, { raw: '{"dataset":"evil"}' }, null],
    effect: (v) => invalid(`the run input ${show(v)}`),
  },
  { path: 'metadata', values: [null, { raw: '{}' }, DELETE, 'x'], effect: (v) => invalid(`metadata ${show(v)}`) },
  {
    path: 'metadata.deep',
    values: [{ raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, { raw: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` }],
    effect: () => maybe('deeply nested metadata'),
  },
];

function show(v: unknown): string {
  if (v === DELETE) return 'removed';
  if (isRaw(v)) return v.raw.length > 30 ? `${v.raw.slice(0, 12)}… (${v.raw.length} chars)` : v.raw;
  return JSON.stringify(v);
}

function fieldStep(rng: CaseRng, md: Model): void {
  const edit = rng.pick(FIELD_EDITS);
  const value = rng.pick(edit.values);
  if (!set(md.m, edit.path, isRaw(value) ? raw(md, value.raw) : value)) return;
  if (edit.path.startsWith('weights.sha256')) md.shaEdited = true;
  md.effects.push(edit.effect(value));
  md.steps.push({ step: 'field', path: edit.path, value: show(value) });
}

/** weights.bin changes; a new digest is written to model.json unless another step edits it. */
const WEIGHT_STEPS: Record<string, (rng: CaseRng, md: Model) => void> = {
  truncate: (rng, md) => {
    const k = rng.int(0, md.weights.length - 1);
    md.weights = md.weights.subarray(0, k);
    md.effects.push(invalid(`weights.bin cut to ${k} bytes`));
    md.steps.push({ step: 'weights-truncate', bytes: k });
  },
  extend: (rng, md) => {
    const k = rng.pick([1, 4, 4096]);
    md.weights = Buffer.concat([md.weights, rng.bytes(k)]);
    md.effects.push(invalid(`weights.bin extended by ${k} bytes`));
    md.steps.push({ step: 'weights-extend', bytes: k });
  },
  'flip-bit': (rng, md) => {
    const i = rng.int(0, md.weights.length - 1);
    const bit = rng.int(0, 7);
    md.weights = Buffer.from(md.weights);
    md.weights[i] ^= 1 << bit;
    md.silent = true;
    md.steps.push({ step: 'weights-flip-bit', byte: i, bit });
  },
  'non-finite': (rng, md) => {
    const i = rng.int(0, md.weights.length / 4 - 1);
    const v = rng.pick([NaN, Infinity, -Infinity]);
    const b = Buffer.from(md.weights);
    b.writeFloatLE(v, 4 * i);
    md.weights = b;
    md.newSha = sha256(b);
    md.effects.push(invalid(`weight ${i} is ${v} (with a matching sha256)`));
    md.steps.push({ step: 'weights-non-finite', value: String(v), at: i });
  },
  'large-value': (rng, md) => {
    const i = rng.int(0, md.weights.length / 4 - 1);
    const v = rng.pick([1e30, -3e38, 1e-40]);
    const b = Buffer.from(md.weights);
    b.writeFloatLE(v, 4 * i);
    md.weights = b;
    md.newSha = sha256(b);
    md.effects.push(maybe(`weight ${i} is ${v} (with a matching sha256)`));
    md.steps.push({ step: 'weights-large-value', value: v, at: i });
  },
  zeros: (_rng, md) => {
    md.weights = new Uint8Array(md.weights.length);
    md.newSha = sha256(md.weights);
    md.effects.push(valid('all weights zero (with a matching sha256)'));
    md.steps.push({ step: 'weights-zeros' });
  },
};

/** A whole file or folder that is not what it should be: each is invalid. */
const WHOLE: Record<string, (ctx: FuzzContext, rng: CaseRng) => { files: SandboxEntry[]; model?: string }> = {
  'model.json -> /dev/zero': (ctx) => ({ files: [{ path: `${DIR}/model.json`, symlink: '/dev/zero' }, weightsOf(ctx)] }),
  'model.json -> /dev/urandom': (ctx) => ({ files: [{ path: `${DIR}/model.json`, symlink: '/dev/urandom' }, weightsOf(ctx)] }),
  'model.json -> /dev/null': (ctx) => ({ files: [{ path: `${DIR}/model.json`, symlink: '/dev/null' }, weightsOf(ctx)] }),
  'weights.bin -> /dev/zero': (ctx) => ({ files: [jsonOf(ctx), { path: `${DIR}/weights.bin`, symlink: '/dev/zero' }] }),
  'weights.bin -> /dev/null': (ctx) => ({ files: [jsonOf(ctx), { path: `${DIR}/weights.bin`, symlink: '/dev/null' }] }),
  'model.json FIFO': (ctx) => ({ files: [{ path: `${DIR}/model.json`, fifo: true }, weightsOf(ctx)] }),
  'weights.bin FIFO': (ctx) => ({ files: [jsonOf(ctx), { path: `${DIR}/weights.bin`, fifo: true }] }),
  'model.json folder': (ctx) => ({ files: [{ path: `${DIR}/model.json`, dir: true }, weightsOf(ctx)] }),
  'weights.bin folder': (ctx) => ({ files: [jsonOf(ctx), { path: `${DIR}/weights.bin`, dir: true }] }),
  'model.json missing': (ctx) => ({ files: [weightsOf(ctx)] }),
  'weights.bin missing': (ctx) => ({ files: [jsonOf(ctx)] }),
  'model folder empty': () => ({ files: [{ path: DIR, dir: true }] }),
  'model path missing': () => ({ files: [], model: 'no-such-run' }),
  'model path is a file': (ctx) => ({ files: [{ path: 'a-file', content: ctx.modelJson }], model: 'a-file' }),
  'model path is /dev/null': () => ({ files: [], model: '/dev/null' }),
  'model.json 600 MB of zeros': (ctx) => ({ files: [{ path: `${DIR}/model.json`, sparse: 600 * 2 ** 20 }, weightsOf(ctx)] }),
  'model.json 3 GB of zeros': (ctx) => ({ files: [{ path: `${DIR}/model.json`, sparse: 3 * 2 ** 30 }, weightsOf(ctx)] }),
  'weights.bin 8 GB of zeros': (ctx) => ({ files: [jsonOf(ctx), { path: `${DIR}/weights.bin`, sparse: 8 * 2 ** 30 }] }),
  'model folder a symlink loop': () => ({ files: [{ path: DIR, symlink: 'model' }] }),
  'model.json dangling symlink': (ctx) => ({ files: [{ path: `${DIR}/model.json`, symlink: 'gone.json' }, weightsOf(ctx)] }),
  'only an interrupted save (model.old-*)': (ctx) => ({
    files: modelFiles(ctx).map((f) => ({ ...f, path: f.path.replace('/model/', '/model.old-4242/') })),
  }),
  'foreign: tfjs model.json': (ctx) => ({
    files: [
      {
        path: `${DIR}/model.json`,
        content: JSON.stringify({
          format: 'layers-model',
          generatedBy: 'keras v2.15.0',
          convertedBy: 'TensorFlow.js Converter v4.22.0',
          modelTopology: { class_name: 'Sequential', config: { layers: [] } },
          weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
        }),
      },
      weightsOf(ctx),
    ],
  }),
  'foreign: keras json': (ctx) => ({
    files: [
      {
        path: `${DIR}/model.json`,
        content: JSON.stringify({
          class_name: 'Sequential',
          config: { name: 'sequential', layers: [] },
          keras_version: '2.15.0',
          backend: 'tensorflow',
        }),
      },
      weightsOf(ctx),
    ],
  }),
  'foreign: package.json': (ctx) => ({
    files: [{ path: `${DIR}/model.json`, content: JSON.stringify({ name: 'left-pad', version: '1.3.0' }) }, weightsOf(ctx)],
  }),
  'foreign: JSON top level': (ctx, rng) => ({
    files: [{ path: `${DIR}/model.json`, content: rng.pick(['[]', 'null', '"model"', '42', '{}', 'true']) }, weightsOf(ctx)],
  }),
  'model.json not JSON': (ctx, rng) => ({
    files: [
      {
        path: `${DIR}/model.json`,
        content: rng.pick(['', '{', 'model', '\u0000\u0001\u0002', ctx.modelJson.slice(0, ctx.modelJson.length >> 1)]),
      },
      weightsOf(ctx),
    ],
  }),
  'model.json binary': (ctx, rng) => ({ files: [{ path: `${DIR}/model.json`, content: rng.bytes(4096) }, weightsOf(ctx)] }),
  'model.json deeply nested': (ctx) => ({
    files: [{ path: `${DIR}/model.json`, content: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }, weightsOf(ctx)],
  }),
};

const jsonOf = (ctx: FuzzContext): SandboxEntry => ({ path: `${DIR}/model.json`, content: ctx.modelJson });
const weightsOf = (ctx: FuzzContext): SandboxEntry => ({ path: `${DIR}/weights.bin`, content: ctx.weights });

const EXPENSIVE = ['FIFO', '3 GB', '8 GB', 'urandom'];
const WHOLE_WEIGHTS: [string, number][] = Object.keys(WHOLE).map((k) => [k, EXPENSIVE.some((e) => k.includes(e)) ? 0.4 : 1]);

/**
 * A model case: `seqcast forecast --model DIR` on a mutated copy of the suite's trained model.
 * @throws never.
 */
export const modelCase: Generator = (rng, ctx) => {
  const useModelDir = rng.chance(0.3);
  const horizon = rng.chance(0.6) ? ['--horizon', String(rng.pick([1, 3, 12]))] : [];
  const out = rng.chance(0.4) ? ['--out', 'fc.csv'] : [];
  const chart = rng.chance(0.15) ? ['--chart', 'fc.svg'] : [];
  const outputs = ['fc.csv', 'fc.svg'];
  const argsFor = (model: string): string[] => ['forecast', '--model', model, ...horizon, ...out, ...chart];
  if (rng.chance(0.25)) {
    const what = rng.weighted(WHOLE_WEIGHTS);
    const { files, model } = WHOLE[what](ctx, rng);
    return {
      title: `model/forecast: ${what}`,
      recipe: { whole: what },
      files,
      args: argsFor(model ?? (useModelDir ? DIR : MODEL_RUN)),
      expect: [1],
      why: `the model folder holds ${what}, not a seqcast model`,
      outputs,
    };
  }
  const md: Model = {
    m: JSON.parse(ctx.modelJson) as Json,
    weights: ctx.weights,
    shaEdited: false,
    silent: false,
    raws: [],
    effects: [],
    steps: [],
  };
  const original = at(md.m, 'weights.sha256');
  if (rng.chance(0.4)) rng.pick(Object.values(WEIGHT_STEPS))(rng, md);
  const fields = rng.pick([0, 1, 1, 1, 2]);
  for (let k = 0; k < (md.steps.length === 0 ? Math.max(1, fields) : fields); k++) fieldStep(rng, md);
  // a new digest for the weights, unless a step edited (or removed) the field
  if (md.newSha && !md.shaEdited && at(md.m, 'weights.sha256') === original) set(md.m, 'weights.sha256', md.newSha);
  if (md.silent) {
    const checked = !md.shaEdited && at(md.m, 'weights.sha256') === original;
    md.effects.push(
      checked
        ? invalid('a flipped bit in weights.bin (its sha256 no longer matches)')
        : maybe('a flipped bit in weights.bin, its sha256 edited'),
    );
  }
  let text = JSON.stringify(md.m, null, 2);
  md.raws.forEach((t, i) => (text = text.replace(`"@@raw${i}@@"`, () => t)));
  const { expect, why } = dataExpect(md.effects);
  return {
    title: `model/forecast: ${md.steps.map((s) => (s.step === 'field' ? `${s.path}=${s.value}` : s.step)).join(', ')}`,
    recipe: { steps: md.steps },
    files: [
      { path: `${DIR}/model.json`, content: text },
      { path: `${DIR}/weights.bin`, content: md.weights },
    ],
    args: argsFor(useModelDir ? DIR : MODEL_RUN),
    expect,
    why,
    outputs,
  };
};
