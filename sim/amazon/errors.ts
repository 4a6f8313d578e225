/**
 * SP-API error answers: {"errors":[{code, message, details?}]} (ErrorList in every model). Messages
 * for 403 and 429 as the API sends them (selling-partner-api-models issues; the 429 body is the one
 * used across the models); others follow the models' sandbox examples.
 */
import { jsonResponse, type SimResponse } from '../common/http.ts';

export function spError(status: number, code: string, message: string, details?: string): SimResponse {
  return jsonResponse(status, { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] });
}

export const invalidInput = (message: string) => spError(400, 'InvalidInput', message);
export const notFound = (message: string) => spError(404, 'NotFound', message);
export const quotaExceeded = () => spError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
export const unauthorized = (details: string) => spError(403, 'Unauthorized', 'Access to requested resource is denied.', details);
