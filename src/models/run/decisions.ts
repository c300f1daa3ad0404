import { analyze } from "../analysis/analyze.js";
import type { Scenario } from "../scenario/types.js";
import type { SloCheck } from "./slo.js";

/** The planner's judgements: how an objective stands, and which capacity cannot move. */

/** An objective capacity cannot move, and the figure no count of instances passes. */
export interface InsensitiveObjective {
  name: string;
  metric: string;
  ceiling: number;
}

/** How an objective stands, by its 95% interval: met, breached, or not yet decided. */
export function classify(c: SloCheck): "met" | "breached" | "uncertain" {
  if (c.thin) return "uncertain";
  if (c.confident === true) return "met";
  if (c.confident === null) return c.ok ? "met" : "breached";
  // Not met with confidence: breached when the interval's near end breaches too.
  const near =
    c.interval === null ? c.actual : c.bound === "max" ? c.interval.low : c.interval.high;
  const breaches = c.bound === "max" ? near > c.objective : near < c.objective;
  return breaches ? "breached" : "uncertain";
}

/**
 * Success-rate objectives that capacity cannot move: their flow's analytic success is the
 * same with 100 times the instances as at the sized counts (no blocking, no timeouts in
 * play), so it is the series reliability of the failure probabilities, the ceiling.
 */
export function insensitiveObjectives(
  ample: Scenario,
  sized: Scenario,
  checks: SloCheck[],
): InsensitiveObjective[] {
  const roomy = analyze(ample);
  const now = analyze(sized);
  return checks
    .filter((c) => c.scope === "flow" && c.metric === "successRate")
    .filter((c) => {
      const a = roomy.flows[c.name]?.successRate;
      const b = now.flows[c.name]?.successRate;
      return a !== undefined && b !== undefined && Math.abs(a - b) < 1e-9;
    })
    .map((c) => ({ name: c.name, metric: c.metric, ceiling: roomy.flows[c.name]!.successRate }));
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([n, c]) => `${n} ${c}`)
    .join(", ");
}

export function verdict(checks: SloCheck[]): string {
  const broken = checks.filter((c) => !c.ok);
  const unsure = checks.filter((c) => c.ok && c.confident === false);
  if (broken.length === 0 && unsure.length === 0) return "every objective met";
  return [
    broken.length > 0 ? `breached: ${broken.map((c) => `${c.name} ${c.metric}`).join(", ")}` : "",
    unsure.length > 0
      ? `not confident: ${unsure.map((c) => `${c.name} ${c.metric}`).join(", ")}`
      : "",
  ]
    .filter(Boolean)
    .join("; ");
}
