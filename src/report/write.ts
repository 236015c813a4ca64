/** Writing output files (charts, reports, forecasts) so that a crash never leaves half a file. */
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a file through a temporary name, so a crash leaves no half-written file.
 * @example await writeAtomically('out/report.html', html);
 * @throws on a file-system error (the temporary file is removed).
 */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
