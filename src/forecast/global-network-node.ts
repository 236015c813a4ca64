/**
 * Saving and loading a global network (Node): a folder holding the network as a normal saved
 * model and what forecasting needs besides it.
 *
 *   DIR/network/model.json, weights.bin   the network (src/model/save-node.ts), loadModel reads it
 *   DIR/global.json                       the resolved global spec, the series count, their ids,
 *                                         'series' normalization's per-series statistics
 *
 * The folder is written whole or not at all (src/fs/swap-dir.ts: a temporary sibling, then two
 * renames); a folder that holds anything but a saved global network is refused, untouched. Weights
 * are float32 bytes and the statistics JSON numbers (float64, written exactly), so a loaded global
 * network forecasts the same values bit for bit.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelFileError, OutputError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { hasCode, outputFailure } from '../fs/output-failure.js';
import { replaceDir } from '../fs/swap-dir.js';
import { MAX_MODEL_JSON_BYTES } from '../model/manifest.js';
import { readModelFile } from '../model/read-node.js';
import { loadModel, modelFiles, writeModelFiles } from '../model/save-node.js';
import { globalNetworkFromModel, type GlobalNetwork } from './global-network.js';

const ENTRIES = ['global.json', 'network'];

/**
 * Saves a trained global network into the folder `dir` (made, or replacing a global network saved there).
 * @example await saveGlobalNetwork(g, 'models/global-mlp');
 * @throws Error before fitMany; OutputError when `dir` is a file or holds other files (nothing is
 *   changed), or cannot be written; what saving the model throws (NaN weights).
 */
export async function saveGlobalNetwork(global: GlobalNetwork, dir: string): Promise<void> {
  const json = `${JSON.stringify(global.toJSON(), null, 2)}\n`; // throws before fitMany
  const files = await modelFiles(global.model!, { metadata: { global: true } });
  await checkReplaceable(dir);
  await replaceDir(dir, async (tmp) => {
    await writeModelFiles(join(tmp, 'network'), files);
    await writeDurably(join(tmp, 'global.json'), json);
  });
}

/**
 * Loads a global network saved by {@link saveGlobalNetwork}: it forecasts at once, as before saving.
 * @example const g = await loadGlobalNetwork('models/global-mlp'); g.forecast(history, 18, g.indexOf('store-7'));
 * @throws ModelFileError when global.json or the network is missing, too large, corrupt or foreign
 *   (naming the file), or the two do not belong together.
 */
export async function loadGlobalNetwork(dir: string): Promise<GlobalNetwork> {
  const bytes = await readModelFile(dir, 'global.json', (size) =>
    size > MAX_MODEL_JSON_BYTES
      ? new ModelFileError(
          `Cannot load a global network from '${dir}': global.json has ${size} bytes, more than a global network's can have: the file is not one seqcast wrote.`,
        )
      : null,
  );
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new ModelFileError(
      `Cannot load a global network from '${dir}': global.json is not JSON (${(e as Error).message}): save the global network again.`,
    );
  }
  const model = await loadModel(join(dir, 'network'));
  return globalNetworkFromModel(model, json);
}

/** `dir` is new, or holds only a saved global network's entries. @throws OutputError otherwise. */
async function checkReplaceable(dir: string): Promise<void> {
  const target = resolve(dir);
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    if (hasCode(err, 'ENOENT', 'ENOTDIR')) return;
    throw outputFailure(err, { action: `save the global network to '${dir}'`, at: target });
  }
  if (!info.isDirectory()) throw new OutputError(`Cannot save the global network to '${dir}': it is a file. Pass a folder path.`);
  const others = (await readdir(target)).filter((name) => !ENTRIES.includes(name));
  if (others.length > 0) {
    throw new OutputError(
      `Cannot save the global network to '${dir}': it holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}), and saving replaces the whole folder. Save into a new or empty folder.`,
    );
  }
}
