/**
 * seqcast's own version, from its package.json (Node only: it reads the file once). One place for
 * `seqcast --version`, the generator line of the HTML reports and the `createdBy` of saved models.
 */
import { readFileSync } from 'node:fs';

let version: string | null = null;

/**
 * The version in package.json (one level up from both src/ and dist/), or 'unknown' when the file
 * cannot be read or names none.
 * @example packageVersion(); // '0.1.0'
 * @throws never.
 */
export function packageVersion(): string {
  version ??= readVersion();
  return version;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
