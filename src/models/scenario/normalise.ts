import type { DistributionSpec } from "../../sim/index.js";
import type { ParsedScenarioShape } from "./schema/index.js";
import type { AutoscaleConfig, CacheConfig, Fault, Scenario, Step, Workload } from "./types.js";

/**
 * Every default of the scenario format, in one table: the schema fills the plain ones in as it
 * parses (and shows them in the JSON Schema), and `normalise` the ones derived from other keys.
 * The scenario reference (docs/scenario.md) lists the same.
 */
export const DEFAULTS = {
  name: "scenario",
  seed: 1,
  /** Measured simulated time, seconds. */
  duration: 60,
  replications: 1,
  /** Windows in a timeline, when `timeline.window` is not given. */
  timelineWindows: 100,
  /** Services in the timeline's windows, when `timeline.services` is not given: the busiest. */
  timelineServices: 50,
  /** Flows in the timeline's windows, when `timeline.flows` is not given: the largest shares. */
  timelineFlows: 50,
  service: {
    instances: 1,
    concurrency: 1,
    failure: 0,
    balancer: "round-robin",
    blocking: false,
  },
  gateway: {
    instances: 1,
    concurrency: 256,
    latency: 0,
    balancer: "round-robin",
    auth: { latency: 0, reject: 0 },
  },
  discovery: { refresh: 30, ttl: 0 },
  /**
   * The Kubernetes HPA's defaults: a 15 s sync period, a 10% tolerance, scale-up at once and
   * scale-down after 5 minutes of lower recommendations.
   */
  autoscale: {
    min: 1,
    metric: "utilization",
    interval: 15,
    tolerance: 0.1,
    scaleUp: { stabilization: 0 },
    scaleDown: { stabilization: 300 },
  },
  callPolicy: { retries: 0, backoff: 0, backoffMultiplier: 2, jitter: false },
  network: { sameZone: "any" },
  /** A pool's calls wait this long for a connection before failing, seconds. */
  pool: { per: "instance", wait: 1 },
  circuitBreaker: { failureRatio: 0.5, window: 10, minCalls: 20, openFor: 5, probes: 1 },
} as const;

/**
 * meshsim's limits: what a scenario may ask for, so that no input exhausts the machine. Each
 * bounds memory or time that grows with it; the schema refuses more, naming the field and the
 * limit. The README lists them.
 */
export const LIMITS = {
  /** Instances of one service (or the gateway): an object each. */
  instances: 10_000,
  /** Instances of all services and the gateway together. */
  totalInstances: 100_000,
  /** Workers per instance. */
  concurrency: 100_000,
  /** Waiting room per instance (the M/M/c/K model holds K + 1 probabilities). */
  queue: 1_000_000,
  /** Users of a closed workload (one pending event each; MVA iterates over them). */
  users: 1_000_000,
  /** Retries of one call. */
  retries: 100,
  /** Replications of one run. */
  replications: 10_000,
  /** Calls of a circuit breaker's minCalls and probes. */
  breakerCalls: 1_000_000,
  /** Steps of a workload profile. */
  profileSteps: 10_000,
  /** Longest duration, seconds (about 31 years). */
  maxSeconds: 1e9,
  /** Shortest non-zero duration, seconds (a picosecond). */
  minSeconds: 1e-12,
  /** Highest rate, per second. */
  maxRate: 1e9,
  /** How deep a value (distributions in mixtures, calls in flows) may nest. */
  depth: 64,
  /** Values (numbers, strings, objects, lists) in a scenario given as an object, unfolded. */
  values: 2_000_000,
  /** Keys of a cache's or a hash balancer's key model (a probability each, kept in memory). */
  keys: 5_000_000,
  /** Windows in a timeline: a finer `timeline.window` is widened to fit, and the report says so. */
  timelineWindows: 10_000,
} as const;

/**
 * The timeline window a run uses: the scenario's, widened where it would cut the measured
 * period into more than LIMITS.timelineWindows windows.
 */
export function timelineWindow(scenario: Pick<Scenario, "duration" | "timeline">): number {
  return Math.max(scenario.timeline.window, scenario.duration / LIMITS.timelineWindows);
}

/** The warm-up when none is given: a tenth of the measured duration. */
export function defaultWarmup(duration: number): number {
  return duration / 10;
}

/** A token bucket's burst when none is given: a tenth of a second's tokens, at least one. */
export function defaultBurst(rate: number): number {
  return Math.max(1, rate / 10);
}

/**
 * The scenario with another measured duration; its timeline keeps `windows` windows (by
 * default as many as a parsed scenario without `timeline.window` has).
 *
 * @example
 * const short = withDuration(scenario, 120); // 2 minutes measured, the warm-up and windows to match
 */
export function withDuration(
  scenario: Scenario,
  duration: number,
  windows: number = DEFAULTS.timelineWindows,
): Scenario {
  return { ...scenario, duration, timeline: { ...scenario.timeline, window: duration / windows } };
}

/** The parts that the parser reads apart from the schema: the flows, the workload, the faults. */
export interface ParsedParts {
  flows: Record<string, Step[]>;
  workload: Workload;
  faults: Fault[];
  /** The `calls` keys that set a policy (timeout, retries, ...), not only network or pool. */
  policyKeys: ReadonlySet<string>;
  consumers: Record<string, { call: string; calls: Step[] }[]>;
}

/** The checked input as a `Scenario`: every optional key given its default or null. */
export function normalise(s: ParsedScenarioShape, parts: ParsedParts): Scenario {
  const duration = s.duration;
  return {
    name: s.name,
    seed: s.seed,
    duration,
    warmup: s.warmup ?? defaultWarmup(duration),
    replications: s.replications,
    workload: parts.workload,
    gateway: s.gateway
      ? {
          instances: s.gateway.instances,
          concurrency: s.gateway.concurrency,
          queue: s.gateway.queue ?? null,
          latency: s.gateway.latency as DistributionSpec,
          balancer: s.gateway.balancer,
          rateLimit: s.gateway.rateLimit
            ? {
                rate: s.gateway.rateLimit.rate,
                burst: s.gateway.rateLimit.burst ?? defaultBurst(s.gateway.rateLimit.rate),
              }
            : null,
          auth: s.gateway.auth
            ? {
                latency: s.gateway.auth.latency as DistributionSpec,
                reject: s.gateway.auth.reject,
              }
            : null,
          zones: zonesOf(s.gateway),
        }
      : null,
    discovery: s.discovery ?? null,
    services: Object.fromEntries(
      Object.entries(s.services).map(([name, svc]) => [
        name,
        {
          instances: svc.instances ?? svc.autoscale?.min ?? DEFAULTS.service.instances,
          concurrency: svc.concurrency,
          queue: svc.queue ?? null,
          latency: svc.latency as DistributionSpec,
          failure: svc.failure,
          balancer: typeof svc.balancer === "string" ? svc.balancer : "hash",
          weights: svc.weights ?? null,
          ...(typeof svc.balancer === "string"
            ? {}
            : {
                hash: {
                  keys: svc.balancer.hash.keys,
                  zipf: svc.balancer.hash.popularity?.zipf ?? 0,
                  virtualNodes: svc.balancer.hash.virtualNodes ?? null,
                },
              }),
          blocking: svc.blocking,
          cost: svc.cost ?? null,
          zones: zonesOf(svc),
          cache: cacheOf(svc.cache),
          ...(svc.autoscale ? { autoscale: autoscaleOf(svc.autoscale) } : {}),
        },
      ]),
    ),
    flows: parts.flows,
    calls: Object.fromEntries(
      Object.entries(s.calls ?? {})
        .filter(([key]) => parts.policyKeys.has(key))
        .map(([key, p]) => [
          key,
          {
            timeout: p.timeout ?? null,
            retries: p.retries,
            backoff: p.backoff,
            backoffMultiplier: p.backoffMultiplier,
            maxBackoff: p.maxBackoff ?? null,
            jitter: p.jitter,
            circuitBreaker:
              p.circuitBreaker === undefined
                ? null
                : p.circuitBreaker === true
                  ? { ...DEFAULTS.circuitBreaker }
                  : p.circuitBreaker,
          },
        ]),
    ),
    topics: Object.fromEntries(
      Object.entries(s.topics ?? {}).map(([name, t]) => [
        name,
        {
          partitions: t.partitions,
          ack: (t.broker?.latency ?? { dist: "constant", value: 0 }) as DistributionSpec,
          retention: t.retention ?? null,
        },
      ]),
    ),
    consumers: parts.consumers,
    links: Object.fromEntries(
      Object.entries(s.calls ?? {})
        .filter(([, p]) => p.network !== undefined || p.pool !== undefined)
        .map(([key, p]) => [
          key,
          { network: (p.network as DistributionSpec | undefined) ?? null, pool: p.pool ?? null },
        ]),
    ),
    network: s.network
      ? {
          latency: (s.network.latency as DistributionSpec | undefined) ?? null,
          crossZone: (s.network.crossZone as DistributionSpec | undefined) ?? null,
          sameZone: s.network.sameZone,
          zones: s.network.zones ?? [],
        }
      : null,
    faults: parts.faults,
    slo: { flows: s.slo?.flows ?? {}, services: s.slo?.services ?? {} },
    timeline: {
      window: s.timeline?.window ?? duration / DEFAULTS.timelineWindows,
      // Left out when not given, so a scenario without it normalises (and hashes) as before.
      ...(s.timeline?.services !== undefined ? { services: s.timeline.services } : {}),
      ...(s.timeline?.flows !== undefined ? { flows: s.timeline.flows } : {}),
    },
  };
}

/** `zone: a` or `zones: [...]` as one list; null when neither is given. */
function zonesOf(placed: { zone?: string; zones?: string[] }): string[] | null {
  if (placed.zones !== undefined) return placed.zones;
  return placed.zone !== undefined ? [placed.zone] : null;
}

/** A cache as the parser read it: a fixed ratio, or the key model with its policy. */
function cacheOf(cache: ParsedScenarioShape["services"][string]["cache"]): CacheConfig | null {
  if (cache === undefined || cache === null) return null;
  if (cache.hitRatio !== undefined)
    return { service: cache.service, kind: "ratio", hitRatio: cache.hitRatio };
  return {
    service: cache.service,
    kind: "keys",
    keys: cache.keys!,
    zipf: cache.popularity?.zipf ?? 0,
    capacity: cache.capacity ?? null,
    policy: cache.policy ?? (cache.capacity === undefined ? "ttl" : "lru"),
    ttl: cache.ttl ?? null,
  };
}

function autoscaleOf(
  a: NonNullable<ParsedScenarioShape["services"][string]["autoscale"]>,
): AutoscaleConfig {
  return {
    min: a.min,
    max: a.max,
    metric: a.metric,
    target: a.target,
    interval: a.interval,
    tolerance: a.tolerance,
    scaleUp: { stabilization: a.scaleUp.stabilization, maxStep: a.scaleUp.maxStep ?? null },
    scaleDown: { stabilization: a.scaleDown.stabilization, maxStep: a.scaleDown.maxStep ?? null },
    provisioning: a.provisioning as DistributionSpec,
  };
}
