/**
 * `seqcast worker --queue redis://HOST:PORT`: runs the jobs that `--queue` runs of other seqcast
 * commands put on the BullMQ queue on that Redis server, until stopped. SIGINT (Ctrl-C) or SIGTERM
 * finishes the jobs in hand and stops; a second one stops at once (those jobs go back to the queue
 * and another worker runs them).
 */
import { Command } from 'commander';
import type { QueueWorkerEvent } from '../queue/queue-worker.js';
import { MAX_WORKERS } from '../limits.js';
import { integerOption } from './options.js';

interface WorkerFlags {
  queue: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
}

const DAY_MS = 86_400_000;

/** Registers `seqcast worker` on the program. */
export function addWorkerCommand(program: Command): Command {
  return program
    .command('worker')
    .description('run the jobs of --queue runs (forecast, backtest) from a BullMQ queue on Redis, until stopped (Ctrl-C or SIGTERM)')
    .requiredOption('--queue <url>', 'the Redis server of the queue: redis://HOST:PORT[/DB] (redis://:PASSWORD@HOST:PORT with a password)')
    .option(
      '--concurrency <n>',
      'jobs run at once, each on a thread of its own (at most one per core pays)',
      integerOption('--concurrency', 1, MAX_WORKERS, '2'),
      1,
    )
    .option(
      '--lock-duration <ms>',
      "how long a job stays with this worker without news from it before another worker may take it (this worker renews it every half of that while the job runs): how soon a dead worker's jobs run elsewhere",
      integerOption('--lock-duration', 1000, DAY_MS, '30000'),
      30_000,
    )
    .option(
      '--stalled-interval <ms>',
      'how often this worker looks for jobs whose worker stopped (their lock expired) and puts them back in the queue',
      integerOption('--stalled-interval', 100, DAY_MS, '30000'),
      30_000,
    )
    .option(
      '--max-stalled <n>',
      'how many times a job may be put back after its worker stopped before it fails',
      integerOption('--max-stalled', 0, 1000, '1'),
      1,
    )
    .action(async (flags: WorkerFlags) => {
      const say = (line: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      // the handlers go in first, so that a signal while connecting stops the worker as cleanly
      let signals = 0;
      let stop: (force: boolean) => void = () => {};
      const stopped = new Promise<boolean>((resolve) => (stop = resolve));
      const onSignal = (signal: NodeJS.Signals): void => {
        signals += 1;
        say(
          signals > 1
            ? `${signal} again: stopping now; the jobs in hand go back to the queue once their lock expires.`
            : `${signal}: finishing the jobs in hand, then stopping (send ${signal} again to stop at once).`,
        );
        stop(signals > 1);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const { startQueueWorker } = await import('../queue/queue-worker.js'); // the other commands do not load BullMQ
        const worker = await startQueueWorker(flags.queue, {
          concurrency: flags.concurrency,
          lockDuration: flags.lockDuration,
          stalledInterval: flags.stalledInterval,
          maxStalledCount: flags.maxStalled,
          onEvent: (event) => say(describe(event)),
        });
        const jobs = flags.concurrency === 1 ? '1 job' : `${flags.concurrency} jobs`;
        if (signals === 0)
          say(
            `seqcast worker (pid ${process.pid}): connected to ${worker.where}, running ${jobs} at a time; waiting for jobs. Ctrl-C or SIGTERM stops it.`,
          );
        const closing = worker.close(await stopped);
        // a second signal while the jobs in hand finish: stop at once
        stop = (force) => void (force && worker.close(true));
        await closing;
        say('seqcast worker: stopped.');
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** One log line for a worker event. */
function describe(event: QueueWorkerEvent): string {
  switch (event.kind) {
    case 'started':
      return `job ${event.jobId} (${event.task}): started${event.attempt > 1 ? `, attempt ${event.attempt}` : ''}`;
    case 'done':
      return `job ${event.jobId} (${event.task}): done in ${event.seconds.toFixed(2)} s${event.stored ? '' : ' (its result was already stored)'}`;
    case 'failed':
      return `job ${event.jobId} (${event.task}): failed, attempt ${event.attempt} of ${event.attempts}: ${event.message}`;
    case 'stalled':
      return `job ${event.jobId}: its worker stopped renewing its lock; put back in the queue`;
    case 'error':
      return `queue connection trouble (retrying): ${event.message}`;
  }
}
