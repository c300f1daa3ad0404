import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import {
  type Calendar,
  createDistribution,
  type Distribution,
  type RandomSource,
  type RandomStream,
} from "../../sim/index.js";
import type { StationConfig } from "../scenario/types.js";
import type { Autoscaler } from "./autoscale/autoscaler.js";
import { type Balancer, createBalancer } from "./balancer.js";
import { type Cause, type Continuation, type StationCauses, stationCauses } from "./cause.js";
import { Instance } from "./instance.js";
import type { Route } from "./network/link.js";
import { ZoneViews } from "./network/zones.js";
import { StationStats } from "./stats.js";
import type { CompiledStep, Request } from "./walker.js";

/** A failure fault while it lasts: calls fail by `cause` with this probability. */
export interface FailureFault {
  readonly cause: Cause;
  readonly probability: number;
}

/** What a station is in the system: the entry gateway or a service. A role, never a name. */
export type StationRole = "gateway" | "service";

/** How a station hands a served call's nested calls on (the walker, injected by the world). */
export interface NestedCalls {
  runSequence(
    steps: readonly CompiledStep[],
    request: Request,
    parent: Continuation,
    from: Instance | null,
  ): void;
}

/** One call at one station: waits, is served, then (maybe) makes its nested calls. */
export class Call implements Continuation {
  /** Its instance, set when it is routed (null only before: every Call keeps one shape). */
  instance: Instance = null as unknown as Instance;
  arrival = DOUBLE_ZERO;
  /** Whether the call still occupies a worker (blocking services hold it for their children). */
  holding = false;
  /** Killed by a crash of its instance: its parent has been told; late events are ignored. */
  dead = false;
  /** Position in its instance's active list (only kept where instances can crash). */
  slot = -1;
  /** The latency fault that slowed it (that fault's cause), if any. */
  slowedBy: Cause | null = null;
  /** Where it comes from and over what network (zones, links); null: neither matters. */
  route: Route | null = null;
  constructor(
    readonly station: Station,
    readonly calls: readonly CompiledStep[],
    readonly request: Request,
    readonly parent: Continuation,
  ) {}
  /** The nested calls have finished. */
  resume(cause: Cause | null): void {
    if (this.dead) return;
    if (this.holding) this.station.leave(this, cause !== null);
    this.parent.resume(cause);
  }
}

/**
 * A service or the gateway: instances behind a balancer, each with workers and a FIFO queue.
 * A call arrives, takes a free worker or waits, is served for a draw of the latency, and then
 * either leaves or (through `nested`) makes its nested calls.
 */
export class Station {
  readonly instances: Instance[];
  /** The instances callers see (all of them until faults and discovery say otherwise). */
  view: Instance[];
  readonly stats = new StationStats();
  readonly latency: Distribution;
  readonly latencyRng: RandomStream;
  /** The failure draws' stream: made on the first draw (most stations never fail). */
  private failureStream: RandomStream | null = null;
  /**
   * How it picks an instance for a call; null: in turn (round-robin, the default), by `turn`
   * here, so that a call reads no closure and context of a balancer's.
   */
  private readonly balancer: Balancer | null;
  /** Round-robin's turn: calls routed so far (its pick is `turn % instances`). */
  private turn = 0;
  readonly failure: number;
  readonly blocking: boolean;
  /** Cost per instance-hour; null: not given (and for the gateway). */
  readonly cost: number | null;
  /** Whether a hash balancer picks the instance (by key). */
  readonly hashed: boolean;
  /** Whether callers in a zone call this station's instances in their own zone first. */
  preferZone = false;
  /** The instances by zone, for zone preference: made on first use (most stations prefer none). */
  private zoneViews: ZoneViews | null = null;
  /** Its autoscaler; null: a fixed set of instances. */
  autoscaler: Autoscaler | null = null;
  /** Whether some fault can crash instances here (then active calls are tracked). */
  crashable = false;
  /** Whether some fault can raise the failure probability here (then every call draws). */
  failureFaults = false;
  // Active faults, set and cleared by faults/: each names its fault's cause.
  extraLatency: Distribution | null = null;
  extraLatencyRng: RandomStream | null = null;
  latencyFault: Cause | null = null;
  /** An active failure fault: its cause and the probability that a call fails by it. */
  failureFault: FailureFault | null = null;
  lastDown: Cause | null = null;
  /** Why a call failed here, one Cause per reason (compared by identity): made on the first failure. */
  private ownCauses: StationCauses | null = null;

  private readonly rng: RandomSource;
  /** Its streams' names start with this. */
  private readonly prefix: string;

  constructor(
    readonly name: string,
    readonly role: StationRole,
    config: StationConfig,
    rng: RandomSource,
    private readonly calendar: Calendar,
    private readonly nested: NestedCalls,
  ) {
    const prefix = role === "gateway" ? "gateway" : `service/${name}`;
    const service = "failure" in config ? config : null;
    this.latency = createDistribution(config.latency);
    this.latencyRng = rng.stream(`${prefix}/latency`);
    this.rng = rng;
    this.prefix = prefix;
    this.balancer =
      config.balancer === "round-robin"
        ? null
        : createBalancer(
            config.balancer,
            () => rng.stream(`${prefix}/balancer`),
            service?.weights ?? null,
            service?.hash ? { config: service.hash, instances: config.instances } : null,
          );
    this.hashed = config.balancer === "hash";
    this.failure = service?.failure ?? 0;
    this.blocking = service?.blocking ?? false;
    this.cost = service?.cost ?? null;
    const capacity = config.queue === null ? Number.POSITIVE_INFINITY : config.queue;
    // An autoscaled service has every instance it may run from the start; callers see those
    // its autoscaler has made ready.
    const scale = service?.autoscale ?? null;
    this.instances = Array.from(
      { length: scale === null ? config.instances : scale.max },
      (_, i) =>
        new Instance(
          `${name}-${i + 1}`,
          i,
          config.concurrency,
          capacity,
          config.zones === null ? null : config.zones[i % config.zones.length]!,
        ),
    );
    this.view = scale === null ? this.instances : this.instances.slice(0, config.instances);
  }

  /** The station's causes of failure, the same objects every time. */
  get causes(): StationCauses {
    this.ownCauses ??= stationCauses(this.name);
    return this.ownCauses;
  }

  get servers(): number {
    return this.instances.length * this.instances[0]!.concurrency;
  }

  /** Worker-seconds there were to be busy in since the last reset: servers × span, or as scaled. */
  capacity(now: number, span: number): number {
    const scaler = this.autoscaler;
    if (scaler === null) return span * this.servers;
    return scaler.stats.serving.integral(now) * this.instances[0]!.concurrency;
  }

  busyIntegral(now: number): number {
    let total = 0;
    for (const inst of this.instances) total += inst.busyTime.integral(now);
    return total;
  }

  /**
   * A call is made: routed to an instance, it arrives there (one network hop later over a
   * link), then takes a worker, waits, or is turned away.
   */
  arrive(call: Call): void {
    let view = this.view;
    if (view.length === 0) {
      this.stats.arrivals++;
      this.reject(call, this.lastDown ?? this.causes.noInstance, true);
      return;
    }
    const route = call.route;
    if (route === null) {
      call.instance = this.pick(view);
      this.enter(call);
      return;
    }
    if (this.preferZone && route.fromZone !== null) {
      this.zoneViews ??= new ZoneViews();
      const local = this.zoneViews.of(view, route.fromZone);
      if (local.length > 0) view = local;
    }
    const instance = route.pinned ?? this.pick(view);
    call.instance = instance;
    const link = route.link;
    if (link === null) this.enter(call);
    else this.calendar.schedule(link.hop(route.fromZone, instance.zone), Station.enterLater, call);
  }

  /** The instance the balancer picks from `view` (not empty) for the next call. */
  private pick(view: readonly Instance[]): Instance {
    if (view.length === 1) return view[0]!;
    return view[this.balancer === null ? this.turn++ % view.length : this.balancer(view)]!;
  }

  /** A call reaches its instance after its hop: one function for every station. */
  private static enterLater(call: Call): void {
    call.station.enter(call);
  }

  /** The call reaches its instance. */
  private enter(call: Call): void {
    const stats = this.stats;
    const now = this.calendar.now;
    const instance = call.instance;
    stats.arrivals++;
    call.arrival = now;
    instance.requests++;
    if (!instance.alive) {
      this.reject(call, instance.down?.by ?? this.causes.noInstance, true);
    } else if (instance.busy < instance.concurrency) {
      stats.inSystem.add(now, 1);
      instance.busyTime.add(now, 1);
      this.startService(call, now);
    } else if (instance.queued < instance.capacity) {
      stats.inSystem.add(now, 1);
      instance.enqueue(call);
    } else {
      this.reject(call, this.causes.queueFull, false);
    }
  }

  /** A call fails at once, without service: its instance's queue is full, or none is live. */
  private reject(call: Call, cause: Cause, unavailable: boolean): void {
    this.stats.rejection(unavailable);
    if (cause.fault !== null) cause.fault.callsFailed++;
    call.parent.resume(cause);
  }

  /** The call takes a worker already counted busy for it (a free one, or one handed over). */
  private startService(call: Call, now: number): void {
    const stats = this.stats;
    call.holding = true;
    if (this.crashable) {
      const instance = call.instance;
      instance.active ??= [];
      call.slot = instance.active.length;
      instance.active.push(call);
    }
    stats.waitSum += now - call.arrival;
    stats.waitCount++;
    let time = this.latency.sample(this.latencyRng);
    if (this.extraLatency !== null) {
      time += this.extraLatency.sample(this.extraLatencyRng!);
      call.slowedBy = this.latencyFault;
      this.latencyFault!.fault!.callsSlowed++;
    }
    this.calendar.schedule(time, Station.serviceDone, call);
  }

  /** A call's service time is over: one function for every station (no closure each). */
  private static serviceDone(call: Call): void {
    call.station.served(call);
  }

  /** The call has been served: it fails, leaves, or makes its nested calls. */
  private served(call: Call): void {
    if (call.dead) return;
    if (this.failure > 0 || this.failureFaults) {
      this.failureStream ??= this.rng.stream(`${this.prefix}/failure`);
      const u = this.failureStream.next();
      let cause: Cause | null = null;
      if (u < this.failure) cause = this.causes.failure;
      else if (this.failureFault !== null && u < this.failureFault.probability) {
        cause = this.failureFault.cause;
        cause.fault!.callsFailed++;
      }
      if (cause !== null) {
        this.leave(call, true);
        call.parent.resume(cause);
        return;
      }
    }
    if (call.calls.length === 0) {
      this.leave(call, false);
      call.parent.resume(null);
      return;
    }
    // Non-blocking: the worker is released now and the nested calls run on their own;
    // blocking: the worker stays held until they return (Call.resume releases it).
    if (!this.blocking) this.leave(call, false);
    this.nested.runSequence(call.calls, call.request, call, call.instance);
  }

  /** The call leaves the station: its worker is freed and the next waiting call starts. */
  leave(call: Call, failed: boolean): void {
    const stats = this.stats;
    const instance = call.instance;
    const now = this.calendar.now;
    call.holding = false;
    if (this.crashable) {
      const active = instance.active!;
      const last = active.pop()!;
      if (last !== call) {
        active[call.slot] = last;
        last.slot = call.slot;
      }
    }
    stats.inSystem.add(now, -1);
    stats.departure(now - call.arrival, failed);
    if (instance.queued > 0) {
      // The worker goes straight to the next call: busy stays as it is.
      this.startService(instance.dequeue(), now);
    } else {
      instance.busyTime.add(now, -1);
      if (instance.draining && instance.busy === 0) this.autoscaler!.drained(instance);
    }
  }

  /**
   * An instance dies: every call on it (in service, held or waiting) leaves failed now and is
   * marked dead. Returns them, for the caller to tell their parents once the registry knows.
   */
  crash(instance: Instance, cause: Cause): Call[] {
    const now = this.calendar.now;
    const stats = this.stats;
    instance.alive = false;
    instance.down = { since: now, by: cause };
    this.lastDown = cause;
    const victims = instance.active?.splice(0) ?? [];
    const waiting = instance.drainQueue();
    instance.busyTime.update(now, 0);
    for (const call of waiting) victims.push(call);
    for (const call of victims) {
      call.dead = true;
      call.holding = false;
      stats.inSystem.add(now, -1);
      stats.departure(now - call.arrival, true);
    }
    return victims;
  }

  /** A crashed instance is back and registers again. */
  recover(instance: Instance): void {
    instance.alive = true;
    instance.registered = true;
    instance.down = null;
  }

  /** What callers see: the registered instances (all of them, as one array, when all are). */
  updateView(): void {
    const view = this.instances.filter((i) => i.registered);
    this.view = view.length === this.instances.length ? this.instances : view;
  }
}
