import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import { LatencyHistogram, TimeWeightedAverage } from "../../metrics/index.js";

/**
 * The measurements of one replication. Every part counts from the start of the run; at the end
 * of the warm-up the world resets them all at once (`StatsRegistry.reset`), so nothing the
 * model does needs to ask whether it is being measured. Each stats object owns its `reset`.
 */
export interface Resettable {
  /** Forget everything counted before `now`. */
  reset(now: number): void;
}

/** The stats objects of one world, in the order they were made, reset together. */
export class StatsRegistry {
  private readonly parts: Resettable[] = [];

  add<T extends Resettable>(part: T): T {
    this.parts.push(part);
    return part;
  }

  reset(now: number): void {
    for (const part of this.parts) part.reset(now);
  }
}

/**
 * A station's counts, sojourn times and time in system, and the current timeline window's.
 * The calls in system over time are the stats object itself (it extends TimeWeightedAverage;
 * `inSystem` names it): one object fewer for every arrival and departure to read, which counts
 * when thousands of stations take calls in turn (docs/architecture.md).
 */
export class StationStats extends TimeWeightedAverage implements Resettable {
  arrivals = 0;
  completed = 0;
  failed = 0;
  rejected = 0;
  /** Rejected because no live instance could be had (crashed, or none registered). */
  unavailable = 0;
  /** The gateway's refusals: over its rate limit (429), or unauthenticated (401). */
  rateLimited = 0;
  unauthenticated = 0;
  waitSum = DOUBLE_ZERO;
  waitCount = 0;
  /** Sojourns: the run's, and the current timeline window's (its window). */
  readonly sojourn = new LatencyHistogram();
  windowCompleted = 0;
  windowFailures = 0;

  /** The calls at the station over time: the stats object itself (see above). */
  get inSystem(): TimeWeightedAverage {
    return this;
  }

  /**
   * Calls at the station now (the time average's current value): state, not a statistic, so a
   * reset keeps it.
   */
  get inSystemNow(): number {
    return this.current;
  }

  /** A call left after `sojourn` seconds, served or failed. */
  departure(sojourn: number, failed: boolean): void {
    this.sojourn.record(sojourn);
    if (failed) {
      this.failed++;
      this.windowFailures++;
    } else {
      this.completed++;
      this.windowCompleted++;
    }
  }

  /** A call was turned away without service. */
  rejection(unavailable: boolean): void {
    this.rejected++;
    this.windowFailures++;
    if (unavailable) this.unavailable++;
  }

  reset(now: number): void {
    this.arrivals = this.completed = this.failed = this.rejected = 0;
    this.unavailable = this.rateLimited = this.unauthenticated = 0;
    this.waitSum = DOUBLE_ZERO;
    this.waitCount = 0;
    this.restart(now);
    this.sojourn.reset();
    this.windowCompleted = this.windowFailures = 0;
  }
}

/** What a caller->callee edge with a policy did: logical calls, attempts and their fates. */
export class EdgeStats implements Resettable {
  calls = 0;
  attempts = 0;
  retries = 0;
  timedOut = 0;
  shortCircuited = 0;
  circuitOpens = 0;
  failed = 0;

  reset(): void {
    this.calls = this.attempts = this.retries = this.timedOut = 0;
    this.shortCircuited = this.circuitOpens = this.failed = 0;
  }
}

/** What one fault cost: crashes, calls slowed or failed, and requests it ended. */
export class FaultStats implements Resettable {
  crashes = 0;
  callsSlowed = 0;
  callsFailed = 0;
  requestsFailed = 0;

  reset(): void {
    this.crashes = this.callsSlowed = this.callsFailed = this.requestsFailed = 0;
  }
}

/** A flow's requests: started, their outcomes, why they failed, and their latencies. */
export class FlowStats implements Resettable {
  /** Requests of the flow under way now: state, not a statistic, so a reset keeps it. */
  inFlight = 0;
  started = 0;
  succeeded = 0;
  failed = 0;
  readonly failedBy = new Map<string, number>();
  readonly failureReasons = new Map<string, number>();
  /** Latencies: the run's, and the current timeline window's (its window). */
  readonly latency = new LatencyHistogram();
  windowSucceeded = 0;
  windowFailures = 0;
  /** Latencies of the current window's finished requests, added up (its mean, for MSER). */
  windowLatency = DOUBLE_ZERO;

  succeededIn(latency: number): void {
    this.latency.record(latency);
    this.succeeded++;
    this.windowSucceeded++;
    this.windowLatency += latency;
  }

  /** A request failed after `latency` seconds, at station `by` for `reason`. */
  failedIn(latency: number, by: string, reason: string): void {
    this.latency.record(latency);
    this.failed++;
    this.windowFailures++;
    this.windowLatency += latency;
    this.failedBy.set(by, (this.failedBy.get(by) ?? 0) + 1);
    const why = `${by}: ${reason}`;
    this.failureReasons.set(why, (this.failureReasons.get(why) ?? 0) + 1);
  }

  reset(): void {
    this.started = this.succeeded = this.failed = 0;
    this.failedBy.clear();
    this.failureReasons.clear();
    this.latency.reset();
    this.windowSucceeded = this.windowFailures = 0;
    this.windowLatency = DOUBLE_ZERO;
  }
}
