import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import {
  type Calendar,
  createDistribution,
  type Distribution,
  type RandomSource,
  type RandomStream,
} from "../../sim/index.js";
import type { Workload as WorkloadConfig } from "../scenario/types.js";
import type { Admission } from "./admission.js";
import type { Cause } from "./cause.js";
import { type Flow, Request, type RequestDone, type Walker } from "./walker.js";

/**
 * Where requests come from: an open Poisson stream (a constant rate, or a piecewise-constant
 * profile), or a closed population of users who think between requests. Each request picks its
 * flow by the mix and enters through admission; when it is done its flow records the outcome
 * and, in a closed workload, its user starts thinking again.
 */
export class Workload implements RequestDone {
  private readonly mixCumulative: number[];
  private readonly mixRng: RandomStream;
  private readonly arrivalRng: RandomStream;
  private readonly thinkRng: RandomStream;
  private readonly think: Distribution | null;
  private arrivalRate = DOUBLE_ZERO;
  private nextArrival = -1;
  private inFlight = 0;
  /** Told of every finished request where some flow publishes (async completion); else null. */
  onDone: { requestDone(request: Request): void } | null = null;
  /** Whether the run was stopped because too many requests were in flight at once. */
  overloaded = false;

  constructor(
    private readonly config: WorkloadConfig,
    private readonly flows: readonly Flow[],
    rng: RandomSource,
    private readonly calendar: Calendar,
    private readonly walker: Walker,
    private readonly admission: Pick<Admission, "enter">,
    private readonly maxInFlight: number,
  ) {
    const mix = config.mix;
    let acc = 0;
    this.mixCumulative = flows.map((f) => {
      acc += mix[f.name] ?? 0;
      return acc;
    });
    this.mixRng = rng.stream("workload/mix");
    this.arrivalRng = rng.stream("workload/arrivals");
    this.thinkRng = rng.stream("workload/think");
    this.think = config.kind === "closed" ? createDistribution(config.think) : null;
  }

  /** Schedule the first arrivals (and the profile's rate changes). */
  start(): void {
    const w = this.config;
    if (w.kind === "open") {
      this.arrivalRate = w.rate;
      this.scheduleArrival();
    } else if (w.kind === "profile") {
      for (const step of w.profile) this.calendar.scheduleAt(step.at, this.changeRate, step.rate);
    } else {
      for (let u = 0; u < w.users; u++) {
        this.calendar.schedule(
          this.think!.sample(this.thinkRng) * this.thinkRng.next(),
          this.userArrives,
          u,
        );
      }
    }
  }

  private scheduleArrival(): void {
    if (this.arrivalRate <= 0) return;
    const gap = -Math.log(1 - this.arrivalRng.next()) / this.arrivalRate;
    this.nextArrival = this.calendar.schedule(gap, this.openArrival);
  }

  /** Piecewise-constant rate: by memorylessness the pending gap can simply be redrawn. */
  private readonly changeRate = (rate: number): void => {
    if (this.nextArrival >= 0) this.calendar.cancel(this.nextArrival);
    this.nextArrival = -1;
    this.arrivalRate = rate;
    this.scheduleArrival();
  };

  private readonly openArrival = (): void => {
    this.startRequest(-1);
    this.scheduleArrival();
  };

  private readonly userArrives = (user: number): void => {
    this.startRequest(user);
  };

  private chooseFlow(): Flow {
    if (this.flows.length === 1) return this.flows[0]!;
    const cumulative = this.mixCumulative;
    const last = cumulative.length - 1;
    const u = this.mixRng.next() * cumulative[last]!;
    // The first flow whose cumulative weight exceeds u (the last if none): a scan for a few
    // flows, a bisection for many (the same flow either way, cumulative being non-decreasing).
    let i = 0;
    if (last < 8) {
      while (i < last && u >= cumulative[i]!) i++;
    } else {
      let hi = last;
      while (i < hi) {
        const mid = (i + hi) >> 1;
        if (u >= cumulative[mid]!) i = mid + 1;
        else hi = mid;
      }
    }
    return this.flows[i]!;
  }

  private startRequest(user: number): void {
    if (this.inFlight >= this.maxInFlight) {
      this.overloaded = true;
      this.calendar.stop();
      return;
    }
    const flow = this.chooseFlow();
    const request = new Request(this.walker, flow, this.calendar.now, user);
    this.inFlight++;
    flow.stats.started++;
    flow.stats.inFlight++;
    this.admission.enter(request);
  }

  requestDone(request: Request, cause: Cause | null): void {
    this.inFlight--;
    if (this.onDone !== null) this.onDone.requestDone(request);
    const stats = request.flow.stats;
    stats.inFlight--;
    const latency = this.calendar.now - request.start;
    if (cause !== null) {
      stats.failedIn(latency, cause.where, cause.reason);
      if (cause.fault !== null) cause.fault.requestsFailed++;
    } else {
      stats.succeededIn(latency);
    }
    if (request.user >= 0) {
      this.calendar.schedule(this.think!.sample(this.thinkRng), this.userArrives, request.user);
    }
  }
}
