import { Calendar, createDistribution, RandomSource } from "../../sim/index.js";
import {
  compileConsumers,
  compileFlows,
  type TreeCall,
  type TreeStep,
} from "../scenario/callTree.js";
import { timelineWindow } from "../scenario/normalise.js";
import type { Scenario } from "../scenario/types.js";
import { Admission } from "./admission.js";
import { type Autoscaler, autoscalersOf } from "./autoscale/autoscaler.js";
import { Cache } from "./cache.js";
import { Discovery } from "./faults/discovery.js";
import { Faults } from "./faults/faults.js";
import { results, type WorldResult } from "./measure/results.js";
import { Timeline } from "./measure/timeline.js";
import { type Tracer, traced, tracerOf } from "./measure/tracer.js";
import { AsyncCompletion } from "./messaging/async.js";
import { ConsumerGroup, Topic } from "./messaging/topic.js";
import { Link } from "./network/link.js";
import { Pool } from "./network/pool.js";
import { Edge } from "./resilience/edge.js";
import { Invoker } from "./resilience/invoker.js";
import { Station } from "./station.js";
import { FlowStats, StatsRegistry } from "./stats.js";
import { type CallStep, type CompiledStep, type Flow, Walker } from "./walker.js";
import { Workload } from "./workload.js";

export type { WorldResult } from "./measure/results.js";

export interface WorldLimits {
  /** Stop after this many events. */
  maxEvents: number;
  /** Stop when this many requests are in flight at once (an unstable system). */
  maxInFlight: number;
  /** Record a share of the requests as spans (`tracer.spans` after the run); absent: none. */
  traces?: { sample: number; maxSpans: number };
  /** The services the timeline's windows hold; absent or null: every one. */
  timeline?: ReadonlySet<string> | null;
  /** The flows the timeline's windows hold; absent or null: every one. */
  timelineFlows?: ReadonlySet<string> | null;
}

/**
 * One replication of a scenario. This is the composition root: the only file that knows every
 * part. It builds them from the scenario (stations, edges, the compiled flows, the walker, the
 * invoker, admission, the workload, faults, discovery, the timeline), hands each what it needs,
 * runs the calendar, and reads the results off the parts.
 */
export class World {
  readonly calendar = new Calendar();
  private readonly stats = new StatsRegistry();
  private readonly stations: Station[];
  private readonly gateway: Station | null;
  private readonly edges = new Map<string, Edge>();
  private readonly links = new Map<string, Link>();
  private readonly pools = new Map<string, Pool>();
  private readonly caches = new Map<string, Cache>();
  private readonly topics = new Map<string, Topic>();
  private readonly async: AsyncCompletion | null;
  private readonly autoscalers: ReadonlyMap<string, Autoscaler>;
  private readonly flows: Flow[];
  private readonly workload: Workload;
  private readonly faults: Faults;
  private readonly discovery: Discovery;
  private readonly timeline: Timeline;
  private measureStart = Number.NaN;
  /** The spans of the sampled requests, where `limits.traces` asked for them. */
  readonly tracer: Tracer | null;

  constructor(
    private readonly scenario: Scenario,
    seed: number,
    private readonly limits: WorldLimits,
  ) {
    const rng = new RandomSource(seed);
    const calendar = this.calendar;
    const walker = new Walker(new Invoker(calendar));
    this.tracer = walker.tracer = limits.traces ? tracerOf(limits.traces, rng, calendar) : null;
    this.stations = Object.entries(scenario.services).map(
      ([name, config]) => new Station(name, "service", config, rng, calendar, walker),
    );
    this.gateway = scenario.gateway
      ? new Station("gateway", "gateway", scenario.gateway, rng, calendar, walker)
      : null;
    const prefer = scenario.network?.sameZone === "prefer";
    // A hash balancer's key picks the shard, wherever it is: zone preference does not apply.
    for (const s of this.allStations())
      s.preferZone = prefer && s.instances.some((i) => i.zone) && s.hashed === false;
    const byName = new Map(this.stations.map((s) => [s.name, s]));
    for (const [name, config] of Object.entries(scenario.services)) {
      if (config.cache === null) continue;
      const server = byName.get(config.cache.service)!;
      this.caches.set(name, new Cache(config.cache, server, rng.stream(`cache/${name}`), calendar));
    }
    for (const [name, config] of Object.entries(scenario.topics))
      this.topics.set(name, new Topic(name, config, rng.stream(`topic/${name}/ack`), calendar));
    // Every leaf call shares one empty list of nested calls (made by map, as each leaf's own
    // list was, so the lists keep the shapes they had): a served call reads its length, and
    // over thousands of leaves that is one object in the cache instead of one each.
    const leaf = ([] as TreeStep[]).map((): CompiledStep => ({}) as CompiledStep);
    const bind = (steps: readonly TreeStep[]): CompiledStep[] =>
      steps.length === 0
        ? leaf
        : steps.map((step): CompiledStep => {
            if (step.kind === "parallel")
              return { kind: "parallel", branches: step.branches.map(bind) };
            if (step.kind === "publish")
              return { kind: "publish", topic: this.topics.get(step.topic)! };
            const station = step.role === "gateway" ? this.gateway! : byName.get(step.name)!;
            const edge = this.edgeFor(step, station, rng);
            const link = this.linkFor(step, rng);
            const pool = this.poolFor(step, station);
            const cache = this.cacheFor(step, rng);
            const plain = !edge && !link && !pool && !cache && !station.preferZone;
            return {
              kind: "call",
              station,
              calls: bind(step.calls),
              edge,
              link,
              pool,
              cache,
              plain,
            };
          });
    this.flows = compileFlows(scenario).map((f) => ({
      name: f.name,
      root: bind(f.steps),
      stats: new FlowStats(),
    }));
    for (const c of compileConsumers(scenario)) {
      const [step] = bind([c.step]) as [CallStep];
      const topic = this.topics.get(c.topic)!;
      topic.groups.push(new ConsumerGroup(topic, c.service, step, walker, calendar));
    }
    this.async = this.topics.size > 0 ? new AsyncCompletion(calendar) : null;
    for (const t of this.topics.values()) t.tracker = this.async;
    // A traced run samples each request as it enters; a run without traces pays nothing.
    const admission = traced(
      new Admission(scenario.gateway, this.gateway, rng, calendar),
      this.tracer,
    );
    this.workload = new Workload(
      scenario.workload,
      this.flows,
      rng,
      calendar,
      walker,
      admission,
      limits.maxInFlight,
    );
    walker.done = this.workload;
    if (this.async !== null) this.workload.onDone = this.async;
    this.discovery = new Discovery(scenario.discovery, rng, calendar);
    this.faults = new Faults(scenario.faults, byName, rng, calendar, this.discovery);
    const groups = [...this.topics.values()].flatMap((t) => t.groups);
    const kept = limits.timeline ?? null;
    const keptFlows = limits.timelineFlows ?? null;
    this.timeline = new Timeline(
      kept === null ? this.stations : this.stations.filter((s) => kept.has(s.name)),
      keptFlows === null ? this.flows : this.flows.filter((f) => keptFlows.has(f.name)),
      calendar,
      scenario.warmup,
      scenario.duration,
      timelineWindow(scenario),
      groups,
      scenario.slo,
    );
    this.autoscalers = autoscalersOf(this.stations, scenario.services, groups, rng, calendar);
    // Before the stations' stats: an autoscaler's reset reads them as the warm-up left them.
    for (const a of this.autoscalers.values()) {
      this.stats.add(a);
      this.stats.add(a.stats);
    }
    for (const s of this.allStations()) {
      this.stats.add(s.stats);
      for (const i of s.instances) this.stats.add(i);
    }
    for (const f of this.flows) this.stats.add(f.stats);
    for (const e of this.edges.values()) this.stats.add(e.stats);
    for (const l of this.links.values()) this.stats.add(l.stats);
    for (const p of this.pools.values()) this.stats.add(p.stats);
    for (const c of this.caches.values()) this.stats.add(c.stats);
    for (const t of this.topics.values()) {
      this.stats.add(t.stats);
      for (const g of t.groups) this.stats.add(g.stats);
    }
    if (this.async !== null) this.stats.add(this.async);
    for (const f of this.faults.states) this.stats.add(f.stats);
  }

  /** The edge a call goes over, where a policy applies to it: one per `caller->callee` key. */
  private edgeFor(step: TreeCall, callee: Station, rng: RandomSource): Edge | null {
    if (step.policy === null) return null;
    let edge = this.edges.get(step.key);
    if (edge === undefined) {
      edge = new Edge(step.caller, callee, step.policy, rng.stream(`calls/${step.key}/jitter`));
      this.edges.set(step.key, edge);
    }
    return edge;
  }

  /**
   * The network under an edge: its own latency (`calls` network), else the default for hops
   * made by a station (the client's calls come from outside and cost nothing unless the edge
   * says so); null when neither applies. One per `caller->callee` key.
   */
  private linkFor(step: TreeCall, rng: RandomSource): Link | null {
    const network = this.scenario.network;
    const own = step.link?.network ?? null;
    const fromStation = step.callerRole !== "client";
    const latency = own ?? (fromStation ? (network?.latency ?? null) : null);
    const crossZone = fromStation ? (network?.crossZone ?? null) : null;
    if (latency === null && crossZone === null) return null;
    let link = this.links.get(step.key);
    if (link === undefined) {
      link = new Link(
        step.key,
        latency === null ? null : createDistribution(latency),
        rng.stream(`network/${step.key}`),
        crossZone === null ? null : createDistribution(crossZone),
        rng.stream(`network/${step.key}/cross-zone`),
        this.calendar,
      );
      this.links.set(step.key, link);
    }
    return link;
  }

  /**
   * A cached callee's cache, with the lookup call its caller makes to the cache's server (over
   * the network's default latency, as a `caller->server` edge).
   */
  private cacheFor(step: TreeCall, rng: RandomSource): CallStep["cache"] {
    const cache = step.role === "service" ? this.caches.get(step.name) : undefined;
    if (cache === undefined) return null;
    const server = cache.server;
    const lookup: TreeCall = {
      ...step,
      name: server.name,
      key: `${step.caller}->${server.name}`,
      policy: null,
      link: null,
      calls: [],
    };
    return {
      cache,
      lookup: {
        kind: "call",
        station: server,
        calls: [],
        edge: null,
        link: this.linkFor(lookup, rng),
        pool: null,
        cache: null,
        plain: false,
      },
    };
  }

  /** The connection pool on an edge, where one is given: one per `caller->callee` key. */
  private poolFor(step: TreeCall, callee: Station): Pool | null {
    const config = step.link?.pool ?? null;
    if (config === null) return null;
    let pool = this.pools.get(step.key);
    if (pool === undefined) {
      const cause = { where: callee.name, reason: "pool exhausted", fault: null };
      pool = new Pool(step.key, config, this.calendar, cause);
      this.pools.set(step.key, pool);
    }
    return pool;
  }

  private allStations(): Station[] {
    return this.gateway ? [...this.stations, this.gateway] : this.stations;
  }

  run(onProgress?: (fraction: number) => void): WorldResult {
    const { warmup, duration } = this.scenario;
    const end = warmup + duration;
    this.workload.start();
    this.faults.start();
    this.discovery.start(this.stations);
    for (const a of this.autoscalers.values()) a.start();
    this.calendar.scheduleAt(warmup, this.beginMeasurement);
    this.timeline.start();
    let budget = this.limits.maxEvents;
    let stopReason = "until";
    const slices = onProgress ? 100 : 1;
    for (let i = 1; i <= slices; i++) {
      const until = i === slices ? end : warmup + (duration * i) / slices;
      const r = this.calendar.run({ until, maxEvents: budget });
      budget -= r.events;
      if (r.reason === "maxEvents") {
        stopReason = "maxEvents";
        break;
      }
      if (r.reason === "stopped") break;
      onProgress?.(i / slices);
    }
    if (this.workload.overloaded) stopReason = "maxInFlight";
    // A run stopped inside its warm-up measured nothing: its figures count nothing.
    if (Number.isNaN(this.measureStart)) this.stats.reset(this.calendar.now);
    return results({
      events: this.calendar.eventsExecuted,
      stopReason,
      now: this.calendar.now,
      measureStart: this.measureStart,
      stations: this.stations,
      gateway: this.gateway,
      flows: this.flows,
      edges: this.edges,
      links: this.links,
      pools: this.pools,
      caches: this.caches,
      topics: this.topics,
      async: this.async,
      autoscalers: this.autoscalers,
      breaches: this.timeline.breaches,
      faults: this.faults.states,
      timeline: this.timeline.windows,
    });
  }

  /** The end of the warm-up: every statistic starts again from here. */
  private readonly beginMeasurement = (): void => {
    this.measureStart = this.calendar.now;
    this.stats.reset(this.measureStart);
  };
}
