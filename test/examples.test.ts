import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyOverrides, compare, parseScenario, simulate } from "../src/index.js";

const EXAMPLES = resolve(__dirname, "../examples");
const scenarios = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));
const scripts = readdirSync(EXAMPLES).filter((f) => /\.(mjs|js)$/.test(f));

describe("every example runs", () => {
  it("finds the examples", () => {
    expect(scenarios).toContain("ecommerce.yaml");
  });

  it.each(scenarios)("%s parses and simulates (1 minute) without warnings", (name) => {
    const scenario = parseScenario(readFileSync(join(EXAMPLES, name), "utf8"));
    const report = simulate({ ...scenario, duration: 60, timeline: { window: 1 } });
    expect(report.stopReason).toBe("until");
    expect(report.totals.started).toBeGreaterThan(0);
    // black-friday carries today's counts at 5x the load: unstable until planned (below).
    if (name !== "black-friday.yaml") expect(report.warnings).toEqual([]);
  });

  it.each(scripts)("%s runs to completion", (name) => {
    const r = spawnSync(process.execPath, [join(EXAMPLES, name)], {
      encoding: "utf8",
      cwd: resolve(__dirname, ".."),
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("the e-commerce example", () => {
  const scenario = parseScenario(readFileSync(join(EXAMPLES, "ecommerce.yaml"), "utf8"));
  const report = simulate(scenario);

  it("has the seed's six services behind a gateway, and three flows", () => {
    expect(Object.keys(scenario.services).sort()).toEqual([
      "catalog",
      "inventory",
      "order",
      "payment",
      "shipping",
      "user",
    ]);
    expect(scenario.gateway).not.toBeNull();
    expect(Object.keys(scenario.flows).sort()).toEqual(["browse", "checkout", "search"]);
  });

  it("checkout succeeds at the series reliability of its calls, within 4 standard errors", () => {
    const f = report.flows.checkout!;
    const p = report.analytic.flows.checkout!.successRate;
    expect(p).toBeCloseTo(0.999 * 0.997 * 0.996 * 0.999 * 0.995, 12);
    const n = f.succeeded + f.failed;
    expect(Math.abs(f.successRate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it("keeps Little's Law per service within 1%", () => {
    for (const [name, s] of Object.entries(report.services)) {
      expect(s.littlesLaw.relativeError, name).toBeLessThan(0.01);
    }
  });
});

describe("the black-friday example", () => {
  it("is unstable with today's counts, and `meshsim plan` finds counts that meet its SLOs", () => {
    const r = spawnSync(
      process.execPath,
      ["dist/bin/meshsim.js", "plan", "examples/black-friday.yaml", "--json"],
      { encoding: "utf8", cwd: resolve(__dirname, "..") },
    );
    expect(r.status).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.feasible).toBe(true);
    expect(p.slo.every((c: { ok: boolean; confident: boolean }) => c.ok && c.confident)).toBe(true);
    // payment: 150 checkouts/s × 120 ms = 18 busy workers; at most 70% of 4 per instance: 7.
    expect(p.instances.payment).toBe(7);
    expect(p.binding.payment).toBe("maxUtilization");
    expect(p.cost).toBeGreaterThan(0);
  });

  it("keeps every service redundant when asked (--min-instances 2)", () => {
    const r = spawnSync(
      process.execPath,
      [
        "dist/bin/meshsim.js",
        "plan",
        "examples/black-friday.yaml",
        "--min-instances",
        "2",
        "--json",
      ],
      { encoding: "utf8", cwd: resolve(__dirname, "..") },
    );
    const p = JSON.parse(r.stdout);
    expect(Math.min(...(Object.values(p.instances) as number[]))).toBe(2);
    expect(p.binding.user).toBe("minimum");
    expect(p.instances.payment).toBe(7);
  });
});

describe("examples/black-friday-autoscaled.yaml", () => {
  const text = readFileSync(join(EXAMPLES, "black-friday-autoscaled.yaml"), "utf8");
  const scenario = parseScenario(text);

  it("scales payment out for the sale and back in after it, within min..max", () => {
    const r = simulate(scenario, { replications: 1 });
    const payment = r.autoscale!.payment!;
    expect(payment.instances.min).toBe(2);
    expect(payment.instances.max).toBeGreaterThanOrEqual(8);
    expect(payment.instances.max).toBeLessThanOrEqual(12);
    expect(payment.events[0]!.to).toBeGreaterThan(payment.events[0]!.from);
    expect(payment.events.at(-1)!.to).toBeLessThan(payment.events.at(-1)!.from);
    expect(r.cost!.total).toBeGreaterThan(0);
  });

  it("pays for its cold start in breached minutes (paired on common random numbers)", () => {
    const warm = parseScenario(
      applyOverrides(parseYaml(text), [
        "services.payment.autoscale.provisioning=0s",
        "services.catalog.autoscale.provisioning=0s",
      ]) as object,
    );
    const c = compare(scenario, warm, { replications: 2 });
    expect(c.breaches!["checkout p99"]!.base).toBeGreaterThan(c.breaches!["checkout p99"]!.variant);
    expect(c.instances!.payment!.base).toBeGreaterThan(0);
  });
});
