import type { ChalkInstance } from "chalk";
import {
  type AnalyticService,
  type EdgeReport,
  type FaultReport,
  type FlowReport,
  formatDuration,
  type PrecisionResult,
  type Report,
  type Scenario,
  type ServiceReport,
} from "../../index.js";
import { GATEWAY } from "../../models/scenario/callTree.js";
import { dataTier, messaging } from "./parts.js";
import { costAndBreaches, scaling } from "./scaling.js";
import { sparkline } from "./sparkline.js";
import { type Column, dur, num, pct, table } from "./table.js";

/** A station's row: its figures, the theory beside them, and its workers per instance. */
interface StationRow {
  name: string;
  s: ServiceReport;
  a: AnalyticService | null;
  concurrency: number;
  /** Its timeline: p99 and utilization per window (empty without one). */
  p99s: number[];
  utilizations: number[];
}

function stationColumns(c: ChalkInstance, timeline: boolean): Column<StationRow>[] {
  const unstable = (r: StationRow) => r.a?.unstable ?? false;
  return [
    { head: "service", align: "left", cell: (r) => (unstable(r) ? c.red(r.name) : r.name) },
    { head: "inst×c", cell: (r) => `${r.s.instances.length}×${r.concurrency}` },
    {
      head: "util (theory)",
      cell: (r) => {
        const u = r.s.utilization;
        const util = `${pct(u)} (${r.a ? pct(r.a.utilization) : "–"})`;
        return unstable(r) || u > 0.9 ? c.red(util) : u > 0.7 ? c.yellow(util) : util;
      },
    },
    { head: "thru/s", cell: (r) => num(r.s.throughput) },
    { head: "p50", cell: (r) => dur(r.s.latency.p50) },
    { head: "p95", cell: (r) => dur(r.s.latency.p95) },
    {
      head: "p99 (theory)",
      cell: ({ s, a }) =>
        `${dur(s.latency.p99)} (${a?.p99 != null ? dur(a.p99) : a?.W != null ? `W ${dur(a.W)}` : a?.unstable ? "∞" : "–"})`,
    },
    { head: "failed", cell: (r) => (r.s.failed > 0 ? c.yellow(num(r.s.failed, 0)) : "0") },
    { head: "rejected", cell: (r) => (r.s.rejected > 0 ? c.red(num(r.s.rejected, 0)) : "0") },
    { head: "E", cell: (r) => (r.s.efficiency === null ? "–" : r.s.efficiency.toFixed(3)) },
    {
      head: "L vs λW",
      cell: ({ s }) =>
        `${num(s.littlesLaw.L, 2)} vs ${num(s.littlesLaw.lambda * s.littlesLaw.W, 2)}`,
    },
    ...(timeline
      ? ([
          // Utilization on a fixed 0..100% scale, so rows compare; p99 on its own row's.
          {
            head: "util over time",
            align: "left",
            cell: (r) => sparkline(r.utilizations, undefined, 1),
          },
          { head: "p99 over time", align: "left", cell: (r) => sparkline(r.p99s) },
        ] satisfies Column<StationRow>[])
      : []),
  ];
}

interface FlowRow {
  name: string;
  f: FlowReport;
  a: Report["analytic"]["flows"][string] | undefined;
  p99s: number[];
}

/** A flow's unfinished share is shown once it passes this (a stable run ends on a few). */
const SHOW_UNFINISHED = 0.005;

const flowColumns = (unfinished: boolean, timeline: boolean): Column<FlowRow>[] => [
  { head: "flow", align: "left", cell: (r) => r.name },
  { head: "thru/s", cell: (r) => num(r.f.throughput) },
  {
    head: "success (theory)",
    cell: (r) => `${pct(r.f.successRate, 2)} (${r.a ? pct(r.a.successRate, 2) : "–"})`,
  },
  ...(unfinished
    ? [{ head: "unfinished", cell: (r: FlowRow) => pct(r.f.unfinishedShare, 1) }]
    : []),
  { head: "p50", cell: (r) => dur(r.f.latency.p50) },
  { head: "p95", cell: (r) => dur(r.f.latency.p95) },
  {
    head: "p99 (theory)",
    cell: (r) => {
      const theory = r.a?.latency.p99 ?? null;
      return theory === null ? dur(r.f.latency.p99) : `${dur(r.f.latency.p99)} (${dur(theory)})`;
    },
  },
  {
    head: "mean (theory)",
    cell: (r) => `${dur(r.f.latency.mean)} (${r.a ? dur(r.a.latency.mean) : "–"})`,
  },
  {
    head: "failed by (service: reason)",
    align: "left",
    cell: (r) =>
      Object.entries(r.f.failureReasons)
        .map(([k, v]) => `${k} ${num(v, 0)}`)
        .join(", ") || "–",
  },
  ...(timeline
    ? [
        {
          head: "p99 over time",
          align: "left",
          cell: (r) => sparkline(r.p99s),
        } satisfies Column<FlowRow>,
      ]
    : []),
];

function edgeColumns(c: ChalkInstance): Column<[string, EdgeReport]>[] {
  const n = (x: number) => (x > 0 ? c.yellow(num(x, 0)) : "0");
  return [
    { head: "call", align: "left", cell: ([key]) => key },
    { head: "calls", cell: ([, e]) => num(e.calls, 0) },
    { head: "attempts", cell: ([, e]) => num(e.attempts, 0) },
    { head: "retries", cell: ([, e]) => n(e.retries) },
    { head: "timed out", cell: ([, e]) => n(e.timedOut) },
    { head: "short-circuited", cell: ([, e]) => n(e.shortCircuited) },
    { head: "breaker opens", cell: ([, e]) => n(e.circuitOpens) },
    { head: "failed", cell: ([, e]) => (e.failed > 0 ? c.red(num(e.failed, 0)) : "0") },
  ];
}

function faultColumns(c: ChalkInstance): Column<FaultReport>[] {
  return [
    { head: "fault", align: "left", cell: (f) => f.description },
    { head: "crashes", cell: (f) => num(f.crashes, 0) },
    { head: "calls slowed", cell: (f) => num(f.callsSlowed, 0) },
    { head: "calls failed", cell: (f) => num(f.callsFailed, 0) },
    {
      head: "cost (requests failed)",
      cell: (f) => (f.requestsFailed > 0 ? c.red(num(f.requestsFailed, 0)) : "0"),
    },
  ];
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
  );
  if (report.precision) out.push(precisionLine(report.precision, c));
  out.push("");
  const windows = report.timeline.windows;
  const timeline = windows.length > 1;
  const series = (name: string, key: "p99" | "utilization") =>
    windows.map((w) => w.services[name]?.[key] ?? Number.NaN);
  const stations: StationRow[] = Object.entries(report.services).map(([name, s]) => ({
    name,
    s,
    a: report.analytic.services[name] ?? null,
    concurrency: scenario.services[name]!.concurrency,
    p99s: series(name, "p99"),
    utilizations: series(name, "utilization"),
  }));
  if (report.gateway && scenario.gateway) {
    stations.unshift({
      name: GATEWAY,
      s: report.gateway,
      a: report.analytic.gateway,
      concurrency: scenario.gateway.concurrency,
      p99s: [],
      utilizations: [],
    });
  }
  out.push(table(stationColumns(c, timeline), stations), "");

  const flows = Object.entries(report.flows).map(([name, f]) => ({
    name,
    f,
    a: report.analytic.flows[name],
    p99s: windows.map((w) => w.flows[name]?.p99 ?? Number.NaN),
  }));
  const t = report.totals;
  const unfinished = Object.values(report.flows).some((f) => f.unfinishedShare >= SHOW_UNFINISHED);
  const total = [
    c.bold("total"),
    c.bold(num(t.throughput)),
    c.bold(`${pct(t.successRate, 2)} (${pct(report.analytic.totals.successRate, 2)})`),
    ...(unfinished ? [c.bold(pct(t.unfinishedShare, 1))] : []),
    dur(t.latency.p50),
    dur(t.latency.p95),
    dur(t.latency.p99),
    `${dur(t.latency.mean)} (${dur(report.analytic.totals.latency.mean)})`,
    "",
    ...(timeline ? [""] : []),
  ];
  out.push(table(flowColumns(unfinished, timeline), flows, [total]), "");
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

/** How a run that stopped when precise got there. */
export function precisionLine(p: PrecisionResult, c: ChalkInstance): string {
  const target = `±${pct(p.target, 1)}`;
  if (!p.reached)
    return c.yellow(
      `precision ${target} not reached in ${p.replications} replications: ${p.decidedBy} is still ±${pct(p.widest, 1)}`,
    );
  return c.dim(
    `precise to ${target} (95%) after ${p.replications} replications${p.decidedBy ? `, decided by ${p.decidedBy}` : ""}`,
  );
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
  if (edges.length > 0) out.push(table(edgeColumns(c), edges), "");
  out.push(...messaging(report, c));
  out.push(...dataTier(report, c));
  out.push(...scaling(report, c));
  out.push(...costAndBreaches(report, c));
  if (report.faults.length > 0) out.push(table(faultColumns(c), report.faults), "");
  return out;
}
