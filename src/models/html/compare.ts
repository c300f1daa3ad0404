import type { ComparedFlowWindows, Comparison, Difference } from "../run/compare.js";
import { formatDuration } from "../scenario/units.js";
import { esc, num } from "./format.js";
import { type ChartSeries, type ChartSpec, PALETTE } from "./page.js";

/** One compared figure in display units (ms or %), with the variant's 95% interval. */
export interface ComparisonRow {
  label: string;
  unit: "ms" | "%" | "/s";
  base: number;
  variant: number;
  diff: number;
  /** The variant's interval: base + the paired difference's interval. */
  low: number;
  high: number;
  /** Whether a larger figure is worse (latency, utilization) or better (success). */
  higherIsWorse: boolean;
}

function row(
  label: string,
  d: Difference,
  unit: ComparisonRow["unit"],
  scale: number,
  higherIsWorse: boolean,
): ComparisonRow {
  return {
    label,
    unit,
    base: d.base * scale,
    variant: d.variant * scale,
    diff: d.diff * scale,
    low: (d.base + d.ci.low) * scale,
    high: (d.base + d.ci.high) * scale,
    higherIsWorse,
  };
}

/** The figures a comparison page draws: latency and success per flow, utilization per service. */
export function comparisonRows(c: Comparison): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const [flow, f] of Object.entries(c.flows)) {
    rows.push(
      row(`${flow} p99`, f.p99, "ms", 1000, true),
      row(`${flow} mean`, f.mean, "ms", 1000, true),
    );
  }
  for (const [flow, f] of Object.entries(c.flows))
    rows.push(row(`${flow} success`, f.successRate, "%", 100, false));
  for (const [s, f] of Object.entries(c.services))
    rows.push(row(`${s} utilization`, f.utilization, "%", 100, true));
  for (const [flow, f] of Object.entries(c.flows))
    rows.push(row(`${flow} throughput`, f.throughput, "/s", 1, false));
  return rows.filter((r) => Number.isFinite(r.base) && Number.isFinite(r.variant));
}

/**
 * A dot plot, one row per figure: the base as a grey dot, the variant as a blue dot with its
 * 95% interval as a bar (red when the interval shows it worse). Static SVG.
 */
export function dotPlot(rows: readonly ComparisonRow[], axisLabel: string): string {
  if (rows.length === 0) return "";
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) * 7 + 16;
  const width = 760;
  const plotWidth = width - labelWidth - 24;
  const rowHeight = 22;
  const height = rows.length * rowHeight + 44;
  const lo = Math.min(0, ...rows.flatMap((r) => [r.base, r.low]));
  const hi = Math.max(...rows.flatMap((r) => [r.base, r.high, r.variant])) * 1.05 || 1;
  const xOf = (v: number) => labelWidth + ((v - lo) / (hi - lo)) * plotWidth;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="dotplot" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(axisLabel)}: ${rows.length} figures">`,
  ];
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const v = lo + ((hi - lo) * i) / ticks;
    const x = xOf(v).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="8" y2="${height - 30}" stroke="#eaeef2"/>`,
      `<text x="${x}" y="${height - 16}" text-anchor="middle" font-size="11" fill="#57606a">${esc(num(v))}</text>`,
    );
  }
  out.push(
    `<text x="${labelWidth + plotWidth / 2}" y="${height - 2}" text-anchor="middle" font-size="11" fill="#57606a">${esc(axisLabel)}</text>`,
  );
  rows.forEach((r, i) => {
    const y = 18 + i * rowHeight;
    const worse = r.higherIsWorse ? r.low > r.base : r.high < r.base;
    const colour = worse ? "#cf222e" : "#0969da";
    out.push(
      `<g class="row" data-label="${esc(r.label)}"><title>${esc(`${r.label}: ${num(r.base)} → ${num(r.variant)} (95%: ${num(r.low)} – ${num(r.high)})`)}</title>`,
      `<text x="${labelWidth - 8}" y="${y + 4}" text-anchor="end" font-size="12">${esc(r.label)}</text>`,
      `<line x1="${xOf(r.low).toFixed(1)}" x2="${xOf(r.high).toFixed(1)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="4" stroke-opacity="0.45"/>`,
      `<circle class="base" cx="${xOf(r.base).toFixed(1)}" cy="${y}" r="4.5" fill="#6e7781"/>`,
      `<circle class="variant" cx="${xOf(r.variant).toFixed(1)}" cy="${y}" r="4.5" fill="${colour}"/></g>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}

/**
 * Base and variant over time, overlaid: each flow's p99 and failures per window in the first
 * paired replication (one seed on both sides), the base dashed and the variant solid in the
 * flow's colour, with both sides' fault windows shaded.
 */
export function comparisonCharts(c: Comparison): ChartSpec[] {
  const t = c.timeline;
  if (t.time.length === 0) return [];
  const flows = Object.keys(t.flows);
  const lines = (pick: (w: ComparedFlowWindows) => (number | null)[], scale: number) =>
    flows.flatMap((name, i): ChartSeries[] => {
      const color = PALETTE[i % PALETTE.length]!;
      const scaled = (xs: (number | null)[]) => xs.map((x) => (x === null ? null : x * scale));
      return [
        { label: `${name} (base)`, values: scaled(pick(t.flows[name]!.base)), color, dash: true },
        { label: `${name} (variant)`, values: scaled(pick(t.flows[name]!.variant)), color },
      ];
    });
  // A fault both sides share (same description, same window) is one band, not two on top.
  const key = (f: (typeof t.faults)[number]) => `${f.description}\u0000${f.from}\u0000${f.to}`;
  const sides = new Map<string, Set<string>>();
  for (const f of t.faults) sides.set(key(f), (sides.get(key(f)) ?? new Set()).add(f.side));
  const bands = t.faults
    .filter((f, k) => t.faults.findIndex((g) => key(g) === key(f)) === k)
    .map((f) => ({
      from: f.from,
      to: f.to,
      label: sides.get(key(f))!.size > 1 ? f.description : `${f.side}: ${f.description}`,
    }));
  const step = t.time.length > 1 ? t.time[1]! - t.time[0]! : t.time[0]!;
  const common = {
    xLabel: "time (measured)",
    xFormat: "duration" as const,
    x: t.time,
    bands,
  };
  return [
    {
      ...common,
      id: "compare-p99",
      title: `Flow p99 latency per ${formatDuration(step)} window, base dashed`,
      yLabel: "p99 (ms)",
      series: lines((w) => w.p99, 1000),
    },
    {
      ...common,
      id: "compare-failures",
      title: `Failed requests per ${formatDuration(step)} window, base dashed`,
      yLabel: "failures",
      yFromZero: true,
      series: lines((w) => w.failures, 1),
    },
  ];
}
