import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError } from '../../src/errors.js';
import { MANIFEST, prepareRunFolder, recoverRunOrModel, writeRunFolder, type RunCommand } from '../../src/cli/run-folder.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'seqcast-runfolder-'));
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/** Every file under `dir` with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'base64');
  return out;
}

/** A run written as seqcast writes it: report, a chart, a model folder. */
async function writeRun(path: string, text: string, command: RunCommand = 'train'): Promise<void> {
  const folder = await prepareRunFolder(path, command);
  await writeRunFolder(folder, async (stage) => {
    mkdirSync(join(stage, 'model'));
    await writeFile(join(stage, 'model', 'model.json'), `{"v":"${text}"}`);
    await writeFile(join(stage, 'report.html'), `<meta name="generator" content="seqcast 0"> ${text}`);
    await writeFile(join(stage, 'loss.png'), text);
  });
}

test('writeRunFolder(folder, write) writes the run and a manifest listing every file; a second run replaces it whole', async () => {
  const dir = tmp();
  const run = join(dir, 'runs', 'run');
  await writeRun(run, 'first');
  const manifest = JSON.parse(readFileSync(join(run, MANIFEST), 'utf8'));
  assert.deepEqual(manifest, {
    format: 'seqcast-run',
    version: 1,
    command: 'train',
    createdBy: manifest.createdBy,
    files: ['loss.png', 'model/model.json', 'report.html'],
  });
  assert.match(manifest.createdBy, /^seqcast \d+\.\d+\.\d+/);
  const folder = await prepareRunFolder(run, 'train');
  await writeRunFolder(folder, (stage) => writeFile(join(stage, 'report.html'), 'second'));
  assert.deepEqual(readdirSync(run).sort(), ['report.html', MANIFEST]);
  assert.deepEqual(readdirSync(join(dir, 'runs')), ['run'], 'no temporary folder beside it');
});

test('writeRunFolder(folder, write) that fails leaves the previous run byte for byte, and no temporary folder', async () => {
  const dir = tmp();
  const run = join(dir, 'run');
  await writeRun(run, 'first');
  const before = snapshot(run);
  const folder = await prepareRunFolder(run, 'train');
  await assert.rejects(
    writeRunFolder(folder, async (stage) => {
      await writeFile(join(stage, 'report.html'), 'second');
      await writeFile(join(stage, 'charts', 'loss.png'), 'x'); // a folder that is not there: a file-system error half way
    }),
    (err: Error) => err instanceof OutputError && err.message.endsWith(`Nothing in '${run}' was changed.`) && !/ENOENT/.test(err.message),
  );
  assert.deepEqual(snapshot(run), before);
  assert.deepEqual(readdirSync(dir), ['run']);
});

test('writeRunFolder(folder, write) refuses to swap when a file of the user appeared in the folder meanwhile', async () => {
  const dir = tmp();
  const run = join(dir, 'run');
  await writeRun(run, 'first');
  const folder = await prepareRunFolder(run, 'train');
  writeFileSync(join(run, 'notes.txt'), 'mine'); // written while the run trained
  const before = snapshot(run);
  await assert.rejects(
    writeRunFolder(folder, (stage) => writeFile(join(stage, 'report.html'), 'second')),
    /it holds files seqcast did not write \(notes\.txt\)/,
  );
  assert.deepEqual(snapshot(run), before);
  assert.deepEqual(readdirSync(dir), ['run']);
});

test("prepareRunFolder(out, command) refuses a folder with the user's files, another command's run, a file, an empty name and the current folder, changing nothing", async () => {
  const dir = tmp();
  const mine = join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'report.html'), '<p>my own report</p>');
  writeFileSync(join(mine, 'forecast.png'), 'my own chart');
  await assert.rejects(
    prepareRunFolder(mine, 'train'),
    new RegExp(
      `^OutputError: Cannot write the train run to --out '${mine}': the folder is not empty and is not a seqcast run folder \\(it has no seqcast-run\\.json\\), and a run replaces its whole folder: name a new or empty folder \\(nothing in '${mine}' was changed\\)\\.$`,
    ),
  );
  assert.deepEqual(snapshot(mine), {
    'report.html': Buffer.from('<p>my own report</p>').toString('base64'),
    'forecast.png': Buffer.from('my own chart').toString('base64'),
  });

  const run = join(dir, 'run');
  await writeRun(run, 'first');
  mkdirSync(join(run, 'model', 'extra'));
  writeFileSync(join(run, 'notes.txt'), 'mine');
  await assert.rejects(
    prepareRunFolder(run, 'train'),
    /it holds files seqcast did not write \(model\/extra\/, notes\.txt\), and a run replaces its whole folder: move them out, or name a new or empty folder/,
  );

  const other = join(dir, 'other');
  await writeRun(other, 'first');
  await assert.rejects(
    prepareRunFolder(other, 'backtest'),
    /it holds a seqcast train run, which a backtest run would replace: name another folder, e.g\. --out .*other-backtest\./,
  );

  writeFileSync(join(dir, 'file'), 'x');
  await assert.rejects(prepareRunFolder(join(dir, 'file'), 'train'), /: it is a file, not a folder: name a new or empty folder\.$/);
  await assert.rejects(
    prepareRunFolder('', 'train'),
    /^OutputError: --out is empty: name the folder to write the run to, e.g\. --out run\.$/,
  );
  await assert.rejects(
    prepareRunFolder(process.cwd(), 'train'),
    /it is the current folder or holds it, and a run replaces its whole folder: name a folder below it/,
  );
  await assert.rejects(prepareRunFolder('/', 'backtest'), /it is the current folder or holds it/);

  writeFileSync(join(run, MANIFEST), '{"format": "something else"}');
  await assert.rejects(prepareRunFolder(run, 'train'), /its seqcast-run\.json is not a seqcast run manifest/);
});

test('prepareRunFolder(out, command) refuses a folder under /proc or below a file before any work', { timeout: 20_000 }, async () => {
  const dir = tmp();
  await assert.rejects(
    prepareRunFolder('/proc/seqcast-x/run', 'train'),
    /^OutputError: Cannot write the run to --out '\/proc\/seqcast-x\/run': '\/proc' does not accept new files .*: name a folder for --out where you can write\.$/,
  );
  writeFileSync(join(dir, 'f'), 'x');
  await assert.rejects(prepareRunFolder(join(dir, 'f', 'run'), 'train'), /'.*f' is a file, not a folder/);
  assert.deepEqual(readdirSync(dir), ['f']);
});

test('prepareRunFolder(out, command) accepts a new or empty folder, a run of its command, and a run an earlier seqcast wrote without a manifest', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'empty'));
  for (const out of [join(dir, 'new', 'run'), join(dir, 'empty')]) assert.deepEqual((await prepareRunFolder(out, 'backtest')).notes, []);
  assert.deepEqual(readdirSync(dir), ['empty'], 'nothing made before the run is written');
  const legacy = join(dir, 'legacy');
  mkdirSync(join(legacy, 'model'), { recursive: true });
  for (const f of ['model/model.json', 'model/weights.bin', 'forecast.png', 'loss.png']) writeFileSync(join(legacy, f), 'x');
  writeFileSync(join(legacy, 'report.html'), '<!doctype html>\n<head>\n<meta name="generator" content="seqcast 0.1.0">');
  await prepareRunFolder(legacy, 'train');
  writeFileSync(join(legacy, 'report.html'), '<!doctype html><p>a report of my own</p>');
  await assert.rejects(prepareRunFolder(legacy, 'train'), /is not a seqcast run folder/);
});

test('prepareRunFolder(out) and recoverRunOrModel(dir) finish a run killed between its two renames, and say so', async () => {
  const dir = tmp();
  const run = join(dir, 'run');
  await writeRun(run, 'old');
  await writeRun(join(dir, 'new'), 'new');
  const pid = deadPid();
  renameSync(run, join(dir, `run.old-${pid}-0a1b2c3d`));
  renameSync(join(dir, 'new'), join(dir, `run.tmp-${pid}-0a1b2c3d`));
  const notes = await recoverRunOrModel(run);
  assert.match(
    notes[0],
    /^A write of '.*run' was interrupted between its two renames; seqcast finished it: the new run is in place, whole\.$/,
  );
  assert.match(readFileSync(join(run, 'report.html'), 'utf8'), /new$/);
  assert.deepEqual(readdirSync(dir), ['run']);

  // killed while the new run was written: the old one is put back by the next run
  renameSync(run, join(dir, `run.old-${pid}-0a1b2c3e`));
  mkdirSync(join(dir, `run.tmp-${pid}-0a1b2c3e`));
  writeFileSync(join(dir, `run.tmp-${pid}-0a1b2c3e`, 'loss.png'), 'half');
  const folder = await prepareRunFolder(run, 'train');
  assert.match(folder.notes[0], /was interrupted before the new run was complete; seqcast put the previous run back in place\.$/);
  assert.match(readFileSync(join(run, 'report.html'), 'utf8'), /new$/);
  assert.deepEqual(readdirSync(dir), ['run']);
});

test('recoverRunOrModel(dir) puts back a model folder a save left in model.old-*, inside a run or alone', async () => {
  const dir = tmp();
  const pid = deadPid();
  const run = join(dir, 'run');
  await writeRun(run, 'old');
  renameSync(join(run, 'model'), join(run, `model.old-${pid}-0a1b2c3d`));
  assert.match(
    (await recoverRunOrModel(run))[0],
    /^A write of '.*run\/model' was interrupted before the new model was complete; seqcast put the previous model back in place\.$/,
  );
  assert.deepEqual(readdirSync(join(run, 'model')), ['model.json']);
  const model = join(dir, 'model');
  cpSync(join(run, 'model'), join(dir, `model.old-${pid}-0a1b2c3d`), { recursive: true });
  assert.equal((await recoverRunOrModel(model)).length, 1);
  assert.deepEqual(readdirSync(model), ['model.json']);
  assert.deepEqual(await recoverRunOrModel(model), []);
});
