/**
 * How `seqcast train --model ets|theta|auto` saves its fitted forecaster in the run folder, and how
 * `seqcast forecast --model DIR` reads it back (docs/model-format.md):
 *
 *   DIR/model/forecaster.json       { format: 'seqcast-forecaster', version: 1, createdBy, sha256,
 *                                     forecaster: the fitted forecaster (saved-forecaster.ts),
 *                                     run: split, input, series, season, metrics (as a network's
 *                                     model metadata) }
 *   DIR/model/members/N/            auto's N-th member when it is a network: a saved model folder
 *                                     (model.json + weights.bin, weights checked by their SHA-256)
 *
 * `sha256` is the SHA-256 of `JSON.stringify({ forecaster, run })`: a file changed by hand or on
 * the disk is refused with one ModelFileError, as is a foreign or truncated one. The files are
 * written into the run folder's stage and swapped in with it, whole or not at all.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ModelFileError } from '../errors.js';
import type { ForecasterSpec } from '../forecast/forecaster-spec.js';
import type { Forecaster } from '../forecast/forecaster.js';
import { networkForecasterFromModel } from '../forecast/network.js';
import { readRunMetadata, type RunMetadata } from '../forecast/run-metadata.js';
import { savedForecasterFromJSON, savedForecasterToJSON, type SavedForecasterJSON } from '../forecast/saved-forecaster.js';
import { writeDurably } from '../fs/durable.js';
import { loadModel, modelFiles, writeModelFiles } from '../model/save-node.js';
import type { ModelFiles } from '../model/serialize.js';
import { packageVersion } from '../package-version.js';

/** The file's name in the model folder. */
export const FORECASTER_FILE = 'forecaster.json';

/** A forecaster.json bigger than this is not one (an auto choice with its candidates is a few kB). */
const MAX_BYTES = 8 * 1024 * 1024;

/** What a run records beside the forecaster: a network run's metadata without the network. */
export type ForecasterRun = Omit<RunMetadata, 'spec' | 'transform'>;

/** What forecaster.json holds. */
export interface ForecasterFileJSON {
  format: 'seqcast-forecaster';
  version: 1;
  createdBy: string;
  /** SHA-256 (hex) of JSON.stringify({ forecaster, run }). */
  sha256: string;
  forecaster: SavedForecasterJSON;
  run: ForecasterRun;
}

/** The files of a saved forecaster, relative to its model folder, ready to write. */
export interface ForecasterFiles {
  json: string;
  /** Network members: their folder (e.g. 'members/1') and files. */
  networks: { folder: string; files: ModelFiles }[];
}

/**
 * The files that save `forecaster` (fitted, made from `spec`) with its run: forecaster.json and a
 * model folder per network member. Nothing touches the disk.
 * @example const files = await forecasterFiles(spec, auto, run); await writeForecasterFiles(join(stage, 'model'), files);
 * @throws when the forecaster is not fitted, or a network member cannot be saved (as modelFiles).
 */
export async function forecasterFiles(spec: ForecasterSpec, forecaster: Forecaster, run: ForecasterRun): Promise<ForecasterFiles> {
  const pending: { folder: string; files: Promise<ModelFiles> }[] = [];
  const saved = savedForecasterToJSON(spec, forecaster, (member, index) => {
    const folder = `members/${index + 1}`;
    pending.push({ folder, files: modelFiles(member.model, { metadata: { spec: member.spec, transform: member.transform!.toJSON() } }) });
    return folder;
  });
  const networks = await Promise.all(pending.map(async (p) => ({ folder: p.folder, files: await p.files })));
  const file: ForecasterFileJSON = {
    format: 'seqcast-forecaster',
    version: 1,
    createdBy: `seqcast ${packageVersion()}`,
    sha256: checksum(saved, run),
    forecaster: saved,
    run,
  };
  return { json: JSON.stringify(file, null, 2) + '\n', networks };
}

/**
 * Writes {@link forecasterFiles} into the new folder `dir` (its parent must exist), each file flushed.
 * Not atomic by itself: for a folder swapped in afterwards (a run folder's stage).
 * @example await writeForecasterFiles(join(stage, 'model'), files);
 * @throws the file-system error when `dir` exists or cannot be written.
 */
export async function writeForecasterFiles(dir: string, files: ForecasterFiles): Promise<void> {
  await mkdir(dir);
  for (const { folder, files: model } of files.networks) {
    await mkdir(dirname(join(dir, folder)), { recursive: true });
    await writeModelFiles(join(dir, folder), model);
  }
  await writeDurably(join(dir, FORECASTER_FILE), files.json);
}

/**
 * Whether `dir` holds a saved statistical forecaster (its forecaster.json).
 * @example if (await hasForecasterFile('run/model')) ...
 * @throws never.
 */
export async function hasForecasterFile(dir: string): Promise<boolean> {
  return (await stat(join(dir, FORECASTER_FILE)).catch(() => null)) !== null;
}

/**
 * The fitted forecaster and its run, read from the model folder `dir`.
 * @example const { forecaster, run } = await readForecasterFile('run/model');
 * @throws ModelFileError, one message naming the file and the fix, when forecaster.json is missing,
 *   not a regular file, too large, not JSON, foreign, of another version, does not match its
 *   checksum or holds a field seqcast does not write; and as loadModel for a network member.
 */
export async function readForecasterFile(dir: string): Promise<{ forecaster: Forecaster; saved: SavedForecasterJSON; run: ForecasterRun }> {
  const path = join(dir, FORECASTER_FILE);
  const bad = (what: string): never => {
    throw new ModelFileError(
      `Cannot load the forecaster in '${dir}': ${FORECASTER_FILE} ${what}. Train it again with seqcast train --out DIR.`,
    );
  };
  const info = await stat(path).catch(() => null);
  if (!info) return bad('is missing');
  if (!info.isFile()) bad('is not a regular file');
  if (info.size > MAX_BYTES) bad(`has ${info.size.toLocaleString('en-US')} bytes, more than a saved forecaster takes (at most 8 MiB)`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    return bad(`is not valid JSON (${(err as Error).message}): it is truncated or corrupt`);
  }
  const file = json as Partial<ForecasterFileJSON> | null;
  if (typeof file !== 'object' || file === null || file.format !== 'seqcast-forecaster')
    return bad('is not a seqcast forecaster file (its format is not "seqcast-forecaster")');
  if (file.version !== 1) bad(`has version ${JSON.stringify(file.version)}, and this seqcast reads version 1: update seqcast`);
  if (typeof file.sha256 !== 'string' || checksum(file.forecaster, file.run) !== file.sha256)
    bad('does not match its checksum: it was edited or is corrupt');
  let run: ForecasterRun;
  try {
    const {
      spec: _spec,
      transform: _transform,
      ...rest
    } = readRunMetadata(file.run as unknown as Record<string, unknown>, { checked: true });
    run = rest as ForecasterRun;
  } catch (err) {
    return bad(`has a run that seqcast did not write (${(err as Error).message})`);
  }
  if (run.split === undefined || run.series === undefined) bad('has no split or series in its run');
  const forecaster = await savedForecasterFromJSON(file.forecaster, (folder) => loadNetworkMember(join(dir, folder)));
  return { forecaster, saved: file.forecaster!, run };
}

/** A network member of auto: the saved model and its spec and fitted transform (its metadata). */
async function loadNetworkMember(dir: string): Promise<Forecaster> {
  const model = await loadModel(dir);
  const meta = readRunMetadata(model.metadata);
  if (!meta.spec || !meta.transform)
    throw new ModelFileError(`The network in '${dir}' has no spec and fitted transform in its metadata: train the forecaster again.`);
  return networkForecasterFromModel(model, meta.spec, meta.transform);
}

function checksum(forecaster: unknown, run: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ forecaster, run }) ?? '')
    .digest('hex');
}
