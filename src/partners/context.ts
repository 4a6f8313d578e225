import { PlatformError } from '../connectors/types.ts';
import type { PartnerDeps } from './deps.ts';
import { credentialsOf, getPartner, recordPartnerCall, type Partner } from './records.ts';
import type { PartnerContext } from './types.ts';

export type Called = { partner: Partner; ctx: PartnerContext } | { skipped: string };

/** The partner and a call context with its credentials opened in memory only; a paused partner is skipped. */
export async function callContext(deps: PartnerDeps, partnerId: string): Promise<Called> {
  const partner = await getPartner(deps.db, partnerId);
  if (!partner) return { skipped: `partner ${partnerId} gone` };
  if (partner.status !== 'active') return { skipped: 'partner paused' };
  const credentials = await credentialsOf(deps.db, deps.secrets, partnerId);
  return { partner, ctx: { baseUrl: partner.baseUrl, credentials, settings: partner.settings, fetch: deps.fetch, now: deps.now } };
}

/** When this process last wrote a success per partner: a busy partner's row is not rewritten on every call. */
const lastSuccessWritten = new Map<string, number>();
const SUCCESS_WRITE_EVERY_MS = 1_000;

/** Runs one partner call, keeping the partner's health (last success, error streak) and rethrowing for the job's retry. */
export async function withHealth<T>(deps: PartnerDeps, partnerId: string, call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    const now = Date.now();
    // Every hand-over would otherwise update the one partner row: a hot row all workers queue on.
    if (now - (lastSuccessWritten.get(partnerId) ?? 0) >= SUCCESS_WRITE_EVERY_MS) {
      lastSuccessWritten.set(partnerId, now);
      await recordPartnerCall(deps.db, partnerId, null);
    }
    return result;
  } catch (err) {
    lastSuccessWritten.delete(partnerId);
    await recordPartnerCall(deps.db, partnerId, err instanceof Error ? err.message : String(err));
    if (!(err instanceof PlatformError) && err instanceof TypeError) throw new PlatformError('transient', `partner unreachable: ${err.message}`);
    throw err;
  }
}
