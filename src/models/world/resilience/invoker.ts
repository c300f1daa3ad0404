import type { Calendar } from "../../../sim/index.js";
import type { Cause, Continuation } from "../cause.js";
import type { Instance } from "../instance.js";
import { makeCall } from "../network/link.js";
import type { Call } from "../station.js";
import type { CallStep, Request } from "../walker.js";
import type { Edge } from "./edge.js";

/** A logical call over an edge with a policy: attempts, timeouts, backoff, breaker. */
export class Invocation {
  attempts = 0;
  constructor(
    readonly edge: Edge,
    readonly step: CallStep,
    readonly request: Request,
    readonly parent: Continuation,
    /** The caller instance (null: the client). */
    readonly from: Instance | null,
  ) {}
}

/** One attempt of an invocation; it answers once, whichever of result and timeout is first. */
class Attempt implements Continuation {
  done = false;
  timer = -1;
  call!: Call;
  constructor(
    readonly invoker: Invoker,
    readonly invocation: Invocation,
    readonly probe: boolean,
  ) {}
  resume(cause: Cause | null): void {
    if (this.done) return;
    this.done = true;
    if (this.timer >= 0) this.invoker.calendar.cancel(this.timer);
    this.invoker.attemptDone(this, cause);
  }
}

/**
 * Carries out call policies: each attempt goes through the edge's breaker (if any), runs under
 * the timeout (if any), and on failure is retried after a backoff, up to the policy's retries.
 */
export class Invoker {
  constructor(readonly calendar: Calendar) {}

  /** Send the next attempt of an invocation (the first, or a retry). */
  send(invocation: Invocation): void {
    const edge = invocation.edge;
    const stats = edge.stats;
    const station = edge.callee;
    const first = invocation.attempts === 0;
    invocation.attempts++;
    if (first) stats.calls++;
    const breaker = edge.breaker;
    const probe = breaker !== null && breaker.state !== "closed";
    if (breaker !== null && !breaker.allow(this.calendar.now)) {
      stats.shortCircuited++;
      this.afterAttempt(invocation, station.causes.circuitOpen);
      return;
    }
    stats.attempts++;
    if (!first) stats.retries++;
    const step = invocation.step;
    const attempt = new Attempt(this, invocation, probe);
    const call = makeCall(step, invocation.request, attempt, invocation.from);
    attempt.call = call;
    const timeout = edge.policy.timeout;
    if (timeout !== null)
      attempt.timer = this.calendar.schedule(timeout, this.attemptTimeout, attempt);
    station.arrive(call);
  }

  private readonly attemptTimeout = (attempt: Attempt): void => {
    if (attempt.done) return;
    attempt.done = true;
    attempt.timer = -1;
    const call = attempt.call;
    attempt.invocation.edge.stats.timedOut++;
    const fault = call.slowedBy;
    if (fault !== null) fault.fault!.callsFailed++;
    this.attemptDone(attempt, fault !== null ? fault : call.station.causes.timeout);
  };

  attemptDone(attempt: Attempt, cause: Cause | null): void {
    const invocation = attempt.invocation;
    if (invocation.edge.breaker?.record(this.calendar.now, cause !== null, attempt.probe))
      invocation.edge.stats.circuitOpens++;
    this.afterAttempt(invocation, cause);
  }

  private afterAttempt(invocation: Invocation, cause: Cause | null): void {
    const edge = invocation.edge;
    if (cause === null) {
      invocation.parent.resume(null);
    } else if (invocation.attempts <= edge.policy.retries) {
      const wait = edge.backoff(invocation.attempts);
      if (wait > 0) this.calendar.schedule(wait, this.retry, invocation);
      else this.send(invocation);
    } else {
      edge.stats.failed++;
      invocation.parent.resume(cause);
    }
  }

  private readonly retry = (invocation: Invocation): void => {
    this.send(invocation);
  };
}
