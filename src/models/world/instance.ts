import { TimeWeightedAverage } from "../../metrics/index.js";
import { Fifo } from "../../sim/index.js";
import type { Cause } from "./cause.js";
import type { Call } from "./station.js";
import type { Resettable } from "./stats.js";

/**
 * One instance of a station: its workers, its FIFO queue, whether it is up, and its share of
 * the station's measurements (calls routed to it, busy workers over time), which it resets
 * itself: kept in the instance, a call's arrival touches one object fewer.
 */
export class Instance implements Resettable {
  busy = 0;
  /** Calls routed to it since measurement began. */
  requests = 0;
  /** Its busy workers over time. */
  readonly busyTime = new TimeWeightedAverage();
  readonly waiting = new Fifo<Call>();
  /** Calls holding a worker, for crashes to fail (kept only where instances can crash). */
  active: Call[] | null = null;
  alive = true;
  /** Listed in the service registry (a crashed instance stays listed for the ttl). */
  registered = true;
  /** Since when and why it is down (null: up, or never down): made at a crash. */
  down: { readonly since: number; readonly by: Cause } | null = null;
  /** Leaving under an autoscaler: takes no new calls, and goes once idle. */
  draining = false;
  constructor(
    readonly id: string,
    readonly index: number,
    readonly concurrency: number,
    readonly capacity: number,
    /** The zone it runs in; null: none given. */
    readonly zone: string | null = null,
  ) {}
  /** Forget the calls and busy time counted before `now` (the end of the warm-up). */
  reset(now: number): void {
    this.requests = 0;
    this.busyTime.restart(now);
  }
  get queued(): number {
    return this.waiting.length;
  }
  /** Calls at the instance: in service (or held by a blocking call) plus waiting. */
  get outstanding(): number {
    return this.busy + this.queued;
  }
}
