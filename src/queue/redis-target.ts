/**
 * Where the job queue lives: a `redis://[[user]:password@]host[:port][/db]` URL read once and
 * checked before anything connects, and a quick probe that turns an unreachable server into one
 * clear error within seconds (ioredis on its own retries for ever).
 */
import type { RedisOptions } from 'ioredis';
import { OptionError, QueueError } from '../errors.js';

/** A Redis server and database, as read from a `redis://` URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The URL without its credentials, for messages: `redis://127.0.0.1:6379/0`. */
  display: string;
}

const DEFAULT_PORT = 6379;
const EXAMPLE = 'redis://127.0.0.1:6379';

/**
 * The server and database of a `redis://host:port[/db]` URL (port 6379 and database 0 when left
 * out; `redis://:password@host:port` for a server with a password).
 * @example parseRedisUrl('redis://10.0.0.5:6380/2'); // { host: '10.0.0.5', port: 6380, db: 2, display: 'redis://10.0.0.5:6380/2' }
 * @throws OptionError naming the problem and an example when the URL is not of that form
 *   (another scheme, no host, a port or database that is not a number in range, a query).
 */
export function parseRedisUrl(url: string): RedisTarget {
  const wrong = (problem: string): OptionError =>
    new OptionError(`The queue URL '${redact(String(url))}' ${problem}: give redis://HOST:PORT[/DB], e.g. ${EXAMPLE}.`);
  if (typeof url !== 'string' || url.trim() === '') throw wrong('is empty');
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    const port = /^redis:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(url.trim())?.[1]; // new URL refuses a port past 65535 without saying so
    throw wrong(port !== undefined && Number(port) > 65535 ? `has the port ${port}, not one from 1 to 65535` : 'is not a URL');
  }
  if (u.protocol === 'rediss:') throw wrong('asks for TLS (rediss://), which seqcast does not support yet');
  if (u.protocol !== 'redis:') throw wrong(`has the scheme '${u.protocol.replace(/:$/, '')}', not redis`);
  if (u.hostname === '') throw wrong('names no host');
  if (u.search !== '' || u.hash !== '') throw wrong('has a query or fragment, which seqcast does not read');
  const port = u.port === '' ? DEFAULT_PORT : Number(u.port);
  if (!(port >= 1 && port <= 65535)) throw wrong(`has the port ${u.port}, not one from 1 to 65535`);
  const path = u.pathname === '' || u.pathname === '/' ? '/0' : u.pathname;
  const dbMatch = /^\/(\d{1,5})$/.exec(path);
  if (!dbMatch) throw wrong(`has the path '${u.pathname}', not a database number such as /0`);
  const db = Number(dbMatch[1]);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 address without its brackets
  const target: RedisTarget = { host, port, db, display: `redis://${u.hostname}:${port}/${db}` };
  if (u.username !== '') target.username = decodeURIComponent(u.username);
  if (u.password !== '') target.password = decodeURIComponent(u.password);
  return target;
}

/** The URL with its password (if any) hidden, for a message. */
function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/**
 * ioredis options for `target`. `blocking` connections (a BullMQ worker, QueueEvents) wait for
 * ever for Redis to come back (`maxRetriesPerRequest: null`, as BullMQ requires); the others give
 * up on a command after ioredis's 20 retries, so a lost server fails a run instead of hanging it.
 * @example new Redis(redisOptions(parseRedisUrl('redis://127.0.0.1:6379'), { blocking: false }));
 * @throws never.
 */
export function redisOptions(target: RedisTarget, { blocking }: { blocking: boolean }): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    connectTimeout: 5000,
    maxRetriesPerRequest: blocking ? null : 20,
  };
}

/**
 * Connects to `target` once, without retrying, and checks that it answers PING and is a Redis
 * BullMQ can use (5.0 or later).
 * @example await checkRedis(parseRedisUrl('redis://127.0.0.1:6379'));
 * @throws QueueError within about `timeoutMs` when the server cannot be reached (nothing listens,
 *   an unknown host, no answer), refuses the password or the database, or is too old.
 */
export async function checkRedis(target: RedisTarget, { timeoutMs = 3000 }: { timeoutMs?: number } = {}): Promise<void> {
  const { Redis } = await import('ioredis'); // loaded when used: `import 'seqcast'` does not pay for it
  const client = new Redis({
    ...redisOptions(target, { blocking: false }),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null, // one try: the caller reports, rather than waits
    disconnectTimeout: 100, // (ioredis keeps the process 2 s by default after a failed connect)
  });
  let lastError: Error | undefined;
  client.on('error', (e: Error) => (lastError = e)); // connect() rejects with it; keep it from being unhandled
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs + 500);
  });
  try {
    const version = await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
        const info = await client.info('server');
        return /redis_version:(\d+)/.exec(info)?.[1];
      })(),
      timeout,
    ]);
    if (version !== undefined && Number(version) < 5)
      throw new QueueError(`The Redis server at ${target.display} is version ${version}; the job queue (BullMQ) needs Redis 5 or later.`);
  } catch (e) {
    if (e instanceof QueueError) throw e;
    // ioredis rejects connect() with 'Connection is closed.'; its 'error' event has the cause (ECONNREFUSED, ENOTFOUND, WRONGPASS)
    const reason = describe(lastError ?? (e instanceof Error ? e : new Error(String(e))));
    throw new QueueError(
      `Cannot reach Redis at ${target.display} (${reason}): start redis-server there, or check the host, port, database and password.`,
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** An ioredis/Node error as a few words: 'connect ECONNREFUSED 127.0.0.1:1' stays as it is. */
function describe(e: Error): string {
  const message = e.message.replace(/\s+/g, ' ').trim();
  return message.length > 160 ? `${message.slice(0, 157)}...` : message;
}
