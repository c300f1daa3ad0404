import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The library in a real browser: headless Chromium (Debian's, which .ci/run installs) loads a
 * page that imports the one-file build as an ES module, as a notebook or an Observable cell
 * would, and simulates a scenario there.
 */
const ROOT = resolve(__dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const page = `<!doctype html>
<html><body><pre id="out">running</pre>
<script type="module">
  import { parseScenario, simulate, loadBalancingEfficiency } from "/meshsim.js";
  try {
    const s = parseScenario("seed: 3\\nduration: 60\\nworkload: { rate: 20/s }\\nservices:\\n  api: { instances: 2, latency: { dist: exponential, mean: 20ms } }\\nflows: { f: [api] }\\n");
    const r = simulate(s);
    document.getElementById("out").textContent = JSON.stringify({
      success: r.flows.f.successRate,
      started: r.totals.started,
      analytic: r.analytic.services.api.utilization,
      efficiency: loadBalancingEfficiency([100, 110, 90]),
    });
  } catch (e) {
    document.getElementById("out").textContent = "error: " + e.message;
  }
</script></body></html>`;

describe("in a browser", () => {
  let server: Server;
  let browser: Browser;
  let base = "";
  beforeAll(async () => {
    const bundle = readFileSync(join(ROOT, "dist/meshsim.bundle.js"));
    server = createServer((req, res) => {
      if (req.url === "/meshsim.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
      } else if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html" }).end(page);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("imports the one-file build and simulates a scenario", async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    await tab.goto(base);
    await tab.waitForFunction('document.getElementById("out").textContent !== "running"');
    const text = await tab.textContent("#out");
    expect(errors).toEqual([]);
    const r = JSON.parse(text!);
    expect(r.success).toBe(1);
    expect(r.started).toBeGreaterThan(1000);
    // 20/s × 20 ms over 2 instances: utilization 0.2, as the analysis in Node says.
    expect(r.analytic).toBeCloseTo(0.2, 12);
    expect(r.efficiency).toBeCloseTo(0.8, 12);
  }, 60_000);
});
