import { analyze } from "../analysis/analyze.js";
import type { Report } from "../report.js";
import { servicesCalled } from "../scenario/callTree.js";
import type { Scenario, Workload } from "../scenario/types.js";
import { simulate } from "./simulate.js";
import { checkSlos, hasSlo, type SloCheck } from "./slo.js";

/**
 * The workload with its load multiplied: rates, profile steps, or users (rounded).
 *
 * @example
 * scaleWorkload(scenario.workload, 2); // an open 200/s becomes 400/s
 */
export function scaleWorkload(w: Workload, scale: number): Workload {
  if (scale === 1) return w;
  if (w.kind === "open") return { ...w, rate: w.rate * scale };
  if (w.kind === "profile")
    return { ...w, profile: w.profile.map((p) => ({ ...p, rate: p.rate * scale })) };
  return { ...w, users: Math.max(1, Math.round(w.users * scale)) };
}

/**
 * The largest load scale that holds, by growing the scale from `from` by `factor` until
 * `breaks` says yes (the last step at `limit` itself), then bisecting until high / low <= `precision`. Returns the
 * last scale that held and the first that broke (null if none broke up to `limit`).
 *
 * @example
 * // Double the load until it breaks, then bisect to 2%.
 * findBreach((scale) => scale >= 3, { factor: 2, precision: 1.02 }); // { holds: ≈2.9, breaks: ≈3.0 }
 */
export function findBreach(
  breaks: (scale: number) => boolean,
  options: { from?: number; factor?: number; limit?: number; precision?: number } = {},
): { holds: number; breaks: number | null } {
  const factor = options.factor ?? 1.5;
  const limit = options.limit ?? 8;
  const precision = options.precision ?? 1.05;
  let low = options.from ?? 1;
  let high: number | null = null;
  while (high === null && low < limit) {
    const trial = Math.min(low * factor, limit);
    if (breaks(trial)) high = trial;
    else low = trial;
  }
  while (high !== null && high / low > precision) {
    const mid = (low + high) / 2;
    if (breaks(mid)) high = mid;
    else low = mid;
  }
  return { holds: low, breaks: high };
}

/** One load tried on the way to the breach. */
export interface SaturationPoint {
  /** The scenario's load times this. */
  scale: number;
  /** The open rate at this scale, per second; null for other workloads. */
  rate: number | null;
  throughput: number;
  successRate: number;
  /** p99 per flow, seconds. */
  p99: Record<string, number>;
  /** The busiest service by offered utilization. */
  busiest: { service: string; utilization: number };
  /** Objectives breached here (or `stability` when offered utilization reaches 1). */
  broken: string[];
}

/**
 * How far the load can grow before an objective breaks (`untilBreach`): every load tried, the
 * largest that held and the first that broke, with what broke it.
 */
export interface SaturationResult {
  scenario: string;
  seed: number;
  replications: number;
  /** Every load tried, in increasing order. */
  points: SaturationPoint[];
  /** The largest load found to hold every objective; null when the scenario's own load breaks one. */
  holds: SaturationPoint | null;
  /** The first load found to break one, and what broke: null if none broke up to `limit`. */
  breach: (SaturationPoint & { service: string }) | null;
  simulations: number;
}

/**
 * The throughput knee: the load at which the first objective of the scenario's `slo` breaks
 * (without objectives: where offered utilization reaches 1), found by scaling the load from
 * the scenario's up to `limit` times, then bisecting to within `precision` (1.02: 2%). Every
 * load runs on the same seeds. The breach names the service that breaks it: the one whose
 * own objective broke, or the busiest on the first flow whose objective broke.
 *
 * @example
 * const r = untilBreach(scenario, { replications: 3 });
 * r.breach?.service; // the service that breaks first
 * r.breach?.broken; // the objectives broken there, e.g. ["checkout p99"]
 */
export function untilBreach(
  scenario: Scenario,
  options: {
    seed?: number;
    replications?: number;
    limit?: number;
    precision?: number;
    /** How each load is simulated (default `simulate`; see PlanOptions.simulate). */
    simulate?: typeof simulate;
  } = {},
): SaturationResult {
  const seed = options.seed ?? scenario.seed;
  const replications = options.replications ?? scenario.replications;
  const limit = options.limit ?? 8;
  if (!(limit > 1) || !Number.isFinite(limit))
    throw new RangeError(`untilBreach: limit must be a number > 1 (times the load), got ${limit}`);
  const bySlo = hasSlo(scenario.slo);
  const tried = new Map<number, SaturationPoint & { service: string }>();
  const at = (scale: number) => {
    const known = tried.get(scale);
    if (known) return known;
    const s = { ...scenario, workload: scaleWorkload(scenario.workload, scale) };
    const report = (options.simulate ?? simulate)(s, { seed, replications });
    const checks = checkSlos(report, s.slo);
    const point = pointOf(s, scale, report, bySlo ? checks : [], bySlo);
    tried.set(scale, point);
    return point;
  };
  const base = at(1);
  const found =
    base.broken.length > 0
      ? { holds: null, breaks: 1 }
      : findBreach((scale) => at(scale).broken.length > 0, {
          limit,
          precision: options.precision ?? 1.02,
        });
  const points = [...tried.values()].sort((a, b) => a.scale - b.scale);
  const strip = ({ service: _, ...p }: SaturationPoint & { service: string }) => p;
  return {
    scenario: scenario.name,
    seed,
    replications,
    points: points.map(strip),
    holds: found.holds === null ? null : strip(tried.get(found.holds)!),
    breach: found.breaks === null ? null : tried.get(found.breaks)!,
    simulations: tried.size,
  };
}

function pointOf(
  scenario: Scenario,
  scale: number,
  report: Report,
  checks: SloCheck[],
  bySlo: boolean,
): SaturationPoint & { service: string } {
  const analytic = analyze(scenario);
  let busiest = { service: "", utilization: -1 };
  for (const [service, a] of Object.entries(analytic.services)) {
    if (a.utilization > busiest.utilization) busiest = { service, utilization: a.utilization };
  }
  const failed = checks.filter((c) => !c.ok);
  const broken = bySlo
    ? failed.map((c) => `${c.name} ${c.metric}`)
    : analytic.unstable.length > 0
      ? ["stability"]
      : [];
  // Who breaks it: a service objective names its service; a flow objective, its busiest service.
  const own = failed.find((c) => c.scope === "service");
  const flow = failed.find((c) => c.scope === "flow");
  let service = own?.name ?? busiest.service;
  if (!own && flow) {
    let top = -1;
    for (const [name, s] of Object.entries(analytic.services)) {
      if (flowCalls(scenario, flow.name).has(name) && s.utilization > top) {
        top = s.utilization;
        service = name;
      }
    }
  }
  return {
    scale,
    rate: scenario.workload.kind === "open" ? scenario.workload.rate : null,
    throughput: report.totals.throughput,
    successRate: report.totals.successRate,
    p99: Object.fromEntries(Object.entries(report.flows).map(([n, f]) => [n, f.latency.p99])),
    busiest,
    broken,
    service,
  };
}

function flowCalls(scenario: Scenario, flow: string): Set<string> {
  return new Set(servicesCalled(scenario.flows[flow] ?? []));
}
