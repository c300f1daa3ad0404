import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index.js";
import { scenario, simulate } from "./support.js";

/**
 * The balancer-aware approximations against simulation on a grid (n instances of one
 * exponential 100 ms worker, ρ per instance): each within the tolerance its docs state.
 * Exact models (round-robin's E_n/M/c) within the simulation's own statistical tolerance.
 */
const grid = [2, 4, 16].flatMap((n) => [0.5, 0.8, 0.9].map((rho) => [n, rho] as const));

function run(balancer: string, n: number, rho: number) {
  const s = scenario({
    duration: 4000 / n,
    warmup: 100,
    replications: 4,
    workload: { rate: rho * 10 * n },
    services: { api: { instances: n, balancer, latency: { dist: "exponential", mean: 0.1 } } },
    flows: { f: ["api"] },
  });
  const theory = analyze(s).services.api!;
  const simulated = simulate(s).services.api!;
  return {
    theory,
    simulated,
    error: Math.abs(theory.W! - simulated.latency.mean) / simulated.latency.mean,
  };
}

describe("balancers on a grid: n 2..16, ρ 0.5..0.9", () => {
  it.each(grid)("round-robin n %d, ρ %d: E_n/M/1, exact (within 5%)", (n, rho) => {
    const { theory, error } = run("round-robin", n, rho);
    expect(theory.exact).toBe(true);
    expect(error).toBeLessThan(0.05);
  });

  it.each(grid)(
    "least-outstanding n %d, ρ %d: the pooled M/M/n, a lower bound within 15%",
    (n, rho) => {
      const { theory, simulated, error } = run("least-outstanding", n, rho);
      expect(theory.exact).toBe(false);
      expect(theory.W!).toBeLessThanOrEqual(simulated.latency.mean * 1.01);
      expect(error).toBeLessThan(0.15);
    },
  );

  it.each(grid)("p2c n %d, ρ %d: pooled for 2, mean field above (within 35%)", (n, rho) => {
    const { theory, error } = run("p2c", n, rho);
    expect(theory.exact).toBe(false);
    expect(error).toBeLessThan(n === 2 ? 0.15 : 0.35);
  });
});

describe("fan-out on a grid: K 2..100 identical M/M/1 branches, ρ 0.1..0.9", () => {
  const fan = [2, 10, 100].flatMap((k) => [0.1, 0.5, 0.9].map((rho) => [k, rho] as const));
  it.each(fan)("K %d, ρ %d: Nelson-Tantawi (exact for 2; within 8% beyond)", (k, rho) => {
    const names = Array.from({ length: k }, (_, i) => `s${i}`);
    const s = scenario({
      duration: 20_000 / k,
      warmup: 20,
      replications: 4,
      workload: { rate: rho * 10 },
      services: Object.fromEntries(
        names.map((n) => [n, { latency: { dist: "exponential", mean: 0.1 } }]),
      ),
      flows: { f: [{ parallel: names }] },
    });
    const theory = analyze(s).flows.f!.latency.mean!;
    const simulated = simulate(s).flows.f!.latency.mean;
    if (process.env.MESHSIM_VALIDATION_LOG)
      console.log(
        `VALIDATION | fan-out K ${k} ρ ${rho} | simulated ${simulated.toPrecision(5)} | theory ${theory.toPrecision(5)}`,
      );
    expect(Math.abs(theory - simulated) / simulated).toBeLessThan(k === 2 ? 0.05 : 0.08);
  });
});
