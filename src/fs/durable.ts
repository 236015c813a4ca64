/** Writing a new file so that it is on disk before a rename makes it visible. Node-only. */
import { open } from 'node:fs/promises';

/**
 * Creates `path` (it must not exist: an existing file or symbolic link there is never followed),
 * writes `data` and flushes it to disk before returning.
 * @example await writeDurably('run.tmp-12-0a1b2c3d/report.html', html);
 * @throws the file-system error as it is (callers word it with `outputFailure`).
 */
export async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Flushes a folder's entries (new files, renames) to disk; some platforms (Windows) cannot, which is fine.
 * @example await syncDir('run');
 * @throws never.
 */
export async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // fsync on a folder is not supported everywhere; the files themselves are synced
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
