import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRedis, parseRedisUrl } from '../../src/queue/redis-target.js';
import { OptionError, QueueError } from '../../src/errors.js';
import { freePort } from '../helpers/redis.js';

test('parseRedisUrl(url) reads host, port, database and credentials, with 6379 and /0 by default', () => {
  assert.deepEqual(parseRedisUrl('redis://10.0.0.5:6380/2'), { host: '10.0.0.5', port: 6380, db: 2, display: 'redis://10.0.0.5:6380/2' });
  assert.deepEqual(parseRedisUrl('redis://queue.local'), { host: 'queue.local', port: 6379, db: 0, display: 'redis://queue.local:6379/0' });
  assert.deepEqual(parseRedisUrl('redis://[::1]:7000/'), { host: '::1', port: 7000, db: 0, display: 'redis://[::1]:7000/0' });
  const withPassword = parseRedisUrl('redis://:p%40ss@h:1/3');
  assert.equal(withPassword.password, 'p@ss');
  assert.equal(withPassword.display, 'redis://h:1/3'); // no password in messages
  assert.equal(parseRedisUrl('redis://me:pw@h').username, 'me');
});

test('parseRedisUrl(url) refuses anything but redis://HOST[:PORT][/DB] with an OptionError naming the problem, never the password', () => {
  const cases: [string, RegExp][] = [
    ['', /is empty/],
    ['localhost:6379', /scheme 'localhost', not redis/],
    ['http://h:6379', /scheme 'http', not redis/],
    ['rediss://h:6379', /TLS \(rediss:\/\/\), which seqcast does not support yet/],
    ['redis:///0', /names no host/],
    ['redis://h:0', /port 0, not one from 1 to 65535/],
    ['redis://:secret@h:99999', /'redis:\/\/:\*\*\*@h:99999' has the port 99999/],
    ['redis://h/db1', /path '\/db1', not a database number/],
    ['redis://h?db=1', /query or fragment/],
    ['redis//h', /is not a URL/],
  ];
  for (const [url, pattern] of cases) {
    assert.throws(
      () => parseRedisUrl(url),
      (e: Error) =>
        e instanceof OptionError &&
        pattern.test(e.message) &&
        /give redis:\/\/HOST:PORT\[\/DB\], e\.g\. redis:\/\/127\.0\.0\.1:6379\.$/.test(e.message),
      url,
    );
  }
  assert.throws(
    () => parseRedisUrl('redis://u:secret@h:0'),
    (e: Error) => !e.message.includes('secret'),
  );
});

test('checkRedis(target) fails within seconds with a QueueError naming the server and the cause', async () => {
  const port = await freePort();
  const started = Date.now();
  await assert.rejects(
    checkRedis(parseRedisUrl(`redis://127.0.0.1:${port}`)),
    (e: Error) =>
      e instanceof QueueError &&
      e.message ===
        `Cannot reach Redis at redis://127.0.0.1:${port}/0 (connect ECONNREFUSED 127.0.0.1:${port}): start redis-server there, or check the host, port, database and password.`,
  );
  assert.ok(Date.now() - started < 5000);
});
