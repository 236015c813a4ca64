/**
 * A seqcast model as an ONNX model (opset 17, IR version 8) that any ONNX runtime runs with the
 * outputs of `model.predict`. The sidecar JSON (`model.onnx.json`, onnx-sidecar.ts) says how a
 * series becomes its input and its output forecasts. See docs/interop-onnx.md.
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
import { OnnxGraph } from './onnx-graph.js';
import { checkLayer, emitLayer } from './onnx-layers.js';
import { DATA_TYPE, encodeModel, type DimensionMessage, type ValueInfoMessage } from './onnx-proto.js';

/** The ONNX operator set the exported models import. */
export const ONNX_OPSET = 17;
/** The ONNX IR version of that opset. */
export const ONNX_IR_VERSION = 8;

/** The most weight bytes an exported model may have: a protocol buffer stops at 2 GiB, and the graph needs some room besides. */
export const MAX_ONNX_WEIGHT_BYTES = 2 ** 31 - 2 ** 24;

/** Options of {@link modelToOnnx}. */
export interface OnnxExportOptions {
  /** Written as the model's producer_version, e.g. '0.1.0'; default 'unknown'. */
  producerVersion?: string;
}

/** A tensor's shape: sizes, and names for the axes of any size ('batch', 'time'), null where unknown. */
export type OnnxShape = (number | string | null)[];

/** The name of the graph's input. */
export const ONNX_INPUT = 'input';
/** The name of the graph's output. */
export const ONNX_OUTPUT = 'output';

/**
 * The model as the bytes of an ONNX file (a ModelProto, opset 17): onnxruntime and other ONNX
 * runtimes run it on float32 input of shape (batch, …model.inputShape) and give what
 * `model.predict` gives, to float32 rounding. Nothing is written; see `saveOnnx` for the files.
 *
 * @example
 * const bytes = modelToOnnx(model);
 * const session = await ort.InferenceSession.create(bytes); // onnxruntime-node
 * const { output } = await session.run({ input: new ort.Tensor('float32', windows, [n, 20]) });
 * @throws OptionError, before anything is built, when the model is not built yet, has more weights
 *   than one ONNX file holds (2 GiB), a weight is NaN or infinite, or a layer cannot be represented
 *   (a user lambda, an unknown layer class), naming the layer and why.
 */
export function modelToOnnx(model: Sequential, options: OnnxExportOptions = {}): Uint8Array {
  const inputShape = checkExportable(model);
  const g = new OnnxGraph();
  let x = g.reserve(ONNX_INPUT);
  g.reserve(ONNX_OUTPUT);
  let shape = inputShape;
  for (const layer of model.layers) {
    x = emitLayer(g, layer, x, shape);
    shape = layer.outputShape;
  }
  g.nodes.push({ op_type: 'Identity', name: g.fresh('output/Identity'), input: [x], output: [ONNX_OUTPUT], attribute: [] });
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
      input: [valueInfo(ONNX_INPUT, ['batch', ...inputShape.map((d) => d ?? 'time')])],
      output: [valueInfo(ONNX_OUTPUT, ['batch', ...shape])], // an axis of any length here: unknown (a valid Conv1D shortens it)
    },
    metadata_props: [],
  });
}

/**
 * Everything export needs, checked before a node is built: the model is built, every layer is one
 * ONNX can represent and its weights are finite. Returns the model's input shape (without the batch axis).
 */
function checkExportable(model: Sequential): LayerShape {
  const inputShape = model.inputShape;
  if (!inputShape) {
    throw new OptionError(
      `Model '${model.name}' is not built yet, so its input shape is unknown: give its first layer an inputShape (e.g. { inputShape: [null] }) or call predict/fit once before exporting it to ONNX.`,
    );
  }
  const weights = model.layers.reduce((n, l) => n + l.countParams(), 0);
  if (weights * 4 > MAX_ONNX_WEIGHT_BYTES) {
    throw new OptionError(
      `Model '${model.name}' has ${weights.toLocaleString('en-US')} weights (${((weights * 4) / 2 ** 30).toFixed(2)} GiB), more than one ONNX file can hold (a protocol buffer stops at 2 GiB): use fewer units or layers.`,
    );
  }
  for (const layer of model.layers) {
    checkLayer(layer);
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

function valueInfo(name: string, shape: OnnxShape): ValueInfoMessage {
  const dim: DimensionMessage[] = shape.map((d) =>
    typeof d === 'number' ? { dim_value: d } : typeof d === 'string' ? { dim_param: d } : {},
  );
  return { name, type: { tensor_type: { elem_type: DATA_TYPE.FLOAT, shape: { dim } } } };
}
