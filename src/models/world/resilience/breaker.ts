import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import type { CircuitBreakerConfig } from "../../scenario/types.js";

/**
 * A circuit breaker (closed, open, half-open) over a sliding time window of ten buckets, as
 * resilience libraries keep it: it opens when the window holds at least `minCalls` outcomes
 * and at least `failureRatio` of them failed; after `openFor` it lets `probes` calls through,
 * closing if all succeed and opening again at the first failure.
 */
export class Breaker {
  private static readonly BUCKETS = 10;
  state: "closed" | "open" | "half-open" = "closed";
  private readonly fails = new Float64Array(Breaker.BUCKETS);
  private readonly totals = new Float64Array(Breaker.BUCKETS);
  private bucket = 0;
  private bucketEnd: number;
  private readonly width: number;
  private openedAt = DOUBLE_ZERO;
  private probesSent = 0;
  private probesOk = 0;
  constructor(private readonly config: CircuitBreakerConfig) {
    this.width = config.window / Breaker.BUCKETS;
    this.bucketEnd = this.width;
  }
  /** Whether a call may go now; in half-open the ones let through are probes. */
  allow(now: number): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (now < this.openedAt + this.config.openFor) return false;
      this.state = "half-open";
      this.probesSent = this.probesOk = 0;
    }
    if (this.probesSent >= this.config.probes) return false;
    this.probesSent++;
    return true;
  }
  /** Record an outcome; returns true when this outcome opened the breaker. */
  record(now: number, failed: boolean, probe: boolean): boolean {
    if (this.state === "half-open") {
      if (!probe) return false;
      if (failed) return this.open(now);
      if (++this.probesOk >= this.config.probes) {
        this.state = "closed";
        this.fails.fill(0);
        this.totals.fill(0);
      }
      return false;
    }
    if (this.state === "open") return false;
    this.advance(now);
    this.totals[this.bucket]!++;
    if (failed) this.fails[this.bucket]!++;
    let total = 0;
    let fails = 0;
    for (let i = 0; i < Breaker.BUCKETS; i++) {
      total += this.totals[i]!;
      fails += this.fails[i]!;
    }
    if (total >= this.config.minCalls && fails >= this.config.failureRatio * total)
      return this.open(now);
    return false;
  }
  private open(now: number): boolean {
    this.state = "open";
    this.openedAt = now;
    this.fails.fill(0);
    this.totals.fill(0);
    return true;
  }
  private advance(now: number): void {
    let steps = 0;
    while (now >= this.bucketEnd && steps < Breaker.BUCKETS) {
      this.bucket = (this.bucket + 1) % Breaker.BUCKETS;
      this.fails[this.bucket] = 0;
      this.totals[this.bucket] = 0;
      this.bucketEnd += this.width;
      steps++;
    }
    if (now >= this.bucketEnd) {
      // Idle for a whole window: everything in it has expired.
      this.bucketEnd = (Math.floor(now / this.width) + 1) * this.width;
    }
  }
}
