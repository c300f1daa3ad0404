import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStream, ksPValue, ksStatistic } from "../../src/index.js";
import { erfc, gammaP } from "../../src/sim/special.js";

describe("gammaP, the regularized lower incomplete gamma", () => {
  it("is the exponential's CDF at a = 1, erf(√x) at a = 1/2, and Poisson tails at integers", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), (x) => {
        expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
        expect(gammaP(0.5, x)).toBeCloseTo(1 - erfc(Math.sqrt(x)), 7);
        // P(n, x) = P(Poisson(x) >= n) = 1 - Σ_{k<n} e^-x x^k / k!
        let term = Math.exp(-x);
        let below = 0;
        for (let k = 0; k < 5; k++) {
          below += term;
          term *= x / (k + 1);
        }
        expect(gammaP(5, x)).toBeCloseTo(1 - below, 10);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it("gives the chi-square's critical values: P(df/2, χ²/2)", () => {
    expect(gammaP(1, 5.991 / 2)).toBeCloseTo(0.95, 3); // df 2
    expect(gammaP(4.5, 16.919 / 2)).toBeCloseTo(0.95, 3); // df 9
    expect(gammaP(4.5, 27.877 / 2)).toBeCloseTo(0.999, 4);
  });

  it("refuses what it is not defined for", () => {
    expect(() => gammaP(0, 1)).toThrow(/a must be > 0/);
    expect(() => gammaP(1, -1)).toThrow(/x must be >= 0/);
  });
});

describe("the Kolmogorov-Smirnov test", () => {
  it("measures the largest gap between the sample's CDF and the model's", () => {
    expect(ksStatistic([0.1, 0.5, 0.9], (x) => x)).toBeCloseTo(0.2333, 4);
    expect(ksStatistic([0.5], (x) => x)).toBeCloseTo(0.5, 12);
  });

  it("matches the Kolmogorov distribution's tail: P(K > 1.36) = 0.05, P(K > 1.63) = 0.01", () => {
    const n = 10_000;
    expect(ksPValue(1.358 / Math.sqrt(n), n)).toBeCloseTo(0.05, 2);
    expect(ksPValue(1.628 / Math.sqrt(n), n)).toBeCloseTo(0.01, 2);
    expect(ksPValue(0, 10)).toBe(1);
  });

  it("rejects 5% of samples drawn from the model at the 5% level (binomial bounds)", () => {
    const rng = createStream(5, "ks");
    const trials = 400;
    let rejected = 0;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 50 }, () => -Math.log(1 - rng.next()) * 2);
      if (
        ksPValue(
          ksStatistic(sample, (x) => 1 - Math.exp(-x / 2)),
          50,
        ) < 0.05
      )
        rejected++;
    }
    // 4 standard deviations of Binomial(400, 0.05) around 20.
    const sd = Math.sqrt(trials * 0.05 * 0.95);
    expect(Math.abs(rejected - 0.05 * trials)).toBeLessThan(4 * sd);
  });

  it("rejects a sample from another distribution", () => {
    const rng = createStream(6, "ks");
    const uniform = Array.from({ length: 500 }, () => rng.next());
    const d = ksStatistic(uniform, (x) => 1 - Math.exp(-x / 0.5));
    expect(ksPValue(d, 500)).toBeLessThan(1e-6);
  });
});
