/**
 * The sidecar of an exported ONNX model, `model.onnx.json`: what the ONNX file cannot say, the
 * preprocessing a seqcast network forecaster applies around the network (docs/interop-onnx.md).
 * It holds the fields of the sidecar the TF.js export writes (`format`, `version`, `window`,
 * `transform`, `metadata`), so one reader reads both; the rest describe the ONNX graph's input and
 * output and how the outputs become forecasts.
 *
 * Browser-safe: no Node modules.
 */
import type { Sequential } from '../model/sequential.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import { OptionError } from '../errors.js';
import { isObject } from '../is-object.js';
import { ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT, type OnnxShape } from './onnx-export.js';

/** How the outputs of one window become forecasts: what a run's spec records. */
export interface OnnxForecastLayout {
  /** Steps ahead one window's outputs forecast: the spec's horizon for 'direct', 1 for 'recursive'. */
  steps: number;
  /** 'direct': the steps at once; 'recursive': one step, appended to the window and fed back. */
  strategy: 'direct' | 'recursive';
  /** Quantile levels: each step's outputs are these quantiles in this order (step-major); null: one value per step. */
  quantiles: number[] | null;
}

/** The content of `model.onnx.json`. */
export interface OnnxSidecar {
  format: 'seqcast-sidecar';
  version: 1;
  /** `seqcast 0.1.0`. */
  createdBy: string;
  /** Values per input window (the run's window, or the model's fixed input length); null when neither says. */
  window: number | null;
  /** The fitted target transform the inputs and outputs are in (its JSON state); null: raw values. */
  transform: TransformJSON | null;
  /** 'window': each input window minus its mean, divided by its standard deviation (1 when ~0), the outputs back the same way; 'none'. */
  normalize: 'none' | 'window';
  /** How the outputs become forecasts; null when the metadata records no network spec (a model built in code). */
  forecast: OnnxForecastLayout | null;
  /** The ONNX file (its name, in the same folder), its opset and IR version, its input and output. */
  onnx: {
    file: string;
    opset: number;
    irVersion: number;
    input: { name: string; shape: OnnxShape };
    output: { name: string; shape: OnnxShape };
  };
  /** The model's metadata as saved with it (a `seqcast train` run's: spec, fitted transform, split, scores...); {} when none. */
  metadata: Record<string, unknown>;
}

/**
 * The sidecar of a model exported as `file`: the ONNX input and output, and the preprocessing
 * its metadata records (a run that `seqcast train` or a network forecaster saved: its `spec` and
 * fitted `transform`, or the `scaler` of older runs).
 *
 * @example const sidecar = onnxSidecar(model, { file: 'model.onnx', createdBy: 'seqcast 0.1.0' });
 * @throws OptionError when the model is not built yet.
 */
export function onnxSidecar(model: Sequential, { file, createdBy }: { file: string; createdBy: string }): OnnxSidecar {
  const inputShape = model.inputShape;
  if (!inputShape)
    throw new OptionError(
      `Model '${model.name}' is not built yet: give its first layer an inputShape or call predict once before exporting it to ONNX.`,
    );
  const outputShape = model.layers[model.layers.length - 1].outputShape;
  const metadata = model.metadata;
  const spec = isObject(metadata.spec) ? metadata.spec : null;
  const transform = isObject(metadata.transform) ? metadata.transform : isObject(metadata.scaler) ? metadata.scaler : null;
  const fixed = inputShape.length === 1 && inputShape[0] !== null ? inputShape[0] : null; // windows of a fixed length (mlp)
  return {
    format: 'seqcast-sidecar',
    version: 1,
    createdBy,
    window: spec && Number.isInteger(spec.window) ? (spec.window as number) : fixed,
    transform: transform as TransformJSON | null,
    normalize: spec?.normalize === 'window' ? 'window' : 'none',
    forecast: spec ? forecastLayout(spec) : null,
    onnx: {
      file,
      opset: ONNX_OPSET,
      irVersion: ONNX_IR_VERSION,
      input: { name: ONNX_INPUT, shape: ['batch', ...inputShape.map((d) => d ?? 'time')] },
      output: { name: ONNX_OUTPUT, shape: ['batch', ...outputShape] },
    },
    metadata: JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>,
  };
}

function forecastLayout(spec: Record<string, unknown>): OnnxForecastLayout {
  const strategy = spec.strategy === 'direct' ? 'direct' : 'recursive';
  const horizon = Number.isInteger(spec.horizon) ? (spec.horizon as number) : 1;
  const quantiles =
    Array.isArray(spec.quantiles) && spec.quantiles.every((q) => typeof q === 'number') ? (spec.quantiles as number[]) : null;
  return { steps: strategy === 'direct' ? horizon : 1, strategy, quantiles };
}
