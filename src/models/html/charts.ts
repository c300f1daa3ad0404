import type { Report } from "../report.js";
import { formatDuration } from "../scenario/units.js";
import type { ChartBand, ChartMark, ChartSpec } from "./page.js";

/**
 * The charts of a run's report, as data: the timeline per flow and per service, with faults
 * shaded and autoscaling decisions marked, and each flow's latency CDF with its percentiles
 * and the analytic prediction. Pure functions of the report, so tests check them against it.
 */

/** Services drawn in a timeline chart: the busiest, so a chart stays readable. */
export const TIMELINE_SERVICES = 10;

/** Fault windows as shaded bands on the timeline's clock. */
export function faultBands(report: Report): ChartBand[] {
  return report.faults.flatMap((f) =>
    f.window === null ? [] : [{ from: f.window.from, to: f.window.to, label: f.description }],
  );
}

/** Autoscaling decisions as vertical lines: `payment 2→4`. */
export function scalingMarks(report: Report): ChartMark[] {
  return Object.entries(report.autoscale ?? {}).flatMap(([name, a]) =>
    a.events.map((e) => ({
      axis: "x" as const,
      at: e.time,
      label: `${name} ${e.from}→${e.to}`,
      color: "#8250df",
    })),
  );
}

/** The services a timeline chart draws: the busiest by measured utilization, at most N. */
export function busiestServices(report: Report, n = TIMELINE_SERVICES): string[] {
  return Object.entries(report.services)
    .sort(([a, x], [b, y]) => y.utilization - x.utilization || (a < b ? -1 : 1))
    .slice(0, n)
    .map(([name]) => name);
}

export function timelineCharts(report: Report): ChartSpec[] {
  const windows = report.timeline.windows;
  if (windows.length === 0) return [];
  const x = windows.map((w) => w.time);
  // The flows the windows hold (past timeline.flows, not every one).
  const flows = Object.keys(report.flows).filter((name) => name in windows[0]!.flows);
  const services = busiestServices(report);
  const bands = faultBands(report);
  const marks = scalingMarks(report);
  const common = { xLabel: "time (measured)", xFormat: "duration" as const, x, bands, marks };
  const window = formatDuration(report.timeline.window);
  const perFlow = (get: (f: { throughput: number; p99: number; failures: number }) => number) =>
    flows.map((name) => ({
      label: name,
      values: windows.map((w) => (w.flows[name] ? get(w.flows[name]!) : null)),
    }));
  const perService = (get: (s: Report["timeline"]["windows"][0]["services"][string]) => number) =>
    services.map((name) => ({
      label: name,
      values: windows.map((w) => (w.services[name] ? get(w.services[name]!) : null)),
    }));
  const p99Marks = flows.flatMap((name) => {
    const p99 = report.analytic.flows[name]?.latency.p99;
    return p99 == null
      ? []
      : [{ axis: "y" as const, at: p99 * 1000, label: `${name} p99 (theory)` }];
  });
  const charts: ChartSpec[] = [
    {
      ...common,
      id: "timeline-flow-p99",
      title: `Flow p99 latency per ${window} window`,
      yLabel: "p99 (ms)",
      series: perFlow((f) => f.p99 * 1000),
      marks: [...marks, ...p99Marks],
    },
    {
      ...common,
      id: "timeline-flow-throughput",
      title: "Flow throughput (successful requests)",
      yLabel: "requests/s",
      yFromZero: true,
      series: perFlow((f) => f.throughput),
    },
    {
      ...common,
      id: "timeline-flow-failures",
      title: `Failed requests per ${window} window`,
      yLabel: "failures",
      yFromZero: true,
      series: perFlow((f) => f.failures),
    },
    {
      ...common,
      id: "timeline-service-utilization",
      title: `Service utilization${services.length < Object.keys(report.services).length ? ` (the ${services.length} busiest)` : ""}`,
      yLabel: "utilization (%)",
      yFromZero: true,
      series: perService((s) => s.utilization * 100),
    },
    {
      ...common,
      id: "timeline-service-p99",
      title: "Service p99 sojourn",
      yLabel: "p99 (ms)",
      series: perService((s) => s.p99 * 1000),
    },
    {
      ...common,
      id: "timeline-service-failures",
      title: `Service failures per ${window} window`,
      yLabel: "failures",
      yFromZero: true,
      series: perService((s) => s.failures),
    },
  ];
  const scaled = Object.keys(report.autoscale ?? {});
  if (scaled.length > 0) {
    charts.push({
      ...common,
      id: "timeline-instances",
      title: "Serving instances (autoscaled services)",
      yLabel: "instances",
      yFromZero: true,
      series: scaled.map((name) => ({
        label: name,
        values: windows.map((w) => w.services[name]?.instances ?? null),
      })),
    });
  }
  return charts;
}

/**
 * A flow's latency CDF from the report's `distributions`: x the latency (ms), y the share of
 * requests at most that slow, one point per level where the latency rises (a CDF's x must
 * increase); p50 and p99 marked, and the analytic mean and p99 where theory gives them.
 */
export function latencyCdf(report: Report, flow: string): ChartSpec | null {
  const values = report.distributions.flows[flow];
  if (!values || values.length === 0 || report.flows[flow]!.latency.samples === 0) return null;
  const levels = report.distributions.levels;
  const x: number[] = [];
  const y: number[] = [];
  values.forEach((v, i) => {
    const at = v * 1000;
    if (x.length > 0 && at <= x[x.length - 1]!) y[y.length - 1] = levels[i]! / 100;
    else {
      x.push(at);
      y.push(levels[i]! / 100);
    }
  });
  const latency = report.flows[flow]!.latency;
  const theory = report.analytic.flows[flow]?.latency;
  const marks: ChartMark[] = [
    { axis: "x", at: latency.p50 * 1000, label: "p50" },
    { axis: "x", at: latency.p99 * 1000, label: "p99" },
  ];
  if (theory?.p99 != null)
    marks.push({ axis: "x", at: theory.p99 * 1000, label: "p99 (theory)", color: "#1a7f37" });
  if (theory?.mean != null)
    marks.push({ axis: "x", at: theory.mean * 1000, label: "mean (theory)", color: "#1a7f37" });
  return {
    id: `cdf-${flow}`,
    title: `${flow}: latency CDF (${Math.round(latency.samples).toLocaleString("en-US")} requests)`,
    xLabel: "latency (ms)",
    yLabel: "share of requests",
    xFormat: "number",
    yFromZero: true,
    x,
    series: [{ label: flow, values: y }],
    marks,
  };
}

export function latencyCharts(report: Report): ChartSpec[] {
  return Object.keys(report.flows).flatMap((f) => latencyCdf(report, f) ?? []);
}
