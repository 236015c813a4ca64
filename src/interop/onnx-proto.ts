/**
 * The part of ONNX's protocol buffer schema (onnx/onnx.proto, IR version 8) that an exported
 * seqcast model uses, as a protobufjs reflection descriptor written from the spec: ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto (tensors only),
 * TensorShapeProto, OperatorSetIdProto and StringStringEntryProto, each field with its official
 * number and type. Fields seqcast never writes (training info, sparse tensors, segments, external
 * data, quantization annotations) are left out: an encoder only needs the fields it fills.
 *
 * Browser-safe: protobufjs's reflection build ("light") and no Node modules.
 */
import protobuf from 'protobufjs/light.js';

/** TensorProto.DataType values seqcast writes. */
export const DATA_TYPE = { FLOAT: 1, INT64: 7 } as const;

/** AttributeProto.AttributeType values seqcast writes. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** A TensorProto as seqcast writes it: dims, data_type, name and the values as little-endian raw_data. */
export interface TensorMessage {
  dims: number[];
  data_type: number;
  name: string;
  raw_data: Uint8Array;
}

/** An AttributeProto: its name, its type, and the one value field the type says. */
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

/** A NodeProto. */
export interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: AttributeMessage[];
  doc_string?: string;
}

/** One axis of a TensorShapeProto: a size, a symbolic name, or neither (unknown). */
export interface DimensionMessage {
  dim_value?: number;
  dim_param?: string;
}

/** A ValueInfoProto of a float tensor. */
export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimensionMessage[] } } };
  doc_string?: string;
}

/** A GraphProto. */
export interface GraphMessage {
  node: NodeMessage[];
  name: string;
  initializer: TensorMessage[];
  doc_string?: string;
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
}

/** A ModelProto. */
export interface ModelMessage {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: GraphMessage;
  metadata_props: { key: string; value: string }[];
}

/** The descriptor: field numbers and types exactly as onnx.proto declares them (proto2). */
const DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            doc_string: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 }, // enum AttributeType, encoded as its number
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            doc_string: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            op_type: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            doc_string: { type: 'string', id: 6 },
          },
        },
        ModelProto: {
          fields: {
            ir_version: { type: 'int64', id: 1 },
            opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producer_name: { type: 'string', id: 2 },
            producer_version: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            model_version: { type: 'int64', id: 5 },
            doc_string: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadata_props: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: {
            key: { type: 'string', id: 1 },
            value: { type: 'string', id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            doc_string: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            value_info: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            data_type: { type: 'int32', id: 2 },
            float_data: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
            int64_data: { rule: 'repeated', type: 'int64', id: 7, options: { packed: true } },
            name: { type: 'string', id: 8 },
            doc_string: { type: 'string', id: 12 },
            raw_data: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: {
            dim: { rule: 'repeated', type: 'Dimension', id: 1 },
          },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: {
                dim_value: { type: 'int64', id: 1 },
                dim_param: { type: 'string', id: 2 },
                denotation: { type: 'string', id: 3 },
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: {
            tensor_type: { type: 'Tensor', id: 1 },
            denotation: { type: 'string', id: 6 },
          },
          nested: {
            Tensor: {
              fields: {
                elem_type: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
      },
    },
  },
};

let modelType: protobuf.Type | null = null;

/**
 * The ModelProto's bytes, as an ONNX runtime reads a `.onnx` file.
 * @example const bytes = encodeModel({ ir_version: 8, opset_import: [{ domain: '', version: 17 }], ... });
 * @throws when a field has a value its type cannot hold (a bug in the caller, never bad user input).
 */
export function encodeModel(model: ModelMessage): Uint8Array {
  modelType ??= protobuf.Root.fromJSON(DESCRIPTOR).lookupType('onnx.ModelProto');
  const problem = modelType.verify(model);
  if (problem) throw new Error(`ONNX export built an invalid ModelProto (${problem}): this is a bug in seqcast.`);
  return modelType.encode(modelType.fromObject(model)).finish();
}

/**
 * A ModelProto decoded back to plain JSON (int64s as numbers, bytes as arrays), for tests and
 * for reading what `encodeModel` wrote.
 * @example decodeModel(bytes).graph.node.map((n) => n.op_type)
 * @throws when the bytes are not a ModelProto.
 */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  modelType ??= protobuf.Root.fromJSON(DESCRIPTOR).lookupType('onnx.ModelProto');
  const message = modelType.decode(bytes);
  return modelType.toObject(message, { longs: Number, arrays: true, defaults: false }) as ModelMessage;
}
