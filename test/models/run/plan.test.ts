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

describe("plan: decisions by confidence, minimal plans, objectives capacity cannot move", () => {
  it("gives E_n/M/1 theory's count behind a round-robin balancer (6, not the Poisson split's 8)", () => {
    // Each of n instances sees Erlang-n gaps: p99 = ln(100)·W(E_n/M/1) <= 1 s first at n = 6.
    const p = plan(single({ balancer: "round-robin" }, { flows: { main: { p99: "1s" } } }));
    expect(p.instances.api).toBe(6);
    expect(p.binding.api).toBe("main p99");
  });

  it("gives theory's (6, 11) on two services in series, removing what the search overbought", () => {
    // a: exponential 50 ms, b: 100 ms, λ 60/s, random balancers, one worker each. Theory:
    // a p99 <= 0.5 s needs 6; b p99 <= 1.3 s needs 11; (6, 10) breaks the flow's 1.2 s.
    const s = parseScenario({
      seed: 9,
      duration: 1200,
      warmup: 60,
      workload: { rate: 60 },
      services: {
        a: { latency: { dist: "exponential", mean: "50ms" }, balancer: "random" },
        b: { latency: { dist: "exponential", mean: "100ms" }, balancer: "random" },
      },
      flows: { f: ["a", "b"] },
      slo: { services: { a: { p99: "500ms" }, b: { p99: "1.3s" } }, flows: { f: { p99: "1.2s" } } },
    });
    const steps: string[] = [];
    const p = plan(s, { onStep: (m) => steps.push(m) });
    expect(p.instances).toEqual({ a: 6, b: 11 });
    expect(p.binding.b).toBe("f p99");
    expect(p.binding.a).toMatch(/a p99/);
    // Each decision says how many replications it took.
    expect(steps.some((m) => /\(\d+ replications\)$/.test(m))).toBe(true);
  });

  it("buys nothing for a success rate bounded by failure probabilities, and says its ceiling", () => {
    // Success is 1 - 0.0016 = 0.9984 at any count: an objective of 0.998 is met or not by
    // chance alone, never by capacity. The p99 objective alone sizes the service.
    const p = plan(
      single({ failure: 0.0016 }, { flows: { main: { p99: "1s", successRate: 0.998 } } }),
    );
    expect(p.insensitive).toEqual([
      { name: "main", metric: "successRate", ceiling: expect.closeTo(0.9984, 10) },
    ]);
    expect(p.instances.api).toBe(8);
    expect(p.binding.api).toBe("main p99");
  });

  it("sizes an autoscaled service's min: the floor that rides out the autoscaler's lag", () => {
    // 10/s, then 40/s at 2 min: a 60 s cold start leaves the floor to carry the step.
    const s = parseScenario({
      seed: 9,
      duration: 300,
      warmup: 0,
      workload: {
        profile: [
          { at: 0, rate: 10 },
          { at: 120, rate: 40 },
        ],
      },
      services: {
        api: {
          latency: { dist: "exponential", mean: "100ms" },
          autoscale: { max: 20, target: 0.5, provisioning: "60s" },
        },
      },
      flows: { main: ["api"] },
      slo: { flows: { main: { p99: "1s" } } },
    });
    const p = plan(s, { replications: 3 });
    expect(p.feasible).toBe(true);
    expect(p.binding.api).toBe("main p99");
    // At the planned floor the autoscaler starts there and never goes below it.
    expect(p.report.autoscale!.api!.instances.min).toBe(p.instances.api);
    // 40/s of 100 ms on M/M/1 instances needs 8 for a 1 s p99 at steady state; the floor
    // is below what the peak needs (the autoscaler adds the rest) and above 10/s's 2.
    expect(p.instances.api).toBeGreaterThan(2);
    expect(p.instances.api).toBeLessThan(8);
  });
});
