/**
 * The benchmark's seqcast engine: one model (`--model rnn|bilstm|conv-lstm`) built with the
 * course-model factories, trained with `fit` on `windowedDataset` and scored with `modelForecast`,
 * exactly as a user of the public API would. Run alone or by `bench/run.ts`:
 *
 *   npx tsx bench/seqcast.ts --model bilstm --runs 5 --warmup 1 [--kernels ts|wasm] [--json]
 *
 * One epoch = `fit` over the training windows (batches of 32, shuffled), timed from the epoch's
 * `onEpochBegin` to its `onEpochEnd`; one prediction = `modelForecast` over every window of the
 * series (windows built, batches of 32, results in a Float32Array).
 */
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { losses, optimizers, windowedDataset, modelForecast, type Sequential } from '../src/index.js';
import { simpleRnnLab, bilstmLab, convLstm } from '../src/model/course-models.js';
import { benchCase, type BenchCase, type ModelId } from './models.js';
import {
  RunPlan,
  emitResult,
  forecastCheck,
  parseEngineArgs,
  peakRssMB,
  progress,
  rssMB,
  type EngineOptions,
  type EngineResult,
} from './engine-cli.js';

/** The course model for a benchmark id, from the library's own factories. */
function buildModel(id: ModelId, seed: number): Sequential {
  switch (id) {
    case 'rnn':
      return simpleRnnLab({ seed });
    case 'bilstm':
      return bilstmLab({ seed });
    case 'conv-lstm':
      return convLstm({ seed, filters: 32, units: 64, scale: 200 });
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The engine's kernel switch (`kernelBackend()` / `setKernelBackend()` in src/engine/gemm.ts), looked up at run time. */
async function kernelSwitch(): Promise<{ get?: () => string; set?: (name: string) => void }> {
  const gemm = (await import('../src/engine/gemm.js')) as Record<string, unknown>;
  return {
    get: typeof gemm.kernelBackend === 'function' ? (gemm.kernelBackend as () => string) : undefined,
    set: typeof gemm.setKernelBackend === 'function' ? (gemm.setKernelBackend as (name: string) => void) : undefined,
  };
}

/** Which kernels seqcast runs, for the report. */
async function kernelNote(): Promise<string> {
  const { get } = await kernelSwitch();
  return get ? `${get()} kernels` : 'plain TypeScript';
}

/** Selects seqcast's kernels (`--kernels ts|wasm`); throws when this seqcast cannot switch. */
async function useKernels(name: string): Promise<void> {
  const { set } = await kernelSwitch();
  if (!set) throw new Error(`--kernels ${name}: this seqcast has no setKernelBackend() in src/engine/gemm.ts; run without --kernels.`);
  set(name);
}

/**
 * Times seqcast on one case: training epochs of one `fit` (stopped early by the run plan), then
 * whole-series forecasts.
 */
async function benchSeqcast(c: BenchCase, o: EngineOptions, kernels?: string): Promise<EngineResult> {
  if (kernels) await useKernels(kernels);
  const idleMB = rssMB();
  const { window } = c.model;
  const model = buildModel(c.model.id, c.seed);
  model.compile({
    loss: losses.huber(),
    optimizer: optimizers.sgd({ learningRate: c.model.learningRate, momentum: c.momentum }),
    metrics: ['mae'],
  });
  const data = windowedDataset(c.trainSeries, { window, batchSize: c.batchSize, shuffleBuffer: c.shuffleBuffer, seed: c.seed });

  const train = new RunPlan(o.warmup, o.runs, o.budgetMs);
  let lastLoss = NaN;
  await model.fit(data, {
    epochs: o.warmup + o.runs,
    callbacks: [
      {
        onEpochBegin: () => {
          train.start();
        },
        onEpochEnd: (_epoch, logs, m) => {
          train.stop();
          lastLoss = logs.loss;
          if (train.done) m.stopTraining = true;
        },
      },
    ],
  });

  const predict = new RunPlan(o.warmup, o.runs, o.budgetMs);
  let forecast: Float32Array = new Float32Array(0);
  while (!predict.done) {
    predict.start();
    forecast = modelForecast(model, c.predictSeries, { window, batchSize: c.batchSize });
    predict.stop();
  }

  return {
    engine: kernels ? `seqcast-${kernels}` : 'seqcast',
    detail: `seqcast ${packageVersion()}, ${await kernelNote()}, Node ${process.version}`,
    model: c.model.id,
    params: model.countParams(),
    batchesPerEpoch: data.batches,
    trainWindows: data.size,
    predictWindows: forecast.length,
    warmup: o.warmup,
    epochMs: train.timed,
    predictMs: predict.timed,
    epochCpuMs: train.cpu,
    predictCpuMs: predict.cpu,
    lastLoss,
    ...forecastCheck(forecast),
    memory: { idleMB, peakMB: peakRssMB() },
  };
}

async function main(): Promise<void> {
  const kernelsOption = new Option(
    '--kernels <name>',
    "seqcast's kernels (default: the library's choice); the result is named seqcast-<name>",
  ).choices(['wasm', 'ts']);
  const { options, extra } = parseEngineArgs('seqcast', process.argv, [kernelsOption]);
  const kernels = extra.kernels as string | undefined;
  progress(
    `seqcast${kernels ? '-' + kernels : ''} ${options.model}: ${options.warmup} warm-up + up to ${options.runs} timed epochs, then as many predictions`,
  );
  emitResult(await benchSeqcast(benchCase(options.model), options, kernels), options.json);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/seqcast: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
