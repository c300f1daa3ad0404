import type { Interval, PercentileSummary } from "../metrics/index.js";

/** Latency figures in seconds, with how many samples stand behind the percentiles. */
export type LatencySummary = PercentileSummary;

/**
 * One instance of a service over the measured period: the calls routed to it and its
 * utilization (the share of its workers' time busy).
 */
export interface InstanceReport {
  id: string;
  /** Calls routed to this instance during the measured period. */
  requests: number;
  utilization: number;
  /** The zone it runs in, where zones are given. */
  zone?: string;
}

/**
 * Little's Law, L = λW, checked on measured figures: the time-averaged number in the system
 * against departures per second times their mean time in it.
 * @example
 * const { L, lambda, W, relativeError } = report.services.payment.littlesLaw;
 * relativeError < 0.01; // L ≈ λW
 */
export interface LittlesLawCheck {
  /** Time-averaged number in the system, measured. */
  L: number;
  /** Departures per second (completed + failed). */
  lambda: number;
  /** Mean time in the system of departures, seconds. */
  W: number;
  /** |L - λW| / L. */
  relativeError: number;
}

/**
 * A service over the measured period: its calls (arrived, completed, failed, rejected, still
 * in flight), throughput, utilization, latency at the service (wait, work and, for a blocking
 * service, its nested calls), its instances, and the resilience counts on the calls into it.
 * With replications, every figure is the mean over them and `ci` holds their 95% intervals.
 * @example
 * const payment = report.services.payment;
 * payment.utilization; // share of worker time busy
 * payment.latency.p99; // seconds
 * payment.ci?.utilization; // { low, high }
 */
export interface ServiceReport {
  arrivals: number;
  completed: number;
  failed: number;
  rejected: number;
  /** Calls still at the service when the run ended. */
  inFlight: number;
  /** Successful completions per second. */
  throughput: number;
  utilization: number;
  meanInSystem: number;
  meanQueueLength: number;
  latency: LatencySummary;
  wait: { mean: number };
  instances: InstanceReport[];
  /** Load-balancing efficiency 1 - (max - min)/mean over per-instance requests; null with none. */
  efficiency: number | null;
  littlesLaw: LittlesLawCheck;
  /** Attempts whose caller gave up (timeout); their work still ran here. */
  timedOut: number;
  /** Calls here that were retries of a failed attempt (counted in arrivals too). */
  retries: number;
  /** Calls failed fast by an open circuit breaker: never sent, so not in arrivals. */
  shortCircuited: number;
  /** Times a circuit breaker on a call into this service opened. */
  circuitOpens: number;
  /** Calls turned away because the instance chosen was down or none was seen (in rejected). */
  unavailable: number;
  ci?: Intervals<ServiceReport>;
}

/**
 * A flow (a kind of request) end to end: requests started, succeeded, failed and unfinished,
 * its success rate, throughput of successes and latency of finished requests, what failed it
 * (by service and by reason), and with replications their 95% intervals.
 * @example
 * const checkout = report.flows.checkout;
 * checkout.successRate; // succeeded / (succeeded + failed + unfinished)
 * checkout.latency.p99; // seconds
 */
export interface FlowReport {
  /** Requests that started in the measured period. */
  started: number;
  /** Requests that succeeded, or failed, in the measured period. */
  succeeded: number;
  failed: number;
  /** Requests still under way when the run ended (queued in an overloaded system). */
  unfinished: number;
  /** Failed requests by the service (or "gateway") whose failure ended them. */
  failedBy: Record<string, number>;
  /** Failed requests by service and reason: `payment: timeout`, `gateway: rate limited`. */
  failureReasons: Record<string, number>;
  /** Successful requests per second. */
  throughput: number;
  /** succeeded / (succeeded + failed + unfinished); NaN (null in JSON) when there were none. */
  successRate: number;
  /** unfinished / (succeeded + failed + unfinished): the share the run ended on still waiting. */
  unfinishedShare: number;
  /** End-to-end latency of finished requests, successful or not. */
  latency: LatencySummary;
  /**
   * Where the flow publishes: start to the moment its request was done and every message it
   * published (transitively) had been consumed or dropped, over requests that published.
   */
  asyncCompletion?: LatencySummary;
  ci?: Intervals<FlowReport>;
}

/**
 * The gateway: a service's figures, and the requests its admission turned away.
 */
export interface GatewayReport extends ServiceReport {
  /** Requests refused by the token bucket (429), in rejected. */
  rateLimited: number;
  /** Requests refused by authentication (401), in rejected. */
  unauthenticated: number;
}

/** What one `faults` entry did during the measured period. */
export interface FaultReport {
  index: number;
  kind: "crash" | "latency" | "failure" | "random-crash";
  service: string;
  /** In words: `crash 1 of payment at 3m for 2m`. */
  description: string;
  /**
   * When it was in force, in seconds since the measured period began (the timeline's clock;
   * negative: during the warm-up); `to` null: to the end. null for random crashes (mtbf).
   */
  window: { from: number; to: number | null } | null;
  /** Instance crashes it caused. */
  crashes: number;
  /** Calls it slowed (latency faults). */
  callsSlowed: number;
  /** Calls that failed because of it: killed on a crashed instance, routed to one, failed by
   * its raised failure probability, or timed out after it slowed them. */
  callsFailed: number;
  /** Requests whose failure it caused: its cost. */
  requestsFailed: number;
}

/** One caller->callee edge that has a call policy. */
export interface EdgeReport {
  caller: string;
  callee: string;
  /** Logical calls made over the edge (each may take several attempts). */
  calls: number;
  /** Attempts sent, retries included, short-circuited ones not. */
  attempts: number;
  retries: number;
  timedOut: number;
  shortCircuited: number;
  circuitOpens: number;
  /** Logical calls that failed after every attempt. */
  failed: number;
}

/** The network under one `caller->callee` edge. */
export interface NetworkReport {
  caller: string;
  callee: string;
  /** Calls made over the edge (each pays a request and a response hop). */
  calls: number;
  hops: number;
  /** Mean network time per call (both hops), seconds, and per hop. */
  perCall: number;
  perHop: number;
  /** The share of hops that crossed zones. */
  crossZoneShare: number;
}

/** A topic: its publishes, and each consumer group's consumption. */
export interface TopicReport {
  published: number;
  publishRate: number;
  groups: Record<string, ConsumerGroupReport>;
}

/** A consumer group: what it consumed, what waited, how old messages were when done. */
export interface ConsumerGroupReport {
  /** Messages taken at once: min(partitions, instances × concurrency). */
  slots: number;
  consumed: number;
  consumeRate: number;
  /** Consumers' call trees that failed (the message is done, not retried). */
  failed: number;
  /** Dropped: past the topic's retention, or beyond the backlog limit. */
  expired: number;
  overflowed: number;
  /** Mean messages waiting (time-weighted), and waiting at the end of the run (the lag). */
  backlog: number;
  lag: number;
  /** Publish (acknowledged) to the end of the consumer's call tree, seconds. */
  age: LatencySummary;
}

/** A cache in front of a service. */
export interface CacheReport {
  /** The service that serves its hits. */
  server: string;
  lookups: number;
  hits: number;
  /** hits / lookups; null (NaN) with no lookups. */
  hitRatio: number;
  /** The calls per second that the cache took off the service (and its nested calls). */
  hitsPerSecond: number;
}

/** A connection pool on one `caller->callee` edge. */
export interface PoolReport {
  caller: string;
  callee: string;
  size: number;
  per: "instance" | "service";
  /** Pools in use: one per caller instance that called (per instance), or one. */
  pools: number;
  /** Connections taken; the share of them that had to wait for one; their mean wait, seconds. */
  acquired: number;
  waitedShare: number;
  meanWait: number;
  /** Calls that gave up waiting after `wait` (failed: pool exhausted). */
  exhausted: number;
  /** Mean connections in use over size × pools. */
  utilization: number;
}

/**
 * All flows together: requests started, succeeded, failed and unfinished, throughput,
 * success rate and latency.
 */
export interface TotalsReport {
  started: number;
  succeeded: number;
  failed: number;
  unfinished: number;
  throughput: number;
  successRate: number;
  unfinishedShare: number;
  latency: LatencySummary;
  ci?: Intervals<TotalsReport>;
}

/**
 * One window of the timeline: each service's and each flow's figures over it, so a spike, an
 * outage or a ramp is visible.
 * @example
 * const p99s = report.timeline.windows.map((w) => w.flows.checkout.p99);
 */
export interface TimelineWindow {
  /** End of the window, seconds since the measured period began. */
  time: number;
  /** Per service: completions per second, sojourn p99, utilization, mean calls at it (L), failures. */
  services: Record<
    string,
    {
      throughput: number;
      p99: number;
      utilization: number;
      inSystem: number;
      failures: number;
      /** Autoscaled services only: the window's mean count of serving instances. */
      instances?: number;
    }
  >;
  /** Per flow: successful requests per second, p99 and mean latency of finished ones, failures. */
  flows: Record<string, { throughput: number; p99: number; mean: number; failures: number }>;
  /** Per topic and consumer group: the window's mean backlog (messages waiting). */
  topics?: Record<string, Record<string, { backlog: number }>>;
}

/**
 * A station (service or gateway) in theory: its offered load, utilization, the queueing
 * model that gave its figures and whether that model is exact, and its mean number in system,
 * sojourn and wait (null where unstable).
 * @example
 * const a = report.analytic.services.payment;
 * `${a.model}: ρ = ${a.utilization}, W = ${a.W} s${a.exact ? "" : " (approx.)"}`;
 */
export interface AnalyticService {
  /** Offered call rate, per second. */
  lambda: number;
  utilization: number;
  /** Which formula gave the figures. */
  model: string;
  /** Whether that formula is exact for the station (else an approximation, named in model). */
  exact: boolean;
  unstable: boolean;
  throughput: number;
  /** Mean in system, wait and sojourn; null where the queue is unstable. */
  L: number | null;
  W: number | null;
  Wq: number | null;
  /** Sojourn p99 where the model gives one (exponential service, unbounded queue). */
  p99: number | null;
  /** Probability that a call is rejected by a full queue. */
  blocking: number;
  /** Hash balancer: the most loaded shard (1-based instance) and its utilization. */
  hottest?: { instance: number; utilization: number };
  /** Hash balancer: each instance's share of the calls, the sum of its keys' probabilities. */
  shares?: number[];
}

/**
 * A flow in theory: throughput, success rate (series reliability of its calls, with retries
 * and overload), mean latency and, where its time distribution is known, its p99.
 */
export interface AnalyticFlow {
  throughput: number;
  successRate: number;
  /**
   * Mean latency; p99 where the flow's time distribution is known: a single call of known
   * sojourn distribution, or parallel such calls (their join's p99 from Π Fᵢ(t) = 0.99).
   */
  latency: { mean: number | null; p99: number | null };
  /**
   * Whether the flow's figures are exact: every station's model exact, no call policies, no
   * blocking, joins only of two identical M/M/1 leaves (else an approximation; see notes).
   */
  exact: boolean;
}

/** A consumer group in theory: c = its slots; backlog λ·Wq; age Wq + hold. */
export interface GroupFigures {
  slots: number;
  utilization: number;
  backlog: number | null;
  wait: number | null;
  age: number | null;
  unstable: boolean;
  model: string;
  exact: boolean;
}

/**
 * The analytic prediction of a scenario (`analyze`): every station, flow and edge as queueing
 * theory gives it, with the notes that say which formula and where it approximates.
 * @example
 * const theory = analyze(scenario);
 * theory.unstable; // services at utilization >= 1
 * theory.flows.checkout.latency.mean; // seconds
 */
export interface AnalyticReport {
  services: Record<string, AnalyticService>;
  gateway: AnalyticService | null;
  flows: Record<string, AnalyticFlow>;
  totals: { throughput: number; successRate: number; latency: { mean: number | null } };
  /** Services at utilization >= 1. */
  unstable: string[];
  /**
   * The calls per second offered over each edge, by `caller->callee` (attempts, retries
   * included; cache lookups as `caller->cache server`; publishes as `caller->topic`; consumed
   * messages as `topic->service`), busiest first: the topology's arrows.
   */
  edges: Record<string, number>;
  /** Topics (absent: none): publishes per second, and each consumer group as an M/M/c. */
  topics?: Record<string, { publishRate: number; groups: Record<string, GroupFigures> }>;
  /** Caches by the service they stand in front of (absent: none): hit ratio and its model. */
  caches?: Record<string, { hitRatio: number; model: string; exact: boolean; lookups: number }>;
  /** Connection pools by edge (absent: none): M/M/c of c = size per caller instance. */
  pools?: Record<
    string,
    { lambda: number; utilization: number; wait: number; exhausted: number; unstable: boolean }
  >;
  /** Autoscaled services: the count the autoscaler settles at under the mean load. */
  autoscale?: Record<string, { instances: number; metric: number; model: string; exact: boolean }>;
  notes: string[];
}

/** A decision that changed an autoscaled service's instance count. */
export interface ScalingEvent {
  /** Seconds since the measured period began. */
  time: number;
  from: number;
  to: number;
  /** The metric per ready instance that the decision read. */
  metric: number;
}

/** An autoscaled service over the measured period. */
export interface AutoscaleReport {
  metric: string;
  target: number;
  /** Serving instances (ready or draining): time-averaged, fewest, most, at the end. */
  instances: { mean: number; min: number; max: number; end: number };
  /** Instance-hours paid for: provisioning, ready and draining. */
  instanceHours: number;
  decisions: number;
  scaleUps: number;
  scaleDowns: number;
  /** The changes, in order (the first replication's), at most 200; the rest counted. */
  events: ScalingEvent[];
  eventsLeftOut: number;
}

/** Instance-hours and what they cost over the measured period. */
export interface CostReport {
  services: Record<string, { instanceHours: number; cost: number | null }>;
  instanceHours: number;
  /** The period's cost; null unless every service has a `cost`. */
  total: number | null;
  /** The same per hour of the measured period. */
  perHour: number | null;
}

/** Seconds of the measured period each objective was breached, timeline window by window. */
export interface BreachReport {
  flows: Record<string, Record<string, number>>;
  services: Record<string, Record<string, number>>;
}

/**
 * What `simulate` returns and `meshsim run --json` prints: the simulated figures of every
 * service, flow and edge, the timeline, latency distributions, what each fault cost, and the
 * analytic prediction beside them. Plain data: JSON round-trips it. The same scenario and
 * seed give the same report, byte for byte, but for `wallSeconds`.
 * @example
 * const report = simulate(parseScenario(text), { replications: 5 });
 * report.flows.checkout.latency.p99; // seconds
 * report.analytic.services.payment.utilization; // theory beside the simulation
 */
export interface Report {
  scenario: string;
  /** The meshsim version that made the report. */
  meshsim: string;
  /** A fingerprint of the normalised scenario (scenarioHash): same figures, same hash. */
  scenarioHash: string;
  seed: number;
  duration: number;
  warmup: number;
  replications: number;
  events: number;
  wallSeconds: number;
  stopReason: string;
  services: Record<string, ServiceReport>;
  flows: Record<string, FlowReport>;
  gateway: GatewayReport | null;
  totals: TotalsReport;
  /**
   * The timeline: its window (seconds) and the windows. With more services than
   * `timeline.services` (default 50), each window holds the busiest by offered utilization
   * and those an objective or an autoscaler names; `omitted` counts the rest. With more flows
   * than `timeline.flows` (default 50), each holds those with the largest shares of the mix
   * and those an objective names; `omittedFlows` counts the rest.
   */
  timeline: {
    window: number;
    windows: TimelineWindow[];
    omitted?: number;
    omittedFlows?: number;
  };
  /**
   * Each flow's end-to-end latency distribution, for drawing its CDF: seconds at each of
   * `levels` (percentiles: 1 to 99 by 1, 99.5, 99.9), the mean over replications as every
   * percentile of the report is. A sweep's points leave it empty, as they leave the timeline.
   */
  distributions: { levels: number[]; flows: Record<string, number[]> };
  /** Each `faults` entry, in order, with what it cost. */
  faults: FaultReport[];
  /** Edges with a call policy, by `caller->callee`. */
  calls: Record<string, EdgeReport>;
  /** Edges that cross a network, by `caller->callee` (absent: no network in the scenario). */
  network?: Record<string, NetworkReport>;
  /** Edges with a connection pool, by `caller->callee` (absent: none). */
  pools?: Record<string, PoolReport>;
  /** Caches by the service they stand in front of (absent: none). */
  caches?: Record<string, CacheReport>;
  /** Topics by name (absent: none). */
  topics?: Record<string, TopicReport>;
  /** Autoscaled services by name (absent: none). */
  autoscale?: Record<string, AutoscaleReport>;
  /** Instance-hours and cost (absent: no service has a cost or an autoscaler). */
  cost?: CostReport;
  /** Time each objective was breached (absent: the scenario states none). */
  breaches?: BreachReport;
  analytic: AnalyticReport;
  warnings: string[];
  /** With `precision`: how many replications the run took to be precise, and what decided it. */
  precision?: PrecisionResult;
}

/** The 95% intervals of an object's numeric figures, in the same shape. */
export type Intervals<T> = {
  [K in keyof T]?: T[K] extends number
    ? Interval
    : T[K] extends number | null
      ? Interval | null
      : T[K] extends object
        ? Intervals<T[K]>
        : never;
};

/** How a run that stops when precise got there. */
export interface PrecisionResult {
  /** The 95% half-width asked for, as a share of each figure's value (0.02: 2%). */
  target: number;
  /** Replications it took. */
  replications: number;
  /** Whether every headline figure reached the target (false: the cap came first). */
  reached: boolean;
  /** The figure that needed the most replications: the widest when the last batch was added. */
  decidedBy: string | null;
  /** The widest relative half-width at the end. */
  widest: number;
}
