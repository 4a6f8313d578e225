/**
 * The TOP request signature, written from the platform docs (PLATFORMS.md §4; the official SDK's
 * TaobaoUtils.signTopRequest does the same): all text parameters but "sign", sorted by key in ASCII
 * order, empty values left out, concatenated as key+value; then
 *   md5:          MD5(secret + text + secret)
 *   hmac:         HMAC-MD5(key = secret, text)
 *   hmac-sha256:  HMAC-SHA256(key = secret, text)
 * written as uppercase hex. Official vector: secret "helloworld" → 66987CB115214E59E6EC978214934FB8.
 */
import { createHash, createHmac } from 'node:crypto';

export type SignMethod = 'md5' | 'hmac' | 'hmac-sha256';

export const SIGN_METHODS: readonly SignMethod[] = ['md5', 'hmac', 'hmac-sha256'];

function topStringToSign(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}${params[key]}`)
    .join('');
}

export function topSign(params: Record<string, string>, secret: string, method: SignMethod): string {
  const text = topStringToSign(params);
  const digest =
    method === 'md5'
      ? createHash('md5').update(`${secret}${text}${secret}`, 'utf8').digest('hex')
      : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}
