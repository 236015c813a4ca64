/**
 * A Redis server of the test's own: `redis-server` (Debian's, /usr/bin) on a free local port,
 * without persistence, in a temporary folder; the tests never use a system service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A running test server. */
export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:PORT` */
  url: string;
  /** A client for the test's own reads (counting hash fields, say); closed by `stop`. */
  client: Redis;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's choice), e.g. for a "dead server" test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `redis-server --port P --save '' --appendonly no` in a temporary folder and waits until
 * it answers PING (a few tries on other ports if one was taken meanwhile).
 * @example const redis = await startRedis(); try { ... redis.url ... } finally { await redis.stop(); }
 */
export async function startRedis(): Promise<TestRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'seqcast-redis-'));
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const client = await waitForPing(port, server, () => log);
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        client,
        async stop() {
          client.disconnect();
          await stopProcess(server);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (e) {
      lastError = e;
      await stopProcess(server);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

async function waitForPing(port: number, server: ChildProcess, log: () => string): Promise<Redis> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`redis-server exited (${server.exitCode}): ${log()}`);
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return client;
    } catch {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${log()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
