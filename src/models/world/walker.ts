import { type Cache, HIT } from "./cache.js";
import type { Cause, Continuation } from "./cause.js";
import type { Instance } from "./instance.js";
import type { Tracer } from "./measure/tracer.js";
import type { ConsumerCalls, Topic } from "./messaging/topic.js";
import { type Link, makeCall } from "./network/link.js";
import { Lease, type Pool } from "./network/pool.js";
import type { Edge } from "./resilience/edge.js";
import { Invocation, type Invoker } from "./resilience/invoker.js";
import { Call, type NestedCalls, type Station } from "./station.js";
import type { FlowStats } from "./stats.js";

/** A call of a flow's call tree, bound to its station and, where a policy applies, its edge. */
export interface CallStep {
  readonly kind: "call";
  readonly station: Station;
  readonly calls: readonly CompiledStep[];
  readonly edge: Edge | null;
  /** The network the call crosses; null: none. */
  readonly link: Link | null;
  /** The connection pool it must take a connection from; null: none. */
  readonly pool: Pool | null;
  /** The callee's cache, and the call that looks it up; null: none. */
  readonly cache: { readonly cache: Cache; readonly lookup: CallStep } | null;
  /** No edge, link, pool, cache or zone preference: the call goes straight to its station. */
  readonly plain: boolean;
}

/** Parallel branches: the step ends when the last branch has. */
export interface ParallelStep {
  readonly kind: "parallel";
  readonly branches: readonly (readonly CompiledStep[])[];
}

/** A publish to a topic: the step ends at the broker's acknowledgement. */
export interface PublishStep {
  readonly kind: "publish";
  readonly topic: Topic;
}

/** A flow's call tree compiled against the world's stations and edges. */
export type CompiledStep = CallStep | ParallelStep | PublishStep;

/** A flow as the world runs it: its name, its compiled steps and its measurements. */
export interface Flow {
  readonly name: string;
  readonly root: readonly CompiledStep[];
  readonly stats: FlowStats;
}

/** Told when a request has finished, succeeded (null) or failed. */
export interface RequestDone {
  requestDone(request: Request, cause: Cause | null): void;
}

/** One request on a flow, from entry to its last call; it walks its flow's steps itself. */
export class Request implements Continuation {
  private index = 0;
  /** Its trace, numbered from 1, when the tracer sampled it; 0: not traced. */
  trace = 0;
  constructor(
    readonly walker: Walker,
    readonly flow: Flow,
    readonly start: number,
    readonly user: number,
  ) {}
  begin(): void {
    const steps = this.flow.root;
    if (steps.length === 0) this.finish(null);
    else this.walker.runStep(steps[0]!, this, this, null);
  }
  resume(cause: Cause | null): void {
    const steps = this.flow.root;
    if (cause === null && ++this.index < steps.length)
      this.walker.runStep(steps[this.index]!, this, this, null);
    else this.finish(cause);
  }
  /** The request is over: succeeded (null), failed, or refused before it began. */
  finish(cause: Cause | null): void {
    this.walker.done.requestDone(this, cause);
  }
}

/** Nested calls in order: each starts when the one before it has succeeded. */
class Sequence implements Continuation {
  private index = 0;
  constructor(
    private readonly walker: Walker,
    private readonly steps: readonly CompiledStep[],
    private readonly request: Request,
    private readonly parent: Continuation,
    private readonly from: Instance | null,
  ) {}
  begin(): void {
    this.walker.runStep(this.steps[0]!, this.request, this, this.from);
  }
  resume(cause: Cause | null): void {
    if (cause !== null) this.parent.resume(cause);
    else if (++this.index < this.steps.length)
      this.walker.runStep(this.steps[this.index]!, this.request, this, this.from);
    else this.parent.resume(null);
  }
}

/**
 * A call to a cached service: the lookup at the cache's server first; a hit answers at once,
 * a miss (or a failed lookup) makes the call and, when it succeeds, stores its key.
 */
class CacheLookup implements Continuation {
  private key = HIT;
  private missed = false;
  constructor(
    private readonly walker: Walker,
    private readonly step: CallStep,
    private readonly request: Request,
    private readonly parent: Continuation,
    private readonly from: Instance | null,
  ) {}
  begin(): void {
    const cached = this.step.cache!;
    this.key = cached.cache.lookup();
    this.walker.runStep(cached.lookup, this.request, this, this.from);
  }
  resume(cause: Cause | null): void {
    if (this.missed) {
      if (cause === null) this.step.cache!.cache.fill(this.key);
      this.parent.resume(cause);
    } else if (cause === null && this.key === HIT) {
      this.parent.resume(null);
    } else {
      this.missed = true;
      this.walker.runCall(this.step, this.request, this, this.from);
    }
  }
}

/** Parallel branches: answers its parent when the last one has, with the first failure. */
class Parallel implements Continuation {
  private cause: Cause | null = null;
  constructor(
    private remaining: number,
    private readonly parent: Continuation,
  ) {}
  resume(cause: Cause | null): void {
    if (this.cause === null) this.cause = cause;
    if (--this.remaining === 0) this.parent.resume(this.cause);
  }
}

/**
 * Walks call trees: a call step goes to its station directly, or through the invoker when its
 * edge has a policy; parallel branches run at once and join. Stations hand served calls'
 * nested calls back here (`NestedCalls`).
 */
export class Walker implements NestedCalls, ConsumerCalls {
  /** Set by the world once the workload exists: who hears that a request finished. */
  done!: RequestDone;
  /** Records sampled requests as spans (run --traces); null: none are. */
  tracer: Tracer | null = null;

  constructor(private readonly invoker: Invoker) {}

  /** Run steps in order, made by the caller instance `from` (null: the client). */
  runSequence(
    steps: readonly CompiledStep[],
    request: Request,
    parent: Continuation,
    from: Instance | null,
  ): void {
    if (steps.length === 0) parent.resume(null);
    else if (steps.length === 1) this.runStep(steps[0]!, request, parent, from);
    else new Sequence(this, steps, request, parent, from).begin();
  }

  runStep(step: CompiledStep, request: Request, parent: Continuation, from: Instance | null): void {
    if (step.kind === "call") {
      // runCallStep's dispatch, inline: this is the hot path (a traced request goes aside).
      if (request.trace !== 0) this.tracer!.call(this, step, request, parent, from);
      else if (step.plain) step.station.arrive(new Call(step.station, step.calls, request, parent));
      else if (step.cache !== null) new CacheLookup(this, step, request, parent, from).begin();
      else if (step.pool !== null) this.runCall(step, request, parent, from);
      else if (step.edge !== null)
        this.invoker.send(new Invocation(step.edge, step, request, parent, from));
      else step.station.arrive(makeCall(step, request, parent, from));
      return;
    }
    if (step.kind === "publish") {
      step.topic.publish(request, parent);
      return;
    }
    const group = new Parallel(step.branches.length, parent);
    for (const branch of step.branches) this.runSequence(branch, request, group, from);
  }

  /** A call step: to its station, through its cache, pool or policy as the step says. */
  runCallStep(step: CallStep, request: Request, parent: Continuation, from: Instance | null): void {
    if (step.plain) step.station.arrive(new Call(step.station, step.calls, request, parent));
    else if (step.cache !== null) new CacheLookup(this, step, request, parent, from).begin();
    else if (step.pool !== null) this.runCall(step, request, parent, from);
    else if (step.edge !== null)
      this.invoker.send(new Invocation(step.edge, step, request, parent, from));
    else step.station.arrive(makeCall(step, request, parent, from));
  }

  /** A consumer's call for one message, on the instance that holds the message's partition. */
  runConsumer(step: CallStep, request: Request, parent: Continuation, pinned: Instance): void {
    const call = new Call(step.station, step.calls, request, parent);
    call.route = { link: null, fromZone: null, pinned };
    step.station.arrive(call);
  }

  /** A call past its cache: through its pool if it has one, then to its station. */
  runCall(step: CallStep, request: Request, parent: Continuation, from: Instance | null): void {
    if (step.pool === null) this.dispatch(step, request, parent, from);
    else
      step.pool.acquire(
        from,
        new Lease(step.pool, parent, (lease) => this.dispatch(step, request, lease, from)),
      );
  }

  /** The call itself: straight to its station, or through the invoker under a policy. */
  private dispatch(step: CallStep, request: Request, parent: Continuation, from: Instance | null) {
    if (step.edge === null) step.station.arrive(makeCall(step, request, parent, from));
    else this.invoker.send(new Invocation(step.edge, step, request, parent, from));
  }
}
