/**
 * A small builder for an ONNX graph: nodes in topological order (each added after its inputs),
 * initializers (weights and constant tensors) with unique names, and the attribute constructors.
 * The layer emitters (onnx-layers.ts) use it; `modelToOnnx` turns it into a GraphProto.
 *
 * Browser-safe: no Node modules.
 */
import { ATTRIBUTE_TYPE, DATA_TYPE, type AttributeMessage, type NodeMessage, type TensorMessage } from './onnx-proto.js';

/** The smallest int64, what Slice takes as "past the start" for a negative step. */
export const INT64_MIN = -(2n ** 63n);

/** An int attribute. */
export const int = (name: string, i: number): AttributeMessage => ({ name, type: ATTRIBUTE_TYPE.INT, i });
/** An ints attribute. */
export const ints = (name: string, values: number[]): AttributeMessage => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: values });
/** A float attribute. */
export const float = (name: string, f: number): AttributeMessage => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
/** A floats attribute. */
export const floats = (name: string, values: number[]): AttributeMessage => ({ name, type: ATTRIBUTE_TYPE.FLOATS, floats: values });
/** A string attribute (UTF-8). */
export const str = (name: string, s: string): AttributeMessage => ({ name, type: ATTRIBUTE_TYPE.STRING, s: utf8(s) });
/** A strings attribute (UTF-8). */
export const strs = (name: string, values: string[]): AttributeMessage => ({
  name,
  type: ATTRIBUTE_TYPE.STRINGS,
  strings: values.map(utf8),
});

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export class OnnxGraph {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  private readonly used = new Set<string>();

  /** A name not used yet in the graph: `base`, else `base_1`, `base_2`, ... */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a name the caller gives (a graph input). */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A float32 initializer of shape `dims` holding `values` (row-major); returns its name. */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new Error(`ONNX initializer '${base}' of shape [${dims.join(', ')}] got ${values.length} values.`);
    const bytes = new Uint8Array(count * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, values[i], true); // ONNX raw_data is little-endian
    const name = this.fresh(base);
    this.initializers.push({ name, dims, data_type: DATA_TYPE.FLOAT, raw_data: bytes });
    return name;
  }

  /** A 1-D int64 initializer (shapes, axes, slice bounds); returns its name. */
  int64s(base: string, values: (number | bigint)[]): string {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], data_type: DATA_TYPE.INT64, raw_data: bytes });
    return name;
  }

  /**
   * Adds a node of `op` and returns the names of its outputs: `outputs` fresh names built from
   * `base` (`base`, `base_h`, ...) unless given; an empty input name is an omitted optional input.
   */
  node(op: string, inputs: string[], base: string, attribute: AttributeMessage[] = [], outputs = 1): string[] {
    const names = Array.from({ length: outputs }, (_, k) => this.fresh(k === 0 ? base : `${base}_out${k}`));
    this.nodes.push({ op_type: op, name: this.fresh(`${base}/${op}`), input: inputs, output: names, attribute });
    return names;
  }

  /** A node with one output: its name. */
  op(op: string, inputs: string[], base: string, attribute: AttributeMessage[] = []): string {
    return this.node(op, inputs, base, attribute)[0];
  }
}
