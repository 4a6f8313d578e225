/**
 * Every timer a simulator starts goes through one TimerSet, so close() and reset can cancel all
 * of them at once and a test process never waits on a forgotten timeout.
 */
export class TimerSet {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  /** Runs fn after delayMs unless the set is cleared first. Errors thrown by fn are reported, not raised. */
  after(delayMs: number, fn: () => void | Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      Promise.resolve()
        .then(fn)
        .catch((error: unknown) => console.error('[sim] timer task failed:', error));
    }, Math.max(0, delayMs));
    this.pending.add(timer);
  }

  /** Resolves after delayMs, or with false as soon as the set is cleared. */
  sleep(delayMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        this.sleepers.delete(wake);
        resolve(false);
      };
      this.sleepers.add(wake);
      this.after(delayMs, () => {
        this.sleepers.delete(wake);
        resolve(true);
      });
    });
  }

  get size(): number {
    return this.pending.size;
  }

  /** Cancels everything pending; the set stays usable (used by reset). */
  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const wake of [...this.sleepers]) wake();
  }

  /** Cancels everything and refuses new timers (used by close). */
  close(): void {
    this.closed = true;
    this.clear();
  }
}
