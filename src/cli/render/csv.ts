import type { Comparison, Difference, Report, SloCheck, SweepResult } from "../../index.js";

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  const field = (v: Cell) => {
    const s =
      v === null || v === undefined ? "" : typeof v === "number" ? numberText(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(field).join(",")).join("\n")}\n`;
}

function numberText(x: number): string {
  return Number.isFinite(x) ? String(x) : "";
}

/**
 * A report as tidy CSV, one figure a row: `section,name,metric,value`, with the analytic
 * prediction as `analytic.<metric>` rows. Times in seconds, rates per second.
 */
export function reportCsv(report: Report): string {
  const rows: Cell[][] = [["section", "name", "metric", "value"]];
  const flat = (section: string, name: string, obj: object, prefix = "") => {
    for (const [k, v] of Object.entries(obj)) {
      if (k === "ci" || k === "instances") continue;
      if (typeof v === "number" || v === null) rows.push([section, name, `${prefix}${k}`, v]);
      else if (v && typeof v === "object" && !Array.isArray(v))
        flat(section, name, v, `${prefix}${k}.`);
    }
  };
  for (const [name, s] of Object.entries(report.services)) {
    flat("service", name, s);
    const a = report.analytic.services[name];
    if (a) flat("service", name, a, "analytic.");
  }
  if (report.gateway) flat("gateway", "gateway", report.gateway);
  for (const [name, f] of Object.entries(report.flows)) {
    flat("flow", name, f);
    const a = report.analytic.flows[name];
    if (a) flat("flow", name, a, "analytic.");
  }
  flat("totals", "totals", report.totals);
  for (const [key, e] of Object.entries(report.calls)) flat("call", key, e);
  for (const [name, k] of Object.entries(report.caches ?? {})) {
    flat("cache", name, k);
    const a = report.analytic.caches?.[name];
    if (a) flat("cache", name, a, "analytic.");
  }
  for (const [key, p] of Object.entries(report.pools ?? {})) {
    flat("pool", key, p);
    const a = report.analytic.pools?.[key];
    if (a) flat("pool", key, a, "analytic.");
  }
  for (const [key, n] of Object.entries(report.network ?? {})) flat("network", key, n);
  for (const [topic, t] of Object.entries(report.topics ?? {})) {
    for (const [group, g] of Object.entries(t.groups)) {
      flat("consumer", `${topic}/${group}`, g);
      const a = report.analytic.topics?.[topic]?.groups[group];
      if (a) flat("consumer", `${topic}/${group}`, a, "analytic.");
    }
  }
  for (const f of report.faults) flat("fault", f.description, f);
  return toCsv(rows);
}

export function sloCsv(checks: readonly SloCheck[]): string {
  return toCsv([
    ["scope", "name", "metric", "bound", "objective", "actual", "ok", "confident", "samples"],
    ...checks.map((c) => [
      c.scope,
      c.name,
      c.metric,
      c.bound,
      c.objective,
      c.actual,
      c.ok,
      c.confident,
      c.samples,
    ]),
  ]);
}

/** A comparison as CSV: one figure a row, base, variant, difference and its interval. */
export function comparisonCsv(c: Comparison): string {
  const rows: Cell[][] = [["figure", "base", "variant", "difference", "low", "high"]];
  for (const [scope, entries] of [
    ["flow", c.flows],
    ["service", c.services],
  ] as const) {
    for (const [name, figures] of Object.entries(entries)) {
      for (const [metric, d] of Object.entries(figures as Record<string, Difference>)) {
        rows.push([`${scope} ${name} ${metric}`, d.base, d.variant, d.diff, d.ci.low, d.ci.high]);
      }
    }
  }
  for (const [name, d] of Object.entries(c.instances ?? {}))
    rows.push([`service ${name} instances`, d.base, d.variant, d.diff, d.ci.low, d.ci.high]);
  const extra: [string, Difference | null | undefined][] = [
    ["instanceHours", c.cost?.instanceHours],
    ["cost", c.cost?.total],
    ...Object.entries(c.breaches ?? {}).map(([k, d]): [string, Difference] => [`breached ${k}`, d]),
  ];
  for (const [label, d] of extra)
    if (d) rows.push([label, d.base, d.variant, d.diff, d.ci.low, d.ci.high]);
  return toCsv(rows);
}

/** A sweep as CSV: one row a point, the axes first, then its key figures. */
export function sweepCsv(result: SweepResult): string {
  const first = result.points[0]?.report;
  const flows = first ? Object.keys(first.flows) : [];
  const services = first ? Object.keys(first.services) : [];
  const head: Cell[] = [
    ...result.axes.map((a) => a.path),
    "throughput",
    "successRate",
    "p99",
    ...flows.flatMap((f) => [`${f}.throughput`, `${f}.successRate`, `${f}.p99`]),
    ...services.map((s) => `${s}.utilization`),
    "busiest",
    "busiest.offeredUtilization",
    "sloOk",
  ];
  const rows: Cell[][] = [head];
  for (const p of result.points) {
    const r = p.report;
    rows.push([
      ...result.axes.map((a) => p.values[a.path]),
      r.totals.throughput,
      r.totals.successRate,
      r.totals.latency.p99,
      ...flows.flatMap((f) => [
        r.flows[f]!.throughput,
        r.flows[f]!.successRate,
        r.flows[f]!.latency.p99,
      ]),
      ...services.map((s) => r.services[s]!.utilization),
      p.busiest.service,
      p.busiest.utilization,
      p.slo.every((c) => c.ok),
    ]);
  }
  return toCsv(rows);
}
