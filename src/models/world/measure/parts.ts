import type {
  AutoscaleReport,
  CacheReport,
  ConsumerGroupReport,
  CostReport,
  NetworkReport,
  PoolReport,
  TopicReport,
} from "../../report.js";
import type { Autoscaler } from "../autoscale/autoscaler.js";
import type { Cache } from "../cache.js";
import type { Topic } from "../messaging/topic.js";
import type { Link } from "../network/link.js";
import type { Pool } from "../network/pool.js";
import type { Station } from "../station.js";
import type { CompiledStep } from "../walker.js";

/** The figures of the optional parts (network, pools, caches, topics, autoscalers, cost), read off them. */

/** Whether a call tree has a publish step anywhere. */
export function publishes(steps: readonly CompiledStep[]): boolean {
  return steps.some((s) =>
    s.kind === "publish"
      ? true
      : s.kind === "parallel"
        ? s.branches.some(publishes)
        : publishes(s.calls),
  );
}

export function topicReport(
  topics: ReadonlyMap<string, Topic>,
  now: number,
  span: number,
): Record<string, TopicReport> {
  const out: Record<string, TopicReport> = {};
  for (const [name, t] of topics) {
    const groups: Record<string, ConsumerGroupReport> = {};
    for (const g of t.groups) {
      const s = g.stats;
      groups[g.service] = {
        slots: g.slots,
        consumed: s.consumed,
        consumeRate: s.consumed / span,
        failed: s.failed,
        expired: s.expired,
        overflowed: s.overflowed,
        backlog: s.backlog.average(now),
        lag: s.backlogNow,
        age: s.age.summary(),
      };
    }
    out[name] = { published: t.stats.published, publishRate: t.stats.published / span, groups };
  }
  return out;
}

export function cacheReport(
  caches: ReadonlyMap<string, Cache>,
  span: number,
): Record<string, CacheReport> {
  const out: Record<string, CacheReport> = {};
  for (const [name, c] of caches) {
    const { lookups, hits } = c.stats;
    out[name] = {
      server: c.server.name,
      lookups,
      hits,
      hitRatio: lookups > 0 ? hits / lookups : Number.NaN,
      hitsPerSecond: hits / span,
    };
  }
  return out;
}

export function networkReport(links: ReadonlyMap<string, Link>): Record<string, NetworkReport> {
  const out: Record<string, NetworkReport> = {};
  for (const [key, l] of links) {
    const s = l.stats;
    out[key] = {
      ...endpoints(key),
      calls: s.calls,
      hops: s.hops,
      perCall: s.hops > 0 ? (2 * s.time) / s.hops : 0,
      perHop: s.hops > 0 ? s.time / s.hops : 0,
      crossZoneShare: s.hops > 0 ? s.crossZoneHops / s.hops : 0,
    };
  }
  return out;
}

export function poolReport(
  pools: ReadonlyMap<string, Pool>,
  now: number,
  span: number,
): Record<string, PoolReport> {
  const out: Record<string, PoolReport> = {};
  for (const [key, p] of pools) {
    const s = p.stats;
    out[key] = {
      ...endpoints(key),
      size: p.config.size,
      per: p.config.per,
      pools: p.count,
      acquired: s.acquired,
      waitedShare: s.acquired > 0 ? s.waited / s.acquired : 0,
      meanWait: s.waited > 0 ? s.waitTime / s.waited : 0,
      exhausted: s.exhausted,
      utilization: s.inUse.integral(now) / (span * p.config.size * p.count),
    };
  }
  return out;
}

function endpoints(key: string): { caller: string; callee: string } {
  const [caller, callee] = key.split("->") as [string, string];
  return { caller, callee };
}

/** Each autoscaler's instances over time, instance-hours and decisions. */
export function autoscaleReport(
  autoscalers: ReadonlyMap<string, Autoscaler>,
  now: number,
): Record<string, AutoscaleReport> {
  const out: Record<string, AutoscaleReport> = {};
  for (const [name, a] of autoscalers) {
    const stats = a.stats;
    const span = now - stats.from;
    out[name] = {
      metric: a.config.metric,
      target: a.config.target,
      instances: {
        mean: span > 0 ? stats.serving.integral(now) / span : stats.serving.current,
        min: stats.minServing,
        max: stats.maxServing,
        end: stats.serving.current,
      },
      instanceHours: stats.paid.integral(now) / 3600,
      decisions: stats.decisions,
      scaleUps: stats.scaleUps,
      scaleDowns: stats.scaleDowns,
      events: [...stats.events],
      eventsLeftOut: stats.eventsLeftOut,
    };
  }
  return out;
}

/** Instance-hours per service over the measured period, and their cost where given. */
export function costReport(
  stations: readonly Station[],
  now: number,
  measured: number,
): CostReport {
  const services: CostReport["services"] = {};
  let hours = 0;
  let total: number | null = 0;
  for (const s of stations) {
    const a = s.autoscaler;
    const h =
      a === null ? (s.instances.length * measured) / 3600 : a.stats.paid.integral(now) / 3600;
    const cost = s.cost === null ? null : h * s.cost;
    services[s.name] = { instanceHours: h, cost };
    hours += h;
    total = total === null || cost === null ? null : total + cost;
  }
  return {
    services,
    instanceHours: hours,
    total,
    perHour: total === null || measured <= 0 ? null : total / (measured / 3600),
  };
}
