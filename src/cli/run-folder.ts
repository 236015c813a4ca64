/**
 * A run folder: what `seqcast train --out DIR` and `seqcast backtest --out DIR` write, replaced as a
 * whole or not at all. The new run is written into a sibling temporary folder and swapped in with
 * two renames (src/fs/swap-dir.ts); a run killed half way is finished or undone by the next run
 * into DIR and by `seqcast forecast --model DIR`, which say so in a note.
 *
 * DIR/seqcast-run.json marks the folder as seqcast's and lists every file the run wrote:
 *
 *   { "format": "seqcast-run", "version": 1, "command": "train", "createdBy": "seqcast 0.1.0",
 *     "files": ["forecast.png", "forecast.svg", "loss.png", "model/model.json", "model/weights.bin", "report.html"] }
 *
 * A run writes into DIR only when it is new, empty, or a run of the same command that holds nothing
 * but what its manifest lists (or, without one, exactly what an earlier seqcast wrote: see LEGACY).
 * Anything else there is the user's, and the run refuses before it trains.
 */
import { lstat, open, readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { OutputError } from '../errors.js';
import { writeDurably } from '../fs/durable.js';
import { checkCanCreate } from '../fs/make-dir.js';
import { hasCode, outputFailure } from '../fs/output-failure.js';
import { leftoversBeside, recoverDir, replaceDir } from '../fs/swap-dir.js';
import { recoverModelDir } from '../model/save-node.js';

/** The manifest's name in a run folder. */
export const MANIFEST = 'seqcast-run.json';

/** The commands that write a run folder. */
export type RunCommand = 'train' | 'backtest';

/** What seqcast-run.json holds. */
export interface RunManifest {
  format: 'seqcast-run';
  version: 1;
  command: RunCommand;
  createdBy: string;
  /** Every file the run wrote, relative to the folder, with '/' between folders; sorted. */
  files: string[];
}

/**
 * What seqcast wrote before run folders had a manifest (up to 0.1.0), by command: a folder holding
 * only these (with report.html, the last file written, carrying seqcast's generator tag) is an
 * earlier run and may be replaced.
 */
const LEGACY: Record<RunCommand, string[]> = {
  train: ['forecast.png', 'forecast.svg', 'loss.png', 'model/model.json', 'model/weights.bin', 'report.html'],
  backtest: ['folds.png', 'folds.svg', 'report.html'],
};

/** A run folder checked by {@link prepareRunFolder}, ready for {@link writeRunFolder}. */
export interface RunFolder {
  /** The folder as the user named it, made absolute (what messages and results show). */
  path: string;
  /** The folder itself (a symbolic link followed): what is replaced. */
  dir: string;
  command: RunCommand;
  /** The option that named it, for messages: '--out'. */
  option: string;
  /** What recovering an interrupted run did (see src/fs/swap-dir.ts), for the command's notes. */
  notes: string[];
}

/**
 * Checks, before any training, that a run can be written to `out`, after finishing or undoing a
 * run into it that was killed half way: `out` is new, empty, or a seqcast run of `command` holding
 * only the files it wrote, and its parent folder accepts new entries (the new run is written
 * beside it first). Nothing is written (but for a recovery, which `notes` describes).
 * @example const folder = await prepareRunFolder('run', 'train'); // then train, then writeRunFolder(folder, ...)
 * @throws OutputError naming the folder and the fix: empty, a file, the current folder or one
 *   above it, a folder holding files seqcast did not write, another command's run, or a place
 *   where nothing can be written (read-only, permission denied, /proc).
 */
export async function prepareRunFolder(out: string, command: RunCommand, option = '--out'): Promise<RunFolder> {
  if (out === '') throw new OutputError(`${option} is empty: name the folder to write the run to, e.g. ${option} run.`);
  const path = resolve(out);
  let dir = path;
  try {
    dir = await realpath(path);
  } catch (err) {
    if (!hasCode(err, 'ENOENT', 'ENOTDIR')) throw outputFailure(err, { action: `use ${option} '${path}'`, at: path });
  }
  const cwd = process.cwd();
  if (dirname(dir) === dir || cwd === dir || cwd.startsWith(dir + sep)) {
    throw new OutputError(
      `Cannot write the run to ${option} '${path}': it is the current folder or holds it, and a run replaces its whole folder: name a folder below it, e.g. ${option} run.`,
    );
  }
  const folder: RunFolder = { path, dir, command, option, notes: [] };
  folder.notes = await recoverRunFolder(dir);
  await checkOwned(folder);
  await checkCanCreate(dir, { action: `write the run to ${option} '${path}'`, fix: `name a folder for ${option} where you can write` });
  return folder;
}

/**
 * Writes the run: `write` puts its files into an empty temporary folder beside the run folder,
 * the manifest is added, and the folder is swapped in whole (after checking once more that
 * nothing of the user's appeared there meanwhile).
 * @example await writeRunFolder(folder, async (stage) => writeDurably(join(stage, 'report.html'), html));
 * @throws what `write` throws, an OutputError for a file-system error or files of the user's in
 *   the folder; the run folder is then left as it was, and the temporary folder removed.
 */
export async function writeRunFolder(folder: RunFolder, write: (stage: string) => Promise<void>): Promise<void> {
  await replaceDir(
    folder.dir,
    async (stage) => {
      await write(stage);
      const manifest: RunManifest = {
        format: 'seqcast-run',
        version: 1,
        command: folder.command,
        createdBy: `seqcast ${await packageVersion()}`,
        files: await filesUnder(stage),
      };
      await writeDurably(join(stage, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    },
    { fix: `name a folder for ${folder.option} where you can write`, beforeSwap: () => checkOwned(folder) },
  );
}

/**
 * Finishes or undoes a write of `path` (a run folder, or a saved model's folder) that was killed
 * half way, and of its `model/` folder; `seqcast forecast --model` calls it before loading.
 * @example for (const note of await recoverRunOrModel('run')) console.log(`note: ${note}`);
 * @returns a note per thing done; none when there was nothing to recover.
 * @throws OutputError when a folder cannot be put back (naming the rename to do by hand).
 */
export async function recoverRunOrModel(path: string): Promise<string[]> {
  const dir = resolve(path);
  let isRun = await isFile(join(dir, MANIFEST));
  for (const left of await leftoversBeside(dir, 'dir')) isRun ||= await isFile(join(left.path, MANIFEST));
  return isRun ? recoverRunFolder(dir) : [...(await recoverModelDir(dir)), ...(await recoverModelDir(join(dir, 'model')))];
}

/** A run folder's own recovery, then its model folder's (a save killed in a run written before run folders were swapped whole). */
async function recoverRunFolder(dir: string): Promise<string[]> {
  return [...(await recoverDir(dir, isCompleteRun, 'run')), ...(await recoverModelDir(join(dir, 'model')))];
}

/** Whether `dir` holds a manifest and every file it lists (a run writes its manifest last). */
async function isCompleteRun(dir: string): Promise<boolean> {
  const manifest = await readManifest(dir).catch(() => null);
  if (!manifest) return false;
  for (const file of manifest.files) if (!(await isFile(join(dir, file)))) return false;
  return true;
}

/** Refuses a folder that is not new, empty, or a run of this command holding only its own files. */
async function checkOwned(folder: RunFolder): Promise<void> {
  const { dir, path, option, command } = folder;
  const cannot = `Cannot write the ${command} run to ${option} '${path}'`;
  const fix = `a run replaces its whole folder: move them out, or name a new or empty folder (nothing in '${path}' was changed)`;
  let info;
  try {
    info = await lstat(dir);
  } catch (err) {
    if (hasCode(err, 'ENOENT', 'ENOTDIR')) return; // new (a parent that is a file is found by checkCanCreate)
    throw outputFailure(err, { action: `write the run to ${option} '${path}'`, at: path });
  }
  if (!info.isDirectory()) throw new OutputError(`${cannot}: it is a file, not a folder: name a new or empty folder.`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw outputFailure(err, { action: `write the run to ${option} '${path}'`, at: path });
  }
  if (names.length === 0) return;
  if (!names.includes(MANIFEST)) {
    if ((await foreignEntries(dir, LEGACY[command])).length === 0 && (await isSeqcastReport(join(dir, 'report.html')))) return;
    throw new OutputError(
      `${cannot}: the folder is not empty and is not a seqcast run folder (it has no ${MANIFEST}), and a run replaces its whole folder: name a new or empty folder (nothing in '${path}' was changed).`,
    );
  }
  let manifest: RunManifest;
  try {
    manifest = await readManifest(dir);
  } catch (err) {
    throw new OutputError(
      `${cannot}: its ${MANIFEST} is not a seqcast run manifest (${(err as Error).message}): name a new or empty folder (nothing in '${path}' was changed).`,
    );
  }
  if (manifest.command !== command)
    throw new OutputError(
      `${cannot}: it holds a seqcast ${manifest.command} run, which a ${command} run would replace: name another folder, e.g. ${option} ${path}-${command}.`,
    );
  const foreign = await foreignEntries(dir, manifest.files);
  if (foreign.length > 0) throw new OutputError(`${cannot}: it holds files seqcast did not write (${foreign.join(', ')}), and ${fix}.`);
}

/**
 * The entries of `dir` that are not the manifest or one of `files` (or a folder on their paths),
 * or are of the wrong kind (a folder named report.html): the first 4, then '...' if there are more.
 */
async function foreignEntries(dir: string, files: string[]): Promise<string[]> {
  const listed = new Set([...files, MANIFEST]);
  const folders = new Set(
    files.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const foreign: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      if (foreign.length > 4) return;
      const entry = rel ? `${rel}/${name}` : name;
      const info = await lstat(join(dir, entry));
      if (listed.has(entry)) {
        if (!info.isFile()) foreign.push(`${entry} (${info.isDirectory() ? 'a folder' : 'not a regular file'})`);
      } else if (folders.has(entry) && info.isDirectory()) await walk(entry);
      else foreign.push(info.isDirectory() ? `${entry}/` : entry);
    }
  };
  try {
    await walk('');
  } catch (err) {
    throw outputFailure(err, { action: `check the run folder '${dir}'`, at: dir });
  }
  return foreign.length > 4 ? [...foreign.slice(0, 4), '...'] : foreign;
}

/** The run manifest of `dir`, checked. @throws Error saying what is wrong with it. */
async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, MANIFEST);
  const info = await lstat(file);
  if (!info.isFile() || info.size > 1 << 20) throw new Error('not a small regular file');
  let m: Partial<RunManifest>;
  try {
    m = JSON.parse(await readFile(file, 'utf8')) as Partial<RunManifest>;
  } catch {
    throw new Error('not valid JSON');
  }
  const relative = (f: unknown): boolean =>
    typeof f === 'string' &&
    f !== '' &&
    !f.startsWith('/') &&
    !f.includes('\\') &&
    f.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
  if (m?.format !== 'seqcast-run' || m.version !== 1)
    throw new Error(`format ${JSON.stringify(m?.format)} version ${JSON.stringify(m?.version)}`);
  if (m.command !== 'train' && m.command !== 'backtest') throw new Error(`unknown command ${JSON.stringify(m.command)}`);
  if (!Array.isArray(m.files) || m.files.length > 1000 || !m.files.every(relative))
    throw new Error('its file list is not a list of relative paths');
  return m as RunManifest;
}

/** Every regular file under `dir`, relative with '/', sorted. */
async function filesUnder(dir: string, rel = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await filesUnder(dir, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/** Whether `path` is a report.html seqcast wrote (its head carries `<meta name="generator" content="seqcast ...">`). */
async function isSeqcastReport(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('utf8').includes('<meta name="generator" content="seqcast ');
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isFile() ?? false;
}

let version: Promise<string> | null = null;
/** The version in package.json (two levels up from both src/cli/ and dist/cli/). */
function packageVersion(): Promise<string> {
  version ??= readFile(new URL('../../package.json', import.meta.url), 'utf8')
    .then((text) => (JSON.parse(text) as { version?: string }).version ?? 'unknown')
    .catch(() => 'unknown');
  return version;
}
