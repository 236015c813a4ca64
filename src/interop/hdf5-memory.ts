/**
 * HDF5 bytes read in memory with h5wasm (the HDF5 C library compiled to WebAssembly), and the
 * checked reading of its numeric datasets and string attributes. Browser-safe.
 *
 * Why the 'h5wasm' build and not 'h5wasm/node': the Node build maps the HDF5 library's file system
 * onto the real disk (Emscripten's NODERAWFS: `FS.writeFile('/x.h5')` writes /x.h5 on the host,
 * and mounting an in-memory file system is ignored), so reading bytes there means writing a
 * temporary file. The default build keeps its files in memory (MEMFS) and runs in Node and in a
 * browser alike: the bytes are written there under a unique name, read and unlinked.
 *
 * h5wasm's throwing error handler is switched on once, so a corrupt file throws a JS error instead
 * of printing the HDF5 error stack on stderr; every such error becomes the caller's one
 * ModelFileError.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import type * as H5wasm from 'h5wasm';
import { ModelFileError, SeqcastError } from '../errors.js';

export type { Dataset, Group, H5File };

/** The 8-byte signature every HDF5 file starts with (without a user block). */
export const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

type H5Module = Awaited<(typeof H5wasm)['ready']>;
let ready: Promise<H5Module> | null = null;
/** h5wasm itself, once loaded: imported when a Keras file is first read, so no other command pays ~0.1 s for it. */
let h5wasm: typeof H5wasm.default;
let opened = 0;

/** Loads the WebAssembly module once, with errors thrown instead of printed. */
function loadH5wasm(): Promise<H5Module> {
  ready ??= import('h5wasm').then(async ({ default: library }) => {
    h5wasm = library;
    const module = await library.ready;
    module.activate_throwing_error_handler();
    return module;
  });
  return ready;
}

/**
 * Runs `read` on the HDF5 file held in `bytes`, then closes and forgets it. Any error of the HDF5
 * library (a file that is not HDF5, truncated or corrupt) becomes `fail(reason)`; a SeqcastError
 * thrown by `read` passes through.
 * @example const names = await withHdf5Bytes(bytes, (f) => f.keys(), (why) => new ModelFileError(`'m.h5' ${why}`));
 * @throws the ModelFileError `fail` makes, or what `read` throws.
 */
export async function withHdf5Bytes<T>(bytes: Uint8Array, read: (file: H5File) => T, fail: (reason: string) => ModelFileError): Promise<T> {
  const { FS } = await loadH5wasm();
  const path = `/seqcast-${Date.now().toString(36)}-${opened++}.h5`;
  FS.writeFile(path, bytes);
  let file: H5File | null = null;
  try {
    file = new h5wasm.File(path, 'r');
    return read(file);
  } catch (err) {
    if (err instanceof SeqcastError) throw err;
    throw fail(hdf5Reason(err));
  } finally {
    try {
      file?.close();
    } catch {
      // a file that failed half-way may not close cleanly; its memory goes with the unlink
    }
    FS.unlink(path);
  }
}

/**
 * The first reason in an HDF5 error stack, in words: `unable to open file (file signature not found)`.
 */
function hdf5Reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // the stack's lines read `  #000: .../H5F.c line 1 in H5Fopen(): unable to open file`; the deepest is the cause
  const reasons = [...text.matchAll(/#\d+: .* in \w+\(\): (.*)/g)].map((m) => m[1].trim());
  const reason = reasons.length > 0 ? reasons[reasons.length - 1] : text.split('\n')[0];
  return `the HDF5 library cannot read it (${reason.slice(0, 160)})`;
}

/** What a numeric dataset holds, checked before its values are read. */
export interface DatasetInfo {
  path: string;
  shape: number[];
  /** The product of `shape`. */
  size: number;
  dtype: 'float32' | 'float64';
}

/**
 * The shape and dtype of the dataset at `path` in `file`, without reading its values: only
 * little-endian float32 and float64 are accepted (float64 is read as float32 by {@link readFloat32}).
 * @example const info = datasetInfo(file, 'layers/dense/vars/0', fail);
 * @throws the ModelFileError `fail(problem, fix)` makes when `path` is missing, not a dataset, or of
 * another type (float16, integers, strings, big-endian).
 */
export function datasetInfo(file: H5File, path: string, fail: (problem: string, fix: string) => ModelFileError): DatasetInfo {
  const shown = path.replace(/^\//, '');
  const entity = file.get(path);
  if (entity === null || !(entity instanceof h5wasm.Dataset))
    throw fail(`it has no weight dataset '${shown}'`, 'The file is incomplete or was edited: save the model again from Keras.');
  const m = (entity as Dataset).metadata;
  const FLOAT = 1;
  const dtype = m.type === FLOAT && !m.vlen && m.littleEndian ? (m.size === 4 ? 'float32' : m.size === 8 ? 'float64' : null) : null;
  if (dtype === null)
    throw fail(
      `the weight '${shown}' is ${describeType(m)}, and seqcast reads float32 (or float64) weights`,
      "Save a float32 model from Keras (no mixed precision or quantization: keras.mixed_precision.set_global_policy('float32') before building it).",
    );
  const shape = m.shape ?? [];
  return { path, shape: [...shape], size: shape.reduce((a, b) => a * b, 1), dtype };
}

/** A dataset's type in words, for a message: `float16`, `int64`, `a string`. */
function describeType(m: Dataset['metadata']): string {
  const kind =
    [
      'int',
      'float',
      'a time value',
      'a string',
      'a bit field',
      'opaque data',
      'a compound',
      'a reference',
      'an enum',
      'a variable-length sequence',
      'an array',
    ][m.type] ?? `HDF5 type ${m.type}`;
  if (m.type === 0) return `${m.signed ? '' : 'u'}int${m.size * 8}`;
  if (m.type === 1) return m.littleEndian ? `float${m.size * 8}` : `big-endian float${m.size * 8}`;
  return kind;
}

/**
 * The values of a dataset that {@link datasetInfo} accepted, as float32 (float64 rounded to nearest).
 * @example const values = readFloat32(file, info);
 * @throws Error from the HDF5 library when the data are corrupt (withHdf5Bytes turns it into its ModelFileError).
 */
export function readFloat32(file: H5File, info: DatasetInfo): Float32Array {
  const value = (file.get(info.path) as Dataset).value;
  if (info.dtype === 'float32' && value instanceof Float32Array && value.length === info.size) return value;
  if (info.dtype === 'float64' && value instanceof Float64Array && value.length === info.size) return Float32Array.from(value);
  throw new Error(`#000: x in read(): the dataset '${info.path}' gave ${value === null ? 'nothing' : 'values of another type or length'}`);
}

/**
 * A string attribute of `node` (fixed-length or variable-length, as h5py writes `bytes` or `str`),
 * or null when it is absent.
 * @example const json = stringAttribute(file, 'model_config', fail);
 * @throws the ModelFileError `fail` makes when the attribute is not a single string.
 */
export function stringAttribute(node: Group, name: string, fail: (problem: string, fix: string) => ModelFileError): string | null {
  if (!(name in node.attrs)) return null;
  const value = node.attrs[name].value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  throw fail(`its attribute '${name}' is not a string`, 'The file is corrupt or was edited: save the model again from Keras.');
}

/**
 * A list-of-strings attribute of `node` as Keras 2 writes `layer_names` and `weight_names`: one
 * array, or split in chunks `name0`, `name1`, ... when it is larger than an HDF5 object header
 * holds; an empty list when Keras wrote an empty (numeric) array. Null when absent.
 * @example const layerNames = stringListAttribute(file.get('model_weights') as Group, 'layer_names', fail);
 * @throws the ModelFileError `fail` makes when a value is not a list of strings.
 */
export function stringListAttribute(node: Group, name: string, fail: (problem: string, fix: string) => ModelFileError): string[] | null {
  const parts: unknown[] = [];
  if (name in node.attrs) parts.push(node.attrs[name].value);
  else for (let i = 0; `${name}${i}` in node.attrs; i++) parts.push(node.attrs[`${name}${i}`].value);
  if (parts.length === 0) return null;
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(part);
    else if (Array.isArray(part) && part.every((s) => typeof s === 'string')) out.push(...(part as string[]));
    else if (!isEmptyArray(part))
      throw fail(
        `its attribute '${name}' of '${node.path}' is not a list of names`,
        'The file is corrupt or was edited: save the model again from Keras.',
      );
  }
  return out;
}

/** True for an empty typed array or array (h5py writes an empty list of names as an empty float64 array). */
function isEmptyArray(v: unknown): boolean {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as { length: number }).length === 0;
}
