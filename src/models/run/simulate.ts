import { MAX_BUCKET_COUNT } from "../../metrics/latencyHistogram.js";
import { deriveSeed } from "../../sim/index.js";
import type { Report, ServiceReport } from "../report.js";
import { GATEWAY } from "../scenario/callTree.js";
import { scenarioHash } from "../scenario/hash.js";
import { LIMITS, timelineWindow } from "../scenario/normalise.js";
import type { Scenario } from "../scenario/types.js";
import { formatCount, formatDuration } from "../scenario/units.js";
import { VERSION } from "../version.js";
import { LATENCY_LEVELS } from "../world/measure/distributions.js";
import { World, type WorldResult } from "../world/world.js";
import { intervalsOf, meanOf, meanOfCounts } from "./combine.js";
import { toPrecision } from "./precision.js";
import { analysisOf, keptFlows, keptServices, reportTimeline } from "./timelineServices.js";
import { warmupWarning } from "./warmup.js";

/**
 * How `simulate` runs: seed, replications (or a precision to reach), the event and
 * in-flight bounds, a progress callback.
 */
export interface SimulateOptions {
  /** Run seed; defaults to the scenario's. */
  seed?: number;
  /**
   * Independent replications (seeds derived from the run seed); figures are their means.
   * Defaults to the scenario's `replications`.
   */
  replications?: number;
  /** Called with the fraction done (0..1), about a hundred times per run. */
  onProgress?: (fraction: number) => void;
  /** Stop a replication after this many events (default 500 million, at most 2^32 - 1). */
  maxEvents?: number;
  /** Stop a replication when this many requests are in flight at once (default 1 million). */
  maxInFlight?: number;
  /** Wall clock for `wallSeconds`; the default reads `performance.now()`. */
  clock?: () => number;
  /**
   * Stop when precise: add replications (starting from `replications`, at least 2, default 5,
   * doubling) until every headline figure (flow mean, p99 and success; service utilization)
   * has a 95% half-width within this share of its value, e.g. 0.02. The report's `precision`
   * says how many it took and which figure decided it.
   */
  precision?: number;
  /** With `precision`: the most replications to take (default 100). */
  maxReplications?: number;
}

export const DEFAULT_MAX_EVENTS = 500_000_000;
export const DEFAULT_MAX_IN_FLIGHT = 1_000_000;
/** A flow with this share of its requests unfinished at the end is reported overloaded. */
const UNFINISHED_WARNING = 0.01;

/**
 * The seed that replication `index` of a run with `seed` uses: the seed itself for one run.
 *
 * @example
 * replicationSeed(42, 0, 1); // 42: one replication runs on the run seed itself
 * replicationSeed(42, 1, 3); // the second of three, derived from 42
 */
export function replicationSeed(seed: number, index: number, replications: number): number {
  return replications === 1 ? seed : deriveSeed(seed, index);
}

/** Run one replication and return its raw result. */
export function simulateReplication(
  scenario: Scenario,
  seed: number,
  options: Pick<SimulateOptions, "maxEvents" | "maxInFlight" | "onProgress"> & {
    /** The scenario's scenarioHash, where the caller has it (saves hashing it again). */
    hash?: string;
  } = {},
): WorldResult {
  const world = new World(scenario, seed, {
    // A histogram bucket counts to 2^32 - 1; a replication records fewer values than events.
    maxEvents: Math.min(options.maxEvents ?? DEFAULT_MAX_EVENTS, MAX_BUCKET_COUNT),
    maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    // Past timeline.services (flows), windows are only made for the services (flows) kept.
    timeline: keptServices(scenario, options.hash),
    timelineFlows: keptFlows(scenario),
  });
  return world.run(options.onProgress);
}

/**
 * Simulate a scenario and report what happened, with the analytic prediction beside it.
 * The same scenario and seed give the same report, byte for byte, but for `wallSeconds`.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): Report {
  if (options.precision !== undefined) return simulatePrecisely(scenario, options);
  const seed = options.seed ?? scenario.seed;
  const replications = options.replications ?? scenario.replications;
  if (!Number.isInteger(replications) || replications < 1) {
    throw new RangeError(`simulate: replications must be a positive integer, got ${replications}`);
  }
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`simulate: seed must be an integer >= 0, got ${seed}`);
  }
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const hash = scenarioHash(scenario);
  const results: WorldResult[] = [];
  for (let i = 0; i < replications; i++) {
    const progress = options.onProgress;
    results.push(
      simulateReplication(scenario, replicationSeed(seed, i, replications), {
        maxEvents: options.maxEvents,
        maxInFlight: options.maxInFlight,
        onProgress: progress ? (f) => progress((i + f) / replications) : undefined,
        hash,
      }),
    );
  }
  return buildReport(scenario, seed, results, (clock() - started) / 1000, hash);
}

/**
 * `simulate` with `precision`: replications are added in doubling batches, each batch only its
 * new replications (a replication's seed depends on its index alone), until precise.
 */
function simulatePrecisely(scenario: Scenario, options: SimulateOptions): Report {
  const seed = options.seed ?? scenario.seed;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const hash = scenarioHash(scenario);
  const results: WorldResult[] = [];
  const report = toPrecision(
    (n) => {
      for (let i = results.length; i < n; i++) {
        results.push(
          simulateReplication(scenario, replicationSeed(seed, i, n), {
            maxEvents: options.maxEvents,
            maxInFlight: options.maxInFlight,
            hash,
          }),
        );
      }
      return buildReport(scenario, seed, results.slice(0, n), 0, hash);
    },
    options.precision!,
    { start: options.replications, maxReplications: options.maxReplications },
  );
  report.wallSeconds = (clock() - started) / 1000;
  return report;
}

/** Assemble the report from one or more replications' raw results. */
export function buildReport(
  scenario: Scenario,
  seed: number,
  results: readonly WorldResult[],
  wallSeconds: number,
  /** The scenario's scenarioHash, where the caller has it. */
  hash: string = scenarioHash(scenario),
): Report {
  const analytic = analysisOf(scenario, hash);
  const stops = new Set(results.map((r) => r.stopReason));
  const stopReason = stops.has("maxInFlight")
    ? "maxInFlight"
    : stops.has("maxEvents")
      ? "maxEvents"
      : "until";

  const one = results.length === 1;
  const pick = <T>(get: (r: WorldResult) => T): T =>
    one ? get(results[0]!) : meanOf(results.map(get));
  const withCi = <T extends object>(get: (r: WorldResult) => T): T =>
    one
      ? get(results[0]!)
      : ({ ...meanOf(results.map(get)), ci: intervalsOf(results.map(get)) } as T);

  const services: Record<string, ServiceReport> = {};
  for (const name of Object.keys(scenario.services))
    services[name] = withCi((r) => r.services[name]!);
  const flows: Report["flows"] = {};
  for (const name of Object.keys(scenario.flows)) flows[name] = withCi((r) => r.flows[name]!);
  if (!one) {
    // Failure keys can differ between replications: take the union, missing counted as 0.
    for (const name of Object.keys(flows)) {
      flows[name]!.failedBy = meanOfCounts(results.map((r) => r.flows[name]!.failedBy));
      flows[name]!.failureReasons = meanOfCounts(results.map((r) => r.flows[name]!.failureReasons));
    }
  }
  const warnings = reportWarnings(scenario, analytic, flows, stops);
  const timeline = reportTimeline(scenario, results, warnings, hash);
  const warmup = warmupWarning(scenario, analytic, timeline.windows, timeline.window);
  if (warmup !== null) warnings.push(warmup);
  return {
    scenario: scenario.name,
    meshsim: VERSION,
    scenarioHash: hash,
    seed,
    duration: scenario.duration,
    warmup: scenario.warmup,
    replications: results.length,
    events: pick((r) => r.events),
    wallSeconds,
    stopReason,
    services,
    flows,
    gateway: scenario.gateway ? withCi((r) => r.gateway!) : null,
    totals: withCi((r) => r.totals),
    timeline,
    distributions: { levels: [...LATENCY_LEVELS], flows: pick((r) => r.distributions) },
    faults: pick((r) => r.faults),
    calls: pick((r) => r.calls),
    ...(results[0]!.network ? { network: pick((r) => r.network!) } : {}),
    ...(results[0]!.pools ? { pools: pick((r) => r.pools!) } : {}),
    ...(results[0]!.caches ? { caches: pick((r) => r.caches!) } : {}),
    ...(results[0]!.topics ? { topics: pick((r) => r.topics!) } : {}),
    ...(results[0]!.autoscale ? { autoscale: autoscaleOf(results, pick) } : {}),
    ...(results[0]!.cost ? { cost: pick((r) => r.cost!) } : {}),
    ...(results[0]!.breaches ? { breaches: pick((r) => r.breaches!) } : {}),
    analytic,
    warnings,
  };
}

/**
 * Autoscaled services over replications: the figures' means, and the first replication's
 * scaling events (events do not average: each replication decides at its own moments).
 */
function autoscaleOf(
  results: readonly WorldResult[],
  pick: <T>(get: (r: WorldResult) => T) => T,
): NonNullable<Report["autoscale"]> {
  const out = pick((r) => r.autoscale!);
  for (const [name, a] of Object.entries(out)) {
    const first = results[0]!.autoscale![name]!;
    a.events = first.events;
    a.eventsLeftOut = first.eventsLeftOut;
  }
  return out;
}

/** What a reader must know before trusting the figures: instability, overload, cut-offs. */
function reportWarnings(
  scenario: Scenario,
  analytic: Report["analytic"],
  flows: Report["flows"],
  stops: ReadonlySet<string>,
): string[] {
  const warnings: string[] = [];
  const stations = Object.entries(analytic.services);
  if (analytic.gateway) stations.push([GATEWAY, analytic.gateway]);
  for (const [name, station] of stations) {
    if (!station.unstable) continue;
    const hot = station.hottest;
    warnings.push(
      hot
        ? `${name} is unstable: its hottest shard (instance ${hot.instance}) is offered utilization ${hot.utilization.toFixed(2)} >= 1, so its queue grows for as long as the run lasts`
        : `${name} is unstable: offered utilization ${station.utilization.toFixed(2)} >= 1, so its queue grows for as long as the run lasts`,
    );
  }
  for (const [topic, t] of Object.entries(analytic.topics ?? {})) {
    for (const [group, g] of Object.entries(t.groups)) {
      if (!g.unstable) continue;
      warnings.push(
        `${group}, consuming ${topic}, is unstable: offered utilization ${g.utilization.toFixed(2)} >= 1 over its ${g.slots} partition slots, so its backlog grows for as long as the run lasts`,
      );
    }
  }
  for (const [name, f] of Object.entries(flows)) {
    if (f.unfinishedShare >= UNFINISHED_WARNING) {
      warnings.push(
        `${name}: ${(f.unfinishedShare * 100).toFixed(1)}% of its requests had not finished when the run ended (${formatCount(f.unfinished)} under way): the system is overloaded, and its success rate counts them as not succeeded`,
      );
    }
  }
  const window = timelineWindow(scenario);
  if (window > scenario.timeline.window) {
    warnings.push(
      `timeline: ${formatDuration(scenario.timeline.window)} windows would cut ${formatDuration(scenario.duration)} into more than ${formatCount(LIMITS.timelineWindows)}; widened to ${formatDuration(window)}`,
    );
  }
  if (stops.has("maxEvents"))
    warnings.push("stopped early: the event limit was reached (maxEvents)");
  if (stops.has("maxInFlight")) {
    warnings.push(
      "stopped early: too many requests in flight at once (maxInFlight): the system is overloaded",
    );
  }
  return warnings;
}

/**
 * Simulate one point of a sweep (see sweep.ts). Every point runs on the same seed, so neighbouring
 * points share their random numbers and the curve is smooth. The report's timeline windows
 * are left out, to keep a sweep small.
 */
export function simulatePoint(
  scenario: Scenario,
  seed: number,
  replications: number | undefined,
  precision?: { precision?: number; maxReplications?: number },
): Report {
  const report = simulate(scenario, { seed, replications, ...precision });
  report.timeline.windows = [];
  report.distributions.flows = {};
  return report;
}
