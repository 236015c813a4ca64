/**
 * Memory over a long training: the SimpleRNN lab model (course synthetic series, train 0..1000,
 * window 20, batches of 32, Huber, SGD 1e-6 momentum 0.9) trained for 1,000 epochs, with the
 * process's RSS, V8 heap, ArrayBuffers and kernel-arena blocks printed at epoch 10 and every 100th
 * epoch, each after a full garbage collection. Flat heap and arena from epoch 100 on, and an RSS that
 * stops rising by mid-run (V8 sizes its heap and compiles code over the first few hundred epochs),
 * mean no leak; a leak shows as RSS still rising through the second half.
 *
 *   npx tsx bench/memory.ts [--epochs 1000] [--json]
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Command, InvalidArgumentError } from 'commander';
import { simpleRnnLab } from '../src/model/course-models.js';
import { sgd } from '../src/optim/sgd.js';
import { windowedDataset } from '../src/data/window.js';
import { syntheticSeries } from '../src/data/synthetic.js';
import { arenaStats } from '../src/engine/wasm/arena.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

interface Sample {
  epoch: number;
  seconds: number;
  rssMB: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  heapTotalMB: number;
  arenaLiveMB: number;
  /** Highest byte of the kernels' memory handed out so far: pages below it count in RSS once touched. */
  arenaTopMB: number;
  loss: number;
}

const { epochs, json } = new Command('bench-memory')
  .description('RSS, heap and arena of the SimpleRNN lab model over a long training')
  .option(
    '--epochs <n>',
    'epochs to train',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError(`--epochs must be an integer ≥ 10, got '${v}'.`);
      return n;
    },
    1000,
  )
  .option('--json', 'print the samples as JSON')
  .parse(process.argv)
  .opts<{ epochs: number; json?: boolean }>();

const marks = new Set([10, ...Array.from({ length: Math.floor(epochs / 100) }, (_, i) => 100 * (i + 1)), epochs]);
const { series } = syntheticSeries();
const data = windowedDataset(series.subarray(0, 1000), { window: 20, batchSize: 32, shuffleBuffer: 1000, seed: 0 });
const model = simpleRnnLab({ seed: 0 });
model.compile({ loss: 'huber', optimizer: sgd({ learningRate: 1e-6, momentum: 0.9 }), metrics: ['mae'] });
const samples: Sample[] = [];
const start = performance.now();

async function sample(epoch: number, loss: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve)); // let finalizers return arena blocks
  }
  const m = process.memoryUsage();
  const s: Sample = {
    epoch,
    seconds: (performance.now() - start) / 1000,
    rssMB: m.rss / MB,
    heapUsedMB: m.heapUsed / MB,
    arrayBuffersMB: m.arrayBuffers / MB,
    heapTotalMB: m.heapTotal / MB,
    arenaLiveMB: arenaStats().live / MB,
    arenaTopMB: arenaStats().top / MB,
    loss,
  };
  samples.push(s);
  if (!json) {
    const f = (v: number): string => v.toFixed(2).padStart(8);
    console.log(
      `epoch ${String(epoch).padStart(5)}  ${s.seconds.toFixed(1).padStart(6)} s  rss ${f(s.rssMB)} MB  heap ${f(s.heapUsedMB)} / ${f(s.heapTotalMB)} MB  arrayBuffers ${f(s.arrayBuffersMB)} MB  arena ${f(s.arenaLiveMB)} (top ${f(s.arenaTopMB)}) MB  loss ${loss.toFixed(3)}`,
    );
  }
}

await model.fit(data, {
  epochs,
  callbacks: [
    {
      onEpochEnd: async (epoch, logs) => {
        if (marks.has(epoch + 1)) await sample(epoch + 1, logs.loss);
      },
    },
  ],
});

const base = samples.find((s) => s.epoch === 100) ?? samples[0];
const last = samples[samples.length - 1];
const growth = {
  rssMB: last.rssMB - base.rssMB,
  heapUsedMB: last.heapUsedMB - base.heapUsedMB,
  arenaLiveMB: last.arenaLiveMB - base.arenaLiveMB,
};
if (json) console.log(JSON.stringify({ epochs, samples, growthSince: base.epoch, growth }));
else {
  console.log(
    `growth from epoch ${base.epoch} to ${last.epoch}: rss ${growth.rssMB.toFixed(2)} MB, heap ${growth.heapUsedMB.toFixed(2)} MB, arena ${growth.arenaLiveMB.toFixed(2)} MB`,
  );
  // the second half: a leak keeps RSS rising there; a heap that settled leaves it flat
  const half = samples.filter((s) => s.epoch >= epochs / 2);
  if (half.length > 1) {
    const rss = half.map((s) => s.rssMB);
    console.log(
      `rss over epochs ${half[0].epoch}..${last.epoch}: ${Math.min(...rss).toFixed(2)} to ${Math.max(...rss).toFixed(2)} MB (at ${half[0].epoch}: ${rss[0].toFixed(2)} MB, at ${last.epoch}: ${rss[rss.length - 1].toFixed(2)} MB)`,
    );
  }
}
