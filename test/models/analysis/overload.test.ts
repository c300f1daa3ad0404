import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, parseScenario, simulate } from "../../../src/index.js";

const ecommerce = readFileSync(resolve(__dirname, "../../../examples/ecommerce.yaml"), "utf8");

describe("an overloaded system, reported honestly", () => {
  // The README's 5x what-if: payment's offered utilization is 2.24, its queue grows all along.
  const s = parseScenario(ecommerce);
  const fivefold = { ...s, workload: { ...s.workload, rate: 1000 } as typeof s.workload };
  const r = simulate(fivefold);
  const checkout = r.flows.checkout!;

  it("counts the requests still under way at the end, and success over everything that started", () => {
    const all = checkout.succeeded + checkout.failed + checkout.unfinished;
    expect(checkout.unfinished).toBeGreaterThan(0.5 * all);
    expect(checkout.successRate).toBeCloseTo(checkout.succeeded / all, 12);
    expect(checkout.unfinishedShare).toBeCloseTo(checkout.unfinished / all, 12);
    expect(r.warnings.join("\n")).toMatch(/checkout: \d+\.\d% of its requests had not finished/);
  });

  it("passes downstream of a saturated station only what it completes, in theory too", () => {
    // shipping and inventory are called after payment: they see payment's completions.
    for (const name of ["shipping", "inventory"]) {
      const sim = r.services[name]!.utilization;
      const theory = r.analytic.services[name]!.utilization;
      expect(Math.abs(theory - sim) / sim).toBeLessThan(0.05);
    }
    // checkout's theory: series reliability times payment's completion share 1/ρ.
    const payment = r.analytic.services.payment!;
    expect(payment.unstable).toBe(true);
    expect(r.analytic.flows.checkout!.successRate).toBeLessThan(1 / payment.utilization);
  });

  it("a stable run ends with few requests under way, and no warning of them", () => {
    const stable = simulate(s);
    for (const f of Object.values(stable.flows)) expect(f.unfinishedShare).toBeLessThan(0.001);
    expect(stable.warnings.join("\n")).not.toMatch(/had not finished/);
  });
});

describe("closed workloads", () => {
  // N = 20 users, Z = 1 s, one exponential server of S = 0.1 s: saturated (N* = 11), stable.
  const closed = parseScenario({
    seed: 2,
    duration: "20m",
    warmup: "1m",
    workload: { users: 20, think: { dist: "exponential", mean: 1 } },
    services: { api: { latency: { dist: "exponential", mean: 0.1 } } },
    flows: { f: ["api"] },
  });

  it("are analysed by MVA's own residence time and queue, never called unstable", () => {
    const a = analyze(closed);
    // Exact MVA (the machine-repairman model): R = 1.00375 s, L = 10.0187.
    expect(a.services.api!.W!).toBeCloseTo(1.00375, 4);
    expect(a.services.api!.L!).toBeCloseTo(10.0187, 3);
    expect(a.services.api!.unstable).toBe(false);
    expect(a.unstable).toEqual([]);
    expect(a.flows.f!.latency.mean!).toBeCloseTo(1.00375, 4);
    // The p99 from the queue an arrival finds (19 users' marginal), an Erlang mixture.
    expect(a.services.api!.p99!).toBeGreaterThan(2);
    expect(a.services.api!.p99!).toBeLessThan(2.5);
  });

  it("and the simulation agrees", () => {
    const r = simulate(closed);
    expect(Math.abs(r.flows.f!.latency.mean - 1.00375)).toBeLessThan(0.03);
    const p99 = analyze(closed).services.api!.p99!;
    expect(Math.abs(r.services.api!.latency.p99 - p99) / p99).toBeLessThan(0.05);
    expect(r.warnings.join("\n")).not.toMatch(/unstable/);
  });
});
