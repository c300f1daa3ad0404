import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index.js";
import { expectWithin, scenario, simulate } from "./support.js";

/**
 * The analytic column against exact queueing results, and the simulation against both. Theory
 * is held to 2% of the exact value where one exists (most match to many digits); the
 * simulation to the statistical tolerance of its replications.
 */
const expo = (mean: number) => ({ dist: "exponential", mean });
const within2 = (label: string, value: number, exact: number) =>
  expect(Math.abs(value - exact) / exact, `${label}: ${value} vs exact ${exact}`).toBeLessThan(
    0.02,
  );

describe("round-robin over instances: E_n/M/1, not a Poisson split", () => {
  // λ 32/s over 4 instances of one exponential 100 ms worker: each sees Erlang-4 gaps.
  const s = scenario({
    duration: 8000,
    warmup: 100,
    replications: 10,
    workload: { rate: 32 },
    services: { api: { instances: 4, latency: expo(0.1) } },
    flows: { f: ["api"] },
  });
  const a = analyze(s).services.api!;

  it("gives the exact E4/M/1 sojourn: W 0.32674 s, p99 1.5047 s", () => {
    within2("W", a.W!, 0.32674);
    within2("p99", a.p99!, 1.5047);
    expect(a.model).toBe("E4/M/1 (round-robin)");
  });

  it("and the simulation agrees", () => {
    const r = simulate(s);
    expectWithin(
      "round-robin W",
      r.services.api!.latency.mean,
      r.services.api!.ci!.latency!.mean,
      a.W!,
    );
  });
});

describe("round-robin over instances of several workers: E_n/M/c", () => {
  // The e-commerce payment service: 2 instances × 4 workers of exponential 120 ms at 30/s.
  const s = scenario({
    duration: 4000,
    warmup: 100,
    replications: 10,
    workload: { rate: 30 },
    services: { payment: { instances: 2, concurrency: 4, latency: expo(0.12) } },
    flows: { f: ["payment"] },
  });

  it("matches the simulated wait and sojourn", () => {
    const a = analyze(s).services.payment!;
    expect(a.model).toBe("E2/M/4 (round-robin)");
    const r = simulate(s);
    const p = r.services.payment!;
    expectWithin("E2/M/4 W", p.latency.mean, p.ci!.latency!.mean, a.W!, 0.05);
    expectWithin("E2/M/4 p99", p.latency.p99, p.ci!.latency!.p99, a.p99!, 0.05);
  });
});

describe("parallel branches: the mean of the slowest, not the slowest mean", () => {
  const forkJoin = (lambda: number) =>
    scenario({
      duration: lambda > 6 ? 40_000 : 10_000,
      warmup: 100,
      replications: 10,
      workload: { rate: lambda },
      services: { a: { latency: expo(0.1) }, b: { latency: expo(0.1) } },
      flows: { f: [{ parallel: ["a", "b"] }] },
    });

  it.each([
    [5, 0.2875],
    [8, 0.7],
  ])("2-way fork-join of M/M/1 (μ 10) at λ %d: Nelson-Tantawi's exact %d s", (lambda, exact) => {
    const s = forkJoin(lambda);
    within2("E[T]", analyze(s).flows.f!.latency.mean!, exact);
    const r = simulate(s);
    expectWithin(
      `fork-join λ ${lambda}`,
      r.flows.f!.latency.mean,
      r.flows.f!.ci!.latency!.mean,
      exact,
    );
    // The join's p99 takes the branches as independent (they share arrivals, so it is an
    // approximation): stated tolerance 5% of the simulated p99, beyond its sampling error.
    const p99 = analyze(s).flows.f!.latency.p99!;
    const ci = r.flows.f!.ci!.latency!.p99!;
    const simulated = r.flows.f!.latency.p99;
    expect(Math.abs(p99 - simulated)).toBeLessThan(0.05 * simulated + (ci.high - ci.low));
  });

  it("different branches: the join's p99 from Π Fᵢ(t) = 0.99", () => {
    const s = scenario({
      duration: 10_000,
      warmup: 100,
      replications: 6,
      workload: { rate: 12 },
      services: {
        a: { latency: expo(0.1), concurrency: 2, instances: 2, balancer: "random" },
        b: { latency: expo(0.05) },
      },
      flows: { f: [{ parallel: ["a", "b"] }] },
    });
    const a = analyze(s).flows.f!;
    // Check Π Fᵢ(p99) = 0.99 by hand: a is M/M/2 (λ 6, μ 10) per instance, b is M/M/1 (λ 12, μ 20).
    const mm2 = (t: number) => {
      const C = (2 * 0.3 ** 2) / (1 + 0.3); // Erlang C for c 2, ρ 0.3
      const theta = 2 * 10 - 6;
      return (
        (1 - C) * Math.exp(-10 * t) +
        C * ((theta * Math.exp(-10 * t) - 10 * Math.exp(-theta * t)) / (theta - 10))
      );
    };
    const mm1 = (t: number) => Math.exp(-(20 - 12) * t);
    const p99 = a.latency.p99!;
    expect((1 - mm2(p99)) * (1 - mm1(p99))).toBeCloseTo(0.99, 9);
    const r = simulate(s);
    const ci = r.flows.f!.ci!.latency!.p99!;
    const simulated = r.flows.f!.latency.p99;
    expect(Math.abs(p99 - simulated)).toBeLessThan(0.05 * simulated + (ci.high - ci.low));
  });

  it("a fan-out of 100 exponential 1 ms leaves at 10% load: about 5.6 ms, not 1.1 ms", () => {
    const names = Array.from({ length: 100 }, (_, i) => `s${i}`);
    const s = scenario({
      duration: 60,
      warmup: 5,
      replications: 3,
      workload: { rate: 100 },
      services: Object.fromEntries(names.map((n) => [n, { latency: expo(0.001) }])),
      flows: { f: [{ parallel: names }] },
    });
    const theory = analyze(s).flows.f!.latency.mean!;
    // Nelson-Tantawi's approximation for K = 100 (the exact value is not known in closed form).
    expect(theory).toBeCloseTo(0.005568, 5);
    const r = simulate(s);
    expect(Math.abs(r.flows.f!.latency.mean - theory) / theory).toBeLessThan(0.05);
    const p99 = analyze(s).flows.f!.latency.p99!;
    expect(Math.abs(r.flows.f!.latency.p99 - p99) / p99).toBeLessThan(0.1);
  });
});

describe("timeouts: the caller waits E[min(T, τ)]", () => {
  it.each([
    [0.25, 0.19673],
    [0.5, 0.31606],
    [1, 0.43233],
  ])("an M/M/1 callee (λ 8, μ 10) under a %d s timeout: %d s", (tau, exact) => {
    const s = scenario({
      duration: 20_000,
      warmup: 100,
      replications: 8,
      workload: { rate: 8 },
      services: { api: { latency: expo(0.1) } },
      flows: { f: ["api"] },
      calls: { "client->api": { timeout: tau } },
    });
    within2("E[min(T, τ)]", analyze(s).flows.f!.latency.mean!, exact);
    const r = simulate(s);
    expectWithin(`timeout ${tau}`, r.flows.f!.latency.mean, r.flows.f!.ci!.latency!.mean, exact);
  });
});

describe("every analytic figure says whether it is exact", () => {
  it("exact: M/M/1, E_n/M/c, a 2-way join of identical M/M/1; approximate: Allen-Cunneen, policies, K > 2", () => {
    const base = {
      workload: { rate: 5 },
      services: {
        a: { latency: expo(0.1) },
        b: { latency: expo(0.1) },
        g: { concurrency: 2, latency: { dist: "gamma", shape: 2, mean: 0.1 } },
        rr: { instances: 3, concurrency: 2, latency: expo(0.1) },
      },
    };
    const a = analyze(
      scenario({
        ...base,
        flows: { join: [{ parallel: ["a", "b"] }], general: ["g"], rr: ["rr"], policed: ["a"] },
        workload: { rate: 5, mix: { join: 1, general: 1, rr: 1, policed: 1 } },
        calls: { "client->a": { timeout: "1s" } },
      }),
    );
    expect(a.services.a!.exact).toBe(true);
    expect(a.services.rr!.exact).toBe(true);
    expect(a.services.g!.exact).toBe(false);
    expect(a.flows.rr!.exact).toBe(true);
    expect(a.flows.general!.exact).toBe(false);
    expect(a.flows.policed!.exact).toBe(false);
  });
});
