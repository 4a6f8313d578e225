/**
 * Login with Amazon token endpoint (PLATFORMS.md §3 "Auth"): POST /auth/o2/token with a form body
 * grant_type=refresh_token&refresh_token&client_id&client_secret → {access_token, token_type:
 * "bearer", expires_in, refresh_token}. Errors are OAuth 2 bodies {error, error_description}:
 * invalid_client (401) for a wrong client, invalid_grant (400) for a wrong refresh token.
 */
import { jsonResponse, type SimRequest, type SimResponse } from '../common/http.ts';
import type { AmazonWorld } from './world.ts';

export const LWA_PATH = '/auth/o2/token';

function oauthError(status: number, error: string, description: string): SimResponse {
  return jsonResponse(status, { error_description: description, error });
}

export function answerTokenRequest(world: AmazonWorld, request: SimRequest): SimResponse {
  if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'The request method must be POST');
  const form = new URLSearchParams(request.rawBody);
  const { clientId, clientSecret, refreshToken } = world.settings.credentials;
  if (form.get('grant_type') !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
  if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return oauthError(401, 'invalid_client', 'Client authentication failed');
  if (form.get('refresh_token') !== refreshToken) return oauthError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
  const accessToken = `Atza|${Array.from({ length: 48 }, () => world.tokenIds.int(0, 35).toString(36)).join('')}`;
  const ttl = world.settings.accessTokenTtlSeconds;
  world.accessTokens.set(accessToken, Date.now() + ttl * 1000);
  world.stats.tokensIssued++;
  return jsonResponse(200, { access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: ttl });
}

/** Why a call's x-amz-access-token is refused, or null when it is good. */
export function tokenProblem(world: AmazonWorld, token: string | string[] | undefined, nowMs: number): string | null {
  if (typeof token !== 'string' || token === '') return 'Access token is missing in the request header.';
  const expiresMs = world.accessTokens.get(token);
  if (expiresMs === undefined) return 'The access token you provided is revoked, malformed or invalid.';
  if (nowMs >= expiresMs) return 'The access token you provided has expired.';
  return null;
}

/** Ends every issued token now (a test of the client's refresh on 403). */
export function expireAccessTokens(world: AmazonWorld): void {
  for (const token of world.accessTokens.keys()) world.accessTokens.set(token, 0);
}
