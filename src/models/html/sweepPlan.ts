import type { PlanResult } from "../run/plan.js";
import type { SweepResult } from "../run/sweep.js";
import { esc } from "./format.js";
import type { ChartMark, ChartSpec } from "./page.js";

const LATENCY_METRICS = new Set(["mean", "p50", "p90", "p95", "p99", "p999"]);

/**
 * A sweep's curves: x the points in order (labelled by their values), flow p99 measured and
 * predicted, throughput, and utilization; the latency objectives as horizontal lines, the
 * knee and the first breach as vertical ones.
 */
export function sweepCharts(result: SweepResult): ChartSpec[] {
  const points = result.points;
  if (points.length === 0) return [];
  const x = points.map((_, i) => i);
  const xLabels = points.map((p) => result.axes.map((a) => String(p.values[a.path])).join(", "));
  const at = (index: number) => points.findIndex((p) => p.index === index);
  const marks: ChartMark[] = [];
  if (result.knee && at(result.knee.point) >= 0)
    marks.push({
      axis: "x",
      at: at(result.knee.point),
      label: `knee (${result.knee.service})`,
      color: "#bf8700",
    });
  if (result.breach && at(result.breach.point) >= 0)
    marks.push({ axis: "x", at: at(result.breach.point), label: "first breach", color: "#cf222e" });
  const flows = Object.keys(points[0]!.report.flows);
  const sloLines: ChartMark[] = points[0]!.slo
    .filter((c) => c.scope === "flow" && LATENCY_METRICS.has(c.metric))
    .map((c) => ({
      axis: "y",
      at: c.objective * 1000,
      label: `${c.name} ${c.metric} objective`,
      color: "#cf222e",
    }));
  const common = {
    xLabel: result.axes.map((a) => a.path).join(", "),
    xFormat: "labels" as const,
    xLabels,
    x,
  };
  const predicted = flows.filter((f) =>
    points.some((p) => p.report.analytic.flows[f]?.latency.p99 != null),
  );
  const busiestAtEnd = Object.entries(points[points.length - 1]!.report.services)
    .sort(([, a], [, b]) => b.utilization - a.utilization)
    .slice(0, 6)
    .map(([n]) => n);
  return [
    {
      ...common,
      id: "sweep-p99",
      title: "Flow p99 latency (log scale)",
      yLabel: "p99 (ms)",
      yLog: true,
      series: [
        ...flows.map((f) => ({
          label: f,
          values: points.map((p) => p.report.flows[f]!.latency.p99 * 1000),
          points: true,
        })),
        ...predicted.map((f) => ({
          label: `${f} (theory)`,
          values: points.map((p) => {
            const v = p.report.analytic.flows[f]?.latency.p99;
            return v == null ? null : v * 1000;
          }),
          dash: true,
        })),
      ],
      marks: [...marks, ...sloLines],
    },
    {
      ...common,
      id: "sweep-throughput",
      title: "Throughput and success",
      yLabel: "requests/s",
      yFromZero: true,
      series: [
        {
          label: "throughput",
          values: points.map((p) => p.report.totals.throughput),
          points: true,
        },
        {
          label: "throughput (theory)",
          values: points.map((p) => p.report.analytic.totals.throughput),
          dash: true,
        },
      ],
      marks,
    },
    {
      ...common,
      id: "sweep-utilization",
      title: "Utilization",
      yLabel: "utilization (%)",
      yFromZero: true,
      series: [
        {
          label: "busiest, offered (theory)",
          values: points.map((p) => p.busiest.utilization * 100),
          dash: true,
        },
        ...busiestAtEnd.map((s) => ({
          label: s,
          values: points.map((p) => (p.report.services[s]?.utilization ?? Number.NaN) * 100),
          points: true,
        })),
      ],
      marks: [...marks, { axis: "y", at: 100, label: "saturation", color: "#bf8700" }],
    },
  ];
}

/** Instances before and after per service, as paired horizontal bars (static SVG). */
export function planBars(result: PlanResult, before: Record<string, number> | null): string {
  const rows = Object.entries(result.instances);
  if (rows.length === 0) return "";
  const most = Math.max(...rows.map(([n, c]) => Math.max(c, before?.[n] ?? 0)), 1);
  const labelWidth = Math.max(...rows.map(([n]) => n.length)) * 7 + 16;
  const barWidth = 420;
  const rowHeight = before ? 30 : 20;
  const height = rows.length * rowHeight + 24;
  const width = labelWidth + barWidth + 60;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="planbars" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="instances before and after the plan">`,
  ];
  rows.forEach(([name, after], i) => {
    const y = 8 + i * rowHeight;
    const w = (n: number) => ((n / most) * barWidth).toFixed(1);
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 11}" text-anchor="end" font-size="12">${esc(name)}</text>`,
    );
    if (before) {
      const b = before[name] ?? 0;
      out.push(
        `<rect class="before" x="${labelWidth}" y="${y}" width="${w(b)}" height="10" fill="#afb8c1"/>`,
        `<text x="${labelWidth + Number(w(b)) + 4}" y="${y + 9}" font-size="10" fill="#57606a">${b} before</text>`,
      );
    }
    const ay = before ? y + 12 : y;
    out.push(
      `<rect class="after" x="${labelWidth}" y="${ay}" width="${w(after)}" height="10" fill="#0969da"/>`,
      `<text x="${labelWidth + Number(w(after)) + 4}" y="${ay + 9}" font-size="10">${after} planned</text>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}
