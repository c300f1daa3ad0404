import type { ScenarioIssue } from "./scenarioError.js";
import type { ParsedScenarioShape } from "./schema/index.js";
import type { Step } from "./types.js";

/** What the schema cannot see of an autoscaler: what it goes with, and what its metric needs. */

type ParsedService = ParsedScenarioShape["services"][string];

/**
 * What an autoscaler cannot go with: a starting count outside [min, max], instances that must
 * stay as they are (weights, a hash balancer's shards), or faults (not modelled together yet).
 */
export function checkAutoscale(
  path: string,
  svc: ParsedService,
  scale: NonNullable<ParsedService["autoscale"]>,
  issues: ScenarioIssue[],
): void {
  if (svc.instances !== undefined && (svc.instances < scale.min || svc.instances > scale.max)) {
    issues.push({
      path: `${path}.instances`,
      message: `an autoscaled service starts within autoscale min..max (${scale.min}..${scale.max}), got ${svc.instances}`,
    });
  }
  if (svc.weights !== undefined) {
    issues.push({
      path: `${path}.weights`,
      message: "weights fix the instances one by one: they cannot go with autoscale",
    });
  }
  if (typeof svc.balancer !== "string") {
    issues.push({
      path: `${path}.balancer`,
      message:
        "a hash balancer's shards are its instances: resharding under an autoscaler is not modelled",
    });
  }
}

/** `lag` is a consumer's metric: the service must consume some topic. */
export function checkLagMetric(
  s: ParsedScenarioShape,
  consumers: Record<string, { call: string; calls: Step[] }[]>,
  issues: ScenarioIssue[],
): void {
  for (const [name, svc] of Object.entries(s.services)) {
    if (svc.autoscale?.metric !== "lag") continue;
    if (!Object.values(consumers).some((groups) => groups.some((g) => g.call === name)))
      issues.push({
        path: `services.${name}.autoscale.metric`,
        message: `lag is a consumer's metric (messages waiting), and ${name} consumes no topic`,
      });
  }
}
