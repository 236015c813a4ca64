/**
 * How deep JSON text nests, found without parsing and without recursion, so that a file nested
 * thousands deep is refused before anything recursive (JSON.parse, a message showing a value) meets
 * it. Browser-safe.
 */

/**
 * The index of the first bracket that opens a level deeper than `max` in JSON text, or null when
 * none does: a scan of `[` and `{` outside strings.
 * @example jsonDepthOver('[[1]]', 1) // 1
 * @example jsonDepthOver('{"a": "[[["}', 1) // null (brackets inside strings do not count)
 * @throws never.
 */
export function jsonDepthOver(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}
