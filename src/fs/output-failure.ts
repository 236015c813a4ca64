/**
 * A file-system error while writing a result, as one sentence naming the path and the fix: the
 * raw codes (EACCES, EROFS, ENOENT, EISDIR, ...) never reach a user. Node-only (the browser writes
 * nothing).
 */
import { OutputError } from '../errors.js';

/** What was being done, where, and the fix when the error's cause does not suggest its own. */
export interface FailureContext {
  /** What could not be done, completing "Cannot ...": e.g. `create the folder '/proc/x/run'`. */
  action: string;
  /** The path the error is about (the folder that refused, the file that could not be written). */
  at: string;
  /** The fix, default 'choose a folder you can write to'. */
  fix?: string;
  /** A last sentence, e.g. "Nothing in 'run' was changed." */
  after?: string;
}

/** The reason for each error code, about the path `at`, and the fix the reason implies (if any). */
const REASONS: Record<string, (at: string) => { reason: string; fix?: string }> = {
  EACCES: (at) => ({ reason: `you may not write in '${at}' (permission denied)` }),
  EPERM: (at) => ({ reason: `the system does not allow writing in '${at}' (operation not permitted)` }),
  EROFS: (at) => ({ reason: `'${at}' is on a read-only file system` }),
  ENOENT: (at) => ({ reason: `'${at}' does not accept new files (a virtual system folder such as /proc), or was removed meanwhile` }),
  ENOTDIR: (at) => ({ reason: `'${at}' or a folder above it is a file, not a folder`, fix: 'choose another path' }),
  EISDIR: (at) => ({ reason: `'${at}' is a folder, not a file`, fix: 'name a file' }),
  EEXIST: (at) => ({ reason: `'${at}' appeared meanwhile (another program wrote it)`, fix: 'run again, or choose another path' }),
  ENOTEMPTY: (at) => ({ reason: `'${at}' appeared meanwhile (another program wrote it)`, fix: 'run again, or choose another path' }),
  ENOSPC: (at) => ({ reason: `the disk holding '${at}' is full`, fix: 'free some space and run again' }),
  EDQUOT: (at) => ({ reason: `your disk quota for '${at}' is used up`, fix: 'free some space and run again' }),
  ENAMETOOLONG: (at) => ({ reason: `the path '${at}' is too long`, fix: 'choose a shorter path' }),
  ELOOP: (at) => ({ reason: `'${at}' is a loop of symbolic links`, fix: 'choose another path' }),
  EBUSY: (at) => ({ reason: `'${at}' is in use (a mount point, or open in another program)`, fix: 'choose another path' }),
  EXDEV: (at) => ({ reason: `'${at}' is on another disk than the folder holding it (a mount point)`, fix: 'choose another path' }),
  EINVAL: (at) => ({ reason: `'${at}' is not a name this file system accepts here`, fix: 'choose another path' }),
  EMFILE: () => ({ reason: 'too many files are open', fix: 'close other programs and run again' }),
  ENFILE: () => ({ reason: 'too many files are open', fix: 'close other programs and run again' }),
  EIO: (at) => ({ reason: `the disk holding '${at}' reported a read or write error`, fix: 'check the disk, or choose another folder' }),
  ETXTBSY: (at) => ({ reason: `'${at}' is in use by a running program`, fix: 'choose another path' }),
};

/**
 * A file-system error as an {@link OutputError} with one sentence: `Cannot <action>: <reason>: <fix>.`
 * Any other value (a bug, or an error seqcast already worded) is returned as it is.
 * @example throw outputFailure(err, { action: "create the folder '/proc/x'", at: '/proc' });
 * // "Cannot create the folder '/proc/x': '/proc' does not accept new files (a virtual system folder such as /proc), or was removed meanwhile: choose a folder you can write to."
 * @throws never (it returns the error to throw).
 */
export function outputFailure(err: unknown, context: FailureContext): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (!(err instanceof Error) || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const known = REASONS[code]?.(context.at);
  const reason = known?.reason ?? `the system refused to write '${context.at}' (error ${code})`;
  const fix = known?.fix ?? context.fix ?? 'choose a folder you can write to';
  return new OutputError(`Cannot ${context.action}: ${reason}: ${fix}.${context.after ? ` ${context.after}` : ''}`, { cause: err });
}

/**
 * Whether `err` is a file-system error with one of `codes` (e.g. a missing path).
 * @example if (hasCode(err, 'ENOENT', 'ENOTDIR')) return null;
 * @throws never.
 */
export function hasCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes((err as NodeJS.ErrnoException | null)?.code ?? '');
}
