/**
 * Counts failed sign-ins per client IP over a sliding minute. Only failures count, so a person who
 * types the right password is never locked out by their own earlier successes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the next try is allowed, or 0 when this IP may try now. */
  retryAfter(ip: string): number {
    const recent = this.recent(ip);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.windowMs - this.now()) / 1000));
  }

  recordFailure(ip: string) {
    const recent = this.recent(ip);
    recent.push(this.now());
    this.failures.set(ip, recent);
    // Bound memory under a spray of source addresses: drop the oldest entries.
    if (this.failures.size > 50_000) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  reset(ip: string) {
    this.failures.delete(ip);
  }

  private recent(ip: string) {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(ip) ?? []).filter((t) => t > cutoff);
  }
}
