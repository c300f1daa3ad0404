import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import {
  type Comparison,
  type Difference,
  formatDuration,
  type PlanResult,
  type Report,
  type SaturationResult,
  type Scenario,
  type SloCheck,
  type SweepResult,
  type UslFit,
} from "../index.js";

/** A table without a rule between every row, headed `head`, its columns aligned by `aligns`. */
function compactTable(head: string[], aligns: Table.HorizontalAlignment[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    colAligns: aligns,
  });
}

/** Milliseconds with sensible precision; "∞" where theory has no finite value. */
function ms(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "∞";
  const m = seconds * 1000;
  return m >= 100 ? m.toFixed(0) : m >= 10 ? m.toFixed(1) : m.toFixed(2);
}

function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x)
    ? "–"
    : `${(x * 100).toFixed(digits)}%`;
}

function num(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "–";
  const text = x.toLocaleString("en", { maximumFractionDigits: digits });
  // -0, or a tiny negative rounding error, is no figure to show as "-0".
  return text === "-0" ? "0" : text;
}

/** The report as tables a person reads at a glance: simulated figures with theory beside them. */
export function renderReport(report: Report, scenario: Scenario, c: ChalkInstance): string {
  const out: string[] = [];
  const reps = report.replications > 1 ? `, ${report.replications} replications` : "";
  out.push(
    c.bold(report.scenario),
    c.dim(
      `seed ${report.seed}${reps} · ${formatDuration(report.duration)} measured after ${formatDuration(report.warmup)} warm-up · ${num(report.events, 0)} events · ${report.wallSeconds.toFixed(2)} s wall`,
    ),
    "",
  );

  const services = compactTable(
    [
      "service",
      "inst×c",
      "util (theory)",
      "thru/s",
      "p50 ms",
      "p95 ms",
      "p99 ms (theory)",
      "failed",
      "rejected",
      "E",
      "L vs λW",
    ],
    [
      "left",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
    ],
  );
  const rows: [
    string,
    Report["services"][string],
    Report["analytic"]["services"][string] | null,
  ][] = Object.entries(report.services).map(([n, s]) => [
    n,
    s,
    report.analytic.services[n] ?? null,
  ]);
  if (report.gateway) rows.unshift(["gateway", report.gateway, report.analytic.gateway]);
  for (const [name, s, a] of rows) {
    const config = name === "gateway" ? scenario.gateway : scenario.services[name];
    const unstable = a?.unstable ?? false;
    const util = `${pct(s.utilization)} (${a ? pct(a.utilization) : "–"})`;
    services.push([
      unstable ? c.red(name) : name,
      `${s.instances.length}×${config?.concurrency ?? "?"}`,
      unstable || s.utilization > 0.9 ? c.red(util) : s.utilization > 0.7 ? c.yellow(util) : util,
      num(s.throughput),
      ms(s.latency.p50),
      ms(s.latency.p95),
      `${ms(s.latency.p99)} (${a?.p99 != null ? ms(a.p99) : a?.W != null ? `W ${ms(a.W)}` : unstable ? "∞" : "–"})`,
      s.failed > 0 ? c.yellow(num(s.failed, 0)) : "0",
      s.rejected > 0 ? c.red(num(s.rejected, 0)) : "0",
      s.efficiency === null ? "–" : s.efficiency.toFixed(3),
      `${num(s.littlesLaw.L, 2)} vs ${num(s.littlesLaw.lambda * s.littlesLaw.W, 2)}`,
    ]);
  }
  out.push(services.toString(), "");

  const flows = compactTable(
    [
      "flow",
      "thru/s",
      "success (theory)",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "mean ms (theory)",
      "failed by (service: reason)",
    ],
    ["left", "right", "right", "right", "right", "right", "right", "left"],
  );
  for (const [name, f] of Object.entries(report.flows)) {
    const a = report.analytic.flows[name];
    flows.push([
      name,
      num(f.throughput),
      `${pct(f.successRate, 2)} (${a ? pct(a.successRate, 2) : "–"})`,
      ms(f.latency.p50),
      ms(f.latency.p95),
      ms(f.latency.p99),
      `${ms(f.latency.mean)} (${a ? ms(a.latency.mean) : "–"})`,
      Object.entries(f.failureReasons)
        .map(([k, v]) => `${k} ${num(v, 0)}`)
        .join(", ") || "–",
    ]);
  }
  const t = report.totals;
  flows.push([
    c.bold("total"),
    c.bold(num(t.throughput)),
    c.bold(`${pct(t.successRate, 2)} (${pct(report.analytic.totals.successRate, 2)})`),
    ms(t.latency.p50),
    ms(t.latency.p95),
    ms(t.latency.p99),
    `${ms(t.latency.mean)} (${ms(report.analytic.totals.latency.mean)})`,
    "",
  ]);
  out.push(flows.toString(), "");
  out.push(...resilience(report, c));
  out.push(
    c.dim(
      "E = 1 - (max - min) / mean over per-instance requests · L = λW (Little's Law) · success = Π Ri (series reliability) · theory: " +
        [...new Set(Object.values(report.analytic.services).map((s) => s.model))].join(", "),
    ),
  );
  for (const note of report.analytic.notes) out.push(c.dim(`note: ${note}`));
  for (const w of report.warnings) out.push(c.red(`warning: ${w}`));
  return `${out.join("\n")}\n`;
}

/** The gateway's admission, the call policies' work and what each fault cost, where present. */
function resilience(report: Report, c: ChalkInstance): string[] {
  const out: string[] = [];
  const g = report.gateway;
  if (g && (g.rateLimited > 0 || g.unauthenticated > 0)) {
    out.push(
      `gateway: ${c.red(num(g.rateLimited, 0))} rate limited (429), ${c.red(num(g.unauthenticated, 0))} unauthenticated (401) of ${num(g.arrivals, 0)} requests`,
      "",
    );
  }
  const edges = Object.entries(report.calls);
  if (edges.length > 0) {
    const table = compactTable(
      [
        "call",
        "calls",
        "attempts",
        "retries",
        "timed out",
        "short-circuited",
        "breaker opens",
        "failed",
      ],
      ["left", "right", "right", "right", "right", "right", "right", "right"],
    );
    for (const [key, e] of edges) {
      const n = (x: number) => (x > 0 ? c.yellow(num(x, 0)) : "0");
      table.push([
        key,
        num(e.calls, 0),
        num(e.attempts, 0),
        n(e.retries),
        n(e.timedOut),
        n(e.shortCircuited),
        n(e.circuitOpens),
        e.failed > 0 ? c.red(num(e.failed, 0)) : "0",
      ]);
    }
    out.push(table.toString(), "");
  }
  if (report.faults.length > 0) {
    const table = compactTable(
      ["fault", "crashes", "calls slowed", "calls failed", "cost (requests failed)"],
      ["left", "right", "right", "right", "right"],
    );
    for (const f of report.faults) {
      table.push([
        f.description,
        num(f.crashes, 0),
        num(f.callsSlowed, 0),
        num(f.callsFailed, 0),
        f.requestsFailed > 0 ? c.red(num(f.requestsFailed, 0)) : "0",
      ]);
    }
    out.push(table.toString(), "");
  }
  return out;
}

/** A difference with its interval: "-42 ms (-47..-37)", marked * when the interval excludes 0. */
function signed(d: Difference, unit: "ms" | "%" | "/s" | "n"): string {
  const scale = unit === "ms" ? 1000 : unit === "%" ? 100 : 1;
  const digits = unit === "n" ? 0 : 2;
  const f = (x: number) => `${x >= 0 ? "+" : ""}${(x * scale).toFixed(digits)}`;
  const significant = d.ci.low > 0 || d.ci.high < 0;
  const suffix = unit === "ms" ? " ms" : unit === "%" ? " pp" : unit === "/s" ? "/s" : "";
  return `${f(d.diff)}${suffix} (${f(d.ci.low)}..${f(d.ci.high)})${significant ? " *" : ""}`;
}

/** A comparison as a table: base, variant, and the paired difference with its 95% interval. */
export function renderComparison(c: Comparison): string {
  const table = compactTable(
    ["figure", "base", "variant", "difference (95% interval)"],
    ["left", "right", "right", "right"],
  );
  const row = (label: string, d: Difference, unit: "ms" | "%" | "/s" | "n") => {
    const show = (x: number) =>
      unit === "ms" ? ms(x) : unit === "%" ? pct(x, 2) : unit === "/s" ? num(x) : num(x, 0);
    table.push([label, show(d.base), show(d.variant), signed(d, unit)]);
  };
  for (const [name, f] of Object.entries(c.flows)) {
    row(`${name} p99 ms`, f.p99, "ms");
    row(`${name} mean ms`, f.mean, "ms");
    row(`${name} success`, f.successRate, "%");
    row(`${name} thru/s`, f.throughput, "/s");
  }
  for (const [name, s] of Object.entries(c.services)) {
    row(`${name} utilization`, s.utilization, "%");
    row(`${name} p99 ms`, s.p99, "ms");
  }
  return `${c.variant}\nvs ${c.base}, ${c.replications} paired replications on common random numbers (seed ${c.seed}); * = the interval excludes 0\n${table.toString()}\n`;
}

function objectiveText(c: SloCheck, value: number): string {
  if (c.metric === "successRate" || c.metric === "maxUtilization") return pct(value, 2);
  if (c.metric === "throughput") return `${num(value)}/s`;
  return `${ms(value)} ms`;
}

/** The objectives checked: each with its figure, and whether it holds. */
export function renderSlo(checks: readonly SloCheck[], c: ChalkInstance): string {
  const table = compactTable(
    ["objective", "target", "actual", "samples", "verdict"],
    ["left", "right", "right", "right", "left"],
  );
  for (const k of checks) {
    const verdict = !k.ok
      ? c.red("BREACHED")
      : k.thin
        ? c.yellow("met, but too few samples to trust")
        : k.confident === false
          ? c.yellow("met, not with 95% confidence")
          : c.green("met");
    table.push([
      `${k.name} ${k.metric}`,
      `${k.bound === "max" ? "<=" : ">="} ${objectiveText(k, k.objective)}`,
      objectiveText(k, k.actual),
      k.samples === null ? "" : num(k.samples, 0),
      verdict,
    ]);
  }
  return `${table.toString()}\n${sloVerdict(checks, c)}\n`;
}

/** One line: every objective met, or how many are breached. */
export function sloVerdict(checks: readonly SloCheck[], c: ChalkInstance): string {
  const broken = checks.filter((k) => !k.ok).length;
  return broken === 0
    ? c.green(`all ${checks.length} objectives met`)
    : c.red(`${broken} of ${checks.length} objectives breached`);
}

/** A sweep as a table: a row a point, the knee and the first breach marked. */
export function renderSweep(result: SweepResult, c: ChalkInstance): string {
  const first = result.points[0]?.report;
  const flows = first ? Object.keys(first.flows) : [];
  const table = compactTable(
    [
      ...result.axes.map((a) => a.path),
      "thru/s",
      "success",
      ...flows.map((f) => `${f} p99 ms`),
      "busiest (offered util)",
      "",
    ],
    [
      ...result.axes.map(() => "right" as const),
      "right",
      "right",
      ...flows.map(() => "right" as const),
      "left",
      "left",
    ],
  );
  result.points.forEach((p, i) => {
    const r = p.report;
    const broken = new Set(p.slo.filter((k) => !k.ok && k.scope === "flow").map((k) => k.name));
    const marks: string[] = [];
    if (result.knee?.point === i) marks.push(c.red(`<- knee: ${result.knee.service} saturates`));
    if (result.breach?.point === i)
      marks.push(c.red(`<- SLO breaks: ${result.breach.objectives.join(", ")}`));
    const util = `${p.busiest.service} ${pct(p.busiest.utilization)}`;
    table.push([
      ...result.axes.map((a) => String(p.values[a.path])),
      num(r.totals.throughput),
      pct(r.totals.successRate, 2),
      ...flows.map((f) => {
        const text = ms(r.flows[f]!.latency.p99);
        return broken.has(f) ? c.red(text) : text;
      }),
      p.busiest.utilization >= 1
        ? c.red(util)
        : p.busiest.utilization > 0.8
          ? c.yellow(util)
          : util,
      marks.join(" "),
    ]);
  });
  const lines = [
    c.bold(result.scenario),
    c.dim(
      `seed ${result.seed}, ${result.replications} replication${result.replications === 1 ? "" : "s"} per point, the same random numbers at every point`,
    ),
    table.toString(),
  ];
  if (result.knee === null) lines.push(c.dim("no service reaches utilization 1 in this range"));
  if (result.breach === null && result.points.some((p) => p.slo.length > 0))
    lines.push(c.green("every objective holds across the range"));
  return `${lines.join("\n")}\n`;
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
      `${p.simulations} simulations of ${p.report.replications} replications × ${formatDuration(p.duration)} on common random numbers · ${seconds.toFixed(1)} s`,
    ),
  ];
  if (!p.feasible) out.push(c.red(`infeasible: ${p.reason}`));
  const table = compactTable(
    ["service", "now", "plan", "cost/h", "utilization (95% CI)", "p99 ms", "binding"],
    ["left", "right", "right", "right", "right", "right", "left"],
  );
  for (const [name, count] of Object.entries(p.instances)) {
    const s = p.report.services[name]!;
    const before = scenario.services[name]!.instances;
    const ci = s.ci?.utilization;
    const cost = scenario.services[name]!.cost;
    table.push([
      name,
      String(before),
      count > before ? c.yellow(String(count)) : String(count),
      cost === null ? "–" : (cost * count).toFixed(2),
      `${pct(s.utilization)}${ci ? ` (${pct(ci.low)}..${pct(ci.high)})` : ""}`,
      ms(s.latency.p99),
      p.binding[name] ?? "–",
    ]);
  }
  out.push(table.toString());
  if (p.cost !== null) out.push(`total cost: ${p.cost.toFixed(2)} per hour`);
  out.push("", renderSlo(p.slo, c).trimEnd());
  if (p.headroom !== null)
    out.push(
      `headroom: the plan holds about ${(p.headroom * 100).toFixed(0)}% more load before an objective breaks`,
    );
  return `${out.join("\n")}\n`;
}

/** The search for the knee: each load tried, the last that held and the first that broke. */
export function renderSaturation(r: SaturationResult, c: ChalkInstance): string {
  const flows = Object.keys(r.points[0]?.p99 ?? {});
  const table = compactTable(
    [
      "load",
      "rate/s",
      "thru/s",
      "success",
      ...flows.map((f) => `${f} p99 ms`),
      "busiest (offered util)",
      "breached",
    ],
    ["right", "right", "right", "right", ...flows.map(() => "right" as const), "left", "left"],
  );
  for (const p of r.points) {
    table.push([
      `${num(p.scale, 3)}x`,
      p.rate === null ? "–" : num(p.rate),
      num(p.throughput),
      pct(p.successRate, 2),
      ...flows.map((f) => ms(p.p99[f])),
      `${p.busiest.service} ${pct(p.busiest.utilization)}`,
      p.broken.length > 0 ? c.red(p.broken.join(", ")) : c.green("–"),
    ]);
  }
  const at = (p: { scale: number; rate: number | null }) =>
    p.rate === null
      ? `${num(p.scale, 3)}x the load`
      : `${num(p.rate)} requests/s (${num(p.scale, 3)}x)`;
  const verdict =
    r.breach === null
      ? c.green(`no objective breaks up to ${at(r.holds)}`)
      : c.red(
          `knee: holds at ${at(r.holds)}; breaks at ${at(r.breach)}: ${r.breach.broken.join(", ")}, broken by ${r.breach.service}`,
        );
  return `${c.bold(r.scenario)}\n${c.dim(`${r.simulations} loads tried, ${r.replications} replication${r.replications === 1 ? "" : "s"} each, on the same seeds`)}\n${table.toString()}\n${verdict}\n`;
}

/** A USL fit in words, with its formula. */
export function renderUsl(axis: string, f: UslFit): string {
  const peak =
    f.peak === null
      ? `no peak: throughput levels off towards ${Number.isFinite(f.maxThroughput) ? `${num(f.maxThroughput)}/s` : "no limit"}`
      : `peak at ${axis} = ${num(f.peak, 1)}, ${num(f.maxThroughput)}/s`;
  return `USL fit over ${axis}: X(N) = λN / (1 + σ(N-1) + κN(N-1)), λ = ${num(f.lambda, 2)}/s, σ = ${f.sigma.toPrecision(3)}, κ = ${f.kappa.toPrecision(3)}, R² = ${f.rSquared.toFixed(4)}; ${peak}\n`;
}
