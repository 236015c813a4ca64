/**
 * Runs a command under a time bound and a memory bound, for the fuzz suite: the child runs in its
 * own process group, which is killed (SIGKILL) when the time is up or when its resident memory
 * passes the bound. The peak resident set is measured by GNU time (`/usr/bin/time -f %M`) where it
 * exists, else by polling `/proc/PID/status` (VmHWM); /proc is also what the memory guard polls.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEntry } from './cli.js';

export interface BoundedOptions {
  cwd: string;
  /** Kill the process group after this many milliseconds. */
  timeoutMs: number;
  /** Kill the process group when its resident set passes this many KiB. */
  memoryKiB: number;
  env?: NodeJS.ProcessEnv;
  /** Keep at most this many characters of stdout and of stderr (the rest is dropped); default 1 MiB. */
  maxOutput?: number;
}

export interface BoundedResult {
  /** The exit code, or null when the child ended by a signal. */
  code: number | null;
  /** The signal that ended the child (ours when `timedOut` or `overMemory`). */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Killed because the time was up. */
  timedOut: boolean;
  /** Killed because the resident set passed `memoryKiB`. */
  overMemory: boolean;
  /** The peak resident set in KiB, when it could be measured. */
  peakKiB?: number;
  seconds: number;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
const hasProc = existsSync('/proc/self/status');

/** VmHWM and VmRSS of a process, in KiB, or undefined when it is gone. */
function memoryOf(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kib('VmHWM'), rss: kib('VmRSS') };
  } catch {
    return undefined;
  }
}

/** The first child of `pid` (the command GNU time runs), when /proc lists it. */
function childOf(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `command ...args` under the bounds and resolves when it has ended (never rejects on the
 * child's failure; rejects only when it cannot be started).
 * @example const r = await boundedSpawn(process.execPath, ['-e', 'for(;;);'], { cwd, timeoutMs: 1000, memoryKiB: 1 << 20 }); // r.timedOut
 * @throws never for the child's own failure.
 */
export function boundedSpawn(command: string, args: string[], options: BoundedOptions): Promise<BoundedResult> {
  const { cwd, timeoutMs, memoryKiB, env = process.env, maxOutput = 1 << 20 } = options;
  const scratch = hasGnuTime ? mkdtempSync(join(tmpdir(), 'seqcast-bounded-')) : undefined;
  const timeFile = scratch && join(scratch, 'rss');
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // its own process group, so a kill reaches GNU time, node and anything node started
    const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let overMemory = false;
    let polledPeak = 0;
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < maxOutput) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < maxOutput) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const poll = hasProc
      ? setInterval(() => {
          const pid = timeFile ? childOf(child.pid!) : child.pid!;
          const m = pid === undefined ? undefined : memoryOf(pid);
          if (!m) return;
          polledPeak = Math.max(polledPeak, m.hwm);
          if (m.rss > memoryKiB) {
            overMemory = true;
            kill();
          }
        }, 50)
      : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(err);
    });
    child.on('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      clearInterval(poll);
      let code = exitCode;
      let signal: string | null = exitSignal;
      let peakKiB: number | undefined = polledPeak || undefined;
      if (timeFile && existsSync(timeFile)) {
        // "Command terminated by signal 9" (and code 128 + 9) when the command died of a signal
        const text = readFileSync(timeFile, 'utf8');
        const bySignal = /terminated by signal (\d+)/.exec(text);
        if (bySignal && signal === null) {
          signal = `signal ${bySignal[1]}`;
          code = null;
        }
        const kib = Number(/(\d+)\s*$/.exec(text)?.[1]);
        if (kib > 0) peakKiB = Math.max(kib, polledPeak);
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, signal, stdout, stderr, timedOut, overMemory, peakKiB, seconds });
    });
    child.stdin.end();
  });
}

/**
 * Runs `seqcast ...args` from the build (as test/helpers/cli.ts does) under the bounds, with V8's
 * heap capped at `heapMiB` so a runaway heap fails fast instead of filling the machine.
 * @example const r = await boundedCli(['train', '--epochs', '0'], { cwd, timeoutMs: 30_000, memoryKiB: 1 << 20, heapMiB: 1024 });
 * @throws never for the command's own failure.
 */
export function boundedCli(args: string[], options: BoundedOptions & { heapMiB: number }): Promise<BoundedResult> {
  const nodeArgs = [`--max-old-space-size=${options.heapMiB}`, cliEntry, ...args];
  return boundedSpawn(process.execPath, nodeArgs, { ...options, env: { ...process.env, SEQCAST_DEBUG: '', ...options.env } });
}
