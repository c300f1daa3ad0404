import type { LatencySummary, Report } from "../report.js";
import type { Slo } from "../scenario/types.js";

/** One objective checked against a report. */
export interface SloCheck {
  scope: "flow" | "service";
  name: string;
  /** `p99`, `mean`, `successRate`, `throughput` or `maxUtilization`. */
  metric: string;
  /** "max": the figure must not exceed the objective; "min": it must reach it. */
  bound: "max" | "min";
  objective: number;
  actual: number;
  /** The figure meets the objective. */
  ok: boolean;
  /**
   * The figure meets it with 95% confidence: the far end of its interval does (with
   * replications); null with one replication (no interval).
   */
  confident: boolean | null;
  /** The figure's 95% interval (with replications); null with one replication. */
  interval: { low: number; high: number } | null;
  /** Samples behind a percentile; null for other figures. */
  samples: number | null;
  /** Too few samples for the percentile (fewer than 10 beyond it): the figure is not trusted. */
  thin: boolean;
}

const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;

/**
 * Samples a percentile needs before it is claimed: ten beyond it (1,000 for a p99), so that
 * the estimate rests on more than a handful of extreme values.
 */
export function minSamples(metric: string): number {
  const q = PERCENTILES[metric as keyof typeof PERCENTILES];
  return q === undefined ? 0 : Math.ceil(10 / (1 - q));
}

/**
 * Whether the scenario states any objective.
 *
 * @example
 * hasSlo(scenario.slo); // false for a scenario without an slo block
 */
export function hasSlo(slo: Slo): boolean {
  return Object.keys(slo.flows).length > 0 || Object.keys(slo.services).length > 0;
}

/**
 * Check every objective of `slo` (a scenario's `slo`) against a report.
 *
 * @example
 * checkSlos(report, scenario.slo).filter((c) => !c.ok); // the objectives breached
 */
export function checkSlos(report: Report, slo: Slo): SloCheck[] {
  const checks: SloCheck[] = [];
  for (const [name, objectives] of Object.entries(slo.flows)) {
    const f = report.flows[name];
    if (!f) continue;
    for (const [metric, objective] of Object.entries(objectives)) {
      if (objective === undefined) continue;
      if (metric === "successRate") {
        checks.push(
          check("flow", name, metric, "min", objective, f.successRate, f.ci?.successRate),
        );
      } else if (metric === "throughput") {
        checks.push(check("flow", name, metric, "min", objective, f.throughput, f.ci?.throughput));
      } else {
        checks.push(latencyCheck("flow", name, metric, objective, f.latency, f.ci?.latency));
      }
    }
  }
  for (const [name, objectives] of Object.entries(slo.services)) {
    const s = report.services[name];
    if (!s) continue;
    for (const [metric, objective] of Object.entries(objectives)) {
      if (objective === undefined) continue;
      if (metric === "maxUtilization") {
        checks.push(
          check("service", name, metric, "max", objective, s.utilization, s.ci?.utilization),
        );
      } else {
        checks.push(latencyCheck("service", name, metric, objective, s.latency, s.ci?.latency));
      }
    }
  }
  return checks;
}

function latencyCheck(
  scope: "flow" | "service",
  name: string,
  metric: string,
  objective: number,
  latency: LatencySummary,
  ci: { [K in keyof LatencySummary]?: { low: number; high: number } | null } | undefined,
): SloCheck {
  const key = metric as keyof LatencySummary;
  const c = check(scope, name, metric, "max", objective, latency[key], ci?.[key] ?? undefined);
  if (metric !== "mean") {
    c.samples = latency.samples;
    c.thin = latency.samples < minSamples(metric);
  }
  return c;
}

function check(
  scope: "flow" | "service",
  name: string,
  metric: string,
  bound: "max" | "min",
  objective: number,
  actual: number,
  ci: { low: number; high: number } | null | undefined,
): SloCheck {
  // A figure that could not be measured (no samples: NaN) meets nothing.
  const meets = (x: number) => (bound === "max" ? x <= objective : x >= objective);
  const ok = Number.isFinite(actual) && meets(actual);
  const confident = ci ? ok && meets(bound === "max" ? ci.high : ci.low) : null;
  return {
    scope,
    name,
    metric,
    bound,
    objective,
    actual,
    ok,
    confident,
    interval: ci ?? null,
    samples: null,
    thin: false,
  };
}
