/**
 * Option parsers the bench commands share (commander's InvalidArgumentError, exit code 2).
 */
import { InvalidArgumentError } from 'commander';

/** `--flag a,b`: a comma-separated list of `allowed` names, at least one. */
export function list<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const n of names)
      if (!(allowed as readonly string[]).includes(n))
        throw new InvalidArgumentError(`${flag} takes a comma-separated list of ${allowed.join(', ')}, got '${n}'.`);
    if (names.length === 0) throw new InvalidArgumentError(`${flag} needs at least one of ${allowed.join(', ')}.`);
    return names as T[];
  };
}

/** `--flag n`: a whole number of at least `min`. */
export function integer(flag: string, min: number) {
  return (value: string): number => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be an integer ≥ ${min}, got '${value}'.`);
    return n;
  };
}
