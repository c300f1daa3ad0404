import { TimeWeightedAverage } from "../../metrics/index.js";
import { Fifo } from "../../sim/index.js";
import type { Cause } from "./cause.js";
import type { Call } from "./station.js";
import type { Resettable } from "./stats.js";

/**
 * One instance of a station: its workers, its FIFO queue, whether it is up, and its share of
 * the station's measurements (calls routed to it, busy workers over time), which it resets
 * itself: kept in the instance, a call's arrival touches one object fewer. Its busy workers'
 * time average is the instance itself (it extends TimeWeightedAverage; `busyTime` names it),
 * for the same reason: in a large estate every object a call reads is a cache miss.
 */
export class Instance extends TimeWeightedAverage implements Resettable {
  /** Calls routed to it since measurement began. */
  requests = 0;
  /**
   * Calls waiting for a worker: their number, kept here, so that a call finding or leaving an
   * empty queue never reads the queue itself.
   */
  queued = 0;
  /** The waiting calls, in order (made on the first one: see Fifo). */
  private readonly waiting = new Fifo<Call>();
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
  ) {
    super();
  }
  /** Its busy workers over time: the instance itself (see above). */
  get busyTime(): TimeWeightedAverage {
    return this;
  }
  /** Its busy workers now (the time average's current value). */
  get busy(): number {
    return this.current;
  }
  /** Forget the calls and busy time counted before `now` (the end of the warm-up). */
  reset(now: number): void {
    this.requests = 0;
    this.restart(now);
  }
  /** A call waits for a worker. */
  enqueue(call: Call): void {
    this.waiting.push(call);
    this.queued++;
  }
  /** The call that has waited longest: there must be one (`queued > 0`). */
  dequeue(): Call {
    this.queued--;
    return this.waiting.shift()!;
  }
  /** Every waiting call, oldest first, leaving none. */
  drainQueue(): Call[] {
    this.queued = 0;
    return this.waiting.drain();
  }
  /** Calls at the instance: in service (or held by a blocking call) plus waiting. */
  get outstanding(): number {
    return this.busy + this.queued;
  }
}
