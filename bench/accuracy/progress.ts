/**
 * The progress of `npm run bench:accuracy` on stderr: a bar over every (series, fold, method) job
 * on a terminal, one line per finished job when piped, so stdout stays clean for the tables or JSON.
 */
import cliProgress from 'cli-progress';

/** A progress display over a known number of jobs. */
export interface JobProgress {
  /** Shows what runs now (e.g. a network's epoch) without finishing a job. */
  status(text: string): void;
  /** One job finished. */
  done(text: string, seconds: number): void;
  /** Ends the bar (before printing anything else). */
  stop(): void;
}

/**
 * A bar on a terminal, plain lines otherwise.
 * @throws never.
 */
export function jobProgress(total: number, stream: NodeJS.WriteStream = process.stderr): JobProgress {
  let finished = 0;
  if (!stream.isTTY) {
    const width = String(total).length;
    return {
      status() {},
      done(text, seconds) {
        finished++;
        stream.write(`[${String(finished).padStart(width)}/${total}] ${text} ${seconds.toFixed(2)} s\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: 'accuracy |{bar}| {value}/{total} {task} | {duration_formatted} eta {eta_formatted}',
    stream,
    hideCursor: false,
    barsize: 30,
    etaBuffer: 50,
    // a network's training blocks the event loop: update() redraws synchronously when it is due
    synchronousUpdate: true,
  });
  bar.start(total, 0, { task: '' });
  return {
    status(text) {
      bar.update(finished, { task: text });
    },
    done(text) {
      finished++;
      bar.update(finished, { task: text });
    },
    stop() {
      bar.stop();
    },
  };
}
