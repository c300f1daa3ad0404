import { describe, expect, it } from "vitest";
import { compare, parseScenario } from "../../../src/index.js";

const base = parseScenario({
  name: "base",
  seed: 3,
  duration: 300,
  warmup: 30,
  workload: { rate: 4 },
  services: { api: { instances: 2, concurrency: 1, latency: { dist: "exponential", mean: 0.2 } } },
  flows: { main: ["api"] },
});

describe("compare", () => {
  it("finds exactly no difference between a scenario and itself (common random numbers)", () => {
    const c = compare(base, { ...base, name: "same" }, { replications: 3 });
    for (const d of [
      c.flows.main!.p99,
      c.flows.main!.mean,
      c.services.api!.utilization,
      c.totals.throughput,
    ]) {
      expect(d.diff).toBe(0);
      expect(d.ci).toEqual({ low: 0, high: 0 });
    }
  });

  it("detects a faster service: the paired difference has theory's sign and size", () => {
    const faster = {
      ...base,
      services: {
        api: { ...base.services.api!, latency: { dist: "exponential" as const, mean: 0.15 } },
      },
    };
    const c = compare(base, faster, { replications: 5 });
    const d = c.flows.main!.mean;
    expect(d.diff).toBeLessThan(0);
    expect(d.ci.high).toBeLessThan(0);
    // M/M/1 per instance (λ = 2): W falls from 1/(5-2) to 1/(6.67-2), about -0.119 s.
    expect(d.diff).toBeGreaterThan(-0.2);
    expect(d.diff).toBeLessThan(-0.06);
  });

  it("needs at least two replications for an interval", () => {
    expect(() => compare(base, base, { replications: 1 })).toThrow(
      /compare: replications must be an integer >= 2/,
    );
  });
});
