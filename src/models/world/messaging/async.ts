import { LatencyHistogram } from "../../../metrics/index.js";
import type { Calendar } from "../../../sim/index.js";
import type { Resettable } from "../stats.js";
import type { Flow, Request } from "../walker.js";
import type { AsyncTracker } from "./topic.js";

/** A request that published: messages still out, and when its own part ended (-1: not yet). */
interface Pending {
  messages: number;
  syncEnd: number;
}

/**
 * Async completion per flow: from a request's start until it has finished and every message
 * it published (transitively: consumers that publish count for the same request) has been
 * consumed or dropped. Only requests that published are measured.
 */
export class AsyncCompletion implements AsyncTracker, Resettable {
  private readonly pending = new Map<Request, Pending>();
  readonly byFlow = new Map<Flow, LatencyHistogram>();

  constructor(private readonly calendar: Calendar) {}

  published(request: Request, count: number): void {
    let p = this.pending.get(request);
    if (p === undefined) {
      p = { messages: 0, syncEnd: -1 };
      this.pending.set(request, p);
    }
    p.messages += count;
  }

  consumed(request: Request): void {
    const p = this.pending.get(request)!;
    if (--p.messages === 0 && p.syncEnd >= 0) this.complete(request);
  }

  /** The request's own part is over (succeeded or failed). */
  requestDone(request: Request): void {
    const p = this.pending.get(request);
    if (p === undefined) return;
    p.syncEnd = this.calendar.now;
    if (p.messages === 0) this.complete(request);
  }

  private complete(request: Request): void {
    this.pending.delete(request);
    let h = this.byFlow.get(request.flow);
    if (h === undefined) {
      h = new LatencyHistogram();
      this.byFlow.set(request.flow, h);
    }
    h.record(this.calendar.now - request.start);
  }

  reset(): void {
    for (const h of this.byFlow.values()) h.reset();
  }
}
