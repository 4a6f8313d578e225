/**
 * JSON with 64-bit integer ids. Shopify order ids and Taobao tids/oids go past 2^53 (PLATFORMS.md §1:
 * "Real IDs go past 2^53 (webhook samples use 820982911946154508)"; §4: tid_str exists for that
 * reason), and both platforms write them as bare JSON numbers. The simulators keep such ids as
 * bigint and emit them as bare digits, so a client that parses them into a double loses precision
 * exactly as it would against the real platform.
 */

const BIGINT_MARK = '\u0001bigint:';
// JSON.stringify escapes U+0001, so the mark appears in the text as the six characters \u0001.
const MARKED_BIGINT = /"\\u0001bigint:(-?\d+)"/g;

/** JSON.stringify that writes bigint values as bare integers. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v));
  return text.replace(MARKED_BIGINT, '$1');
}

/**
 * JSON.parse that keeps integers of 16 digits or more as strings (they may not fit a double), so a
 * request naming a 64-bit id can be matched exactly. Callers turn such fields into bigint with toBigId.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

function quoteLongIntegers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] as string)) end++;
      const token = text.slice(i, end);
      out += /^-?\d{16,}$/.test(token) ? `"${token}"` : token;
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** A JSON or query value as a 64-bit id, or null when it is not a whole number. */
export function toBigId(value: unknown): bigint | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value.trim())) return BigInt(value.trim());
  return null;
}
