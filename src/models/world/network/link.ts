import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import type { Calendar, Distribution, RandomStream } from "../../../sim/index.js";
import type { Cause, Continuation } from "../cause.js";
import type { Instance } from "../instance.js";
import { Call } from "../station.js";
import type { Resettable } from "../stats.js";
import type { CallStep, Request } from "../walker.js";

/** What one edge's hops cost: calls, hops, time on the wire, and the hops across zones. */
export class LinkStats implements Resettable {
  calls = 0;
  hops = 0;
  crossZoneHops = 0;
  time = DOUBLE_ZERO;
  reset(): void {
    this.calls = this.hops = this.crossZoneHops = 0;
    this.time = DOUBLE_ZERO;
  }
}

/**
 * The network under one `caller->callee` edge: each hop (request, then response) draws the
 * edge's one-way latency, plus the cross-zone latency when the two instances are in
 * different zones. Draws come from the edge's own streams, so adding a network to a
 * scenario never moves the draws of its services.
 */
export class Link {
  readonly stats = new LinkStats();
  constructor(
    readonly key: string,
    private readonly latency: Distribution | null,
    private readonly latencyRng: RandomStream,
    private readonly crossZone: Distribution | null,
    private readonly crossRng: RandomStream,
    readonly calendar: Calendar,
  ) {}

  /** One hop from an instance in zone `from` to one in zone `to` (null: no zone). */
  hop(from: string | null, to: string | null): number {
    const stats = this.stats;
    stats.hops++;
    let t = this.latency === null ? 0 : this.latency.sample(this.latencyRng);
    if (this.crossZone !== null && from !== null && to !== null && from !== to) {
      t += this.crossZone.sample(this.crossRng);
      stats.crossZoneHops++;
    }
    stats.time += t;
    return t;
  }
}

/** Where a call comes from (its caller's zone) and the network it crosses (null: none). */
export interface Route {
  readonly link: Link | null;
  readonly fromZone: string | null;
  /** The instance the call must go to (a consumer's partition); absent: the balancer picks. */
  readonly pinned?: Instance;
}

/**
 * The response hop of a call over a link: stands between the call and its parent, and hands
 * the result on one hop later (from the callee's instance back to the caller's zone).
 */
export class ResponseHop implements Continuation, Route {
  call!: Call;
  private cause: Cause | null = null;
  constructor(
    readonly link: Link,
    private readonly parent: Continuation,
    readonly fromZone: string | null,
  ) {}
  resume(cause: Cause | null): void {
    this.cause = cause;
    const zone = this.call.instance === undefined ? null : this.call.instance.zone;
    const link = this.link;
    link.calendar.schedule(link.hop(zone, this.fromZone), deliver, this);
  }
  deliver(): void {
    this.parent.resume(this.cause);
  }
}

function deliver(hop: ResponseHop): void {
  hop.deliver();
}

/**
 * The call a step makes from a caller instance (null: the client): over its link when it has
 * one (the response coming back one hop later), else straight to the station; with a route
 * only where a link or the callee's zone preference needs one (the plain call pays nothing).
 */
export function makeCall(
  step: CallStep,
  request: Request,
  parent: Continuation,
  from: Instance | null,
): Call {
  const link = step.link;
  if (link === null) {
    const call = new Call(step.station, step.calls, request, parent);
    if (step.station.preferZone && from !== null && from.zone !== null)
      call.route = { link: null, fromZone: from.zone };
    return call;
  }
  link.stats.calls++;
  const hop = new ResponseHop(link, parent, from === null ? null : from.zone);
  const call = new Call(step.station, step.calls, request, hop);
  hop.call = call;
  call.route = hop;
  return call;
}
