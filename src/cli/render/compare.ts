import type { Comparison, Difference } from "../../index.js";
import { type Column, dur, num, pct, table } from "./table.js";

/** ms: a latency; %: a share; /s: a rate; n: a count; t: a span of time; x: a figure. */
type Unit = "ms" | "%" | "/s" | "n" | "t" | "x";

/** A difference with its interval: "-42 ms (-47..-37)", marked * when the interval excludes 0. */
function signed(d: Difference, unit: Unit): string {
  const significant0 = d.ci.low > 0 || d.ci.high < 0;
  // A latency difference of seconds reads as a span of time, not as thousands of ms.
  if (unit === "t" || (unit === "ms" && Math.max(Math.abs(d.ci.low), Math.abs(d.ci.high)) >= 1)) {
    const t = (x: number) => `${x >= 0 ? "+" : "-"}${dur(Math.abs(x))}`;
    return `${t(d.diff)} (${t(d.ci.low)}..${t(d.ci.high)})${significant0 ? " *" : ""}`;
  }
  const scale = unit === "ms" ? 1000 : unit === "%" ? 100 : 1;
  const digits = unit === "n" ? 0 : 2;
  const f = (x: number) => `${x >= 0 ? "+" : ""}${(x * scale).toFixed(digits)}`;
  const significant = d.ci.low > 0 || d.ci.high < 0;
  const suffix = unit === "ms" ? " ms" : unit === "%" ? " pp" : unit === "/s" ? "/s" : "";
  return `${f(d.diff)}${suffix} (${f(d.ci.low)}..${f(d.ci.high)})${significant ? " *" : ""}`;
}

function figure(x: number, unit: Unit): string {
  if (unit === "ms" || unit === "t") return dur(x);
  if (unit === "x") return num(x, 2);
  return unit === "%" ? pct(x, 2) : unit === "/s" ? num(x) : num(x, 0);
}

interface Row {
  label: string;
  d: Difference;
  unit: Unit;
}

const columns: Column<Row>[] = [
  { head: "figure", align: "left", cell: (r) => r.label },
  { head: "base", cell: (r) => figure(r.d.base, r.unit) },
  { head: "variant", cell: (r) => figure(r.d.variant, r.unit) },
  { head: "difference (95% interval)", cell: (r) => signed(r.d, r.unit) },
];

/** A comparison as a table: base, variant, and the paired difference with its 95% interval. */
export function renderComparison(c: Comparison): string {
  const rows: Row[] = [];
  for (const [name, f] of Object.entries(c.flows)) {
    rows.push(
      { label: `${name} p99`, d: f.p99, unit: "ms" },
      { label: `${name} mean`, d: f.mean, unit: "ms" },
      { label: `${name} success`, d: f.successRate, unit: "%" },
      { label: `${name} thru/s`, d: f.throughput, unit: "/s" },
    );
  }
  for (const [name, s] of Object.entries(c.services)) {
    rows.push(
      { label: `${name} utilization`, d: s.utilization, unit: "%" },
      { label: `${name} p99`, d: s.p99, unit: "ms" },
    );
  }
  for (const [name, d] of Object.entries(c.instances ?? {}))
    rows.push({ label: `${name} instances (mean)`, d, unit: "x" });
  if (c.cost) {
    rows.push({ label: "instance-hours", d: c.cost.instanceHours, unit: "x" });
    if (c.cost.total) rows.push({ label: "cost", d: c.cost.total, unit: "x" });
  }
  for (const [label, d] of Object.entries(c.breaches ?? {}))
    rows.push({ label: `${label} breached`, d, unit: "t" });
  const precise = c.precision
    ? c.precision.reached
      ? `; precise to ±${pct(c.precision.target, 1)} of the base${c.precision.decidedBy ? `, decided by ${c.precision.decidedBy}` : ""}`
      : `; precision ±${pct(c.precision.target, 1)} not reached: ${c.precision.decidedBy} is still ±${pct(c.precision.widest, 1)}`
    : "";
  return `${c.variant}\nvs ${c.base}, ${c.replications} paired replications on common random numbers (seed ${c.seed})${precise}; * = the interval excludes 0\n${table(columns, rows)}\n`;
}
