/**
 * Decimal money without floats. Amazon's ItemPrice is the line total ("the selling price of the item
 * multiplied by the quantity ordered", ordersV0 OrderItem.ItemPrice), so a unit price is a division.
 * Exact as long as the quotient ends within MAX_SCALE places (the hub stores numeric(14, 4)); a
 * quotient that does not end (10.00 / 3) is rounded half up at that scale.
 */
import { unreadable } from '../payload.ts';

const MAX_SCALE = 4;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

interface Fixed {
  units: bigint;
  scale: number;
}

function parse(amount: string, what: string): Fixed {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw unreadable(`${what} is not a decimal amount (${JSON.stringify(amount)})`);
  const fraction = match[2] ?? '';
  return { units: BigInt(`${match[1]}${fraction}`), scale: fraction.length };
}

function format(units: bigint, scale: number, keepScale: number): string {
  const text = units.toString().padStart(scale + 1, '0');
  let integer = text.slice(0, text.length - scale);
  let fraction = text.slice(text.length - scale);
  while (fraction.length > keepScale && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  integer = integer.replace(/^0+(?=\d)/, '');
  return fraction ? `${integer}.${fraction}` : integer;
}

/** amount / divisor, e.g. ("17.95", 2) → "8.975"; keeps at least the amount's own decimal places. */
export function divideAmount(amount: string, divisor: number, what: string): string {
  if (!Number.isSafeInteger(divisor) || divisor < 1) throw unreadable(`${what}: cannot divide by ${divisor}`);
  const { units, scale } = parse(amount, what);
  const outScale = Math.max(scale, MAX_SCALE);
  const numerator = units * 10n ** BigInt(outScale - scale);
  const d = BigInt(divisor);
  const rounded = (numerator * 2n + d) / (2n * d);
  return format(rounded, outScale, scale);
}

/** The sum of decimal amounts, e.g. ["25.99", "17.95"] → "43.94". */
export function sumAmounts(amounts: string[], what: string): string {
  const parsed = amounts.map((a) => parse(a, what));
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const total = parsed.reduce((sum, p) => sum + p.units * 10n ** BigInt(scale - p.scale), 0n);
  return format(total, scale, scale);
}
