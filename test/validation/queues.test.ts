import { describe, expect, it } from "vitest";
import {
  jacksonNetwork,
  mg1,
  mm1,
  mmc,
  mmck,
  mmcSojournQuantile,
  seriesReliability,
} from "../../src/index.js";
import { expectWithin, scenario, simulate } from "./support.js";

const expo = (mean: number) => ({ dist: "exponential", mean });

describe("one station against queueing theory", () => {
  it("M/M/1 (λ = 0.8, μ = 1): sojourn, wait, L, utilization and p99", () => {
    const s = scenario({
      duration: 60_000,
      warmup: 500,
      workload: { rate: 0.8 },
      services: { s: { latency: expo(1) } },
      flows: { f: ["s"] },
    });
    const r = simulate(s, { replications: 20 });
    const svc = r.services.s!;
    const theory = mm1({ lambda: 0.8, mu: 1 });
    expectWithin("M/M/1 W", svc.latency.mean, svc.ci?.latency?.mean, theory.W);
    expectWithin("M/M/1 Wq", svc.wait.mean, svc.ci?.wait?.mean, theory.Wq, 0.08);
    expectWithin("M/M/1 L", svc.meanInSystem, svc.ci?.meanInSystem, theory.L);
    expectWithin("M/M/1 Lq", svc.meanQueueLength, svc.ci?.meanQueueLength, theory.Lq, 0.08);
    expectWithin("M/M/1 utilization", svc.utilization, svc.ci?.utilization, theory.utilization);
    expectWithin(
      "M/M/1 p99",
      svc.latency.p99,
      svc.ci?.latency?.p99,
      mmcSojournQuantile({ lambda: 0.8, mu: 1, servers: 1 }, 0.99),
      0.08,
    );
    expect(r.analytic.services.s!.W).toBeCloseTo(theory.W, 10);
  });

  it("M/M/3 (λ = 2.4, μ = 1): sojourn and wait by Erlang C", () => {
    const s = scenario({
      duration: 25_000,
      warmup: 500,
      workload: { rate: 2.4 },
      services: { s: { concurrency: 3, latency: expo(1) } },
      flows: { f: ["s"] },
    });
    const r = simulate(s, { replications: 20 });
    const svc = r.services.s!;
    const theory = mmc({ lambda: 2.4, mu: 1, servers: 3 });
    expectWithin("M/M/3 W", svc.latency.mean, svc.ci?.latency?.mean, theory.W);
    expectWithin("M/M/3 Wq", svc.wait.mean, svc.ci?.wait?.mean, theory.Wq, 0.08);
    expectWithin("M/M/3 L", svc.meanInSystem, svc.ci?.meanInSystem, theory.L);
    expectWithin("M/M/3 Lq", svc.meanQueueLength, svc.ci?.meanQueueLength, theory.Lq, 0.08);
  });

  it("M/D/1 (λ = 0.8, S = 1): Pollaczek-Khinchine wait Wq = 2", () => {
    const s = scenario({
      duration: 70_000,
      warmup: 500,
      workload: { rate: 0.8 },
      services: { s: { latency: 1 } },
      flows: { f: ["s"] },
    });
    const r = simulate(s, { replications: 20 });
    const svc = r.services.s!;
    const theory = mg1({ lambda: 0.8, meanService: 1, scv: 0 });
    expect(theory.Wq).toBeCloseTo(2, 12);
    expectWithin("M/D/1 Wq", svc.wait.mean, svc.ci?.wait?.mean, theory.Wq);
    expectWithin("M/D/1 W", svc.latency.mean, svc.ci?.latency?.mean, theory.W);
    expect(r.analytic.services.s!.model).toBe("M/G/1");
    expect(r.analytic.services.s!.Wq).toBeCloseTo(2, 10);
  });

  it("M/M/1/K (λ = μ = 1, K = 4): blocking probability 1/5", () => {
    const s = scenario({
      duration: 20_000,
      warmup: 100,
      workload: { rate: 1 },
      services: { s: { queue: 3, latency: expo(1) } },
      flows: { f: ["s"] },
    });
    const r = simulate(s, { replications: 10 });
    const svc = r.services.s!;
    const theory = mmck({ lambda: 1, mu: 1, servers: 1, capacity: 4 });
    expect(theory.blocking).toBeCloseTo(0.2, 12);
    const blocked = svc.rejected / svc.arrivals;
    const ci = svc.ci!.rejected!;
    // The interval of the count, scaled by the (nearly constant) number of arrivals.
    expectWithin(
      "M/M/1/4 blocking",
      blocked,
      { low: ci.low / svc.arrivals, high: ci.high / svc.arrivals },
      0.2,
    );
    expectWithin("M/M/1/4 L", svc.meanInSystem, svc.ci?.meanInSystem, theory.L);
    expect(r.analytic.services.s!.blocking).toBeCloseTo(0.2, 10);
  });
});

describe("networks", () => {
  it("a tandem of three M/M/1 services matches the Jackson network sum", () => {
    const s = scenario({
      duration: 10_000,
      warmup: 500,
      workload: { rate: 1 },
      services: { a: { latency: expo(0.5) }, b: { latency: expo(0.4) }, c: { latency: expo(0.6) } },
      flows: { f: ["a", "b", "c"] },
    });
    const r = simulate(s, { replications: 10 });
    const jackson = jacksonNetwork({
      arrivals: [1, 0, 0],
      routing: [
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 0],
      ],
      mu: [2, 2.5, 1 / 0.6],
      servers: [1, 1, 1],
    });
    const flow = r.flows.f!;
    expectWithin(
      "tandem response time",
      flow.latency.mean,
      flow.ci?.latency?.mean,
      jackson.meanResponseTime,
    );
    expect(r.analytic.flows.f!.latency.mean).toBeCloseTo(jackson.meanResponseTime, 10);
  });

  it("nested non-blocking calls behave as the same tandem", () => {
    const s = scenario({
      duration: 20_000,
      warmup: 500,
      workload: { rate: 1 },
      services: { a: { latency: expo(0.5) }, b: { latency: expo(0.4) } },
      flows: { f: [{ a: ["b"] }] },
    });
    const r = simulate(s, { replications: 10 });
    expectWithin(
      "nested response time",
      r.flows.f!.latency.mean,
      r.flows.f!.ci?.latency?.mean,
      1 / (2 - 1) + 1 / (2.5 - 1),
    );
    // The caller's own figures cover only its own time: M/M/1 with μ = 2.
    expectWithin("caller sojourn", r.services.a!.latency.mean, r.services.a!.ci?.latency?.mean, 1);
  });

  it("the five-service flow's success rate is the series reliability 0.98508", () => {
    const failures = [0.001, 0.002, 0.003, 0.004, 0.005];
    const names = ["user", "catalog", "order", "payment", "shipping"];
    const s = scenario({
      duration: 2_000,
      warmup: 0,
      workload: { rate: 200 },
      services: Object.fromEntries(
        names.map((n, i) => [n, { concurrency: 64, latency: 0.001, failure: failures[i] }]),
      ),
      flows: { f: names },
    });
    const r = simulate(s);
    const flow = r.flows.f!;
    const p = seriesReliability(failures.map((f) => 1 - f));
    expect(p).toBeCloseTo(0.98508, 5);
    const n = flow.succeeded + flow.failed;
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(
      Math.abs(flow.successRate - p),
      `success rate ${flow.successRate} vs ${p}, 4 SE = ${4 * se}`,
    ).toBeLessThan(4 * se);
    expect(r.analytic.flows.f!.successRate).toBeCloseTo(p, 12);
    // Each service sees only the calls that got past the ones before it.
    expect(r.services.shipping!.arrivals).toBeLessThan(r.services.user!.arrivals);
  });
});

describe("balancing", () => {
  it("round-robin gives per-instance counts within one of each other", () => {
    const s = scenario({
      duration: 500,
      warmup: 13.7,
      workload: { rate: 10 },
      services: { s: { instances: 7, concurrency: 2, latency: expo(0.1) } },
      flows: { f: ["s"] },
    });
    const counts = simulate(s).services.s!.instances.map((i) => i.requests);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("random balancing splits Poisson traffic into Poisson streams: each instance is M/M/1", () => {
    const s = scenario({
      duration: 10_000,
      warmup: 500,
      workload: { rate: 3.2 },
      services: { s: { instances: 4, balancer: "random", latency: expo(1) } },
      flows: { f: ["s"] },
    });
    const r = simulate(s, { replications: 10 });
    const svc = r.services.s!;
    expectWithin(
      "random split W",
      svc.latency.mean,
      svc.ci?.latency?.mean,
      mm1({ lambda: 0.8, mu: 1 }).W,
    );
    const total = svc.instances.reduce((a, i) => a + i.requests, 0);
    for (const inst of svc.instances) {
      // Each count is Binomial(total, 1/4) per replication; the mean over 10 has SE sqrt(npq/10).
      const se = Math.sqrt((total * 0.25 * 0.75) / 10);
      expect(Math.abs(inst.requests - total / 4)).toBeLessThan(4 * se);
    }
  });

  it("round-robin waits less than random at the same load (Erlang arrivals beat Poisson)", () => {
    const base = {
      duration: 5_000,
      warmup: 200,
      workload: { rate: 3.2 },
      flows: { f: ["s"] },
    };
    const rr = simulate(scenario({ ...base, services: { s: { instances: 4, latency: expo(1) } } }));
    const random = simulate(
      scenario({
        ...base,
        services: { s: { instances: 4, balancer: "random", latency: expo(1) } },
      }),
    );
    expect(rr.services.s!.wait.mean).toBeLessThan(0.8 * random.services.s!.wait.mean);
  });
});

describe("Little's Law", () => {
  it("holds per service within 1% on a long run of the e-commerce-like network", () => {
    const s = scenario({
      duration: 3_000,
      warmup: 100,
      workload: { rate: 50, mix: { a: 0.7, b: 0.3 } },
      services: {
        front: {
          instances: 2,
          concurrency: 4,
          latency: { dist: "lognormal", p50: 0.01, p99: 0.08 },
        },
        back: { instances: 3, concurrency: 2, latency: expo(0.05), blocking: true },
        db: { concurrency: 8, latency: { dist: "gamma", shape: 2, mean: 0.02 } },
      },
      flows: { a: ["front", { back: ["db"] }], b: [{ parallel: ["front", "db"] }] },
    });
    const r = simulate(s);
    for (const [name, svc] of Object.entries(r.services)) {
      expect(svc.littlesLaw.relativeError, name).toBeLessThan(0.01);
    }
  });
});
