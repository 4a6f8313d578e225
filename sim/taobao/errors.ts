/**
 * TOP error answers: HTTP 200 with {"error_response":{code, msg, sub_code, sub_msg, request_id}}
 * (PLATFORMS.md §4). Gateway codes come from the TOP error code list; business errors use code 15
 * "Remote service error" with an isv.* sub_code [the exact isv.* sub_codes are unconfirmed; some
 * newer APIs answer code 50 for the same thing].
 */
import { jsonResponse, type SimResponse } from '../common/http.ts';

export interface TopError {
  code: number;
  msg: string;
  sub_code?: string;
  sub_msg?: string;
}

export function topErrorResponse(error: TopError, requestId: string): SimResponse {
  return jsonResponse(200, { error_response: { ...error, request_id: requestId } });
}

export const topErrors = {
  missingMethod: (): TopError => ({ code: 21, msg: 'Missing method' }),
  invalidMethod: (method: string): TopError => ({ code: 22, msg: 'Invalid method', sub_msg: `method ${method} does not exist` }),
  invalidFormat: (): TopError => ({ code: 23, msg: 'Invalid format', sub_msg: 'the simulator answers format=json only' }),
  missingSignature: (): TopError => ({ code: 24, msg: 'Missing signature' }),
  invalidSignature: (): TopError => ({ code: 25, msg: 'Invalid signature' }),
  missingSession: (): TopError => ({ code: 26, msg: 'Missing session' }),
  invalidSession: (): TopError => ({ code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey', sub_msg: 'SessionKey非法' }),
  missingAppKey: (): TopError => ({ code: 28, msg: 'Missing app key' }),
  invalidAppKey: (): TopError => ({ code: 29, msg: 'Invalid app Key' }),
  missingTimestamp: (): TopError => ({ code: 30, msg: 'Missing timestamp' }),
  invalidTimestamp: (): TopError => ({ code: 31, msg: 'Invalid timestamp', sub_msg: 'timestamp must be "yyyy-MM-dd HH:mm:ss" GMT+8 within 10 minutes of the server time' }),
  missingVersion: (): TopError => ({ code: 32, msg: 'Missing version' }),
  unsupportedVersion: (): TopError => ({ code: 34, msg: 'Unsupported version' }),
  missingArgument: (name: string): TopError => ({ code: 40, msg: `Missing required arguments:${name}` }),
  invalidArgument: (name: string): TopError => ({ code: 41, msg: `Invalid arguments:${name}` }),
  callLimited: (banSeconds: number): TopError => ({
    code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-app-api-access-count',
    sub_msg: `This ban will last for ${banSeconds} more seconds`,
  }),
  serviceUnavailable: (): TopError => ({ code: 10, msg: 'Service Currently Unavailable', sub_code: 'isp.unknown-error' }),
  business: (subCode: string, subMsg: string): TopError => ({ code: 15, msg: 'Remote service error', sub_code: subCode, sub_msg: subMsg }),
};
