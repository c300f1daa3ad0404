import type { Calendar, RandomSource, RandomStream } from "../../../sim/index.js";
import type { Cause, Continuation } from "../cause.js";
import type { Instance } from "../instance.js";
import { makeCall } from "../network/link.js";
import { Call } from "../station.js";
import type { CallStep, Request, Walker } from "../walker.js";

/** One simulated call as a span: simulated seconds, ids counted from 1 within the run. */
export interface TracedSpan {
  /** The request's trace, numbered from 1. */
  trace: number;
  id: number;
  /** The calling span; null for a request's first call. */
  parent: number | null;
  service: string;
  /** The instance that served it, where the call went straight to it; null otherwise. */
  instance: string | null;
  /** The flow's name on a first call, `call <service>` on the others. */
  name: string;
  start: number;
  end: number;
  error: boolean;
  /** Whether the call answered before the run ended. */
  closed: boolean;
}

/**
 * Records sampled requests as spans, one per call, from the call's start (as its caller makes
 * it: network and queueing included) to its answer. Only a traced request pays for it: the
 * walker checks one number per call step. The sample is drawn from a stream of its own, so a
 * run with traces has the same figures as one without.
 */
export class Tracer {
  readonly spans: TracedSpan[] = [];
  private traces = 0;
  /** Set when `maxSpans` was reached: later requests are not traced. */
  full = false;

  constructor(
    private readonly sample: number,
    private readonly rng: RandomStream,
    private readonly calendar: Calendar,
    private readonly maxSpans: number,
  ) {}

  /** A request begins: traced with probability `sample`. */
  begin(request: Request): void {
    if (this.rng.next() >= this.sample) return;
    if (this.spans.length >= this.maxSpans) this.full = true;
    else request.trace = ++this.traces;
  }

  /** A traced request's call: its span opens now and closes when the call answers. */
  call(
    walker: Walker,
    step: CallStep,
    request: Request,
    parent: Continuation,
    from: Instance | null,
  ): void {
    let enclosing: Continuation | undefined = parent;
    while (enclosing !== undefined && enclosing !== request && !(enclosing instanceof SpanEnd))
      enclosing = (enclosing as { parent?: Continuation }).parent;
    const outer = enclosing instanceof SpanEnd ? enclosing.span : null;
    const span: TracedSpan = {
      trace: request.trace,
      id: this.spans.length + 1,
      parent: outer === null ? null : outer.id,
      service: step.station.name,
      instance: null,
      name: outer === null ? request.flow.name : `call ${step.station.name}`,
      start: this.calendar.now,
      end: this.calendar.now,
      error: false,
      closed: false,
    };
    this.spans.push(span);
    const end = new SpanEnd(span, parent, this.calendar);
    if (step.cache !== null || step.pool !== null || step.edge !== null) {
      walker.runCallStep(step, request, end, from);
      return;
    }
    // Straight to the station: keep the call, to name the instance that serves it.
    const call = step.plain
      ? new Call(step.station, step.calls, request, end)
      : makeCall(step, request, end, from);
    end.call = call;
    step.station.arrive(call);
  }
}

/** Closes a span when its call answers, then passes the answer on. */
export class SpanEnd implements Continuation {
  call: Call | null = null;
  constructor(
    readonly span: TracedSpan,
    readonly parent: Continuation,
    private readonly calendar: Calendar,
  ) {}
  resume(cause: Cause | null): void {
    this.span.end = this.calendar.now;
    this.span.closed = true;
    this.span.error = cause !== null;
    // An instance is chosen on arrival; a call refused before it had one names none.
    const instance = this.call?.instance as Instance | undefined;
    if (instance !== undefined) this.span.instance = instance.id;
    this.parent.resume(cause);
  }
}

/** The world's tracer: sampling from the `traces` stream, so no other stream moves. */
export function tracerOf(
  options: { sample: number; maxSpans: number },
  rng: RandomSource,
  calendar: Calendar,
): Tracer {
  return new Tracer(options.sample, rng.stream("traces"), calendar, options.maxSpans);
}

/** Admission that first offers each request to the tracer; as it is when nothing is traced. */
export function traced(
  admission: { enter(request: Request): void },
  tracer: Tracer | null,
): { enter(request: Request): void } {
  if (tracer === null) return admission;
  return {
    enter(request) {
      tracer.begin(request);
      admission.enter(request);
    },
  };
}
