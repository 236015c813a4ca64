/**
 * A seqcast model as an ONNX model (opset 17, IR version 8) that any ONNX runtime runs with the
 * outputs of `model.predict`, and the sidecar JSON (`model.onnx.json`) that says how a series
 * becomes its input and its output becomes forecasts. See docs/interop.md.
 *
 * Why opset 17: it is the first opset with every operator used here in its current form (the
 * recurrent ops' `layout` era, Slice/Unsqueeze/ReduceSum/Squeeze taking axes as inputs since 13,
 * CumSum since 14), it is what PyTorch and tf2onnx write by default, and runtimes from
 * onnxruntime 1.12 (2022) on load it. IR version 8 is the IR of opset 17 (ONNX 1.12).
 *
 * The graph: one input `input` of shape (batch, …the model's input shape), float32, with the batch
 * axis symbolic ('batch') and a window of any length symbolic ('time'); the layers (onnx-layers.ts);
 * one output `output`. The weights are initializers, their float32 values copied bit for bit.
 *
 * Preprocessing stays out of the graph: a seqcast network forecaster transforms the series
 * (differencing, log, Box-Cox, scaling: fitted states), may normalize each window by its own
 * statistics, and inverts all that on the outputs with the history before them; differencing and
 * per-window statistics need the series itself, so one documented place for all of it, the sidecar,
 * is clearer than the easy part in the graph and the rest outside.
 *
 * Browser-safe: no Node modules (saveOnnx, in onnx-save-node.ts, writes the files).
 */
import type { LayerShape } from '../engine/shape.js';
import { OptionError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import { isObject } from '../is-object.js';
import { OnnxGraph } from './onnx-graph.js';
import { emitLayer } from './onnx-layers.js';
import { DATA_TYPE, encodeModel, type DimensionMessage, type ValueInfoMessage } from './onnx-proto.js';

/** The ONNX operator set the exported models import. */
export const ONNX_OPSET = 17;
/** The ONNX IR version of that opset. */
export const ONNX_IR_VERSION = 8;
/** The value of `format` in a sidecar. */
export const ONNX_SIDECAR_FORMAT = 'seqcast-onnx';

/** Options of {@link modelToOnnx}. */
export interface OnnxExportOptions {
  /** Written as the model's producer_version, e.g. '0.1.0'; default 'unknown'. */
  producerVersion?: string;
}

/** A tensor's shape in a sidecar: sizes, and names for the axes of any size ('batch', 'time'), null where unknown. */
export type SidecarShape = (number | string | null)[];

/** How a series becomes the model's input and its outputs forecasts: what a run's metadata records. */
export interface OnnxPreprocessing {
  /** Past values each input row holds. */
  window: number;
  /** The fitted target transform applied to the series before windowing (and inverted after): its JSON state (docs/interop.md). */
  transform: TransformJSON;
  /** 'window': each input row minus its mean, divided by its standard deviation (1 if ~0), the outputs back the same way; 'none'. */
  normalize: 'none' | 'window';
  /** Steps ahead the model forecasts per window. */
  steps: number;
  /** 'direct': the steps at once; 'recursive': one step, fed back. */
  strategy: 'direct' | 'recursive';
  /** Quantile levels, each step's outputs in this order (step-major), or null for one value per step. */
  quantiles: number[] | null;
}

/** The sidecar `model.onnx.json` (docs/interop.md documents each field). */
export interface OnnxSidecar {
  format: typeof ONNX_SIDECAR_FORMAT;
  version: 1;
  /** `seqcast 0.1.0`. */
  createdBy: string;
  /** The ONNX file it describes (its name, in the same folder). */
  model: string;
  opset: number;
  irVersion: number;
  input: { name: string; shape: SidecarShape };
  output: { name: string; shape: SidecarShape };
  /** Null when the model's metadata holds no network spec (a model built in code: its input is what it was trained on). */
  preprocessing: OnnxPreprocessing | null;
  /** The model's metadata as saved with it (spec, fitted transform, split, scores...). */
  metadata: Record<string, unknown>;
}

const INPUT = 'input';
const OUTPUT = 'output';

/**
 * The model as the bytes of an ONNX file (a ModelProto, opset 17): onnxruntime and other ONNX
 * runtimes run it on float32 input of shape (batch, …model.inputShape) and give what
 * `model.predict` gives, to float32 rounding. Nothing is written; see `saveOnnx` for the files.
 *
 * @example
 * const bytes = modelToOnnx(model);
 * const session = await ort.InferenceSession.create(bytes); // onnxruntime-node
 * const { output } = await session.run({ input: new ort.Tensor('float32', windows, [n, 20]) });
 * @throws OptionError, before anything is built, when the model is not built yet, a weight is NaN
 *   or infinite, or a layer cannot be represented (a user lambda, an unknown layer class), naming
 *   the layer and why.
 */
export function modelToOnnx(model: Sequential, options: OnnxExportOptions = {}): Uint8Array {
  const inputShape = checkExportable(model);
  const g = new OnnxGraph();
  let x = g.reserve(INPUT);
  g.reserve(OUTPUT);
  let shape = inputShape;
  for (const layer of model.layers) {
    x = emitLayer(g, layer, x, shape);
    shape = layer.outputShape;
  }
  g.node('Identity', [x], 'output_identity', [], 1);
  g.nodes[g.nodes.length - 1].output = [OUTPUT];
  return encodeModel({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'seqcast',
    producer_version: options.producerVersion ?? 'unknown',
    doc_string: `seqcast model '${model.name}': ${model.layers.map((l) => l.className).join(' → ')}`,
    graph: {
      name: model.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(INPUT, ['batch', ...inputShape.map((d) => d ?? 'time')])],
      output: [valueInfo(OUTPUT, ['batch', ...shape])], // an axis of any length here: unknown (a valid Conv1D shortens it)
    },
    metadata_props: [],
  });
}

/**
 * Everything export needs, checked before a node is built: the model is built, its weights are
 * finite, and every layer is one ONNX can represent (emitLayer refuses the others). Returns the
 * model's input shape (without the batch axis).
 */
function checkExportable(model: Sequential): LayerShape {
  const inputShape = model.inputShape;
  if (!inputShape) {
    throw new OptionError(
      `Model '${model.name}' is not built yet, so its input shape is unknown: give its first layer an inputShape (e.g. { inputShape: [null] }) or call predict/fit once before exporting it to ONNX.`,
    );
  }
  for (const layer of model.layers) {
    for (const p of layer.params) {
      const bad = p.value.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new OptionError(
          `Layer '${layer.name}' (${layer.className}) has a ${p.name} value that is ${p.value[bad]} (at ${bad}): a model with NaN or infinite weights cannot be exported; train it again (with a lower learning rate) or load a good copy.`,
        );
    }
  }
  return inputShape;
}

function valueInfo(name: string, shape: SidecarShape): ValueInfoMessage {
  const dim: DimensionMessage[] = shape.map((d) =>
    typeof d === 'number' ? { dim_value: d } : typeof d === 'string' ? { dim_param: d } : {},
  );
  return { name, type: { tensor_type: { elem_type: DATA_TYPE.FLOAT, shape: { dim } } } };
}

/**
 * The sidecar of an exported model: the ONNX input and output, and the preprocessing that the
 * model's metadata records (a run that `seqcast train` or a network forecaster saved: `spec` and
 * the fitted `transform`), so that a program outside seqcast can forecast with the model.
 *
 * @example const sidecar = onnxSidecar(model, { model: 'model.onnx', createdBy: 'seqcast 0.1.0' });
 * @throws OptionError when the model is not built yet.
 */
export function onnxSidecar(model: Sequential, { model: file, createdBy }: { model: string; createdBy: string }): OnnxSidecar {
  const inputShape = model.inputShape;
  if (!inputShape)
    throw new OptionError(`Model '${model.name}' is not built yet: build it (predict or fit once) before exporting it to ONNX.`);
  const outputShape = model.layers[model.layers.length - 1].outputShape;
  return {
    format: ONNX_SIDECAR_FORMAT,
    version: 1,
    createdBy,
    model: file,
    opset: ONNX_OPSET,
    irVersion: ONNX_IR_VERSION,
    input: { name: INPUT, shape: ['batch', ...inputShape.map((d) => d ?? 'time')] },
    output: { name: OUTPUT, shape: ['batch', ...outputShape.map((d) => d ?? null)] },
    preprocessing: preprocessingOf(model.metadata),
    metadata: JSON.parse(JSON.stringify(model.metadata)) as Record<string, unknown>,
  };
}

/** The preprocessing a run's metadata records, or null when it has no network spec and fitted transform (or scaler). */
function preprocessingOf(metadata: Record<string, unknown>): OnnxPreprocessing | null {
  const spec = metadata.spec;
  const transform = isObject(metadata.transform) ? metadata.transform : isObject(metadata.scaler) ? metadata.scaler : null;
  if (!isObject(spec) || !transform || !Number.isInteger(spec.window)) return null;
  const strategy = spec.strategy === 'direct' ? 'direct' : 'recursive';
  const horizon = Number.isInteger(spec.horizon) ? (spec.horizon as number) : 1;
  return {
    window: spec.window as number,
    transform: transform as TransformJSON,
    normalize: spec.normalize === 'window' ? 'window' : 'none',
    steps: strategy === 'direct' ? horizon : 1,
    strategy,
    quantiles: Array.isArray(spec.quantiles) ? (spec.quantiles as number[]) : null,
  };
}
