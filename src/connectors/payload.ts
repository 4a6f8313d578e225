/**
 * Reading untyped platform JSON. A payload that does not have the shape we need is a broken thing:
 * these throw PlatformError('permanent') with what was missing, and the inbox keeps the message.
 */
import { PlatformError } from './types.ts';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unreadable(what: string): PlatformError {
  return new PlatformError('permanent', `unreadable payload: ${what}`);
}

export function recordOf(value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) throw unreadable(`${what} is not an object`);
  return value;
}

/** An int64 id as a string: ids may arrive as numbers (small) or strings (big-int-safe parse, *_str fields). */
export function optionalIdOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

export function idOf(value: unknown, what: string): string {
  const id = optionalIdOf(value);
  if (id === null) throw unreadable(`${what} is not an id (${JSON.stringify(value)})`);
  return id;
}

/** An id to send back in a JSON body as a bare integer, however large. */
export function jsonIdOf(value: unknown, what: string): bigint {
  return BigInt(idOf(value, what));
}

/** Text or null; numbers become their decimal text, empty strings become null. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

export function requiredTextOf(value: unknown, what: string): string {
  const text = textOf(value);
  if (text === null) throw unreadable(`${what} is missing`);
  return text;
}

/** A count that platforms send as a number or, in TOP's string-typed fields, as digits. */
export function countOf(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw unreadable(`${what} is not a whole number (${JSON.stringify(value)})`);
  return n;
}

export function arrayOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw unreadable(`${what} is not a list`);
  return value;
}
