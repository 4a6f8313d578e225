/**
 * TOP request signing (official SDK TaobaoUtils.signTopRequest; open.taobao.com docId=101617):
 * sort every text parameter except `sign` by key in ASCII order, concatenate key+value skipping
 * empty values, append the request body if there is one, then
 *   md5:         MD5(secret + string + secret)
 *   hmac:        HMAC-MD5(key = secret, string)
 *   hmac-sha256: HMAC-SHA256(key = secret, string)
 * as uppercase hex. Pinduoduo and JD sign the same way as TOP's md5 (their docs' vectors agree).
 */
import { createHash, createHmac } from 'node:crypto';

export const topSignMethods = ['md5', 'hmac', 'hmac-sha256'] as const;
export type TopSignMethod = (typeof topSignMethods)[number];

/** Sorted key+value pairs; keys compared by UTF-16 code unit, which is ASCII order for TOP's ASCII keys. */
export function topStringToSign(params: Record<string, string>, body = ''): string {
  const keys = Object.keys(params).filter((key) => key !== 'sign' && params[key] !== '').sort();
  return keys.map((key) => `${key}${params[key]}`).join('') + body;
}

export function signTopRequest(params: Record<string, string>, secret: string, method: TopSignMethod, body = ''): string {
  const text = topStringToSign(params, body);
  switch (method) {
    case 'md5':
      return createHash('md5').update(`${secret}${text}${secret}`, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return createHmac('md5', secret).update(text, 'utf8').digest('hex').toUpperCase();
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(text, 'utf8').digest('hex').toUpperCase();
  }
}

/** The md5 scheme shared by TOP, Pinduoduo and JD: UPPER(MD5(secret + sorted key+value + secret)). */
export function md5Sign(secret: string, params: Record<string, string>): string {
  return signTopRequest(params, secret, 'md5');
}
