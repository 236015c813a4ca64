import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { cli as run } from '../helpers/cli.js';
import { loadModel } from '../../src/model/save-node.js';
import { readRunMetadata } from '../../src/forecast/run-metadata.js';
import { networkForecasterFromModel } from '../../src/forecast/network.js';
import { transformFromJSON } from '../../src/data/transforms/registry.js';
import { loadShipped } from '../../src/data/shipped-node.js';
import { Tensor } from '../../src/engine/tensor.js';
import type { OnnxSidecar } from '../../src/interop/onnx-sidecar.js';

const dir = mkdtempSync(join(tmpdir(), 'seqcast-export-onnx-'));
const runDir = join(dir, 'run');

/** Runs `seqcast export --format onnx ...args` (a child process): its exit code and output. */
function exportOnnx(...args: string[]) {
  return run(['export', '--format', 'onnx', ...args]);
}

// One small trained run on sunspots, exported by the tests below.
before(async () => {
  const args = ['train', '--dataset', 'sunspots', '--model', 'gru', '--epochs', '2', '--units', '8', '--window', '12'];
  const { code, stderr } = await run([...args, '--transform', 'difference,standard', '--out', runDir, '--json']);
  assert.equal(code, 0, stderr);
});

test('seqcast export --format onnx --model RUN --out DIR writes a model onnxruntime runs as seqcast forecasts, and its sidecar', async () => {
  const out = join(dir, 'exported');
  const exported = await exportOnnx('--model', runDir, '--out', out, '--json');
  assert.equal(exported.code, 0, exported.stderr);
  const result = JSON.parse(exported.stdout) as { format: string; files: string[] };
  assert.equal(result.format, 'onnx');
  assert.deepEqual(result.files, ['model.onnx', 'model.onnx.json']);
  assert.deepEqual(readdirSync(out).sort(), ['model.onnx', 'model.onnx.json']);
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
  // the text output names the files and what the inputs need
  const text = await exportOnnx('--model', join(runDir, 'model'), '--out', out);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /^Wrote an ONNX model to .*exported \(model\.onnx, model\.onnx\.json\)\nIts inputs: windows of 12 values, transformed as model\.onnx\.json records \(chain\)\.\n$/,
  );
});

test('seqcast export --format onnx refuses a missing model, a statistical forecaster and an --out that is a file, writing nothing', async () => {
  const out = join(dir, 'never');
  const missing = await exportOnnx('--model', join(dir, 'missing'), '--out', out);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /missing/);
  const ets = join(dir, 'ets');
  const { code, stderr } = await run(['train', '--dataset', 'sunspots', '--model', 'theta', '--out', ets]);
  assert.equal(code, 0, stderr);
  const statistical = await exportOnnx('--model', ets, '--out', out);
  assert.equal(statistical.code, 2);
  assert.match(statistical.stderr, /statistical forecaster/);
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const onFile = await exportOnnx('--model', runDir, '--out', file);
  assert.notEqual(onFile.code, 0);
  assert.match(onFile.stderr, /a-file/);
  assert.ok(!readdirSync(dir).includes('never'));
  assert.equal(readFileSync(file, 'utf8'), 'x');
});
