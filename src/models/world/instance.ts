import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import { Fifo } from "../../sim/index.js";
import type { Cause } from "./cause.js";
import type { Call } from "./station.js";
import { InstanceStats } from "./stats.js";

/** One instance of a station: its workers, its FIFO queue, and whether it is up. */
export class Instance {
  busy = 0;
  readonly waiting = new Fifo<Call>();
  readonly stats = new InstanceStats();
  /** Calls holding a worker, for crashes to fail (kept only where instances can crash). */
  readonly active: Call[] = [];
  alive = true;
  /** Listed in the service registry (a crashed instance stays listed for the ttl). */
  registered = true;
  downSince = DOUBLE_ZERO;
  downBy: Cause | null = null;
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
  get queued(): number {
    return this.waiting.length;
  }
  /** Calls at the instance: in service (or held by a blocking call) plus waiting. */
  get outstanding(): number {
    return this.busy + this.queued;
  }
}
