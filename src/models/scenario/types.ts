import type { DistributionSpec } from "../../sim/index.js";
import type { BALANCERS } from "./schema/index.js";

/** How a service picks one of its instances for each call. */
export type BalancerKind = (typeof BALANCERS)[number] | "hash";

/** A hash balancer: each call's key (from a Zipf law over `keys`) picks its instance. */
export interface HashConfig {
  keys: number;
  zipf: number;
  /** Points per instance on a consistent-hash ring; null: hash(key) mod n. */
  virtualNodes: number | null;
}

/** A service: `instances` copies, each an M/M/c-like station with `concurrency` workers. */
export interface ServiceConfig {
  instances: number;
  /** Workers per instance (the c of M/M/c); requests beyond them wait FIFO. */
  concurrency: number;
  /** Waiting room per instance; a call finding it full is rejected. null: unbounded. */
  queue: number | null;
  /** Own processing time per call, seconds. */
  latency: DistributionSpec;
  /** Probability that one call fails at this service. */
  failure: number;
  balancer: BalancerKind;
  /** Relative weight of each instance, for the weighted balancer; null: equal. */
  weights: number[] | null;
  /** The hash balancer's key model (balancer "hash"); null otherwise. */
  hash?: HashConfig | null;
  /** Whether a worker stays held while this service's downstream calls run. */
  blocking: boolean;
  /** Cost per instance-hour (capacity planning); null: not given. */
  cost: number | null;
  /** The zones its instances are spread over, in turn (instance i in zones[i % n]); null: none. */
  zones: string[] | null;
  /** A cache in front of its work; null: none. */
  cache: CacheConfig | null;
  /** A horizontal autoscaler (then `instances` is how many it starts with); absent: none. */
  autoscale?: AutoscaleConfig;
}

/** What an autoscaler reads per instance. */
export type AutoscaleMetric = "utilization" | "inflight" | "lag";

/**
 * A horizontal autoscaler, as the Kubernetes HPA: every `interval` it recommends
 * ceil(current × metric / target) instances (none while within the tolerance), takes the
 * lowest recommendation of the scale-up window or the highest of the scale-down window,
 * limits the step, and keeps it within [min, max]. `lag` is KEDA's metric for consumers.
 */
export interface AutoscaleConfig {
  min: number;
  max: number;
  metric: AutoscaleMetric;
  /** Per instance: a busy share (utilization), calls in flight, or messages waiting (lag). */
  target: number;
  /** Seconds between decisions. */
  interval: number;
  tolerance: number;
  /** Seconds of recommendations looked back over, and the most instances added at once (null: max(4, current), the HPA's default). */
  scaleUp: { stabilization: number; maxStep: number | null };
  /** Likewise for removal (null: no limit). */
  scaleDown: { stabilization: number; maxStep: number | null };
  /** From a scale-up decision to the instance taking calls (a cold start), seconds. */
  provisioning: DistributionSpec;
}

/**
 * A cache in front of a service, served by another service (e.g. redis): a hit skips the
 * service's work and nested calls. Either a fixed hit ratio, or keys drawn from a Zipf law
 * over an LRU (or TTL) cache that the simulation keeps.
 */
export type CacheConfig =
  | { service: string; kind: "ratio"; hitRatio: number }
  | {
      service: string;
      kind: "keys";
      keys: number;
      /** The Zipf exponent of key popularity (0: uniform). */
      zipf: number;
      /** Entries held (LRU evicts the least recently used); null: unbounded (ttl only). */
      capacity: number | null;
      policy: "lru" | "ttl";
      /** Seconds an entry lives from the miss that stored it; null: for ever. */
      ttl: number | null;
    };

/** Latency objectives, seconds: the figure must not exceed them. */
export interface LatencyObjectives {
  mean?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  p999?: number;
}

/** Service-level objectives per flow and per service. */
export interface Slo {
  flows: Record<string, LatencyObjectives & { successRate?: number; throughput?: number }>;
  services: Record<string, LatencyObjectives & { maxUtilization?: number }>;
}

/**
 * The gateway as normalised: instances, workers, queue, its own latency and balancer, and
 * its admission (rate limit, authentication).
 */
export interface GatewayConfig {
  instances: number;
  concurrency: number;
  queue: number | null;
  latency: DistributionSpec;
  balancer: BalancerKind;
  /** Token bucket in front of the gateway: excess requests are rejected (429). */
  rateLimit: { rate: number; burst: number } | null;
  /** Authentication: a delay before routing, and the share of requests refused (401). */
  auth: { latency: DistributionSpec; reject: number } | null;
  zones: string[] | null;
}

/** A service or the gateway: both are stations (instances, workers, queue, latency). */
export type StationConfig = ServiceConfig | GatewayConfig;

/** A service registry: callers refresh their view every `refresh`; the dead linger for `ttl`. */
export interface DiscoveryConfig {
  refresh: number;
  ttl: number;
}

/**
 * A circuit breaker as normalised, its defaults filled in (see the scenario reference).
 */
export interface CircuitBreakerConfig {
  /** Open when at least this share of the calls in the window failed... */
  failureRatio: number;
  /** ...over a sliding window of this many seconds... */
  window: number;
  /** ...and the window holds at least this many calls. */
  minCalls: number;
  /** Seconds open (failing fast) before half-open lets probes through. */
  openFor: number;
  /** Probe calls in half-open; all must succeed to close. */
  probes: number;
}

/** What a caller does on one caller->callee edge. */
export interface CallPolicy {
  /** Seconds the caller waits for one attempt; null: for ever. */
  timeout: number | null;
  /** Attempts after the first. */
  retries: number;
  /** Wait before retry n: backoff * backoffMultiplier^(n-1), at most maxBackoff. */
  backoff: number;
  backoffMultiplier: number;
  maxBackoff: number | null;
  /** Full jitter: each wait drawn uniformly from [0, the wait above]. */
  jitter: boolean;
  circuitBreaker: CircuitBreakerConfig | null;
}

/** The network between callers and callees: what one hop costs. */
export interface NetworkConfig {
  /** One-way latency of every hop (a call pays two: request and response); null: none. */
  latency: DistributionSpec | null;
  /** Added to a hop between instances in different zones; null: nothing. */
  crossZone: DistributionSpec | null;
  /** `prefer`: a caller in a zone calls instances in its own zone while any is live. */
  sameZone: "prefer" | "any";
  /** The zones declared (every one must hold an instance); empty: as the services name them. */
  zones: string[];
}

/** A connection pool on an edge: at most `size` calls at once, the rest wait FIFO. */
export interface PoolConfig {
  size: number;
  /** One pool per caller instance, or one for the whole calling service. */
  per: "instance" | "service";
  /** Seconds a call waits for a connection before it fails (pool exhausted). */
  wait: number;
}

/** What an edge adds to its calls besides a policy: its own network latency, a pool. */
export interface LinkConfig {
  /** One-way latency of this edge's hops, instead of `network.latency`; null: the default. */
  network: DistributionSpec | null;
  pool: PoolConfig | null;
}

/** A fault: `at` seconds from the start of the run (warm-up included); `for` null: to the end. */
export type Fault =
  | { kind: "crash"; service: string; at: number; for: number | null; instances: number }
  | { kind: "latency"; service: string; at: number; for: number | null; latency: DistributionSpec }
  | { kind: "failure"; service: string; at: number; for: number | null; failure: number }
  | { kind: "random-crash"; service: string; mtbf: number; mttr: number };

/**
 * One step of a flow: a call to a service, which after its own work makes the calls in `calls`
 * in order; or parallel branches, each a sequence of steps, the step ending when all have.
 */
export type Step = { call: string; calls: Step[] } | { parallel: Step[][] } | { publish: string };

/**
 * A topic of a message broker: publishing costs the broker's acknowledgement; each consumer
 * group consumes every message, at most one message at a time per partition.
 */
export interface TopicConfig {
  partitions: number;
  /** The broker's acknowledgement of a publish (a delay; the broker's capacity is not modelled). */
  ack: DistributionSpec;
  /** Seconds a message may wait before it is dropped; null: for ever. */
  retention: number | null;
}

/**
 * Where the load comes from, as normalised: open (a Poisson rate), profile (a
 * piecewise-constant rate) or closed (users who think), each with the mix of flows.
 */
export type Workload =
  | { kind: "open"; rate: number; mix: Record<string, number> }
  | { kind: "profile"; profile: { at: number; rate: number }[]; mix: Record<string, number> }
  | { kind: "closed"; users: number; think: DistributionSpec; mix: Record<string, number> };

/** A validated, normalised scenario: numbers in seconds and per second, defaults filled in. */
export interface Scenario {
  name: string;
  seed: number;
  /** Measured simulated time, seconds, after the warm-up. */
  duration: number;
  /** Simulated time discarded from every statistic, seconds. */
  warmup: number;
  /** Independent replications a run makes unless told otherwise. */
  replications: number;
  workload: Workload;
  gateway: GatewayConfig | null;
  /** null: callers see instances come and go at once. */
  discovery: DiscoveryConfig | null;
  services: Record<string, ServiceConfig>;
  flows: Record<string, Step[]>;
  /** Policies by edge key as written: `order->payment`, `*->payment`, `gateway->*`. */
  calls: Record<string, CallPolicy>;
  /** Message topics by name (empty: none). */
  topics: Record<string, TopicConfig>;
  /**
   * Consumer groups by topic: each a call step to the consuming service (with its nested
   * calls), run for every message of the topic.
   */
  consumers: Record<string, { call: string; calls: Step[] }[]>;
  /** Network overrides and pools by the same edge keys (`calls` entries that give them). */
  links: Record<string, LinkConfig>;
  /** null: calls cost no network time. */
  network: NetworkConfig | null;
  faults: Fault[];
  /** Objectives that `meshsim run --slo`, `sweep` and `plan` check. */
  slo: Slo;
  /**
   * The report's timeline: its window, how many services its windows hold (the busiest by
   * offered utilization; absent: DEFAULTS.timelineServices; "all": every one), and how many
   * flows (the largest shares of the mix; absent: DEFAULTS.timelineFlows).
   */
  timeline: { window: number; services?: number | "all"; flows?: number | "all" };
}
