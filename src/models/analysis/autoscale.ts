import { hpaRecommendation } from "../../metrics/hpa.js";
import type { AnalyticReport } from "../report.js";
import type { AutoscaleConfig, Scenario } from "../scenario/types.js";

/** The most rounds of the autoscalers' fixed-point iteration. */
const MAX_ROUNDS = 50;

/**
 * The analysis of a scenario with autoscalers: each autoscaled service at the count its
 * autoscaler settles at under the mean load. From the count it starts with, each round
 * analyses the scenario and applies the HPA's rule to every autoscaled service,
 *   ratio = metric per instance / target; n ← ceil(n × ratio) unless |ratio - 1| <= tolerance,
 * within [min, max], until no count moves. The metric's total is λ·S/c busy workers
 * (utilization), L calls at the service (inflight) or the groups' backlog λ·Wq (lag). For
 * utilization one round lands on ceil(λ·S / (c·target)); the others depend on the count and
 * may take several. An approximation: it is the steady state of a constant load, and says
 * nothing of the lag behind a change in load (the simulation shows that).
 */
export function analyzeAutoscaled(
  scenario: Scenario,
  analyzeFixed: (scenario: Scenario) => AnalyticReport,
): AnalyticReport {
  const scaled = Object.entries(scenario.services).filter(
    (e): e is [string, (typeof e)[1] & { autoscale: AutoscaleConfig }] =>
      e[1].autoscale !== undefined,
  );
  const counts = new Map(scaled.map(([name, s]) => [name, s.instances]));
  const at = (): Scenario => ({
    ...scenario,
    services: Object.fromEntries(
      Object.entries(scenario.services).map(([n, s]) => [
        n,
        counts.has(n) ? { ...s, instances: counts.get(n)! } : s,
      ]),
    ),
  });
  let report = analyzeFixed(at());
  let settled = false;
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && !settled; round++) {
    settled = true;
    for (const [name, s] of scaled) {
      const n = counts.get(name)!;
      const next = step({ scenario, name, config: s.autoscale, n, report });
      if (next !== n) {
        counts.set(name, next);
        settled = false;
      }
    }
    if (settled) break;
    const key = [...counts.values()].join(",");
    if (seen.has(key)) break; // a cycle: the last count stands (noted below)
    seen.add(key);
    report = analyzeFixed(at());
  }
  const notes = new Set(report.notes);
  notes.add(
    "autoscaling: each autoscaled service analysed at the count its autoscaler settles at under the mean load (the HPA's rule ceil(n × metric / target) from the count it starts with, within the tolerance band); an approximation that says nothing of the lag behind a change in load",
  );
  if (!settled) notes.add("autoscaling: the counts did not settle; figures are at the last");
  // A count that moves with the load makes no figure exact: the services' nor the flows'.
  for (const [name] of scaled) report.services[name]!.exact = false;
  for (const f of Object.values(report.flows)) f.exact = false;
  return {
    ...report,
    autoscale: Object.fromEntries(
      scaled.map(([name, s]) => [
        name,
        {
          instances: counts.get(name)!,
          metric: perInstance({
            scenario,
            name,
            config: s.autoscale,
            n: counts.get(name)!,
            report,
          }),
          model: `HPA fixed point (${s.autoscale.metric})`,
          exact: false,
        },
      ]),
    ),
    notes: [...notes],
  };
}

/** An autoscaled service at `n` instances, with the figures analysed there. */
interface AtCount {
  scenario: Scenario;
  name: string;
  config: AutoscaleConfig;
  n: number;
  report: AnalyticReport;
}

/** One HPA decision on the analysed figures. */
function step(at: AtCount): number {
  const { scenario, name, config, n } = at;
  const metric = perInstance(at);
  let max = config.max;
  if (config.metric === "lag") {
    const partitions = Math.max(
      0,
      ...Object.entries(scenario.consumers)
        .filter(([, groups]) => groups.some((g) => g.call === name))
        .map(([topic]) => scenario.topics[topic]!.partitions),
    );
    max = Math.max(config.min, Math.min(max, partitions));
  }
  const desired = Number.isFinite(metric) ? hpaRecommendation(config, metric * n, n, 0, n) : max;
  return Math.max(config.min, Math.min(max, desired));
}

/** The metric per instance at `n` instances (Infinity where the model says unstable). */
function perInstance({ scenario, name, config, n, report }: AtCount): number {
  const s = report.services[name]!;
  switch (config.metric) {
    case "utilization":
      return s.utilization;
    case "inflight":
      return s.L === null ? Number.POSITIVE_INFINITY : s.L / n;
    case "lag": {
      let backlog = 0;
      for (const [topic, t] of Object.entries(report.topics ?? {})) {
        const g = t.groups[name];
        if (g === undefined || !(topic in scenario.topics)) continue;
        backlog += g.backlog ?? Number.POSITIVE_INFINITY;
      }
      return backlog / n;
    }
  }
}
