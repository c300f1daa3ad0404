import type { ChalkInstance } from "chalk";
import { formatDuration, type PlanResult, type Scenario } from "../../index.js";
import { renderSlo } from "./slo.js";
import { type Column, dur, num, pct, table } from "./table.js";

function planColumns(p: PlanResult, scenario: Scenario, c: ChalkInstance): Column<string>[] {
  const before = (name: string) => scenario.services[name]!.instances;
  return [
    {
      head: "service",
      align: "left",
      // An autoscaled service's count is its autoscaler's min.
      cell: (name) => (scenario.services[name]!.autoscale ? `${name} (autoscale min)` : name),
    },
    { head: "now", cell: (name) => String(before(name)) },
    {
      head: "plan",
      cell: (name) => {
        const count = p.instances[name]!;
        return count > before(name) ? c.yellow(String(count)) : String(count);
      },
    },
    {
      head: "cost/h",
      cell: (name) => {
        const cost = scenario.services[name]!.cost;
        if (cost === null) return "–";
        // Autoscaled: what the instances it ran cost, per hour of the planned run.
        const hours = p.report.cost?.services[name]?.instanceHours;
        const scaled = scenario.services[name]!.autoscale && hours !== undefined;
        const perHour = scaled
          ? (cost * hours) / (p.report.duration / 3600)
          : cost * p.instances[name]!;
        return perHour.toFixed(2);
      },
    },
    {
      head: "utilization (95% CI)",
      cell: (name) => {
        const s = p.report.services[name]!;
        const ci = s.ci?.utilization;
        return `${pct(s.utilization)}${ci ? ` (${pct(ci.low)}..${pct(ci.high)})` : ""}`;
      },
    },
    { head: "p99", cell: (name) => dur(p.report.services[name]!.latency.p99) },
    { head: "binding", align: "left", cell: (name) => p.binding[name] ?? "–" },
  ];
}

/** A plan as a person pastes it into a design review: counts, cost, evidence. */
export function renderPlan(
  p: PlanResult,
  scenario: Scenario,
  seconds: number,
  c: ChalkInstance,
): string {
  const load =
    p.load.rate !== null ? `${num(p.load.rate)} requests/s` : `${num(p.load.scale, 2)}x the load`;
  const out = [
    c.bold(`Capacity plan: ${scenario.name} at ${load}`),
    c.dim(
      `seed ${p.seed} · ${p.simulations} simulations of ${p.report.replications} replications × ${formatDuration(p.duration)} on common random numbers · ${seconds.toFixed(1)} s`,
    ),
  ];
  if (!p.feasible) out.push(c.red(`infeasible: ${p.reason}`));
  out.push(table(planColumns(p, scenario, c), Object.keys(p.instances)));
  if (p.cost !== null) out.push(`total cost: ${p.cost.toFixed(2)} per hour`);
  out.push("", renderSlo(p.slo, c).trimEnd());
  for (const i of p.insensitive) {
    out.push(
      c.dim(
        `${i.name} ${i.metric}: capacity cannot move it (its ceiling is ${pct(i.ceiling, 2)}, set by failure probabilities): checked, never bought instances for`,
      ),
    );
  }
  if (p.headroom !== null)
    out.push(
      `headroom: the plan holds about ${(p.headroom * 100).toFixed(0)}% more load before an objective breaks`,
    );
  return `${out.join("\n")}\n`;
}
