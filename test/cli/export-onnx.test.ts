import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { cli as run } from '../helpers/cli.js';
import { addExportOnnxCommand, type ExportOnnxResult } from '../../src/cli/export-onnx.js';
import { loadModel } from '../../src/model/save-node.js';
import { readRunMetadata } from '../../src/forecast/run-metadata.js';
import { networkForecasterFromModel } from '../../src/forecast/network.js';
import { transformFromJSON } from '../../src/data/transforms/registry.js';
import { loadShipped } from '../../src/data/shipped-node.js';
import { Tensor } from '../../src/engine/tensor.js';
import { ModelFileError, OptionError, OutputError } from '../../src/errors.js';
import type { OnnxSidecar } from '../../src/interop/onnx-sidecar.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-export-onnx-'));
const runDir = join(dir, 'run');

/** Runs `seqcast export-onnx ...args` in this process; resolves with what it printed. */
async function exportOnnx(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('seqcast').exitOverride();
  addExportOnnxCommand(program, (text) => void (out += text));
  await program.parseAsync(['node', 'seqcast', 'export-onnx', ...args]);
  return out;
}

// One small trained run on sunspots, exported by the tests below.
before(async () => {
  const args = ['train', '--dataset', 'sunspots', '--model', 'gru', '--epochs', '2', '--units', '8', '--window', '12'];
  const { code, stderr } = await run([...args, '--transform', 'difference,standard', '--out', runDir, '--json']);
  assert.equal(code, 0, stderr);
});

test('seqcast export-onnx --model RUN --out DIR writes a model onnxruntime runs as seqcast forecasts, and its sidecar', async () => {
  const out = join(dir, 'exported');
  const result = JSON.parse(await exportOnnx('--model', runDir, '--out', out, '--json')) as ExportOnnxResult;
  assert.deepEqual(readdirSync(out).sort(), ['model.onnx', 'model.onnx.json']);
  assert.deepEqual(result.layers, ['Lambda', 'GRU', 'GRU', 'Dense']);
  const model = await loadModel(join(runDir, 'model'));
  const meta = readRunMetadata(model.metadata);
  const sidecar = JSON.parse(readFileSync(join(out, 'model.onnx.json'), 'utf8')) as OnnxSidecar;
  assert.equal(sidecar.window, 12);
  assert.deepEqual(sidecar.transform, meta.transform);
  assert.deepEqual(sidecar.forecast, { steps: 1, strategy: 'recursive', quantiles: null });
  // a one-step forecast outside seqcast, from the sidecar alone: transform, last window, run, invert
  const series = loadShipped('sunspots').values.subarray(0, 3000);
  const transform = transformFromJSON(sidecar.transform!);
  const z = transform.transform(series.subarray(series.length - sidecar.window! - transform.lag));
  const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
  const { output } = await session.run({ input: new ort.Tensor('float32', z, [1, sidecar.window!]) });
  const outside = transform.inverseForecast(series, output.data as Float32Array)[0];
  const inside = networkForecasterFromModel(model, meta.spec!, meta.transform!).forecast(series, 1)[0];
  assert.ok(Math.abs(outside - inside) <= 1e-5 * Math.max(1, Math.abs(inside)), `${outside} vs ${inside}`);
  // and the network itself on a batch of windows of another length
  const x = new Float32Array(4 * 30).map((_, i) => Math.sin(i / 5));
  const got = (await session.run({ input: new ort.Tensor('float32', x, [4, 30]) })).output.data as Float32Array;
  const want = model.predict(new Tensor(x, [4, 30])).data;
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * Math.max(1, Math.abs(want[i])));
  // the text output names the files
  assert.match(
    await exportOnnx('--model', join(runDir, 'model'), '--out', out),
    /^Wrote .*model\.onnx \(input \(batch, time\): Lambda → GRU → GRU → Dense\) and .*model\.onnx\.json\n$/,
  );
});

test('seqcast export-onnx refuses a missing model, a statistical forecaster and an --out that is a file, writing nothing', async () => {
  const out = join(dir, 'never');
  await assert.rejects(exportOnnx('--model', join(dir, 'missing'), '--out', out), ModelFileError);
  const ets = join(dir, 'ets');
  const { code, stderr } = await run(['train', '--dataset', 'sunspots', '--model', 'theta', '--out', ets]);
  assert.equal(code, 0, stderr);
  await assert.rejects(
    exportOnnx('--model', ets, '--out', out),
    (e: Error) => e instanceof OptionError && /statistical forecaster/.test(e.message),
  );
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  await assert.rejects(exportOnnx('--model', runDir, '--out', file), OutputError);
  assert.ok(!readdirSync(dir).includes('never'));
  assert.equal(readFileSync(file, 'utf8'), 'x');
});
