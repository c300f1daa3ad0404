import type { ChalkInstance } from "chalk";
import type { AutoscaleReport, Report } from "../../index.js";
import { sparkline } from "./sparkline.js";
import { type Column, dur, num, table } from "./table.js";

/** The tables of capacity over time: autoscalers, instance-hours and cost, SLO breaches. */

/** Scaling events a table lists before it says how many more there were. */
const SHOWN_EVENTS = 8;

/** Autoscaled services: instances over the run against the count theory settles at. */
export function scaling(report: Report, c: ChalkInstance): string[] {
  const rows = Object.entries(report.autoscale ?? {});
  if (rows.length === 0) return [];
  const theory = (name: string) => report.analytic.autoscale?.[name];
  const columns: Column<[string, AutoscaleReport]>[] = [
    { head: "autoscaled", align: "left", cell: ([name]) => name },
    {
      head: "metric → target",
      align: "left",
      cell: ([, a]) => `${a.metric} → ${num(a.target, 2)}`,
    },
    {
      head: "instances mean (theory)",
      cell: ([name, a]) => `${num(a.instances.mean, 2)} (${theory(name)?.instances ?? "–"})`,
    },
    { head: "min", cell: ([, a]) => num(a.instances.min, 0) },
    { head: "max", cell: ([, a]) => num(a.instances.max, 0) },
    { head: "end", cell: ([, a]) => num(a.instances.end, 0) },
    { head: "ups", cell: ([, a]) => num(a.scaleUps, 0) },
    { head: "downs", cell: ([, a]) => num(a.scaleDowns, 0) },
    { head: "instance-h", cell: ([, a]) => num(a.instanceHours, 2) },
    {
      head: "instances over time",
      align: "left",
      cell: ([name, a]) =>
        sparkline(
          report.timeline.windows.map((w) => w.services[name]?.instances ?? Number.NaN),
          undefined,
          a.instances.max,
        ),
    },
  ];
  const out = [table(columns, rows)];
  for (const [name, a] of rows) {
    if (a.events.length === 0) continue;
    const shown = a.events
      .slice(0, SHOWN_EVENTS)
      .map((e) => `${dur(e.time)} ${e.from}→${e.to} (${num(e.metric, 2)})`);
    const more = a.events.length - shown.length + a.eventsLeftOut;
    out.push(c.dim(`${name}: ${shown.join(", ")}${more > 0 ? `, and ${num(more, 0)} more` : ""}`));
  }
  out.push("");
  return out;
}

/** Instance-hours and their cost, and the time each objective was breached. */
export function costAndBreaches(report: Report, c: ChalkInstance): string[] {
  const out: string[] = [];
  const cost = report.cost;
  if (cost) {
    const money =
      cost.total === null
        ? "cost: give every service a cost to total it"
        : `cost ${num(cost.total, 2)} (${num(cost.perHour ?? 0, 2)} per hour)`;
    out.push(`${num(cost.instanceHours, 2)} instance-hours over the measured period · ${money}`);
  }
  const b = report.breaches;
  if (b) {
    const parts: string[] = [];
    for (const [scope, byName] of [
      ["", b.flows],
      ["service ", b.services],
    ] as const) {
      for (const [name, metrics] of Object.entries(byName))
        for (const [metric, seconds] of Object.entries(metrics))
          parts.push(`${scope}${name} ${metric} ${seconds > 0 ? c.red(dur(seconds)) : "0"}`);
    }
    if (parts.length > 0)
      out.push(`SLO breached (timeline windows, of ${dur(report.duration)}): ${parts.join(" · ")}`);
  }
  if (out.length > 0) out.push("");
  return out;
}
