import { LatencyHistogram, loadBalancingEfficiency } from "../../../metrics/index.js";
import type {
  AutoscaleReport,
  BreachReport,
  CacheReport,
  CostReport,
  EdgeReport,
  FaultReport,
  FlowReport,
  GatewayReport,
  NetworkReport,
  PoolReport,
  ServiceReport,
  TimelineWindow,
  TopicReport,
  TotalsReport,
} from "../../report.js";
import { describeFault } from "../../scenario/describeFault.js";
import type { Autoscaler } from "../autoscale/autoscaler.js";
import type { Cache } from "../cache.js";
import type { FaultState } from "../faults/faults.js";
import type { Instance } from "../instance.js";
import type { AsyncCompletion } from "../messaging/async.js";
import type { Topic } from "../messaging/topic.js";
import type { Link } from "../network/link.js";
import type { Pool } from "../network/pool.js";
import type { Edge } from "../resilience/edge.js";
import type { Station } from "../station.js";
import type { Flow } from "../walker.js";
import { latencyDistributions } from "./distributions.js";
import {
  autoscaleReport,
  cacheReport,
  costReport,
  networkReport,
  poolReport,
  publishes,
  topicReport,
} from "./parts.js";

/** One replication's raw figures, before replications are combined into a report. */
export interface WorldResult {
  events: number;
  stopReason: string;
  endTime: number;
  /** Seconds measured (after the warm-up). */
  measured: number;
  services: Record<string, ServiceReport>;
  gateway: GatewayReport | null;
  flows: Record<string, FlowReport>;
  totals: TotalsReport;
  timeline: TimelineWindow[];
  /** Each flow's latency at the LATENCY_LEVELS percentiles. */
  distributions: Record<string, number[]>;
  faults: FaultReport[];
  calls: Record<string, EdgeReport>;
  network?: Record<string, NetworkReport>;
  pools?: Record<string, PoolReport>;
  caches?: Record<string, CacheReport>;
  topics?: Record<string, TopicReport>;
  autoscale?: Record<string, AutoscaleReport>;
  cost?: CostReport;
  breaches?: BreachReport;
}

/** What the results are read from: the world's parts at the end of the run. */
export interface Measured {
  events: number;
  stopReason: string;
  now: number;
  /** When measurement began (the end of the warm-up); NaN if the run ended before it. */
  measureStart: number;
  stations: readonly Station[];
  gateway: Station | null;
  flows: readonly Flow[];
  edges: ReadonlyMap<string, Edge>;
  links: ReadonlyMap<string, Link>;
  pools: ReadonlyMap<string, Pool>;
  caches: ReadonlyMap<string, Cache>;
  topics: ReadonlyMap<string, Topic>;
  async: AsyncCompletion | null;
  autoscalers: ReadonlyMap<string, Autoscaler>;
  /** Seconds each objective was breached (the timeline's); null: none stated. */
  breaches: BreachReport | null;
  faults: readonly FaultState[];
  timeline: TimelineWindow[];
}

/** Read one replication's figures off its parts. */
export function results(m: Measured): WorldResult {
  const now = m.now;
  const measured = Math.max(0, now - m.measureStart);
  const span = measured > 0 ? measured : Number.NaN;
  const into = edgesInto(m.edges);
  const services: Record<string, ServiceReport> = {};
  for (const s of m.stations) services[s.name] = stationReport(s, into.get(s) ?? [], now, span);
  const flows: Record<string, FlowReport> = {};
  const total = { started: 0, succeeded: 0, failed: 0, unfinished: 0 };
  for (const f of m.flows) {
    const stats = f.stats;
    total.started += stats.started;
    total.succeeded += stats.succeeded;
    total.failed += stats.failed;
    total.unfinished += stats.inFlight;
    flows[f.name] = {
      started: stats.started,
      succeeded: stats.succeeded,
      failed: stats.failed,
      unfinished: stats.inFlight,
      failedBy: byCount(stats.failedBy),
      failureReasons: byCount(stats.failureReasons),
      throughput: stats.succeeded / span,
      ...outcomes(stats.succeeded, stats.failed, stats.inFlight),
      latency: stats.latency.summary(),
    };
    if (m.async !== null && publishes(f.root))
      flows[f.name]!.asyncCompletion = (m.async.byFlow.get(f) ?? new LatencyHistogram()).summary();
  }
  const calls: Record<string, EdgeReport> = {};
  for (const [key, e] of m.edges)
    calls[key] = { caller: e.caller, callee: e.callee.name, ...e.stats };
  const g = m.gateway;
  return {
    events: m.events,
    stopReason: m.stopReason,
    endTime: now,
    measured,
    services,
    gateway: g
      ? {
          ...stationReport(g, into.get(g) ?? [], now, span),
          rateLimited: g.stats.rateLimited,
          unauthenticated: g.stats.unauthenticated,
        }
      : null,
    flows,
    totals: {
      ...total,
      throughput: total.succeeded / span,
      ...outcomes(total.succeeded, total.failed, total.unfinished),
      latency: totalLatency(m.flows).summary(),
    },
    timeline: m.timeline,
    distributions: latencyDistributions(m.flows),
    faults: m.faults.map((f) => ({
      index: f.index,
      kind: f.fault.kind,
      service: f.fault.service,
      description: describeFault(f.fault),
      window:
        f.fault.kind === "random-crash"
          ? null
          : {
              from: f.fault.at - m.measureStart,
              to: f.fault.for === null ? null : f.fault.at + f.fault.for - m.measureStart,
            },
      ...f.stats,
    })),
    calls,
    ...(m.links.size > 0 ? { network: networkReport(m.links) } : {}),
    ...(m.pools.size > 0 ? { pools: poolReport(m.pools, now, span) } : {}),
    ...(m.caches.size > 0 ? { caches: cacheReport(m.caches, span) } : {}),
    ...(m.topics.size > 0 ? { topics: topicReport(m.topics, now, span) } : {}),
    ...(m.autoscalers.size > 0 ? { autoscale: autoscaleReport(m.autoscalers, now) } : {}),
    ...(m.autoscalers.size > 0 || m.stations.some((s) => s.cost !== null)
      ? { cost: costReport(m.stations, now, measured) }
      : {}),
    ...(m.breaches !== null ? { breaches: m.breaches } : {}),
  };
}

/**
 * Success over every request that ended or was still under way when the run ended, and the
 * share still under way: an overloaded system's queued requests count against it. NaN (null
 * in JSON, "–" in tables) where there were none.
 */
function outcomes(succeeded: number, failed: number, unfinished: number) {
  const all = succeeded + failed + unfinished;
  return {
    successRate: all > 0 ? succeeded / all : Number.NaN,
    unfinishedShare: all > 0 ? unfinished / all : Number.NaN,
  };
}

/** All requests' latencies: the flows' histograms merged (cheaper than recording twice). */
function totalLatency(flows: readonly Flow[]): LatencyHistogram {
  const total = new LatencyHistogram();
  for (const f of flows) total.add(f.stats.latency);
  return total;
}

/** Counts as a record, largest first (ties by key), so reports list the biggest first. */
export function byCount(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/**
 * The edges into each station, in the edges' order: read once, where asking every station to
 * look through every edge took 5,000 x 5,000 steps for an estate with a `*->*` policy.
 */
function edgesInto(edges: ReadonlyMap<string, Edge>): Map<Station, Edge[]> {
  const into = new Map<Station, Edge[]>();
  for (const e of edges.values()) {
    const list = into.get(e.callee);
    if (list === undefined) into.set(e.callee, [e]);
    else list.push(e);
  }
  return into;
}

/** One station's figures; `edges`: the edges into it (their resilience figures are its). */
function stationReport(
  s: Station,
  edges: readonly Edge[],
  now: number,
  span: number,
): ServiceReport {
  const stats = s.stats;
  const L = stats.inSystem.average(now);
  const departures = stats.completed + stats.failed;
  const lambda = departures / span;
  const W = stats.sojourn.mean;
  // Under an autoscaler: the instances that served, each over the time it served, and the
  // balance over their request rates (an instance up for half the run takes half the calls).
  const scaler = s.autoscaler;
  const served = scaler === null ? s.instances : s.instances.filter((i) => upTime(i) > 0);
  function upTime(i: Instance): number {
    return scaler === null ? span : scaler.stats.upTime(i.index, now);
  }
  const instances = served;
  const up = instances.map(upTime);
  const requests = instances.map((i, k) => (scaler === null ? i.requests : i.requests / up[k]!));
  // The station's resilience figures are those of the edges into it, added up.
  let timedOut = 0;
  let retries = 0;
  let shortCircuited = 0;
  let circuitOpens = 0;
  for (const e of edges) {
    timedOut += e.stats.timedOut;
    retries += e.stats.retries;
    shortCircuited += e.stats.shortCircuited;
    circuitOpens += e.stats.circuitOpens;
  }
  return {
    arrivals: stats.arrivals,
    completed: stats.completed,
    failed: stats.failed,
    rejected: stats.rejected,
    inFlight: stats.inSystemNow,
    throughput: stats.completed / span,
    utilization: s.busyIntegral(now) / s.capacity(now, span),
    meanInSystem: L,
    // Every call at the station holds a worker or waits: queue = in system - busy workers.
    meanQueueLength: Math.max(0, L - s.busyIntegral(now) / span),
    latency: stats.sojourn.summary(),
    wait: { mean: stats.waitCount > 0 ? stats.waitSum / stats.waitCount : 0 },
    instances: instances.map((i, k) => ({
      id: i.id,
      ...(i.zone === null ? {} : { zone: i.zone }),
      requests: i.requests,
      utilization: i.busyTime.integral(now) / (up[k]! * i.concurrency),
    })),
    efficiency: requests.some((r) => r > 0) ? loadBalancingEfficiency(requests) : null,
    littlesLaw: { L, lambda, W, relativeError: L > 0 ? Math.abs(L - lambda * W) / L : 0 },
    timedOut,
    retries,
    shortCircuited,
    circuitOpens,
    unavailable: stats.unavailable,
  };
}
