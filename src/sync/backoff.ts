/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a wait in [c/2, c] with c = min(cap, base · 2^(attempt−1)). The random half keeps retries of many
 * failed jobs from reaching the platform in lockstep; the fixed half keeps a retry from coming at once.
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 500, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
