import type { Report } from "../report.js";
import type { Comparison } from "../run/compare.js";
import type { PlanResult } from "../run/plan.js";
import type { SweepResult } from "../run/sweep.js";
import type { Scenario } from "../scenario/types.js";
import { formatDuration } from "../scenario/units.js";
import { latencyCharts, timelineCharts } from "./charts.js";
import { comparisonCharts, comparisonRows, dotPlot } from "./compare.js";
import { esc, num, pct, utilizationColor } from "./format.js";
import { type ChartSpec, chartDiv, type PageSection, page } from "./page.js";
import { planBars, sweepCharts } from "./sweepPlan.js";
import { faultTable, flowTable, serviceTable, sloTable, table, warningList } from "./tables.js";
import { topologySvg } from "./topology.js";

/** What a page may show beside the result: the scenario, as its file or as parsed. */
export interface HtmlOptions {
  /** The scenario's text as written (YAML or JSON), shown collapsible at the end. */
  source?: string;
  /** The scenario as parsed; shown (as JSON) where no source is given. */
  scenario?: Scenario;
  /** The page's title (default: from the result). */
  title?: string;
}

const charts = (specs: readonly ChartSpec[]) =>
  `<div class="charts">${specs.map(chartDiv).join("")}</div>`;

function scenarioSection(options: HtmlOptions): PageSection[] {
  const text =
    options.source ?? (options.scenario ? JSON.stringify(options.scenario, null, 2) : null);
  if (text === null) return [];
  return [
    {
      id: "scenario",
      title: "Scenario",
      html: `<details><summary>the scenario file (${text.split("\n").length} lines)</summary><pre>${esc(text)}</pre></details>`,
    },
  ];
}

const LEGEND = `<p class="legend-note">Filled by measured utilization:${[
  [0.2, "below 50%"],
  [0.6, "50–80%"],
  [0.85, "80–95%"],
  [0.97, "95% and up"],
]
  .map(
    ([u, t]) =>
      `<span class="swatch" style="background:${utilizationColor(u as number)}"></span>${t}`,
  )
  .join(
    "",
  )}; a red outline and ⚠: unstable (offered utilization ≥ 1). Arrows: offered calls per second (analytic); dashed: through a topic.</p>`;

/** What the timeline's axes and shading mean. */
function timelineNote(report: Report, faults: readonly { description: string }[]): string {
  const clock =
    report.warmup > 0
      ? `Time is measured time: 0 is the end of the ${esc(formatDuration(report.warmup))} warm-up.`
      : "";
  const shaded =
    faults.length > 0 ? ` Shaded: ${faults.map((f) => esc(f.description)).join("; ")}.` : "";
  const scaled = report.autoscale ? " Purple lines: autoscaling decisions." : "";
  const note = `${clock}${shaded}${scaled}`.trim();
  return note === "" ? "" : `<p class="legend-note">${note}</p>`;
}

/** The sections of a report: topology, timeline, latency, tables. */
function reportSections(report: Report): { sections: PageSection[]; charts: ChartSpec[] } {
  const timeline = timelineCharts(report);
  const latency = latencyCharts(report);
  const faults = report.faults.filter((f) => f.window !== null);
  const sections: PageSection[] = [
    { id: "topology", title: "Topology", html: topologySvg(report) + LEGEND },
  ];
  if (timeline.length > 0)
    sections.push({
      id: "timeline",
      title: "Timeline",
      html: `${timelineNote(report, faults)}${charts(timeline)}`,
    });
  if (latency.length > 0)
    sections.push({
      id: "latency",
      title: "Latency distributions",
      html: `<p class="legend-note">End-to-end latency of finished requests; grey lines the simulated p50 and p99, green the analytic prediction where theory gives one.</p>${charts(latency)}`,
    });
  sections.push({
    id: "tables",
    title: "Figures",
    html: `${warningList(report.warnings)}<h3>Flows</h3>${flowTable(report)}<h3>Services</h3>${serviceTable(report)}${report.faults.length > 0 ? `<h3>Faults</h3>${faultTable(report)}` : ""}<h3>Analytic model</h3><ul>${report.analytic.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`,
  });
  return { sections, charts: [...timeline, ...latency] };
}

/**
 * A run's report as one self-contained HTML page: the topology drawn, the timeline with
 * faults shaded and autoscaling marked, each flow's latency CDF with theory beside it, the
 * tables, and the scenario. Works offline; the same page `meshsim run --html` writes.
 *
 * @example
 * const report = simulate(parseScenario(text));
 * const html = renderHtml(report, { source: text });
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const { sections, charts: specs } = reportSections(report);
  return page({
    title: options.title ?? `${report.scenario}: meshsim report`,
    subtitle: `${formatDuration(report.duration)} measured after ${formatDuration(report.warmup)} warm-up · ${report.replications} replication${report.replications === 1 ? "" : "s"} · seed ${report.seed} · ${num(report.totals.throughput)} requests/s, ${pct(report.totals.successRate, 2)} succeeded`,
    sections: [...sections, ...scenarioSection(options)],
    charts: specs,
  });
}

/**
 * A comparison as a page: for each flow and service figure, base and variant side by side
 * with the variant's 95% interval (from the paired differences), and the table of differences.
 *
 * @example
 * const html = renderCompareHtml(compare(base, variant));
 */
export function renderCompareHtml(result: Comparison, options: HtmlOptions = {}): string {
  const rows = comparisonRows(result);
  const latency = rows.filter((r) => r.unit === "ms");
  const shares = rows.filter((r) => r.unit === "%");
  const charts = comparisonCharts(result);
  const sections: PageSection[] = [
    {
      id: "differences",
      title: "Base and variant",
      html: `<p class="legend-note">Grey: ${esc(result.base)}. Blue: ${esc(result.variant)}, with the 95% interval of its difference from the base over ${result.replications} paired replications (seed ${result.seed}); red where the interval excludes no change and the variant is worse.</p>${dotPlot(latency, "latency (ms)")}${dotPlot(shares, "share (%)")}`,
    },
    ...(charts.length === 0
      ? []
      : [
          {
            id: "timeline",
            title: "Over time",
            html: `<p class="legend-note">The first paired replication (both sides on one seed), window by window: the base dashed, the variant solid; fault windows shaded.</p><div class="charts">${charts.map(chartDiv).join("")}</div>`,
          },
        ]),
    {
      id: "tables",
      title: "Differences",
      html: table(
        ["figure", "base", "variant", "difference", "95% interval"],
        rows.map((r) => [
          r.label,
          num(r.base),
          num(r.variant),
          num(r.diff),
          `${num(r.low)} – ${num(r.high)}`,
        ]),
      ),
    },
  ];
  return page({
    title: options.title ?? `${result.variant} vs ${result.base}`,
    subtitle: `meshsim compare · ${result.replications} paired replications · seed ${result.seed}`,
    sections: [...sections, ...scenarioSection(options)],
    charts,
  });
}

/**
 * A sweep as a page: each flow's p99 and throughput and the busiest service's utilization
 * across the varied values, with the SLO line, the knee and the first breach marked.
 *
 * @example
 * const html = renderSweepHtml(sweep(parseScenario(text), [parseAxis("workload.rate=100/s..1000/s:100/s")]));
 */
export function renderSweepHtml(result: SweepResult, options: HtmlOptions = {}): string {
  const specs = sweepCharts(result);
  const knee = result.knee
    ? `the knee (offered utilization reaches 1 at ${esc(result.knee.service)}) at point ${result.knee.point + 1}`
    : "no knee";
  const breach = result.breach
    ? `the first breach (${esc(result.breach.objectives.join(", "))}) at point ${result.breach.point + 1}`
    : "no breach";
  const axes = result.axes.map((a) => a.path);
  const sections: PageSection[] = [
    {
      id: "curves",
      title: "Curves",
      html: `<p class="legend-note">Across ${esc(axes.join(" × "))}: ${knee}; ${breach}. Dashed: the analytic prediction; horizontal lines: objectives.</p>${charts(specs)}`,
    },
    {
      id: "tables",
      title: "Points",
      html: table(
        [...axes, "throughput /s", "success", "busiest", "utilization (theory)", "objectives"],
        result.points.map((p) => [
          ...axes.map((a) => String(p.values[a])),
          num(p.report.totals.throughput),
          pct(p.report.totals.successRate, 2),
          p.busiest.service,
          pct(p.busiest.utilization),
          p.slo.length === 0
            ? "–"
            : p.slo.every((c) => c.ok)
              ? { text: "met", class: "ok" }
              : {
                  text: p.slo
                    .filter((c) => !c.ok)
                    .map((c) => `${c.name} ${c.metric}`)
                    .join(", "),
                  class: "bad",
                },
        ]),
      ),
    },
  ];
  return page({
    title: options.title ?? `${result.scenario}: sweep of ${axes.join(", ")}`,
    subtitle: `meshsim sweep · ${result.points.length} points · ${result.replications} replication${result.replications === 1 ? "" : "s"} each · seed ${result.seed}`,
    sections: [...sections, ...scenarioSection(options)],
    charts: specs,
  });
}

/**
 * A plan as a page: instances before and after per service, the cost, each objective's
 * figure and margin, and the planned system's report (topology, latency, tables).
 *
 * @example
 * const html = renderPlanHtml(plan(scenario), { scenario });
 */
export function renderPlanHtml(result: PlanResult, options: HtmlOptions = {}): string {
  const { sections, charts: specs } = reportSections(result.report);
  const before = options.scenario
    ? Object.fromEntries(
        Object.entries(options.scenario.services).map(([n, s]) => [
          n,
          s.autoscale?.min ?? s.instances,
        ]),
      )
    : null;
  const head = `<p>${result.feasible ? "Feasible" : `<strong>Not feasible</strong>: ${esc(result.reason ?? "")}`} · cost ${result.cost === null ? "not given" : `${num(result.cost)} per hour`} · headroom ${result.headroom === null ? "–" : pct(result.headroom, 0)} more load · ${result.simulations} simulations</p>`;
  const plan: PageSection = {
    id: "plan",
    title: "Plan",
    html: `${head}${planBars(result, before)}${table(
      ["service", "before", "after", "what binds it"],
      Object.entries(result.instances).map(([n, c]) => [
        n,
        before ? String(before[n] ?? "–") : "–",
        String(c),
        result.binding[n] ?? "–",
      ]),
    )}<h3>Objectives at the plan</h3>${sloTable(result.slo)}`,
  };
  return page({
    title: options.title ?? `${result.report.scenario}: capacity plan`,
    subtitle: `meshsim plan · load ${result.load.rate === null ? `×${num(result.load.scale)}` : `${num(result.load.rate)}/s`} · seed ${result.seed}`,
    sections: [plan, ...sections, ...scenarioSection(options)],
    charts: specs,
  });
}
