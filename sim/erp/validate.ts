/** Reading request bodies and answering errors the way the simulated ERP does: {error: {code, message}}. */
import { jsonResponse, type SimRequest, type SimResponse } from '../common/http.ts';

const MONEY = /^\d{1,12}(\.\d{1,4})?$/;
/** ISO 8601 date-time with a zone ("2025-04-02T16:00:00Z", "…+08:00"), or a bare date. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export function isMoneyText(value: string): boolean {
  return MONEY.test(value);
}

export function isIsoTime(value: string): boolean {
  return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function erpError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/** The JSON object body, or the 400 to answer. */
export function readJsonObject(request: SimRequest): { body: Record<string, unknown> } | { refused: SimResponse } {
  try {
    const body: unknown = request.rawBody.trim() === '' ? {} : JSON.parse(request.rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { refused: erpError(400, 'BAD_REQUEST', 'the body must be a JSON object') };
}

/** Collects the first problem of a body, field by field: `check` calls read on, `problem` says what failed. */
export class FieldReader {
  problem: string | null = null;

  constructor(private readonly body: Record<string, unknown>, private readonly prefix = '') {}

  raw(name: string): unknown {
    return this.body[name];
  }

  text(name: string, options: { optional?: boolean } = {}): string {
    const value = this.body[name];
    if (value === undefined || value === null || value === '') {
      if (!options.optional) this.fail(`${this.prefix}${name} is required`);
      return '';
    }
    if (typeof value !== 'string') return this.fail(`${this.prefix}${name} must be a string`, '');
    return value;
  }

  nullableText(name: string): string | null {
    const value = this.text(name, { optional: true });
    return value === '' ? null : value;
  }

  /** Money is a decimal string: a JSON number would already have been through a double. */
  money(name: string): string {
    const value = this.body[name];
    if (typeof value !== 'string' || !isMoneyText(value)) return this.fail(`${this.prefix}${name} must be a decimal string such as "12.50"`, '');
    return value;
  }

  time(name: string): string {
    const value = this.text(name);
    if (value !== '' && !isIsoTime(value)) this.fail(`${this.prefix}${name} must be an ISO 8601 time with a zone`);
    return value;
  }

  wholeNumber(name: string, min: number): number {
    const value = this.body[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) return this.fail(`${this.prefix}${name} must be a whole number >= ${min}`, 0);
    return value;
  }

  objectOrNull(name: string): Record<string, unknown> | null {
    const value = this.body[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(`${this.prefix}${name} must be an object or null`, null);
    return value as Record<string, unknown>;
  }

  fail<T>(message: string, result?: T): T {
    this.problem ??= message;
    return result as T;
  }
}
