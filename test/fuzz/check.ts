/**
 * The promise for bad input, as checks on one run of the CLI: the right exit code (never a crash or
 * a signal), one `seqcast: ` line on stderr when it fails (progress and notes aside) with nothing
 * raw in it, no file changed but the run's own outputs (none when it fails), within the time and
 * memory bounds. Returns every broken promise, one line each; empty when the run kept them all.
 */
import type { BoundedResult } from '../helpers/bounded.js';
import type { FuzzCase } from './case.js';

export interface Limits {
  timeoutMs: number;
  memoryKiB: number;
}

export interface FileChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  now?: string;
}

/** Lines a command may write to stderr before its error: progress and notes, never the error itself. */
const PROGRESS = [/^epoch \d+\/\d+( |$)/, /^fold \d+\/\d+[: ]/, /^training \d+ folds on \d+ worker threads?$/, /^note: /];

/** Things that must never reach a user, with what each one means. */
const FORBIDDEN: [RegExp, string][] = [
  [/^\s+at .+/m, 'a stack trace'],
  [/Invalid typed array length/, '"Invalid typed array length"'],
  [/Maximum call stack/, '"Maximum call stack size exceeded"'],
  [/\bundefined\b/, '"undefined"'],
  [/\[object /, '"[object ...]"'],
  [
    /\bE[A-Z]{2,}:|\bE(NOENT|ISDIR|NOTDIR|ACCES|PERM|EXIST|NOTEMPTY|LOOP|NAMETOOLONG|MFILE|NOSPC|INVAL|XDEV|BUSY|AGAIN)\b/,
    'a raw system error code',
  ],
  [/\bERR_[A-Z_]{3,}/, 'a raw Node.js error code (ERR_...)'],
  [/\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b/, 'a JavaScript error name'],
  [/Cannot read propert|is not a function|is not iterable|Cannot convert|of null|of undefined/, 'a JavaScript TypeError message'],
  [/Invalid (string|array) length|Array buffer allocation failed|allocation failed/i, 'an allocation failure'],
  [/FATAL ERROR|JavaScript heap out of memory|Aborted|Segmentation fault/, 'a crash of the process'],
];

const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

/** An excerpt of output for a message: the start and the end, control characters escaped. */
export function excerpt(text: string, max = 600): string {
  const shown = text.length > max ? `${text.slice(0, max / 2)} … ${text.slice(-max / 2)}` : text;
  return JSON.stringify(shown);
}

/**
 * Every promise the run broke, one line each.
 * @example violations(c, result, [], { timeoutMs: 30_000, memoryKiB: 1 << 20 }) // [] when it kept them all
 * @throws never.
 */
export function violations(c: FuzzCase, r: BoundedResult, changed: FileChange[], limits: Limits): string[] {
  const out: string[] = [];
  if (r.timedOut) out.push(`it did not end within ${limits.timeoutMs / 1000} s (killed)`);
  if (r.overMemory) out.push(`its resident memory passed ${mib(limits.memoryKiB)} (killed)`);
  else if (r.peakKiB !== undefined && r.peakKiB > limits.memoryKiB)
    out.push(`its peak resident memory was ${mib(r.peakKiB)}, over ${mib(limits.memoryKiB)}`);
  if (r.timedOut || r.overMemory) return out;
  if (r.signal !== null) out.push(`it was ended by ${r.signal} (a crash)`);
  else if (r.code === null || ![0, 1, 2].includes(r.code)) out.push(`exit code ${r.code} (a crash: only 0, 1 and 2 are the CLI's)`);
  else if (!c.expect.includes(r.code)) out.push(`exit code ${r.code}, expected ${c.expect.join(' or ')}: ${c.why}`);

  if (r.code !== 0) {
    const lines = r.stderr.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
    const errors = lines.filter((l) => !PROGRESS.some((p) => p.test(l)));
    if (errors.length !== 1 || !errors[0].startsWith('seqcast: ')) {
      out.push(`stderr is not one "seqcast: " line (besides progress): ${errors.length} other line(s): ${excerpt(errors.join('\n'))}`);
    } else if (lines[lines.length - 1] !== errors[0]) {
      out.push(`the error is not the last line of stderr: ${excerpt(r.stderr)}`);
    } else if (errors[0].length < 'seqcast: '.length + 12) {
      out.push(`the error says too little to name the problem: ${excerpt(errors[0])}`);
    }
  }
  for (const [pattern, what] of FORBIDDEN) {
    const hit = pattern.exec(r.stderr) ?? pattern.exec(r.stdout);
    if (hit) out.push(`the output shows ${what}: ${excerpt(hit.input.slice(Math.max(0, hit.index - 150), hit.index + 150))}`);
  }
  const allowed = (f: FileChange): boolean =>
    c.outputs.some(
      (o) => f.path === o || f.path.startsWith(`${o}/`) || (f.change === 'added' && f.now === 'dir' && o.startsWith(`${f.path}/`)),
    );
  const stray = r.code === 0 ? changed.filter((f) => !allowed(f)) : changed;
  if (stray.length > 0) {
    const list = stray.map((f) => `${f.path} (${f.change})`).join(', ');
    out.push(r.code === 0 ? `it changed files that are not its outputs: ${list}` : `it failed but changed files: ${list}`);
  }
  return out;
}
