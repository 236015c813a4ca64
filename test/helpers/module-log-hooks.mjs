/** Module hooks for module-log.mjs: each resolved URL appended to $SEQCAST_MODULE_LOG. */
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const log = process.env.SEQCAST_MODULE_LOG;
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
