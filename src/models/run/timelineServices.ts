import { analyze } from "../analysis/analyze.js";
import type { AnalyticReport, Report } from "../report.js";
import { scenarioHash } from "../scenario/hash.js";
import { DEFAULTS, timelineWindow } from "../scenario/normalise.js";
import type { Scenario } from "../scenario/types.js";
import { formatCount } from "../scenario/units.js";
import type { WorldResult } from "../world/world.js";
import { meanOf } from "./combine.js";

/**
 * The report's timeline from the replications' windows (their mean, window by window), which
 * hold the services `keptServices` chose and the flows `keptFlows` chose (each world made
 * windows only for those); when they leave some out, `omitted` and `omittedFlows` count them
 * and a warning each (pushed onto `warnings`) says how to keep them all.
 */
export function reportTimeline(
  scenario: Scenario,
  results: readonly WorldResult[],
  warnings: string[],
  hash?: string,
): Report["timeline"] {
  const timeline: Report["timeline"] = {
    window: timelineWindow(scenario),
    windows: results.length === 1 ? results[0]!.timeline : meanOf(results.map((r) => r.timeline)),
  };
  const keep = keptServices(scenario, hash);
  if (keep !== null) {
    const omitted = Object.keys(scenario.services).length - keep.size;
    timeline.omitted = omitted;
    warnings.push(
      `timeline: its windows hold the ${formatCount(keep.size)} busiest of ${formatCount(omitted + keep.size)} services by offered utilization (timeline.services: all, or run --timeline all, keeps every one)`,
    );
  }
  const flows = keptFlows(scenario);
  if (flows !== null) {
    const omitted = Object.keys(scenario.flows).length - flows.size;
    timeline.omittedFlows = omitted;
    warnings.push(
      `timeline: its windows hold the ${formatCount(flows.size)} of ${formatCount(omitted + flows.size)} flows with the largest shares of the mix (timeline.flows: all, or run --timeline all, keeps every one)`,
    );
  }
  return timeline;
}

/**
 * The flows a run's timeline windows hold: null (every one) up to `timeline.flows` (default
 * DEFAULTS.timelineFlows); else that many with the largest shares of the workload's mix (ties
 * in the scenario's order), together with every flow an objective names.
 *
 * @example keptFlows(scenario) // => null below 50 flows
 */
export function keptFlows(scenario: Scenario): ReadonlySet<string> | null {
  const limit = scenario.timeline.flows ?? DEFAULTS.timelineFlows;
  const names = Object.keys(scenario.flows);
  if (limit === "all" || names.length <= limit) return null;
  const mix = scenario.workload.mix;
  const keep = largest(names, (n) => mix[n] ?? 0, limit);
  for (const n of Object.keys(scenario.slo.flows)) keep.add(n);
  return keep;
}

// By scenario object, with the hash of what it held then: an object changed since is analysed
// again.
const kept = new WeakMap<Scenario, { hash: string; keep: ReadonlySet<string> }>();
/** The analysis `keptServices` made, until the report that needs it takes it (once). */
const analyses = new WeakMap<Scenario, { hash: string; analytic: AnalyticReport }>();

/**
 * The services a run's timeline windows hold: null (every one) up to `timeline.services`
 * (default DEFAULTS.timelineServices), without an analysis; else that many of the busiest by
 * offered utilization (the analytic model's, so every replication and every worker keeps the
 * same ones; ties in the scenario's order), together with every service an objective or an
 * autoscaler names, whose windows the report reads. Computed once per scenario (every
 * replication of a run asks). `hash`: the scenario's scenarioHash, where the caller has it
 * (over 5,000 services, hashing takes about 9 ms once warm).
 *
 * @example keptServices(scenario) // => null below 50 services
 */
export function keptServices(scenario: Scenario, hash?: string): ReadonlySet<string> | null {
  const limit = scenario.timeline.services ?? DEFAULTS.timelineServices;
  const names = Object.keys(scenario.services);
  if (limit === "all" || names.length <= limit) return null;
  hash ??= scenarioHash(scenario);
  const known = kept.get(scenario);
  if (known !== undefined && known.hash === hash) return known.keep;
  const analytic = analyze(scenario);
  const keep = largest(names, (n) => analytic.services[n]?.utilization ?? 0, limit);
  for (const n of Object.keys(scenario.slo.services)) keep.add(n);
  for (const n of names) if (scenario.services[n]!.autoscale !== undefined) keep.add(n);
  kept.set(scenario, { hash, keep });
  analyses.set(scenario, { hash, analytic });
  return keep;
}

/**
 * The scenario's analysis (`hash`: its scenarioHash): the one `keptServices` made for this
 * scenario as it stands if no report has taken it yet (each report gets an object of its
 * own), else a new one.
 */
export function analysisOf(scenario: Scenario, hash: string): AnalyticReport {
  const made = analyses.get(scenario);
  analyses.delete(scenario);
  return made !== undefined && made.hash === hash ? made.analytic : analyze(scenario);
}

/** The `limit` names of the largest `weight`, ties in the given order. */
function largest(names: string[], weight: (name: string) => number, limit: number): Set<string> {
  const order = new Map(names.map((n, i) => [n, i]));
  const sorted = [...names].sort((a, b) => weight(b) - weight(a) || order.get(a)! - order.get(b)!);
  return new Set(sorted.slice(0, limit));
}
