/**
 * Builds the playground (scripts/build-web.mjs) and serves web/dist on http://localhost:5173
 * (`--port N` for another port, `--port 0` for any free one). Prints the URL; Ctrl-C stops it.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { buildWeb } from './build-web.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

const flag = process.argv.indexOf('--port');
const port = flag >= 0 ? Number(process.argv[flag + 1]) : 5173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve-web: --port must be a whole number from 0 to 65535, got '${process.argv[flag + 1]}'.`);
  process.exit(2);
}

const root = await buildWeb();
const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root)) {
    response.writeHead(403).end('Forbidden');
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}`);
  }
});
server.on('error', (err) => {
  console.error(`serve-web: cannot listen on port ${port} (${err.message}): pass another one with --port, e.g. --port 5174.`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`seqcast playground: http://localhost:${typeof address === 'object' && address ? address.port : port}/`);
});
