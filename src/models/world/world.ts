import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import {
  LatencyHistogram,
  loadBalancingEfficiency,
  TimeWeightedAverage,
} from "../../metrics/index.js";
import {
  Calendar,
  createDistribution,
  type Distribution,
  Fifo,
  RandomSource,
  type RandomStream,
} from "../../sim/index.js";
import type {
  EdgeReport,
  FaultReport,
  FlowReport,
  GatewayReport,
  ServiceReport,
  TimelineWindow,
  TotalsReport,
} from "../report.js";
import { byCount } from "../run/combine.js";
import {
  type CallPolicy,
  type CircuitBreakerConfig,
  entryCaller,
  type Fault,
  policyFor,
  retryWait,
  type Scenario,
  type StationConfig,
  type Step,
} from "../scenario/types.js";
import { formatDuration } from "../scenario/units.js";
import { type Balancer, createBalancer } from "./balancer.js";

/**
 * Why a call failed: the station it failed at, in words, and the fault behind it if any.
 * Causes are made once per station and fault, never per call.
 */
interface Cause {
  readonly station: Station;
  readonly reason: string;
  readonly fault: FaultState | null;
}

/** Something waiting for a call, a sequence or a parallel group to finish (null: success). */
interface Continuation {
  resume(cause: Cause | null): void;
}

/** A flow's steps compiled against the world's stations and edge policies. */
type CompiledStep =
  | { kind: "call"; station: Station; calls: CompiledStep[]; edge: Edge | null }
  | { kind: "parallel"; branches: CompiledStep[][] };

/** One request on a flow, from entry to its last call; it walks its flow's steps itself. */
class Request implements Continuation {
  private index = 0;
  constructor(
    readonly world: World,
    readonly flow: FlowState,
    readonly start: number,
    readonly user: number,
  ) {}
  begin(): void {
    const steps = this.flow.root;
    if (steps.length === 0) this.world.finishRequest(this, null);
    else this.world.runStep(steps[0]!, this, this);
  }
  resume(cause: Cause | null): void {
    const steps = this.flow.root;
    if (cause === null && ++this.index < steps.length)
      this.world.runStep(steps[this.index]!, this, this);
    else this.world.finishRequest(this, cause);
  }
}

class Sequence implements Continuation {
  private index = 0;
  constructor(
    private readonly world: World,
    private readonly steps: CompiledStep[],
    private readonly request: Request,
    private readonly parent: Continuation,
  ) {}
  begin(): void {
    this.world.runStep(this.steps[0]!, this.request, this);
  }
  resume(cause: Cause | null): void {
    if (cause !== null) this.parent.resume(cause);
    else if (++this.index < this.steps.length)
      this.world.runStep(this.steps[this.index]!, this.request, this);
    else this.parent.resume(null);
  }
}

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

/** One call at one station: waits, is served, then (maybe) makes its nested calls. */
class Call implements Continuation {
  instance!: Instance;
  arrival = DOUBLE_ZERO;
  /** Whether the call still occupies a worker (blocking services hold it for their children). */
  holding = false;
  /** Killed by a crash of its instance: its parent has been told; late events are ignored. */
  dead = false;
  /** Position in its instance's active list (only kept where instances can crash). */
  slot = -1;
  /** The latency fault that slowed it, if any. */
  slowedBy: FaultState | null = null;
  constructor(
    readonly station: Station,
    readonly calls: CompiledStep[],
    readonly request: Request,
    readonly parent: Continuation,
  ) {}
  /** The nested calls have finished. */
  resume(cause: Cause | null): void {
    if (this.dead) return;
    if (this.holding) this.station.world.leave(this, cause !== null);
    this.parent.resume(cause);
  }
}

class Instance {
  busy = 0;
  requests = 0;
  readonly waiting = new Fifo<Call>();
  readonly busyTime = new TimeWeightedAverage();
  /** Calls holding a worker, for crashes to fail (kept only where instances can crash). */
  readonly active: Call[] = [];
  alive = true;
  /** Listed in the service registry (a crashed instance stays listed for the ttl). */
  registered = true;
  downSince = DOUBLE_ZERO;
  downBy: Cause | null = null;
  constructor(
    readonly id: string,
    readonly index: number,
    readonly concurrency: number,
    readonly capacity: number,
  ) {}
  get queued(): number {
    return this.waiting.length;
  }
  /** Calls at the instance: in service (or held by a blocking call) plus waiting. */
  get outstanding(): number {
    return this.busy + this.queued;
  }
  enqueue(call: Call): void {
    this.waiting.push(call);
  }
  dequeue(): Call {
    return this.waiting.shift()!;
  }
  /** Empty the queue, returning what waited. */
  drain(): Call[] {
    return this.waiting.drain();
  }
}

/** A service or the gateway: instances behind a balancer, each with workers and a FIFO queue. */
class Station {
  readonly instances: Instance[];
  /** The instances callers see (all of them until faults and discovery say otherwise). */
  view: Instance[];
  readonly latency: Distribution;
  readonly latencyRng: RandomStream;
  readonly failureRng: RandomStream;
  readonly balancer: Balancer;
  readonly failure: number;
  readonly blocking: boolean;
  /** Whether some fault can crash instances here (then active calls are tracked). */
  crashable = false;
  /** Whether some fault can raise the failure probability here (then every call draws). */
  failureFaults = false;
  // Active faults.
  extraLatency: Distribution | null = null;
  extraLatencyRng: RandomStream | null = null;
  latencyFault: FaultState | null = null;
  faultFailure = DOUBLE_ZERO;
  failureFault: FaultState | null = null;
  lastDown: Cause | null = null;
  readonly causes: Record<
    "failure" | "queueFull" | "timeout" | "circuitOpen" | "noInstance" | "rateLimited" | "auth",
    Cause
  >;
  arrivals = 0;
  completed = 0;
  failed = 0;
  rejected = 0;
  timedOut = 0;
  retries = 0;
  shortCircuited = 0;
  circuitOpens = 0;
  unavailable = 0;
  rateLimited = 0;
  unauthenticated = 0;
  inSystemNow = 0;
  waitSum = DOUBLE_ZERO;
  waitCount = 0;
  readonly inSystem = new TimeWeightedAverage();
  /** Sojourns: the run's, and the current timeline window's (its window). */
  readonly sojourn = new LatencyHistogram();
  // The current timeline window.
  windowCompleted = 0;
  windowFailures = 0;
  windowBusyStart = DOUBLE_ZERO;

  constructor(
    readonly world: World,
    readonly name: string,
    config: StationConfig,
    rng: RandomSource,
  ) {
    const prefix = name === "gateway" ? "gateway" : `service/${name}`;
    const service = "failure" in config ? config : null;
    this.latency = createDistribution(config.latency);
    this.latencyRng = rng.stream(`${prefix}/latency`);
    this.failureRng = rng.stream(`${prefix}/failure`);
    this.balancer = createBalancer(
      config.balancer,
      rng.stream(`${prefix}/balancer`),
      service?.weights ?? null,
    );
    this.failure = service?.failure ?? 0;
    this.blocking = service?.blocking ?? false;
    const capacity = config.queue === null ? Number.POSITIVE_INFINITY : config.queue;
    this.instances = Array.from(
      { length: config.instances },
      (_, i) => new Instance(`${name}-${i + 1}`, i, config.concurrency, capacity),
    );
    this.view = this.instances;
    const cause = (reason: string): Cause => ({ station: this, reason, fault: null });
    this.causes = {
      failure: cause("failure"),
      queueFull: cause("queue full"),
      timeout: cause("timeout"),
      circuitOpen: cause("circuit open"),
      noInstance: cause("no instance"),
      rateLimited: cause("rate limited"),
      auth: cause("unauthenticated"),
    };
  }

  get servers(): number {
    return this.instances.length * this.instances[0]!.concurrency;
  }

  busyIntegral(now: number): number {
    let total = 0;
    for (const inst of this.instances) total += inst.busyTime.integral(now);
    return total;
  }

  restart(now: number): void {
    this.arrivals = this.completed = this.failed = this.rejected = 0;
    this.timedOut = this.retries = this.shortCircuited = this.circuitOpens = 0;
    this.unavailable = this.rateLimited = this.unauthenticated = 0;
    this.waitSum = DOUBLE_ZERO;
    this.waitCount = 0;
    this.inSystem.restart(now);
    this.sojourn.reset();
    for (const inst of this.instances) {
      inst.requests = 0;
      inst.busyTime.restart(now);
    }
    this.windowCompleted = this.windowFailures = 0;
    this.windowBusyStart = DOUBLE_ZERO;
  }
}

/**
 * A circuit breaker (closed, open, half-open) over a sliding time window of ten buckets, as
 * resilience libraries keep it: it opens when the window holds at least `minCalls` outcomes
 * and at least `failureRatio` of them failed; after `openFor` it lets `probes` calls through,
 * closing if all succeed and opening again at the first failure.
 */
class Breaker {
  private static readonly BUCKETS = 10;
  state: "closed" | "open" | "half-open" = "closed";
  private readonly fails = new Float64Array(Breaker.BUCKETS);
  private readonly totals = new Float64Array(Breaker.BUCKETS);
  private bucket = 0;
  private bucketEnd: number;
  private readonly width: number;
  private openedAt = DOUBLE_ZERO;
  private probesSent = 0;
  private probesOk = 0;
  constructor(private readonly config: CircuitBreakerConfig) {
    this.width = config.window / Breaker.BUCKETS;
    this.bucketEnd = this.width;
  }
  /** Whether a call may go now; in half-open the ones let through are probes. */
  allow(now: number): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (now < this.openedAt + this.config.openFor) return false;
      this.state = "half-open";
      this.probesSent = this.probesOk = 0;
    }
    if (this.probesSent >= this.config.probes) return false;
    this.probesSent++;
    return true;
  }
  /** Record an outcome; returns true when this outcome opened the breaker. */
  record(now: number, failed: boolean, probe: boolean): boolean {
    if (this.state === "half-open") {
      if (!probe) return false;
      if (failed) return this.open(now);
      if (++this.probesOk >= this.config.probes) {
        this.state = "closed";
        this.fails.fill(0);
        this.totals.fill(0);
      }
      return false;
    }
    if (this.state === "open") return false;
    this.advance(now);
    this.totals[this.bucket]!++;
    if (failed) this.fails[this.bucket]!++;
    let total = 0;
    let fails = 0;
    for (let i = 0; i < Breaker.BUCKETS; i++) {
      total += this.totals[i]!;
      fails += this.fails[i]!;
    }
    if (total >= this.config.minCalls && fails >= this.config.failureRatio * total)
      return this.open(now);
    return false;
  }
  private open(now: number): boolean {
    this.state = "open";
    this.openedAt = now;
    this.fails.fill(0);
    this.totals.fill(0);
    return true;
  }
  private advance(now: number): void {
    let steps = 0;
    while (now >= this.bucketEnd && steps < Breaker.BUCKETS) {
      this.bucket = (this.bucket + 1) % Breaker.BUCKETS;
      this.fails[this.bucket] = 0;
      this.totals[this.bucket] = 0;
      this.bucketEnd += this.width;
      steps++;
    }
    if (now >= this.bucketEnd) {
      // Idle for a whole window: everything in it has expired.
      this.bucketEnd = (Math.floor(now / this.width) + 1) * this.width;
    }
  }
}

/** A caller->callee edge with a policy: its breaker, its jitter stream and its counts. */
class Edge {
  readonly breaker: Breaker | null;
  calls = 0;
  attempts = 0;
  retries = 0;
  timedOut = 0;
  shortCircuited = 0;
  circuitOpens = 0;
  failed = 0;
  constructor(
    readonly caller: string,
    readonly callee: Station,
    readonly policy: CallPolicy,
    readonly jitterRng: RandomStream,
  ) {
    this.breaker = policy.circuitBreaker ? new Breaker(policy.circuitBreaker) : null;
  }
  restart(): void {
    this.calls = this.attempts = this.retries = this.timedOut = 0;
    this.shortCircuited = this.circuitOpens = this.failed = 0;
  }
  /** The wait before retry `n` (1-based), drawn below it with full jitter. */
  backoff(n: number): number {
    const wait = retryWait(this.policy, n);
    return this.policy.jitter ? wait * this.jitterRng.next() : wait;
  }
}

/** A logical call over an edge with a policy: attempts, timeouts, backoff, breaker. */
class Invocation {
  attempts = 0;
  constructor(
    readonly edge: Edge,
    readonly step: CompiledStep & { kind: "call" },
    readonly request: Request,
    readonly parent: Continuation,
  ) {}
}

/** One attempt of an invocation; it answers once, whichever of result and timeout is first. */
class Attempt implements Continuation {
  done = false;
  timer = -1;
  call!: Call;
  constructor(
    readonly invocation: Invocation,
    readonly probe: boolean,
  ) {}
  resume(cause: Cause | null): void {
    if (this.done) return;
    this.done = true;
    const world = this.call.station.world;
    if (this.timer >= 0) world.calendar.cancel(this.timer);
    world.attemptDone(this, cause);
  }
}

class FaultState {
  crashes = 0;
  callsSlowed = 0;
  callsFailed = 0;
  requestsFailed = 0;
  readonly cause: Cause;
  /** Instances a crash fault took down, to bring back. */
  down: Instance[] = [];
  constructor(
    readonly index: number,
    readonly fault: Fault,
    readonly station: Station,
  ) {
    const reason =
      fault.kind === "latency"
        ? "slowed by a fault"
        : fault.kind === "failure"
          ? "injected failure"
          : "crashed instance";
    this.cause = { station, reason, fault: this };
  }
  restart(): void {
    this.crashes = this.callsSlowed = this.callsFailed = this.requestsFailed = 0;
  }
}

/** Random crashes of one instance: up for Exp(mtbf), down for Exp(mttr), again and again. */
interface Crasher {
  instance: Instance;
  station: Station;
  fault: FaultState;
  rng: RandomStream;
  mtbf: number;
  mttr: number;
}

class FlowState {
  started = 0;
  succeeded = 0;
  failed = 0;
  readonly failedBy = new Map<string, number>();
  readonly failureReasons = new Map<string, number>();
  /** Latencies: the run's, and the current timeline window's (its window). */
  readonly latency = new LatencyHistogram();
  windowSucceeded = 0;
  windowFailures = 0;
  constructor(
    readonly name: string,
    readonly root: CompiledStep[],
  ) {}
  restart(): void {
    this.started = this.succeeded = this.failed = 0;
    this.failedBy.clear();
    this.failureReasons.clear();
    this.latency.reset();
    this.windowSucceeded = this.windowFailures = 0;
  }
}

export interface WorldLimits {
  /** Stop after this many events. */
  maxEvents: number;
  /** Stop when this many requests are in flight at once (an unstable system). */
  maxInFlight: number;
}

export interface WorldResult {
  events: number;
  stopReason: string;
  endTime: number;
  services: Record<string, ServiceReport>;
  gateway: GatewayReport | null;
  flows: Record<string, FlowReport>;
  totals: TotalsReport;
  timeline: TimelineWindow[];
  faults: FaultReport[];
  calls: Record<string, EdgeReport>;
}

/** One replication of a scenario: the calendar, the stations, the workload and the measurements. */
export class World {
  readonly calendar = new Calendar();
  readonly stations: Station[];
  readonly gateway: Station | null;
  readonly flows: FlowState[];
  private readonly edges = new Map<string, Edge>();
  /** Streams for fault timing and discovery phases are made as faults start. */
  private readonly faultRng: RandomSource;
  private readonly faults: FaultState[];
  private readonly mixCumulative: number[];
  private readonly mixRng: RandomStream;
  private readonly arrivalRng: RandomStream;
  private readonly thinkRng: RandomStream;
  private readonly think: Distribution | null;
  private readonly authLatency: Distribution | null;
  private readonly authRng: RandomStream;
  private tokens = DOUBLE_ZERO;
  private tokensAt = DOUBLE_ZERO;
  private measuring = false;
  private measureStart = DOUBLE_ZERO;
  private requestsInFlight = 0;
  private stopReason = "until";
  private readonly timeline: TimelineWindow[] = [];
  private totalStarted = 0;
  private totalSucceeded = 0;
  private totalFailed = 0;
  private arrivalRate = DOUBLE_ZERO;
  private nextArrival = -1;
  /** Timeline windows in the run (capped at 10,000). */
  private windows = 0;

  constructor(
    readonly scenario: Scenario,
    seed: number,
    private readonly limits: WorldLimits,
  ) {
    const rng = new RandomSource(seed);
    this.stations = Object.entries(scenario.services).map(
      ([name, config]) => new Station(this, name, config, rng),
    );
    this.gateway = scenario.gateway ? new Station(this, "gateway", scenario.gateway, rng) : null;
    const byName = new Map(this.stations.map((s) => [s.name, s]));
    const edgeFor = (caller: string, callee: Station): Edge | null => {
      const key = `${caller}->${callee.name}`;
      const existing = this.edges.get(key);
      if (existing) return existing;
      const policy = policyFor(scenario.calls, caller, callee.name);
      if (policy === null) return null;
      const edge = new Edge(caller, callee, policy, rng.stream(`calls/${key}/jitter`));
      this.edges.set(key, edge);
      return edge;
    };
    const compile = (steps: Step[], caller: string): CompiledStep[] =>
      steps.map((step) => {
        if (!("call" in step))
          return { kind: "parallel", branches: step.parallel.map((b) => compile(b, caller)) };
        const station = byName.get(step.call)!;
        return {
          kind: "call",
          station,
          calls: compile(step.calls, step.call),
          edge: edgeFor(caller, station),
        };
      });
    const entry = entryCaller(scenario);
    this.flows = Object.entries(scenario.flows).map(([name, steps]) => {
      const compiled = compile(steps, entry);
      return new FlowState(
        name,
        this.gateway
          ? [{ kind: "call", station: this.gateway, calls: compiled, edge: null }]
          : compiled,
      );
    });
    const mix = scenario.workload.mix;
    let acc = 0;
    this.mixCumulative = this.flows.map((f) => {
      acc += mix[f.name] ?? 0;
      return acc;
    });
    this.mixRng = rng.stream("workload/mix");
    this.arrivalRng = rng.stream("workload/arrivals");
    this.thinkRng = rng.stream("workload/think");
    this.think =
      scenario.workload.kind === "closed" ? createDistribution(scenario.workload.think) : null;
    const auth = scenario.gateway?.auth ?? null;
    this.authLatency = auth ? createDistribution(auth.latency) : null;
    this.authRng = rng.stream("gateway/auth");
    this.tokens = scenario.gateway?.rateLimit?.burst ?? 0;
    this.faults = scenario.faults.map(
      (fault, i) => new FaultState(i, fault, byName.get(fault.service)!),
    );
    for (const f of this.faults) {
      if (f.fault.kind === "crash" || f.fault.kind === "random-crash") f.station.crashable = true;
      if (f.fault.kind === "failure") f.station.failureFaults = true;
    }
    this.faultRng = rng;
  }

  run(onProgress?: (fraction: number) => void): WorldResult {
    const { warmup, duration } = this.scenario;
    const end = warmup + duration;
    this.startWorkload();
    this.startFaults();
    this.calendar.scheduleAt(warmup, this.beginMeasurement);
    const window = this.scenario.timeline.window;
    this.windows = Math.min(10_000, Math.ceil(duration / window - 1e-9));
    // One window close pending at a time, each scheduling the next: a hundred of them pending
    // from the start would make every push and pop sift through a deeper heap.
    this.scheduleWindowClose(1);
    let budget = this.limits.maxEvents;
    const slices = onProgress ? 100 : 1;
    for (let i = 1; i <= slices; i++) {
      const until = i === slices ? end : warmup + (duration * i) / slices;
      const r = this.calendar.run({ until, maxEvents: budget });
      budget -= r.events;
      if (r.reason === "maxEvents") {
        this.stopReason = "maxEvents";
        break;
      }
      if (r.reason === "stopped") break;
      onProgress?.(i / slices);
    }
    return this.results();
  }

  // ---- workload -------------------------------------------------------------------------------

  private startWorkload(): void {
    const w = this.scenario.workload;
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

  private chooseFlow(): FlowState {
    if (this.flows.length === 1) return this.flows[0]!;
    const u = this.mixRng.next() * this.mixCumulative[this.mixCumulative.length - 1]!;
    let i = 0;
    while (i < this.mixCumulative.length - 1 && u >= this.mixCumulative[i]!) i++;
    return this.flows[i]!;
  }

  private startRequest(user: number): void {
    if (this.requestsInFlight >= this.limits.maxInFlight) {
      this.stopReason = "maxInFlight";
      this.calendar.stop();
      return;
    }
    const flow = this.chooseFlow();
    const request = new Request(this, flow, this.calendar.now, user);
    this.requestsInFlight++;
    if (this.measuring) {
      flow.started++;
      this.totalStarted++;
    }
    const gateway = this.gateway;
    if (gateway !== null) {
      const limit = this.scenario.gateway!.rateLimit;
      if (limit !== null && !this.takeToken(limit.rate, limit.burst)) {
        this.refuse(request, gateway.causes.rateLimited);
        return;
      }
      if (this.authLatency !== null) {
        this.calendar.schedule(this.authLatency.sample(this.authRng), this.authDone, request);
        return;
      }
    }
    request.begin();
  }

  /** Token bucket: refilled continuously at `rate`, holding at most `burst`. */
  private takeToken(rate: number, burst: number): boolean {
    const now = this.calendar.now;
    this.tokens = Math.min(burst, this.tokens + (now - this.tokensAt) * rate);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private readonly authDone = (request: Request): void => {
    if (this.authRng.next() < this.scenario.gateway!.auth!.reject)
      this.refuse(request, this.gateway!.causes.auth);
    else request.begin();
  };

  /** The gateway refuses a request before routing it: rate limited (429) or unauthenticated (401). */
  private refuse(request: Request, cause: Cause): void {
    const gateway = this.gateway!;
    if (this.measuring) {
      gateway.arrivals++;
      gateway.rejected++;
      if (cause === gateway.causes.rateLimited) gateway.rateLimited++;
      else gateway.unauthenticated++;
    }
    this.finishRequest(request, cause);
  }

  finishRequest(request: Request, cause: Cause | null): void {
    this.requestsInFlight--;
    const flow = request.flow;
    if (this.measuring) {
      const latency = this.calendar.now - request.start;
      flow.latency.record(latency);
      if (cause !== null) {
        flow.failed++;
        flow.windowFailures++;
        this.totalFailed++;
        const by = cause.station.name;
        flow.failedBy.set(by, (flow.failedBy.get(by) ?? 0) + 1);
        const why = `${by}: ${cause.reason}`;
        flow.failureReasons.set(why, (flow.failureReasons.get(why) ?? 0) + 1);
        if (cause.fault !== null) cause.fault.requestsFailed++;
      } else {
        flow.succeeded++;
        flow.windowSucceeded++;
        this.totalSucceeded++;
      }
    }
    if (request.user >= 0) {
      this.calendar.schedule(this.think!.sample(this.thinkRng), this.userArrives, request.user);
    }
  }

  // ---- flows ----------------------------------------------------------------------------------

  private runSequence(steps: CompiledStep[], request: Request, parent: Continuation): void {
    if (steps.length === 0) parent.resume(null);
    else if (steps.length === 1) this.runStep(steps[0]!, request, parent);
    else new Sequence(this, steps, request, parent).begin();
  }

  runStep(step: CompiledStep, request: Request, parent: Continuation): void {
    if (step.kind === "call") {
      if (step.edge === null) this.arrive(new Call(step.station, step.calls, request, parent));
      else this.sendAttempt(new Invocation(step.edge, step, request, parent));
      return;
    }
    const group = new Parallel(step.branches.length, parent);
    for (const branch of step.branches) this.runSequence(branch, request, group);
  }

  // ---- call policies --------------------------------------------------------------------------

  private sendAttempt(invocation: Invocation): void {
    const edge = invocation.edge;
    const station = edge.callee;
    const first = invocation.attempts === 0;
    invocation.attempts++;
    if (this.measuring && first) edge.calls++;
    const breaker = edge.breaker;
    const probe = breaker !== null && breaker.state !== "closed";
    if (breaker !== null && !breaker.allow(this.calendar.now)) {
      if (this.measuring) {
        edge.shortCircuited++;
        station.shortCircuited++;
      }
      this.afterAttempt(invocation, station.causes.circuitOpen);
      return;
    }
    if (this.measuring) {
      edge.attempts++;
      if (!first) {
        edge.retries++;
        station.retries++;
      }
    }
    const step = invocation.step;
    const attempt = new Attempt(invocation, probe);
    const call = new Call(station, step.calls, invocation.request, attempt);
    attempt.call = call;
    const timeout = edge.policy.timeout;
    if (timeout !== null)
      attempt.timer = this.calendar.schedule(timeout, this.attemptTimeout, attempt);
    this.arrive(call);
  }

  private readonly attemptTimeout = (attempt: Attempt): void => {
    if (attempt.done) return;
    attempt.done = true;
    attempt.timer = -1;
    const call = attempt.call;
    const station = call.station;
    const edge = attempt.invocation.edge;
    if (this.measuring) {
      edge.timedOut++;
      station.timedOut++;
    }
    const fault = call.slowedBy;
    if (fault !== null && this.measuring) fault.callsFailed++;
    this.attemptDone(attempt, fault !== null ? fault.cause : station.causes.timeout);
  };

  attemptDone(attempt: Attempt, cause: Cause | null): void {
    const invocation = attempt.invocation;
    if (invocation.edge.breaker?.record(this.calendar.now, cause !== null, attempt.probe)) {
      if (this.measuring) {
        invocation.edge.circuitOpens++;
        invocation.edge.callee.circuitOpens++;
      }
    }
    this.afterAttempt(invocation, cause);
  }

  private afterAttempt(invocation: Invocation, cause: Cause | null): void {
    const edge = invocation.edge;
    if (cause === null) {
      invocation.parent.resume(null);
    } else if (invocation.attempts <= edge.policy.retries) {
      const wait = edge.backoff(invocation.attempts);
      if (wait > 0) this.calendar.schedule(wait, this.retry, invocation);
      else this.sendAttempt(invocation);
    } else {
      if (this.measuring) edge.failed++;
      invocation.parent.resume(cause);
    }
  }

  private readonly retry = (invocation: Invocation): void => {
    this.sendAttempt(invocation);
  };

  // ---- stations -------------------------------------------------------------------------------

  private arrive(call: Call): void {
    const station = call.station;
    const now = this.calendar.now;
    const view = station.view;
    if (this.measuring) station.arrivals++;
    if (view.length === 0) {
      this.reject(call, station.lastDown ?? station.causes.noInstance, true);
      return;
    }
    const instance = view.length === 1 ? view[0]! : view[station.balancer(view)]!;
    call.instance = instance;
    call.arrival = now;
    if (this.measuring) instance.requests++;
    if (!instance.alive) {
      this.reject(call, instance.downBy ?? station.causes.noInstance, true);
    } else if (instance.busy < instance.concurrency) {
      station.inSystem.update(now, ++station.inSystemNow);
      instance.busyTime.update(now, ++instance.busy);
      this.startService(call, now);
    } else if (instance.queued < instance.capacity) {
      station.inSystem.update(now, ++station.inSystemNow);
      instance.enqueue(call);
    } else {
      this.reject(call, station.causes.queueFull, false);
    }
  }

  /** A call fails at once, without service: its instance's queue is full, or none is live. */
  private reject(call: Call, cause: Cause, unavailable: boolean): void {
    const station = call.station;
    if (this.measuring) {
      station.rejected++;
      station.windowFailures++;
      if (unavailable) station.unavailable++;
      if (cause.fault !== null) cause.fault.callsFailed++;
    }
    call.parent.resume(cause);
  }

  /** The call takes a worker already counted busy for it (a free one, or one handed over). */
  private startService(call: Call, now: number): void {
    const instance = call.instance;
    const station = call.station;
    call.holding = true;
    if (station.crashable) {
      call.slot = instance.active.length;
      instance.active.push(call);
    }
    if (this.measuring) {
      station.waitSum += now - call.arrival;
      station.waitCount++;
    }
    let time = station.latency.sample(station.latencyRng);
    if (station.extraLatency !== null) {
      time += station.extraLatency.sample(station.extraLatencyRng!);
      call.slowedBy = station.latencyFault;
      if (this.measuring) station.latencyFault!.callsSlowed++;
    }
    this.calendar.schedule(time, this.serviceDone, call);
  }

  private readonly serviceDone = (call: Call): void => {
    if (call.dead) return;
    const station = call.station;
    if (station.failure > 0 || station.failureFaults) {
      const u = station.failureRng.next();
      let cause: Cause | null = null;
      if (u < station.failure) cause = station.causes.failure;
      else if (u < station.faultFailure) {
        cause = station.failureFault!.cause;
        if (this.measuring) station.failureFault!.callsFailed++;
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
    if (!station.blocking) this.leave(call, false);
    this.runSequence(call.calls, call.request, call);
  };

  /** The call leaves its station: its worker is freed and the next waiting call starts. */
  leave(call: Call, failed: boolean): void {
    const station = call.station;
    const instance = call.instance;
    const now = this.calendar.now;
    call.holding = false;
    if (station.crashable) {
      const last = instance.active.pop()!;
      if (last !== call) {
        instance.active[call.slot] = last;
        last.slot = call.slot;
      }
    }
    station.inSystem.update(now, --station.inSystemNow);
    if (this.measuring) this.recordDeparture(station, now - call.arrival, failed);
    if (instance.queued > 0) {
      // The worker goes straight to the next call: busy stays as it is.
      this.startService(instance.dequeue(), now);
    } else {
      instance.busyTime.update(now, --instance.busy);
    }
  }

  private recordDeparture(station: Station, sojourn: number, failed: boolean): void {
    station.sojourn.record(sojourn);
    if (failed) {
      station.failed++;
      station.windowFailures++;
    } else {
      station.completed++;
      station.windowCompleted++;
    }
  }

  // ---- faults and discovery -------------------------------------------------------------------

  private startFaults(): void {
    const discovery = this.scenario.discovery;
    for (const f of this.faults) {
      const fault = f.fault;
      if (fault.kind === "random-crash") {
        f.station.instances.forEach((instance) => {
          const crasher: Crasher = {
            instance,
            station: f.station,
            fault: f,
            rng: this.faultRng.stream(`faults/${f.index}/${instance.id}`),
            mtbf: fault.mtbf,
            mttr: fault.mttr,
          };
          this.calendar.schedule(exponential(crasher.rng, fault.mtbf), this.randomCrash, crasher);
        });
        continue;
      }
      this.calendar.scheduleAt(fault.at, this.faultStarts, f);
      if (fault.for !== null) this.calendar.scheduleAt(fault.at + fault.for, this.faultEnds, f);
    }
    if (discovery !== null) {
      for (const station of this.stations) {
        if (!station.crashable) continue;
        const phase = this.faultRng.stream(`discovery/${station.name}`).next() * discovery.refresh;
        this.calendar.schedule(phase, this.refreshView, station);
      }
    }
  }

  private readonly faultStarts = (f: FaultState): void => {
    const fault = f.fault;
    const station = f.station;
    if (fault.kind === "crash") {
      f.down = station.instances.filter((i) => i.alive).slice(0, fault.instances);
      for (const instance of f.down) this.crash(station, instance, f);
    } else if (fault.kind === "latency") {
      station.extraLatency = createDistribution(fault.latency);
      station.extraLatencyRng = this.faultRng.stream(`faults/${f.index}/latency`);
      station.latencyFault = f;
    } else if (fault.kind === "failure") {
      station.faultFailure = fault.failure;
      station.failureFault = f;
    }
  };

  private readonly faultEnds = (f: FaultState): void => {
    const station = f.station;
    const kind = f.fault.kind;
    if (kind === "crash") {
      for (const instance of f.down) {
        if (!instance.alive && instance.downBy === f.cause) this.recover(station, instance);
      }
      f.down = [];
    } else if (kind === "latency" && station.latencyFault === f) {
      station.extraLatency = null;
      station.latencyFault = null;
    } else if (kind === "failure" && station.failureFault === f) {
      station.faultFailure = DOUBLE_ZERO;
      station.failureFault = null;
    }
  };

  private readonly randomCrash = (c: Crasher): void => {
    if (c.instance.alive) this.crash(c.station, c.instance, c.fault);
    this.calendar.schedule(exponential(c.rng, c.mttr), this.randomRecover, c);
  };

  private readonly randomRecover = (c: Crasher): void => {
    if (!c.instance.alive && c.instance.downBy === c.fault.cause)
      this.recover(c.station, c.instance);
    this.calendar.schedule(exponential(c.rng, c.mtbf), this.randomCrash, c);
  };

  /** An instance dies: every call on it (in service, held or waiting) fails now. */
  private crash(station: Station, instance: Instance, f: FaultState): void {
    const now = this.calendar.now;
    instance.alive = false;
    instance.downSince = now;
    instance.downBy = f.cause;
    station.lastDown = f.cause;
    if (this.measuring) f.crashes++;
    const victims = instance.active.splice(0);
    const waiting = instance.drain();
    instance.busy = 0;
    instance.busyTime.update(now, 0);
    for (const call of waiting) victims.push(call);
    for (const call of victims) {
      call.dead = true;
      call.holding = false;
      station.inSystem.update(now, --station.inSystemNow);
      if (this.measuring) {
        this.recordDeparture(station, now - call.arrival, true);
        f.callsFailed++;
      }
    }
    const discovery = this.scenario.discovery;
    if (discovery === null) {
      instance.registered = false;
      this.updateView(station);
    } else {
      this.calendar.schedule(discovery.ttl, this.expire, instance);
    }
    for (const call of victims) call.parent.resume(f.cause);
  }

  private recover(station: Station, instance: Instance): void {
    instance.alive = true;
    instance.registered = true;
    instance.downBy = null;
    if (this.scenario.discovery === null) this.updateView(station);
  }

  /** The registry drops an instance that has been down for the ttl. */
  private readonly expire = (instance: Instance): void => {
    const ttl = this.scenario.discovery!.ttl;
    if (!instance.alive && this.calendar.now - instance.downSince >= ttl - 1e-9)
      instance.registered = false;
  };

  private readonly refreshView = (station: Station): void => {
    this.updateView(station);
    this.calendar.schedule(this.scenario.discovery!.refresh, this.refreshView, station);
  };

  private updateView(station: Station): void {
    const view = station.instances.filter((i) => i.registered);
    station.view = view.length === station.instances.length ? station.instances : view;
  }

  // ---- measurement ----------------------------------------------------------------------------

  private allStations(): Station[] {
    return this.gateway ? [...this.stations, this.gateway] : this.stations;
  }

  private readonly beginMeasurement = (): void => {
    const now = this.calendar.now;
    this.measuring = true;
    this.measureStart = now;
    for (const s of this.allStations()) s.restart(now);
    for (const f of this.flows) f.restart();
    for (const e of this.edges.values()) e.restart();
    for (const f of this.faults) f.restart();
    this.totalStarted = this.totalSucceeded = this.totalFailed = 0;
  };

  private scheduleWindowClose(k: number): void {
    if (k > this.windows) return;
    const { warmup, duration } = this.scenario;
    const at = Math.min(warmup + duration, warmup + k * this.scenario.timeline.window);
    this.calendar.scheduleAt(at, this.closeWindow, k);
  }

  private readonly closeWindow = (k: number): void => {
    this.scheduleWindowClose(k + 1);
    const now = this.calendar.now;
    const window = this.scenario.timeline.window;
    const span = now - (this.measureStart + (k - 1) * window);
    const entry: TimelineWindow = { time: now - this.measureStart, services: {}, flows: {} };
    for (const s of this.stations) {
      const busy = s.busyIntegral(now);
      entry.services[s.name] = {
        throughput: s.windowCompleted / span,
        p99: s.sojourn.windowPercentile(99),
        utilization: (busy - s.windowBusyStart) / (span * s.servers),
        failures: s.windowFailures,
      };
      s.windowBusyStart = busy;
      s.windowCompleted = s.windowFailures = 0;
      s.sojourn.resetWindow();
    }
    for (const f of this.flows) {
      entry.flows[f.name] = {
        throughput: f.windowSucceeded / span,
        p99: f.latency.windowPercentile(99),
        failures: f.windowFailures,
      };
      f.windowSucceeded = f.windowFailures = 0;
      f.latency.resetWindow();
    }
    this.timeline.push(entry);
  };

  /** All requests' latencies: the flows' histograms merged (cheaper than recording twice). */
  private totalLatency(): LatencyHistogram {
    const total = new LatencyHistogram();
    for (const f of this.flows) total.add(f.latency);
    return total;
  }

  private results(): WorldResult {
    const now = this.calendar.now;
    const measured = Math.max(0, now - this.measureStart);
    const span = this.measuring && measured > 0 ? measured : Number.NaN;
    const services: Record<string, ServiceReport> = {};
    for (const s of this.stations) services[s.name] = stationReport(s, now, span);
    const flows: Record<string, FlowReport> = {};
    for (const f of this.flows) {
      const finished = f.succeeded + f.failed;
      flows[f.name] = {
        started: f.started,
        succeeded: f.succeeded,
        failed: f.failed,
        failedBy: byCount(f.failedBy),
        failureReasons: byCount(f.failureReasons),
        throughput: f.succeeded / span,
        successRate: finished > 0 ? f.succeeded / finished : 0,
        latency: f.latency.summary(),
      };
    }
    const finished = this.totalSucceeded + this.totalFailed;
    const calls: Record<string, EdgeReport> = {};
    for (const [key, e] of this.edges) {
      calls[key] = {
        caller: e.caller,
        callee: e.callee.name,
        calls: e.calls,
        attempts: e.attempts,
        retries: e.retries,
        timedOut: e.timedOut,
        shortCircuited: e.shortCircuited,
        circuitOpens: e.circuitOpens,
        failed: e.failed,
      };
    }
    const g = this.gateway;
    return {
      events: this.calendar.eventsExecuted,
      stopReason: this.stopReason,
      endTime: now,
      services,
      gateway: g
        ? {
            ...stationReport(g, now, span),
            rateLimited: g.rateLimited,
            unauthenticated: g.unauthenticated,
          }
        : null,
      flows,
      totals: {
        started: this.totalStarted,
        succeeded: this.totalSucceeded,
        failed: this.totalFailed,
        throughput: this.totalSucceeded / span,
        successRate: finished > 0 ? this.totalSucceeded / finished : 0,
        latency: this.totalLatency().summary(),
      },
      timeline: this.timeline,
      faults: this.faults.map((f) => ({
        index: f.index,
        kind: f.fault.kind,
        service: f.fault.service,
        description: describeFault(f.fault),
        crashes: f.crashes,
        callsSlowed: f.callsSlowed,
        callsFailed: f.callsFailed,
        requestsFailed: f.requestsFailed,
      })),
      calls,
    };
  }
}

function exponential(rng: RandomStream, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/** A fault in words: `crash 1 of payment at 3m for 2m`. */
export function describeFault(fault: Fault): string {
  if (fault.kind === "random-crash") {
    return `random crashes of ${fault.service} instances (mtbf ${formatDuration(fault.mtbf)}, mttr ${formatDuration(fault.mttr)})`;
  }
  const when = `at ${formatDuration(fault.at)}${fault.for === null ? "" : ` for ${formatDuration(fault.for)}`}`;
  if (fault.kind === "crash")
    return `crash ${fault.instances} instance${fault.instances === 1 ? "" : "s"} of ${fault.service} ${when}`;
  if (fault.kind === "latency") return `slow ${fault.service} ${when}`;
  return `failure ${fault.failure} at ${fault.service} ${when}`;
}

function stationReport(s: Station, now: number, span: number): ServiceReport {
  const L = s.inSystem.average(now);
  const departures = s.completed + s.failed;
  const lambda = departures / span;
  const W = s.sojourn.mean;
  const requests = s.instances.map((i) => i.requests);
  return {
    arrivals: s.arrivals,
    completed: s.completed,
    failed: s.failed,
    rejected: s.rejected,
    inFlight: s.inSystemNow,
    throughput: s.completed / span,
    utilization: s.busyIntegral(now) / (span * s.servers),
    meanInSystem: L,
    // Every call at the station holds a worker or waits: queue = in system - busy workers.
    meanQueueLength: Math.max(0, L - s.busyIntegral(now) / span),
    latency: s.sojourn.summary(),
    wait: { mean: s.waitCount > 0 ? s.waitSum / s.waitCount : 0 },
    instances: s.instances.map((i) => ({
      id: i.id,
      requests: i.requests,
      utilization: i.busyTime.integral(now) / (span * i.concurrency),
    })),
    efficiency: requests.some((r) => r > 0) ? loadBalancingEfficiency(requests) : null,
    littlesLaw: { L, lambda, W, relativeError: L > 0 ? Math.abs(L - lambda * W) / L : 0 },
    timedOut: s.timedOut,
    retries: s.retries,
    shortCircuited: s.shortCircuited,
    circuitOpens: s.circuitOpens,
    unavailable: s.unavailable,
  };
}
