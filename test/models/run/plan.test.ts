import { describe, expect, it } from "vitest";
import { parseScenario, plan } from "../../../src/index.js";

/** One service of exponential work (mean 100 ms), random balancing, 40 requests/s. */
const single = (service: object, slo: object, rate = 40) =>
  parseScenario({
    seed: 9,
    duration: 1200,
    warmup: 60,
    workload: { rate },
    services: {
      api: { latency: { dist: "exponential", mean: "100ms" }, balancer: "random", ...service },
    },
    flows: { main: ["api"] },
    slo,
  });

describe("plan", () => {
  it("gives the count M/M/1 theory gives for a p99 target", () => {
    // Each instance is M/M/1 at λ/n; its sojourn is exponential with rate μ - λ/n, so
    // p99 = ln(100)/(μ - λ/n) <= 1 s needs λ/n <= 10 - 4.605: n >= 7.41, so 8 instances
    // (p99 0.92 s at 8, 1.07 s at 7).
    const p = plan(single({}, { flows: { main: { p99: "1s" } } }), { replications: 5 });
    expect(p.feasible).toBe(true);
    expect(p.instances.api).toBe(8);
    expect(p.binding.api).toBe("main p99");
    expect(p.slo[0]!.confident).toBe(true);
    expect(p.headroom).toBeGreaterThan(0);
    expect(p.headroom).toBeLessThan(0.15);
  });

  it("can be bound by maxUtilization", () => {
    // 4 busy servers' worth of work: utilization 4/n <= 0.42 needs 10 instances.
    const p = plan(single({}, { services: { api: { maxUtilization: 0.42 } } }));
    expect(p.instances.api).toBe(10);
    expect(p.binding.api).toBe("maxUtilization");
  });

  it("can be bound by a success rate (rejections by full instances)", () => {
    // 4 workers and no queue per instance: Erlang B loss 0.095 at 2 instances, 0.035 at 3.
    const p = plan(
      single({ concurrency: 4, queue: 0 }, { flows: { main: { successRate: 0.95 } } }),
    );
    expect(p.instances.api).toBe(3);
    expect(p.binding.api).toBe("main successRate");
  });

  it("can be bound by a service's own latency objective", () => {
    // The service's sojourn is the flow's: the same 8 instances as the flow's p99 above.
    const p = plan(single({}, { services: { api: { p99: "1s" } } }), { replications: 5 });
    expect(p.instances.api).toBe(8);
    expect(p.binding.api).toBe("api p99");
  });

  it("can be bound by a flow's throughput", () => {
    // Successful requests/s = 40 × (1 - Erlang B loss): 36.2 at 2 instances, 38.6 at 3.
    const p = plan(
      single({ concurrency: 4, queue: 0 }, { flows: { main: { throughput: "37.5/s" } } }),
    );
    expect(p.instances.api).toBe(3);
    expect(p.binding.api).toBe("main throughput");
  });

  it("reports an objective no count can meet as infeasible, without looping", () => {
    // The bare service time's p99 is ln(100) × 100 ms = 0.46 s.
    const p = plan(single({}, { flows: { main: { p99: "300ms" } } }));
    expect(p.feasible).toBe(false);
    expect(p.reason).toMatch(/not met even with 100 times the instances: main p99/);
    expect(p.simulations).toBe(1);
  });

  it("asks for no fewer instances at a higher load", () => {
    const counts = [20, 40, 60].map(
      (rate) =>
        plan(single({}, { flows: { main: { p99: "1s" } } }, rate), { duration: 600 }).instances
          .api!,
    );
    expect(counts[0]).toBeLessThanOrEqual(counts[1]!);
    expect(counts[1]).toBeLessThanOrEqual(counts[2]!);
  });

  it("refuses a scenario without objectives", () => {
    expect(() => plan(single({}, {}))).toThrow(/states no objectives/);
  });
});
