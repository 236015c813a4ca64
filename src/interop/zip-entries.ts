/**
 * The wanted entries of a zip archive (a `.keras` file), each inflated only when its declared size
 * is within its limit, and checked against the CRC-32 the archive records for it, so a flipped bit
 * in a weight is a corrupt file, not a silently different model. Extraction is fflate's; the
 * central directory is read here for the CRCs (fflate does not check them). Browser-safe.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { ModelFileError } from '../errors.js';

/** Makes the one ModelFileError of a file: the problem and the fix. */
type Fail = (problem: string, fix: string) => ModelFileError;

const FIX = "Save the model again from Keras with model.save('model.keras').";

/**
 * The entries of `bytes` named in `limits` that the archive has, each at most its limit in bytes
 * (checked on the declared size, before inflating; an entry larger than it declares is cut there
 * by fflate and then fails its CRC), with the names of all its entries (the others are not inflated).
 * @example const { entries } = zipEntries(bytes, { 'config.json': 8 << 20 }, fail); entries['config.json'];
 * @throws the ModelFileError of `fail` when the bytes are not a readable zip (truncated, corrupt), a
 * wanted entry declares more than its limit, or its contents do not match its size or CRC-32.
 */
export function zipEntries(
  bytes: Uint8Array,
  limits: Record<string, number>,
  fail: Fail,
): { entries: Record<string, Uint8Array>; names: string[] } {
  const declared = new Map<string, number>();
  const names: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        names.push(file.name);
        const limit = limits[file.name];
        if (limit === undefined) return false;
        if (file.originalSize > limit)
          throw fail(`its zip entry ${file.name} declares ${file.originalSize} bytes, more than seqcast reads (${limit})`, FIX);
        declared.set(file.name, file.originalSize);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    throw fail(`it is not a readable zip archive (${(err as Error).message}): it is truncated or corrupt`, FIX);
  }
  const crcs = centralCrcs(bytes);
  for (const [name, data] of Object.entries(entries)) {
    if (data.length !== declared.get(name))
      throw fail(`its zip entry ${name} holds ${data.length} bytes where it declares ${declared.get(name)}: the archive is corrupt`, FIX);
    const crc = crcs?.get(name);
    if (crc !== undefined && crc32(data) !== crc) throw fail(`its zip entry ${name} fails its CRC-32 check: the archive is corrupt`, FIX);
  }
  return { entries, names };
}

/**
 * The CRC-32 of each entry, from the central directory (found from the end record); null when the
 * archive uses zip64 records, whose CRCs are then not checked (fflate reads them; seqcast's size
 * limit is far below where Python's zipfile needs zip64).
 */
function centralCrcs(bytes: Uint8Array): Map<string, number> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  if (count === 0xffff || p === 0xffffffff) return null;
  const crcs = new Map<string, number>();
  const decoder = new TextDecoder();
  for (let k = 0; k < count && p + 46 <= bytes.length && view.getUint32(p, true) === 0x02014b50; k++) {
    const nameLength = view.getUint16(p + 28, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    crcs.set(name, view.getUint32(p + 16, true));
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return crcs;
}

let table: Uint32Array | null = null;

/**
 * The CRC-32 (IEEE 802.3, as zip) of `data`.
 * @example crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 * @throws never.
 */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
