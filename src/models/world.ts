import {
  LatencyHistogram,
  loadBalancingEfficiency,
  TimeWeightedAverage,
} from "../metrics/index.js";
import {
  Calendar,
  createDistribution,
  type Distribution,
  RandomSource,
  type RandomStream,
} from "../sim/index.js";
import { type Balancer, createBalancer } from "./balancer.js";
import type { FlowReport, ServiceReport, TimelineWindow, TotalsReport } from "./report.js";
import type { GatewayConfig, Scenario, ServiceConfig, Step } from "./scenario.js";

/** Something waiting for a call, a sequence or a parallel group to finish. */
interface Continuation {
  resume(failed: boolean): void;
}

/** A flow's steps compiled against the world's stations. */
type CompiledStep =
  | { kind: "call"; station: Station; calls: CompiledStep[] }
  | { kind: "parallel"; branches: CompiledStep[][] };

/** One request on a flow, from entry to its last call. */
class Request implements Continuation {
  failedBy: Station | null = null;
  constructor(
    readonly world: World,
    readonly flow: FlowState,
    readonly start: number,
    readonly user: number,
  ) {}
  resume(failed: boolean): void {
    this.world.finishRequest(this, failed);
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
  resume(failed: boolean): void {
    if (failed) {
      this.parent.resume(true);
      return;
    }
    if (++this.index < this.steps.length)
      this.world.runStep(this.steps[this.index]!, this.request, this);
    else this.parent.resume(false);
  }
}

class Parallel implements Continuation {
  private failed = false;
  constructor(
    private remaining: number,
    private readonly parent: Continuation,
  ) {}
  resume(failed: boolean): void {
    if (failed) this.failed = true;
    if (--this.remaining === 0) this.parent.resume(this.failed);
  }
}

/** One call at one station: waits, is served, then (maybe) makes its nested calls. */
class Call implements Continuation {
  instance!: Instance;
  arrival = 0;
  /** Whether the call still occupies a worker (blocking services hold it for their children). */
  holding = false;
  constructor(
    readonly station: Station,
    readonly calls: CompiledStep[],
    readonly request: Request,
    readonly parent: Continuation,
  ) {}
  /** The nested calls have finished. */
  resume(failed: boolean): void {
    const world = this.station.world;
    if (this.holding) world.leave(this, false);
    this.parent.resume(failed);
  }
}

class Instance {
  busy = 0;
  requests = 0;
  readonly waiting: Call[] = [];
  waitingHead = 0;
  readonly busyTime = new TimeWeightedAverage();
  constructor(
    readonly id: string,
    readonly concurrency: number,
    readonly capacity: number,
  ) {}
  get queued(): number {
    return this.waiting.length - this.waitingHead;
  }
  /** Calls at the instance: in service (or held by a blocking call) plus waiting. */
  get outstanding(): number {
    return this.busy + this.queued;
  }
  enqueue(call: Call): void {
    this.waiting.push(call);
  }
  dequeue(): Call {
    const call = this.waiting[this.waitingHead]!;
    this.waiting[this.waitingHead++] = undefined as unknown as Call;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    return call;
  }
}

/** A service or the gateway: instances behind a balancer, each with workers and a FIFO queue. */
class Station {
  readonly instances: Instance[];
  readonly latency: Distribution;
  readonly latencyRng: RandomStream;
  readonly failureRng: RandomStream;
  readonly balancer: Balancer;
  readonly failure: number;
  readonly blocking: boolean;
  arrivals = 0;
  completed = 0;
  failed = 0;
  rejected = 0;
  inSystemNow = 0;
  waitSum = 0;
  waitCount = 0;
  readonly inSystem: TimeWeightedAverage;
  readonly inQueue: TimeWeightedAverage;
  readonly sojourn = new LatencyHistogram();
  // The current timeline window.
  windowCompleted = 0;
  windowFailures = 0;
  windowBusyStart = 0;
  readonly windowSojourn = new LatencyHistogram();

  constructor(
    readonly world: World,
    readonly name: string,
    config:
      | ServiceConfig
      | (GatewayConfig & { failure?: number; blocking?: boolean; weights?: null }),
    rng: RandomSource,
  ) {
    const prefix = name === "gateway" ? "gateway" : `service/${name}`;
    this.latency = createDistribution(config.latency);
    this.latencyRng = rng.stream(`${prefix}/latency`);
    this.failureRng = rng.stream(`${prefix}/failure`);
    this.balancer = createBalancer(
      config.balancer,
      rng.stream(`${prefix}/balancer`),
      config.weights ?? null,
    );
    this.failure = config.failure ?? 0;
    this.blocking = config.blocking ?? false;
    const capacity = config.queue === null ? Number.POSITIVE_INFINITY : config.queue;
    this.instances = Array.from(
      { length: config.instances },
      (_, i) => new Instance(`${name}-${i + 1}`, config.concurrency, capacity),
    );
    this.inSystem = new TimeWeightedAverage();
    this.inQueue = new TimeWeightedAverage();
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
    this.waitSum = this.waitCount = 0;
    this.inSystem.restart(now);
    this.inQueue.restart(now);
    this.sojourn.reset();
    for (const inst of this.instances) {
      inst.requests = 0;
      inst.busyTime.restart(now);
    }
    this.windowCompleted = this.windowFailures = 0;
    this.windowBusyStart = 0;
    this.windowSojourn.reset();
  }
}

class FlowState {
  started = 0;
  succeeded = 0;
  failed = 0;
  readonly failedBy = new Map<string, number>();
  readonly latency = new LatencyHistogram();
  windowSucceeded = 0;
  windowFailures = 0;
  readonly windowLatency = new LatencyHistogram();
  constructor(
    readonly name: string,
    readonly root: CompiledStep[],
  ) {}
  restart(): void {
    this.started = this.succeeded = this.failed = 0;
    this.failedBy.clear();
    this.latency.reset();
    this.windowSucceeded = this.windowFailures = 0;
    this.windowLatency.reset();
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
  gateway: ServiceReport | null;
  flows: Record<string, FlowReport>;
  totals: TotalsReport;
  timeline: TimelineWindow[];
}

/** One replication of a scenario: the calendar, the stations, the workload and the measurements. */
export class World {
  readonly calendar = new Calendar();
  readonly stations: Station[];
  readonly gateway: Station | null;
  readonly flows: FlowState[];
  private readonly mixCumulative: number[];
  private readonly mixRng: RandomStream;
  private readonly arrivalRng: RandomStream;
  private readonly thinkRng: RandomStream;
  private readonly think: Distribution | null;
  private measuring = false;
  private measureStart = 0;
  private requestsInFlight = 0;
  private stopReason = "until";
  private readonly timeline: TimelineWindow[] = [];
  private readonly total = new LatencyHistogram();
  private totalStarted = 0;
  private totalSucceeded = 0;
  private totalFailed = 0;
  private arrivalRate = 0;
  private nextArrival = -1;

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
    const compile = (steps: Step[]): CompiledStep[] =>
      steps.map((step) =>
        "call" in step
          ? { kind: "call", station: byName.get(step.call)!, calls: compile(step.calls) }
          : { kind: "parallel", branches: step.parallel.map(compile) },
      );
    this.flows = Object.entries(scenario.flows).map(([name, steps]) => {
      const compiled = compile(steps);
      return new FlowState(
        name,
        this.gateway ? [{ kind: "call", station: this.gateway, calls: compiled }] : compiled,
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
  }

  run(onProgress?: (fraction: number) => void): WorldResult {
    const { warmup, duration } = this.scenario;
    const end = warmup + duration;
    this.startWorkload();
    this.calendar.scheduleAt(warmup, this.beginMeasurement);
    const window = this.scenario.timeline.window;
    const windows = Math.min(10_000, Math.ceil(duration / window - 1e-9));
    for (let k = 1; k <= windows; k++) {
      this.calendar.scheduleAt(Math.min(end, warmup + k * window), this.closeWindow, k);
    }
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
    this.runSequence(flow.root, request, request);
  }

  finishRequest(request: Request, failed: boolean): void {
    this.requestsInFlight--;
    const flow = request.flow;
    if (this.measuring) {
      const latency = this.calendar.now - request.start;
      flow.latency.record(latency);
      flow.windowLatency.record(latency);
      this.total.record(latency);
      if (failed) {
        flow.failed++;
        flow.windowFailures++;
        this.totalFailed++;
        const by = request.failedBy?.name ?? "unknown";
        flow.failedBy.set(by, (flow.failedBy.get(by) ?? 0) + 1);
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
    if (steps.length === 0) parent.resume(false);
    else new Sequence(this, steps, request, parent).begin();
  }

  runStep(step: CompiledStep, request: Request, parent: Continuation): void {
    if (step.kind === "call") {
      this.arrive(new Call(step.station, step.calls, request, parent));
      return;
    }
    const group = new Parallel(step.branches.length, parent);
    for (const branch of step.branches) this.runSequence(branch, request, group);
  }

  // ---- stations -------------------------------------------------------------------------------

  private arrive(call: Call): void {
    const station = call.station;
    const now = this.calendar.now;
    const instance = station.instances[station.balancer(station.instances)]!;
    call.instance = instance;
    call.arrival = now;
    if (this.measuring) {
      station.arrivals++;
      instance.requests++;
    }
    if (instance.busy < instance.concurrency) {
      station.inSystem.update(now, ++station.inSystemNow);
      this.startService(call, now);
    } else if (instance.queued < instance.capacity) {
      station.inSystem.update(now, ++station.inSystemNow);
      station.inQueue.add(now, 1);
      instance.enqueue(call);
    } else {
      if (this.measuring) {
        station.rejected++;
        station.windowFailures++;
      }
      if (call.request.failedBy === null) call.request.failedBy = station;
      call.parent.resume(true);
    }
  }

  private startService(call: Call, now: number): void {
    const instance = call.instance;
    const station = call.station;
    instance.busyTime.update(now, ++instance.busy);
    call.holding = true;
    if (this.measuring) {
      station.waitSum += now - call.arrival;
      station.waitCount++;
    }
    this.calendar.schedule(station.latency.sample(station.latencyRng), this.serviceDone, call);
  }

  private readonly serviceDone = (call: Call): void => {
    const station = call.station;
    if (station.failure > 0 && station.failureRng.next() < station.failure) {
      if (call.request.failedBy === null) call.request.failedBy = station;
      this.leave(call, true);
      call.parent.resume(true);
      return;
    }
    if (call.calls.length === 0) {
      this.leave(call, false);
      call.parent.resume(false);
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
    station.inSystem.update(now, --station.inSystemNow);
    if (this.measuring) {
      const sojourn = now - call.arrival;
      station.sojourn.record(sojourn);
      station.windowSojourn.record(sojourn);
      if (failed) {
        station.failed++;
        station.windowFailures++;
      } else {
        station.completed++;
        station.windowCompleted++;
      }
    }
    if (instance.queued > 0) {
      station.inQueue.add(now, -1);
      instance.busy--;
      this.startService(instance.dequeue(), now);
    } else {
      instance.busyTime.update(now, --instance.busy);
    }
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
    this.total.reset();
    this.totalStarted = this.totalSucceeded = this.totalFailed = 0;
  };

  private readonly closeWindow = (k: number): void => {
    const now = this.calendar.now;
    const window = this.scenario.timeline.window;
    const span = now - (this.measureStart + (k - 1) * window);
    const entry: TimelineWindow = { time: now - this.measureStart, services: {}, flows: {} };
    for (const s of this.stations) {
      const busy = s.busyIntegral(now);
      entry.services[s.name] = {
        throughput: s.windowCompleted / span,
        p99: s.windowSojourn.percentile(99),
        utilization: (busy - s.windowBusyStart) / (span * s.servers),
        failures: s.windowFailures,
      };
      s.windowBusyStart = busy;
      s.windowCompleted = s.windowFailures = 0;
      s.windowSojourn.reset();
    }
    for (const f of this.flows) {
      entry.flows[f.name] = {
        throughput: f.windowSucceeded / span,
        p99: f.windowLatency.percentile(99),
        failures: f.windowFailures,
      };
      f.windowSucceeded = f.windowFailures = 0;
      f.windowLatency.reset();
    }
    this.timeline.push(entry);
  };

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
        failedBy: Object.fromEntries([...f.failedBy].sort((a, b) => b[1] - a[1])),
        throughput: f.succeeded / span,
        successRate: finished > 0 ? f.succeeded / finished : 0,
        latency: f.latency.summary(),
      };
    }
    const finished = this.totalSucceeded + this.totalFailed;
    return {
      events: this.calendar.eventsExecuted,
      stopReason: this.stopReason,
      endTime: now,
      services,
      gateway: this.gateway ? stationReport(this.gateway, now, span) : null,
      flows,
      totals: {
        started: this.totalStarted,
        succeeded: this.totalSucceeded,
        failed: this.totalFailed,
        throughput: this.totalSucceeded / span,
        successRate: finished > 0 ? this.totalSucceeded / finished : 0,
        latency: this.total.summary(),
      },
      timeline: this.timeline,
    };
  }
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
    meanQueueLength: s.inQueue.average(now),
    latency: s.sojourn.summary(),
    wait: { mean: s.waitCount > 0 ? s.waitSum / s.waitCount : 0 },
    instances: s.instances.map((i) => ({
      id: i.id,
      requests: i.requests,
      utilization: i.busyTime.integral(now) / (span * i.concurrency),
    })),
    efficiency: requests.some((r) => r > 0) ? loadBalancingEfficiency(requests) : null,
    littlesLaw: { L, lambda, W, relativeError: L > 0 ? Math.abs(L - lambda * W) / L : 0 },
  };
}
