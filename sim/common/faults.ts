/** The faults a test or the demo can switch on through POST /_sim/faults. */
import type { Prng } from './prng.ts';

export interface FaultSettings {
  /** Share of webhook events never delivered (a lost webhook). */
  webhookDrop: number;
  /** Share of webhook events delivered twice with the same webhook id (at-least-once delivery). */
  webhookDuplicate: number;
  /** Hold webhook events briefly and send each small batch in shuffled order. */
  webhookReorder: boolean;
  /** Each webhook delivery waits a uniform time in [min, max] first. */
  webhookDelayMs: [number, number];
  /** Share of API calls answered with the platform's throttle answer or a 5xx instead of the real one. */
  errorRate: number;
  /** Each API answer waits a uniform time in [min, max] first. */
  latencyMs: [number, number];
  /** Until this time (epoch ms) every API call answers 503. */
  outageUntilMs: number;
}

export type ApiFault = { kind: 'throttle' } | { kind: 'server_error'; status: number };

const MAX_DELAY_MS = 60_000;
const MAX_OUTAGE_MS = 10 * 60_000;

function noFaults(): FaultSettings {
  return { webhookDrop: 0, webhookDuplicate: 0, webhookReorder: false, webhookDelayMs: [0, 0], errorRate: 0, latencyMs: [0, 0], outageUntilMs: 0 };
}

export class Faults {
  settings: FaultSettings = noFaults();

  constructor(private readonly prng: Prng) {}

  /**
   * Applies a POST /_sim/faults body such as {webhookDrop:0.1, outage:{forMs:20000}}; keys left out
   * keep their value. Returns an error message (and changes nothing) when the body is not valid.
   */
  update(body: unknown, nowMs: number): string | null {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
    const next = { ...this.settings };
    for (const [key, value] of Object.entries(body)) {
      const problem = applySetting(next, key, value, nowMs);
      if (problem) return problem;
    }
    this.settings = next;
    return null;
  }

  inOutage(nowMs: number): boolean {
    return nowMs < this.settings.outageUntilMs;
  }

  /** Whether this API call should fail, and how: half throttled, half a 500/502/503. */
  drawApiFault(): ApiFault | null {
    if (!this.prng.chance(this.settings.errorRate)) return null;
    if (this.prng.chance(0.5)) return { kind: 'throttle' };
    return { kind: 'server_error', status: this.prng.pick([500, 502, 503]) };
  }

  drawLatencyMs(): number {
    return this.drawWithin(this.settings.latencyMs);
  }

  drawWebhookDelayMs(): number {
    return this.drawWithin(this.settings.webhookDelayMs);
  }

  private drawWithin([min, max]: [number, number]): number {
    return max <= 0 ? 0 : min + this.prng.next() * (max - min);
  }
}

function applySetting(next: FaultSettings, key: string, value: unknown, nowMs: number): string | null {
  switch (key) {
    case 'webhookDrop':
    case 'webhookDuplicate':
    case 'errorRate':
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return `${key} must be a number from 0 to 1`;
      next[key] = value;
      return null;
    case 'webhookReorder':
      if (typeof value !== 'boolean') return `${key} must be true or false`;
      next[key] = value;
      return null;
    case 'webhookDelayMs':
    case 'latencyMs': {
      const range = toRange(value);
      if (!range) return `${key} must be [minMs, maxMs] with 0 <= min <= max <= ${MAX_DELAY_MS}`;
      next[key] = range;
      return null;
    }
    case 'outage': {
      const forMs = (value as { forMs?: unknown } | null)?.forMs ?? 0;
      if (typeof forMs !== 'number' || !(forMs >= 0 && forMs <= MAX_OUTAGE_MS)) return `outage.forMs must be 0 to ${MAX_OUTAGE_MS}`;
      next.outageUntilMs = forMs === 0 ? 0 : nowMs + forMs;
      return null;
    }
    default:
      return `unknown fault "${key}"`;
  }
}

/** A delay range [min, max] in ms (a single number is both), 0 <= min <= max <= maxMs; null when it is not one. */
export function toRange(value: unknown, maxMs = MAX_DELAY_MS): [number, number] | null {
  if (typeof value === 'number') value = [value, value];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [min, max] = value as unknown[];
  if (typeof min !== 'number' || typeof max !== 'number') return null;
  return min >= 0 && min <= max && max <= maxMs ? [min, max] : null;
}
