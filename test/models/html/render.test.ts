import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  LATENCY_LEVELS,
  parseScenario,
  renderHtml,
  simulate,
  topologyOf,
  withDuration,
} from "../../../src/index.js";
import { faultBands, latencyCdf, timelineCharts } from "../../../src/models/html/charts.js";
import { ROOT } from "../../support/cli.js";

const read = (f: string) => readFileSync(join(ROOT, "examples", f), "utf8");
const outageText = read("payment-outage.yaml");
// The outage: crash 1 of payment at 4 min (absolute) for 2 min, after a 1 min warm-up.
const outageScenario = withDuration(parseScenario(outageText), 360);
const outage = simulate(outageScenario);

/** The JSON the page's script draws from. */
function pageData(html: string): {
  charts: { id: string; x: number[]; series: { values: (number | null)[] }[] }[];
} {
  const m = /<script type="application\/json" id="meshsim-data">(.*?)<\/script>/s.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

describe("the report's figures for pictures", () => {
  it("gives each flow's latency at the documented levels, the same histogram as its percentiles", () => {
    expect(outage.distributions.levels).toEqual(LATENCY_LEVELS);
    expect(LATENCY_LEVELS).toHaveLength(101);
    for (const [name, values] of Object.entries(outage.distributions.flows)) {
      expect(values).toHaveLength(101);
      for (let i = 1; i < values.length; i++)
        expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
      const f = outage.flows[name]!.latency;
      expect(values[49]).toBe(f.p50);
      expect(values[98]).toBe(f.p99);
      expect(values[100]).toBe(f.p999);
    }
  });

  it("places each fault on the timeline's clock: seconds since the measured period began", () => {
    expect(outage.faults[0]!.window).toEqual({ from: 180, to: 300 });
    expect(faultBands(outage)).toEqual([
      { from: 180, to: 300, label: outage.faults[0]!.description },
    ]);
  });
});

describe("charts", () => {
  it("draw the timeline's own figures, in display units", () => {
    const charts = timelineCharts(outage);
    const p99 = charts.find((c) => c.id === "timeline-flow-p99")!;
    expect(p99.x).toEqual(outage.timeline.windows.map((w) => w.time));
    const checkout = p99.series.find((s) => s.label === "checkout")!;
    expect(checkout.values).toEqual(
      outage.timeline.windows.map((w) => w.flows.checkout!.p99 * 1000),
    );
    const util = charts.find((c) => c.id === "timeline-service-utilization")!;
    expect(util.series.find((s) => s.label === "payment")!.values).toEqual(
      outage.timeline.windows.map((w) => w.services.payment!.utilization * 100),
    );
    expect(p99.bands).toEqual(faultBands(outage));
  });

  it("draw a CDF that rises from the first level to 99.9%, with p50 and p99 marked", () => {
    const cdf = latencyCdf(outage, "checkout")!;
    for (let i = 1; i < cdf.x.length; i++) expect(cdf.x[i]!).toBeGreaterThan(cdf.x[i - 1]!);
    const y = cdf.series[0]!.values as number[];
    for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThan(y[i - 1]!);
    expect(y[y.length - 1]).toBeCloseTo(0.999, 12);
    expect(cdf.marks!.find((m) => m.label === "p99")!.at).toBe(
      outage.flows.checkout!.latency.p99 * 1000,
    );
  });

  it("mark the analytic p99 beside a flow whose time distribution theory gives", () => {
    const r = simulate(
      parseScenario(
        "seed: 1\nduration: 120\nworkload: { rate: 8/s }\nservices:\n  api: { latency: { dist: exponential, mean: 100ms } }\nflows: { f: [api] }\n",
      ),
    );
    const marks = latencyCdf(r, "f")!.marks!;
    // M/M/1 at λ = 8, μ = 10: the sojourn is exponential of rate 2, p99 = ln(100)/2.
    expect(marks.find((m) => m.label === "p99 (theory)")!.at).toBeCloseTo(
      (Math.log(100) / 2) * 1000,
      6,
    );
  });
});

describe("topology", () => {
  it("has a node per station and topic and an arrow per edge the analysis loads", () => {
    const { nodes, edges } = topologyOf(outage);
    expect(nodes.map((n) => n.id).sort()).toEqual(
      ["client", "gateway", ...Object.keys(outage.services)].sort(),
    );
    expect(edges).toEqual(
      Object.entries(outage.analytic.edges).map(([k, rate]) => {
        const [from, to] = k.split("->");
        return { from, to, rate };
      }),
    );
    const payment = nodes.find((n) => n.id === "payment")!;
    expect(payment.utilization).toBe(outage.services.payment!.utilization);
  });
});

describe("renderHtml", () => {
  const html = renderHtml(outage, { source: outageText });

  it("is one self-contained page: no external script, style, image or font", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/\s(src|href)="https?:/);
    expect(html).not.toMatch(/@import|url\(https?:/);
  });

  it("carries every chart's data and the scenario, escaped", () => {
    const data = pageData(html);
    expect(data.charts.map((c) => c.id)).toEqual([
      ...timelineCharts(outage).map((c) => c.id),
      "cdf-browse",
      "cdf-search",
      "cdf-checkout",
    ]);
    expect(html).toContain("crash 1 instance of payment at 4 min for 2 min");
    expect(html).toContain("<pre># yaml-language-server");
    const hostile = renderHtml(outage, { source: "</script><script>alert(1)</script>" });
    expect(hostile).not.toContain("<script>alert(1)");
  });

  it("displays in Jupyter as the page, invisibly to JSON", () => {
    const display = (outage as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]!;
    const frame = display()["text/html"]!;
    expect(frame).toMatch(/^<iframe srcdoc="&lt;!doctype html&gt;.*" sandbox="allow-scripts"/s);
    // The frame holds the page itself, escaped once.
    const page = frame.slice(frame.indexOf('"') + 1, frame.indexOf('" sandbox'));
    const unescaped = page.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) =>
      e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "#39" ? "'" : "&",
    );
    expect(unescaped).toBe(renderHtml(outage, { scenario: outageScenario }));
    expect(Object.keys(outage)).not.toContain("Symbol(Jupyter.display)");
    expect(JSON.parse(JSON.stringify(outage)).scenario).toBe(outage.scenario);
  });
});
