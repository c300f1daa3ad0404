import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findBreach, fitUsl, parseScenario, untilBreach, usl } from "../../../src/index.js";

/** One M/M/1 service (μ = 10/s) at 2 requests/s. */
const single = (slo: object) =>
  parseScenario({
    seed: 4,
    duration: 1200,
    warmup: 60,
    workload: { rate: 2 },
    services: { api: { latency: { dist: "exponential", mean: "100ms" } } },
    flows: { main: ["api"] },
    slo,
  });

describe("findBreach", () => {
  it("brackets the threshold of a monotone test to the precision asked", () => {
    fc.assert(
      fc.property(fc.double({ min: 1.01, max: 8, noNaN: true }), (threshold) => {
        const r = findBreach((x) => x >= threshold, { precision: 1.01 });
        expect(r.holds).toBeLessThan(threshold);
        expect(r.breaks).toBeGreaterThanOrEqual(threshold);
        expect(r.breaks! / r.holds).toBeLessThanOrEqual(1.01);
      }),
    );
    expect(findBreach(() => false, { limit: 4 })).toEqual({ holds: 4, breaks: null });
  });
});

describe("untilBreach", () => {
  it("finds where an M/M/1 p99 objective breaks: λ = μ - ln(100)/T", () => {
    // p99 = ln(100)/(μ - λ) <= 1 s holds up to λ = 10 - 4.605 = 5.395/s.
    const knee = 10 - Math.log(100);
    const r = untilBreach(single({ flows: { main: { p99: "1s" } } }));
    expect(r.breach).not.toBeNull();
    expect(r.breach!.broken).toEqual(["main p99"]);
    expect(r.breach!.service).toBe("api");
    // The p99 estimate is good to about 2%, which moves the knee by about 3%: allow 6%.
    expect(r.holds!.rate!).toBeGreaterThan(knee * 0.94);
    expect(r.breach!.rate!).toBeLessThan(knee * 1.06);
    expect(r.breach!.scale / r.holds!.scale).toBeLessThanOrEqual(1.02);
  });

  it("without objectives, finds where utilization reaches 1", () => {
    const r = untilBreach(single({}), { limit: 8 });
    expect(r.breach!.broken).toEqual(["stability"]);
    expect(r.holds!.rate!).toBeLessThan(10);
    expect(r.breach!.rate!).toBeGreaterThanOrEqual(10);
    expect(r.breach!.rate! / r.holds!.rate!).toBeLessThanOrEqual(1.02);
  });

  it("says so when nothing breaks within the limit", () => {
    const r = untilBreach(single({ flows: { main: { p99: "10s" } } }), { limit: 2 });
    expect(r.breach).toBeNull();
    expect(r.holds!.scale).toBe(2);
  });
});

describe("the Universal Scalability Law", () => {
  it("is fitted exactly from exact throughputs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (lambda, sigma, kappa) => {
          const p = { lambda, sigma, kappa };
          const fit = fitUsl([1, 2, 4, 8, 16, 32].map((n) => ({ n, throughput: usl(p, n) })));
          expect(fit.lambda).toBeCloseTo(lambda, 6);
          expect(fit.sigma).toBeCloseTo(sigma, 6);
          expect(fit.kappa).toBeCloseTo(kappa, 6);
          expect(fit.rSquared).toBeGreaterThan(0.999999);
        },
      ),
    );
  });

  it("peaks at N* = √((1 - σ)/κ), and without κ levels off at λ/σ", () => {
    const p = { lambda: 100, sigma: 0.05, kappa: 0.002 };
    const fit = fitUsl([1, 2, 4, 8, 16, 32, 64].map((n) => ({ n, throughput: usl(p, n) })));
    expect(fit.peak).toBeCloseTo(Math.sqrt(0.95 / 0.002), 6);
    expect(fit.maxThroughput).toBeCloseTo(usl(p, Math.sqrt(0.95 / 0.002)), 6);
    const amdahl = fitUsl(
      [1, 2, 4, 8].map((n) => ({ n, throughput: usl({ lambda: 10, sigma: 0.1, kappa: 0 }, n) })),
    );
    expect(amdahl.peak).toBeNull();
    expect(amdahl.maxThroughput).toBeCloseTo(100, 6);
  });

  it("keeps σ and κ >= 0 for superlinear data, and refuses too little", () => {
    const fit = fitUsl([1, 2, 3, 4].map((n) => ({ n, throughput: 10 * n ** 1.2 })));
    expect(fit.sigma).toBeGreaterThanOrEqual(0);
    expect(fit.kappa).toBeGreaterThanOrEqual(0);
    expect(() =>
      fitUsl([
        { n: 1, throughput: 1 },
        { n: 2, throughput: 2 },
      ]),
    ).toThrow(/fitUsl: needs at least 3 points, got 2/);
    expect(() =>
      fitUsl([
        { n: 1, throughput: 1 },
        { n: 2, throughput: 0 },
        { n: 3, throughput: 3 },
      ]),
    ).toThrow(/points\[1\].throughput must be > 0, got 0/);
  });
});

describe("untilBreach when nothing holds", () => {
  it("says so: holds is null and the breach is the scenario's own load", () => {
    const s = parseScenario({
      seed: 1,
      duration: 60,
      workload: { rate: 5 },
      services: { api: { latency: { dist: "exponential", mean: 0.1 } } },
      flows: { f: ["api"] },
      slo: { flows: { f: { p99: "1ms" } } },
    });
    const r = untilBreach(s, { replications: 1 });
    expect(r.holds).toBeNull();
    expect(r.breach!.scale).toBe(1);
    expect(r.simulations).toBe(1);
  });

  it("refuses a limit that is no growth", () => {
    const s = parseScenario({
      workload: { rate: 5 },
      services: { api: { latency: "1ms" } },
      flows: { f: ["api"] },
    });
    expect(() => untilBreach(s, { limit: 0 })).toThrow(/untilBreach: limit must be a number > 1/);
  });
});
