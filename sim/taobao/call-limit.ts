/**
 * The per-app call limit: at most callsPerSecond calls in each one-second window. The call that goes
 * over starts a ban to the end of the window plus banSeconds, and every call during the ban is refused
 * with code 7 "This ban will last for N more seconds" (PLATFORMS.md §4).
 */
export class CallLimit {
  private windowStartMs = 0;
  private callsInWindow = 0;
  private bannedUntilMs = 0;

  constructor(
    private readonly callsPerSecond: number,
    private readonly banSeconds: number,
  ) {}

  /** null when the call may proceed, otherwise the seconds of ban left (at least 1). */
  take(nowMs: number): number | null {
    if (nowMs < this.bannedUntilMs) return Math.ceil((this.bannedUntilMs - nowMs) / 1000);
    if (nowMs - this.windowStartMs >= 1000) {
      this.windowStartMs = nowMs;
      this.callsInWindow = 0;
    }
    this.callsInWindow++;
    if (this.callsInWindow <= this.callsPerSecond) return null;
    this.bannedUntilMs = this.windowStartMs + 1000 + this.banSeconds * 1000;
    return Math.ceil((this.bannedUntilMs - nowMs) / 1000);
  }
}
