import { analyze } from "../analysis/analyze.js";
import type { Report } from "../report.js";
import { servicesCalled } from "../scenario/callTree.js";
import type { Scenario } from "../scenario/types.js";
import type { PlanOptions } from "./plan.js";
import type { SloCheck } from "./slo.js";

/** The planner's arithmetic: the load asked for, instance counts, and where to add one. */

/** The scale of the scenario's load that `rate` or `scale` asks for. */
export function loadScale(scenario: Scenario, options: PlanOptions): number {
  if (options.rate !== undefined && options.scale !== undefined) {
    throw new RangeError("plan: give rate or scale, not both");
  }
  if (options.rate !== undefined) {
    if (scenario.workload.kind !== "open") {
      throw new RangeError("plan: rate applies to an open workload (rate); use scale");
    }
    if (!(options.rate > 0)) throw new RangeError(`plan: rate must be > 0, got ${options.rate}`);
    return options.rate / scenario.workload.rate;
  }
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`plan: scale must be a number > 0, got ${scale}`);
  }
  return scale;
}

/**
 * The scenario with `counts` instances per service (the rest as they are). An autoscaled
 * service's count is its autoscaler's min (and where it starts): what a plan sizes for it.
 */
export function withInstances(base: Scenario, counts: Record<string, number>): Scenario {
  return {
    ...base,
    services: Object.fromEntries(
      Object.entries(base.services).map(([n, s]) => {
        const instances = counts[n] ?? s.instances;
        if (instances === s.instances) return [n, s];
        if (s.autoscale !== undefined) {
          const max = Math.max(s.autoscale.max, instances);
          return [n, { ...s, instances, autoscale: { ...s.autoscale, min: instances, max } }];
        }
        // Weights are per instance: with another count, the weighted balancer goes round-robin.
        const balancer = s.balancer === "weighted" ? "round-robin" : s.balancer;
        return [n, { ...s, instances, weights: null, balancer }];
      }),
    ),
  };
}

/** Fewest instances keeping each service below utilization 1 and its maxUtilization. */
export function analyticCounts(
  base: Scenario,
  names: string[],
  minInstances: number,
): Record<string, number> {
  const counts = Object.fromEntries(names.map((n) => [n, minInstances]));
  for (let pass = 0; pass < 50; pass++) {
    const a = analyze(withInstances(base, counts));
    let changed = false;
    for (const n of names) {
      const s = a.services[n]!;
      const limit = Math.min(base.slo.services[n]?.maxUtilization ?? 1, 1);
      // Utilization scales as 1/instances; blocking callers' hold times move it a little.
      if (s.utilization >= limit && s.lambda > 0) {
        const needed = Math.floor((counts[n]! * s.utilization) / limit) + 1;
        counts[n] = Math.max(counts[n]! + 1, needed);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return counts;
}

/**
 * The service to give one more instance: among the services on the flows whose objectives
 * are not met (all services for service objectives), the one whose queueing (latency beyond
 * its own work, or rejections) is largest per unit of cost.
 */
export function chooseService(
  report: Report,
  unmet: SloCheck[],
  base: Scenario,
  names: string[],
): string {
  const candidates = new Set<string>();
  for (const c of unmet) {
    if (c.scope === "service") candidates.add(c.name);
    else for (const n of servicesCalled(base.flows[c.name] ?? [])) candidates.add(n);
  }
  let best = "";
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const n of names) {
    if (!candidates.has(n)) continue;
    const s = report.services[n]!;
    const cost = base.services[n]!.cost ?? 1;
    // Queueing delay and rejections both fall as instances are added; utilization breaks ties.
    const queueing = s.wait.mean * s.throughput + s.rejected / Math.max(1, s.arrivals);
    const score = (queueing + s.utilization * 1e-3) / (cost > 0 ? cost : 1e-9);
    if (score > bestScore) {
      best = n;
      bestScore = score;
    }
  }
  return best || names[0]!;
}
