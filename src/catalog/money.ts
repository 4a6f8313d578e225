/**
 * Money amounts as decimal strings, never floats: products.unit_cost and products.price are
 * numeric(14, 4), which PostgreSQL returns with exactly four decimal places ("12.5000").
 * Normalising input to that same form means a value read back compares equal to the value
 * written, so an import can tell an unchanged row from a changed one by string comparison.
 */

export const MONEY_SCALE = 4;
/** numeric(14, 4) leaves 10 digits before the point. */
const MAX_INTEGER_DIGITS = 10;

export type MoneyParse = { ok: true; value: string } | { ok: false; message: string };

const NOT_A_NUMBER = 'must be a non-negative number';
const TOO_PRECISE = `must have at most ${MONEY_SCALE} decimal places`;
const TOO_LARGE = `must be less than 1${'0'.repeat(MAX_INTEGER_DIGITS)}`;

const DECIMAL = /^(\d*)(?:\.(\d*))?$/;

/**
 * Accepts "12.5", "12.50", ".5", "7", 12.5 and normalises to "12.5000".
 * Refuses negatives, signs, exponents, thousands separators and currency symbols.
 */
export function parseMoney(input: string | number): MoneyParse {
  if (typeof input === 'number') return parseMoneyNumber(input);
  const match = DECIMAL.exec(input.trim());
  const integerDigits = match?.[1] ?? '';
  const fractionDigits = match?.[2] ?? '';
  if (!match || (integerDigits === '' && fractionDigits === '')) return { ok: false, message: NOT_A_NUMBER };
  const fraction = fractionDigits.replace(/0+$/, '');
  if (fraction.length > MONEY_SCALE) return { ok: false, message: TOO_PRECISE };
  const integer = integerDigits.replace(/^0+(?=\d)/, '') || '0';
  if (integer.length > MAX_INTEGER_DIGITS) return { ok: false, message: TOO_LARGE };
  return { ok: true, value: `${integer}.${fraction.padEnd(MONEY_SCALE, '0')}` };
}

function parseMoneyNumber(input: number): MoneyParse {
  if (!Number.isFinite(input) || input < 0 || Object.is(input, -0)) return { ok: false, message: NOT_A_NUMBER };
  // Number#toString is the shortest text that round-trips, so 12.5 reads as "12.5", not 12.4999….
  // It switches to exponent form only below 1e-6 (too precise anyway) and from 1e21 (too large).
  const text = input.toString();
  if (text.includes('e')) return { ok: false, message: input < 1 ? TOO_PRECISE : TOO_LARGE };
  return parseMoney(text);
}
