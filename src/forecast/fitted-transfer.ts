/**
 * A fitted forecaster as plain data, and back: what a worker thread sends to the main thread when
 * it fits one of `auto`'s chosen members on the whole training part, so that the members fit on
 * every core and the main thread forecasts with them as if it had fitted them itself.
 *
 *   forecaster   savedForecasterToJSON's JSON (saved-forecaster.ts), each network member named
 *                by its index in `networks` ('0', '1', ...)
 *   networks     each network member's two model files (modelToFiles: the weights as they are,
 *                with the spec and the fitted transform in the metadata)
 *
 * The same formats `seqcast train` saves and `seqcast forecast` reads, so the forecasts of the
 * restored forecaster are the fitted one's, bit for bit. Plain JSON and bytes: structured clone
 * carries it between threads. Browser-safe: no Node modules.
 */
import { ModelFileError } from '../errors.js';
import { modelFromFiles, modelToFiles } from '../model/serialize.js';
import { readRunMetadata } from './run-metadata.js';
import type { ForecasterSpec } from './forecaster-spec.js';
import type { Forecaster } from './forecaster.js';
import { networkForecasterFromModel } from './network.js';
import { savedForecasterFromJSON, savedForecasterToJSON, type SavedForecasterJSON } from './saved-forecaster.js';

/** A fitted forecaster as plain data (see the file's comment). */
export interface FittedTransfer {
  forecaster: SavedForecasterJSON;
  networks: { json: string; weights: Uint8Array }[];
}

/**
 * `forecaster` (fitted, made from `spec`) as plain data.
 * @example const data = fittedToTransfer(spec, f); const again = await fittedFromTransfer(data);
 * @throws Error when the forecaster is not fitted; as modelToFiles when a network cannot be saved
 *   (non-finite weights).
 */
export function fittedToTransfer(spec: ForecasterSpec, forecaster: Forecaster): FittedTransfer {
  const networks: FittedTransfer['networks'] = [];
  const json = savedForecasterToJSON(spec, forecaster, (member, index) => {
    const files = modelToFiles(member.model, { metadata: { spec: member.spec, transform: member.transform!.toJSON() } });
    networks.push({ json: files['model.json'], weights: files['weights.bin'] });
    return String(index);
  });
  return { forecaster: json, networks };
}

/**
 * The fitted forecaster that {@link fittedToTransfer} gave as data.
 * @throws ModelFileError when the data is not a fitted forecaster's (as savedForecasterFromJSON
 *   and modelFromFiles check it).
 */
export async function fittedFromTransfer(data: FittedTransfer): Promise<Forecaster> {
  return savedForecasterFromJSON(data.forecaster, async (reference) => {
    const files = data.networks[Number(reference)];
    if (!files) throw new ModelFileError(`A fitted forecaster names network ${reference}, which it does not carry.`);
    const model = modelFromFiles(files.json, files.weights);
    const meta = readRunMetadata(model.metadata);
    if (!meta.spec || !meta.transform) throw new ModelFileError(`Network ${reference} has no spec and fitted transform in its metadata.`);
    return networkForecasterFromModel(model, meta.spec, meta.transform);
  });
}
