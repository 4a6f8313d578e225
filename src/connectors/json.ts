/**
 * JSON with platform ids beyond 2^53. Shopify order ids (e.g. 820982911946154508 in its webhook
 * samples) and Taobao tids are int64: `JSON.parse` silently rounds them. Node 20 has neither
 * `JSON.parse` source access nor `JSON.rawJSON`, so integers are handled at the text level.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

/** Parses JSON, turning integers beyond Number.MAX_SAFE_INTEGER into decimal strings (exactly as written). */
export function parseJsonPreservingBigInts(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/**
 * One linear pass (no regex over whole strings: a long string full of escapes would exhaust the
 * regex stack): skip strings, and wrap each integer token too big for a double in quotes.
 */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
    } else if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0] ?? text[i] ?? '';
      if (INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedTo, i)}"${token}"`;
        copiedTo = i + token.length;
      }
      i += token.length;
    } else {
      i += 1;
    }
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** Index just past the string opening at `start`: the first quote preceded by an even run of backslashes. */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

const BIGINT_MARK = '@@omnisync-bigint:';
const MARKED = new RegExp(`"${BIGINT_MARK}(-?\\d+)"`, 'g');

/** Serialises JSON in which `bigint` values are written as bare integers (ids sent back to a platform). */
export function stringifyJsonWithBigInts(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v));
  return text.replace(MARKED, '$1');
}
