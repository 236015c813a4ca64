/**
 * Reading one file of a saved model from disk (Node), with limits: only a regular file is read (a
 * symbolic link is followed, and what it points to must be a regular file: never a directory, a
 * named pipe, a device such as /dev/zero or a socket), and only once its size is known to be one
 * the model can have. Every problem is one ModelFileError naming the file and the fix, never a
 * raw system error.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileError } from '../errors.js';

/** A FIFO opened for reading without O_NONBLOCK waits for a writer; with it, open returns at once (0 where it does not exist). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of `name` in the model directory `dir` (named as the user gave it), read only when it
 * is a regular file and `checkSize(size)` accepts its size (returns null).
 * @example const json = await readModelFile('run/model', 'model.json', (n) => (n > limit ? tooLarge(n) : null));
 * @throws ModelFileError when the file is missing, unreadable, not a regular file, of a size that
 * `checkSize` refuses (its error), or changes size while it is read.
 */
export async function readModelFile(dir: string, name: string, checkSize: (size: number) => ModelFileError | null): Promise<Buffer> {
  const path = join(dir, name);
  const cannot = (what: string): ModelFileError =>
    new ModelFileError(
      `Cannot load a model from '${dir}': ${name} ${what}. A saved model is a directory with the two regular files model.json and weights.bin, as model.save(dir) writes them.`,
    );
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw cannot(err.code === 'ENOENT' ? 'is missing' : unreadable(err));
  });
  if (!info.isFile()) throw cannot(`is ${await kindOf(path, info)}, not a regular file: replace it with the ${name} of a saved model`);
  const tooLarge = checkSize(info.size);
  if (tooLarge) throw tooLarge;
  const handle = await open(path, OPEN_FLAGS).catch((err: NodeJS.ErrnoException) => {
    throw cannot(unreadable(err));
  });
  try {
    // the file opened may not be the one checked (replaced in between): check what was opened
    const opened = await handle.stat();
    if (!opened.isFile() || opened.size !== info.size)
      throw cannot('changed while it was being read: load the model again once it is written');
    const bytes = Buffer.alloc(info.size);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) throw cannot('changed while it was being read: load the model again once it is written');
      read += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Why a file cannot be opened, in words (`cannot be read: permission denied`). */
function unreadable(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied (make it readable, e.g. chmod +r)';
    case 'ELOOP':
      return 'is a symbolic link that points to itself, in a loop';
    case 'ENOTDIR':
      return 'is missing (a part of its path is a file, not a directory)';
    case 'ENXIO':
      return 'is a socket or a device, not a regular file';
    case 'EIO':
      return 'cannot be read: the disk reported an input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'cannot be opened: too many files are open';
    default:
      return `cannot be read (${err.code ?? 'unknown error'})`;
  }
}

/** What a non-regular file is, with what a symbolic link points to: `a link to '/dev/zero', a character device`. */
async function kindOf(path: string, info: Stats): Promise<string> {
  const kind = info.isDirectory()
    ? 'a directory'
    : info.isFIFO()
      ? 'a named pipe (FIFO)'
      : info.isCharacterDevice()
        ? 'a character device'
        : info.isBlockDevice()
          ? 'a block device'
          : info.isSocket()
            ? 'a socket'
            : 'a special file';
  const link = await lstat(path)
    .then((l) => (l.isSymbolicLink() ? readlink(path) : null))
    .catch(() => null);
  return link === null ? kind : `a link to '${link}', ${kind}`;
}
