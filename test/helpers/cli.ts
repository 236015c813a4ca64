/**
 * Runs the CLI as a user runs `seqcast ...args`, for the command tests: the build in dist/ (which
 * `npm test` makes first from src/), as the installed package runs; it starts in half the time
 * tsx needs to compile src/ in each process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI's entry point, built from src/cli/main.ts by `npm run build` (npm test runs it first). */
export const cliEntry = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  /** The exit code; null when the process was killed (see `signal`). */
  code: number | null;
  /** The signal that ended the process, e.g. 'SIGKILL' after `timeout`; null when it exited by itself. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `seqcast ...args` (dist/cli/main.js) in `cwd` (default: the repository root);
 * with `timeout` (ms), a process still running then is killed (SIGKILL): for tests that it ends by itself.
 * @example const { code, stdout } = await cli('demo', '--epochs', '1', '--json');
 */
export function cli(args: string[], options: { cwd?: string; input?: string; timeout?: number } = {}): Promise<CliResult> {
  return cliWith([], args, options);
}

/**
 * As {@link cli}, with options for node itself before the script (e.g. a preload: `['--import', url]`).
 * @example const { stderr } = await cliWith(['--max-old-space-size=256'], ['train', '--dataset', 'sunspots']);
 */
export function cliWith(
  nodeArgs: string[],
  args: string[],
  { cwd = root, input, timeout }: { cwd?: string; input?: string; timeout?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cliEntry, ...args], {
      cwd,
      env: { ...process.env, SEQCAST_DEBUG: '' },
      ...(timeout !== undefined ? { timeout, killSignal: 'SIGKILL' as const } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
