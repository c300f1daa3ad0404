import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ekm1,
  ekmc,
  expectedTruncated,
  forkJoinMM1,
  meanOfMaximum,
  mm1,
  mmc,
} from "../../src/index.js";
import { mmcSojournTailOf, waitThenServeTail } from "../../src/metrics/mmcSojournQuantile.js";

describe("ekm1 (E_k/M/1)", () => {
  it("is M/M/1 for k = 1, and more regular arrivals wait less as k grows", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), (rho) => {
        const mu = 10;
        expect(ekm1({ lambda: rho * mu, mu, phases: 1 }).W).toBeCloseTo(
          mm1({ lambda: rho * mu, mu }).W,
          12,
        );
        let last = Number.POSITIVE_INFINITY;
        for (const k of [1, 2, 4, 8, 16]) {
          const { Wq } = ekm1({ lambda: rho * mu, mu, phases: k });
          expect(Wq).toBeLessThan(last);
          last = Wq;
        }
      }),
    );
  });

  it("matches the E4/M/1 value of λ 8 (every 4th of 32/s), μ 10: σ from σ = (32/(32 + 10(1 - σ)))⁴", () => {
    const q = ekm1({ lambda: 8, mu: 10, phases: 4 });
    expect(q.sigma).toBeCloseTo((32 / (32 + 10 * (1 - q.sigma))) ** 4, 12);
    expect(q.W).toBeCloseTo(0.32674, 5);
  });
});

describe("ekmc (E_k/M/c)", () => {
  it("is M/M/c for k = 1 (Erlang C) and E_k/M/1 for c = 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        (rho, c, k) => {
          const mu = 2;
          const m = mmc({ lambda: rho * c * mu, mu, servers: c });
          const one = ekmc({ lambda: rho * c * mu, mu, servers: c, phases: 1 });
          expect(one.probWait).toBeCloseTo(m.probWait, 9);
          expect(one.W).toBeCloseTo(m.W, 9);
          const single = ekmc({ lambda: rho * mu, mu, servers: 1, phases: k });
          expect(single.W).toBeCloseTo(ekm1({ lambda: rho * mu, mu, phases: k }).W, 12);
          // More regular arrivals wait less.
          expect(ekmc({ lambda: rho * c * mu, mu, servers: c, phases: k }).Wq).toBeLessThanOrEqual(
            m.Wq * (1 + 1e-9),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives a sojourn tail that starts at 1 and whose p99 leaves 1% above it", () => {
    const q = ekmc({ lambda: 15, mu: 1 / 0.12, servers: 4, phases: 2 });
    expect(q.tail(0)).toBeCloseTo(1, 12);
    expect(q.tail(q.quantile(0.99))).toBeCloseTo(0.01, 9);
  });
});

describe("fork-join and order statistics", () => {
  it("Nelson-Tantawi: (12 - ρ)/8 · 1/(μ - λ) for two branches", () => {
    expect(forkJoinMM1({ lambda: 5, mu: 10, branches: 2 })).toBeCloseTo(0.2875, 12);
    expect(forkJoinMM1({ lambda: 8, mu: 10, branches: 2 })).toBeCloseTo(0.7, 12);
    expect(forkJoinMM1({ lambda: 5, mu: 10, branches: 1 })).toBeCloseTo(0.2, 12);
  });

  it("the mean of the maximum of n independent Exp(1) is the harmonic number H_n", () => {
    for (const n of [1, 2, 5, 20]) {
      let h = 0;
      for (let i = 1; i <= n; i++) h += 1 / i;
      const tails = Array.from({ length: n }, () => (t: number) => Math.exp(-t));
      expect(meanOfMaximum(tails, 60)).toBeCloseTo(h, 6);
    }
  });

  it("E[min(T, τ)] of an exponential: (1 - e^(-rτ))/r, never above τ or E[T]", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        (r, tau) => {
          const v = expectedTruncated((t) => Math.exp(-r * t), tau);
          expect(v).toBeCloseTo((1 - Math.exp(-r * tau)) / r, 6);
          expect(v / Math.min(tau, 1 / r)).toBeLessThanOrEqual(1 + 1e-6);
        },
      ),
    );
  });

  it("E[min(T, τ)] of a wait-then-serve sojourn: its closed form is the tail's integral", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.001, max: 10, noNaN: true }),
        fc.boolean(),
        (C, thetaIn, mu, tau, equal) => {
          // θ = μ takes the closed form's other branch.
          const theta = equal ? mu : thetaIn;
          const tail = waitThenServeTail(C, theta, mu);
          const closed = expectedTruncated(tail, tau);
          // The same tail without its closed form: integrated by adaptive Simpson (1e-10).
          const integrated = expectedTruncated((t) => tail(t), tau);
          expect(Math.abs(closed - integrated)).toBeLessThanOrEqual(1e-8 * integrated);
          expect(closed).toBeLessThanOrEqual(tau * (1 + 1e-12));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
    // M/M/1 (C = ρ, θ = μ - λ): T ~ Exp(μ - λ), so E[min(T, τ)] = (1 - e^(-(μ-λ)τ))/(μ - λ).
    const mm1 = mmcSojournTailOf({ lambda: 8, mu: 10, servers: 1 });
    expect(expectedTruncated(mm1, 0.25)).toBeCloseTo((1 - Math.exp(-2 * 0.25)) / 2, 12);
  });
});
