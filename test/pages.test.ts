import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshsim, ROOT, scratchFiles } from "./support/cli.js";

/**
 * The HTML pages as an architect opens them: the real CLI writes each page (`--html`) beside
 * its `--json`, headless Chromium (Debian's, which .ci/run installs) opens the file from disk,
 * and the test checks that nothing failed, nothing was fetched, and every chart was drawn: uPlot
 * holds the page's data and its canvas carries the colour of the chart's lines. A screenshot of
 * each page goes to reports/screenshots/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(ROOT, "reports/screenshots");
const { dir } = scratchFiles("pages");

interface DrawnChart {
  id: string;
  /** Points in the chart's data that are not gaps. */
  points: number;
  /** Points uPlot was given, for the same lines. */
  plotted: number;
  /** Canvas pixels in the colour of each line. */
  painted: number[];
}

interface Opened {
  errors: string[];
  requests: string[];
  charts: DrawnChart[];
  /** The chart specs in the page's data. */
  specs: {
    id: string;
    x: number[];
    series: { label: string; values: (number | null)[] }[];
    bands?: { from: number; to: number | null; label: string }[];
  }[];
  nodes: string[];
  edges: number;
  sections: string[];
}

/** Write a page with the CLI (and its --json), and return the JSON. */
function write(name: string, args: string[]) {
  const file = join(dir, `${name}.html`);
  const r = meshsim([...args, "--html", file, "--json"]);
  expect(r.stderr).toContain(`wrote ${file}`);
  expect(r.code).toBe(0);
  return { file, json: JSON.parse(r.stdout) };
}

/**
 * Run in the page (plain script, so Node's types stay out of it): what uPlot drew, pixels in
 * each line's colour, the page's chart data, and the topology graph's nodes and edges.
 */
const INSPECT = `(() => {
  const rgb = (hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const charts = window.meshsimCharts.map((c) => {
    const canvas = c.plot.ctx.canvas;
    const px = c.plot.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const painted = c.colors.map((hex) => {
      const [r, g, b] = rgb(hex);
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        const near = Math.abs(px[i] - r) < 24 && Math.abs(px[i + 1] - g) < 24 && Math.abs(px[i + 2] - b) < 24;
        if (near && px[i + 3] > 160) n++;
      }
      return n;
    });
    const plotted = c.plot.data.slice(1).reduce((sum, ys) => sum + ys.filter((v) => v !== null && v !== undefined).length, 0);
    return { id: c.id, points: c.points, plotted, painted };
  });
  const data = JSON.parse(document.getElementById("meshsim-data").textContent);
  return {
    charts,
    specs: data.charts,
    nodes: [...document.querySelectorAll("svg.topology g.node")].map((g) => g.getAttribute("data-id")),
    edges: document.querySelectorAll("svg.topology g.edge").length,
    sections: [...document.querySelectorAll("main > section")].map((s) => s.id),
  };
})()`;

describe("the HTML pages in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, shot: string): Promise<Opened> {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    tab.on("pageerror", (e) => errors.push(e.message));
    tab.on("request", (r) => requests.push(r.url()));
    await tab.goto(`file://${file}`);
    await tab.waitForFunction("window.meshsimCharts !== undefined", null, { timeout: 20_000 });
    const seen = (await tab.evaluate(INSPECT)) as Omit<Opened, "errors" | "requests">;
    await tab.screenshot({ path: join(SHOTS, shot), fullPage: true });
    await tab.close();
    return {
      errors,
      requests: requests.filter((u) => !u.startsWith("file://")),
      ...seen,
    };
  }

  /** What every page must show: no errors, no fetches, every chart drawn from its data. */
  function drawnCleanly(page: Opened): void {
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.charts.map((c) => c.id)).toEqual(page.specs.map((s) => s.id));
    for (const [i, c] of page.charts.entries()) {
      const spec = page.specs[i]!;
      const points = spec.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
      expect(c.points, c.id).toBe(points);
      expect(c.plotted, c.id).toBe(points);
      expect(points, c.id).toBeGreaterThan(0);
      // The first line with data is on the canvas, in its colour.
      const first = spec.series.findIndex((s) => s.values.some((v) => v !== null));
      expect(c.painted[first], `${c.id}: ${spec.series[first]!.label}`).toBeGreaterThan(0);
    }
  }

  it("run: the payment outage, its window shaded in the timeline", async () => {
    const { file, json } = write("outage", [
      "run",
      "examples/payment-outage.yaml",
      "--set",
      "duration=5m",
    ]);
    const page = await open(file, "run-payment-outage.png");
    drawnCleanly(page);
    expect(page.sections).toEqual(
      expect.arrayContaining(["topology", "timeline", "latency", "tables", "scenario"]),
    );
    // Every service and the gateway is a node of the drawn graph.
    expect(page.nodes).toEqual(
      expect.arrayContaining(["client", "gateway", ...Object.keys(json.services)]),
    );
    expect(page.edges).toBeGreaterThanOrEqual(Object.keys(json.analytic.edges).length);
    // The timeline holds the run's windows, and the outage's window is in the report.
    const p99 = page.specs.find((s) => s.id === "timeline-flow-p99")!;
    expect(p99.x.length).toBe(json.timeline.windows.length);
    expect(json.faults[0].window.from).toBeGreaterThan(0);
    // One CDF per flow, each over the 101 latency levels.
    for (const flow of Object.keys(json.flows)) {
      const cdf = page.specs.find((s) => s.id === `cdf-${flow}`)!;
      expect(cdf.series[0]!.values.length).toBe(json.distributions.levels.length);
    }
  }, 120_000);

  it("sweep: the curves across the load, with the SLO line", async () => {
    const { file, json } = write("sweep", [
      "sweep",
      "examples/black-friday.yaml",
      "--vary",
      "workload.rate=400/s..1600/s:400/s",
      "--set",
      "duration=2m",
      "--replications",
      "2",
    ]);
    const page = await open(file, "sweep-black-friday.png");
    drawnCleanly(page);
    const p99 = page.specs.find((s) => s.id === "sweep-p99")!;
    expect(p99.x.length).toBe(json.points.length);
  }, 120_000);

  it("compare: base and variant overlaid", async () => {
    const { file, json } = write("compare", [
      "compare",
      "examples/payment-outage.yaml",
      "--set",
      "calls.order->payment.retries=0",
      "--duration",
      "5m",
      "--replications",
      "3",
    ]);
    const page = await open(file, "compare-payment-retries.png");
    drawnCleanly(page);
    // The first paired replication over time, both sides overlaid: two lines per flow.
    expect(page.charts.map((c) => c.id)).toEqual(["compare-p99", "compare-failures"]);
    expect(page.specs[0]!.series.length).toBe(2 * Object.keys(json.flows).length);
    expect(page.specs[0]!.x).toEqual(json.timeline.time);
    // Both sides crash payment at the same time: one band, labelled once.
    expect(json.timeline.faults).toHaveLength(2);
    expect(page.specs[0]!.bands).toEqual([
      { from: 180, to: 300, label: "crash 1 instance of payment at 4 min for 2 min" },
    ]);
  }, 120_000);

  it("plan: instances before and after, and each objective's margin", async () => {
    const { file, json } = write("plan", [
      "plan",
      "examples/black-friday.yaml",
      "--duration",
      "1m",
      "--replications",
      "2",
    ]);
    const page = await open(file, "plan-black-friday.png");
    drawnCleanly(page);
    const html = readFileSync(file, "utf8");
    expect(json.feasible).toBe(true);
    for (const service of Object.keys(json.instances)) {
      expect(html).toContain(service);
    }
  }, 180_000);
});
