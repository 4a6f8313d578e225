import { errorRegistry, type ErrorCode } from './registry.ts';

export { errorRegistry, httpStatusOf, type ErrorCode } from './registry.ts';

export type ErrorDetails = Record<string, unknown>;

/** An expected refusal, returned (never thrown) by domain functions. */
export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

export type Result<T> = { ok: true; value: T } | Failure;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function failure(code: ErrorCode, message: string, details: ErrorDetails = {}): Failure {
  return { ok: false, code, message, details };
}

/** A refusal or a broken thing that must stop the current request; the API maps `code` to a status. */
export class OmnisyncError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string = errorRegistry[code].summary, details: ErrorDetails = {}) {
    super(message);
    this.name = 'OmnisyncError';
    this.code = code;
    this.details = details;
  }

  static from(f: Failure): OmnisyncError {
    return new OmnisyncError(f.code, f.message, f.details);
  }
}

/** Unwraps a Result where a refusal must abort (CLI, routes): it becomes an OmnisyncError. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw OmnisyncError.from(result);
  return result.value;
}
