import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integratedAutocorrelationTime } from "../../src/metrics/autocorrelationTime.js";
import { createStream } from "../../src/sim/random.js";

/** An AR(1) series x' = φx + ε with standard normal ε, from a named seeded stream. */
function ar1(phi: number, n: number, seed: number): number[] {
  const r = createStream(seed, "ar1");
  const out: number[] = [];
  let x = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
    x = phi * x + e;
    out.push(x);
  }
  return out;
}

describe("integratedAutocorrelationTime", () => {
  it("is (1 + φ) / (1 - φ) for an AR(1) series", () => {
    for (const phi of [0.5, 0.8, 0.9]) {
      const exact = (1 + phi) / (1 - phi);
      // Sokal's estimate has a relative standard error of about sqrt(2(2M+1)/n), M ≈ 5τ.
      const n = 200_000;
      const tolerance = 4 * Math.sqrt((2 * (10 * exact + 1)) / n);
      const tau = integratedAutocorrelationTime(ar1(phi, n, 7));
      expect(Math.abs(tau - exact) / exact).toBeLessThan(tolerance);
    }
  });

  it("is 1 for independent draws, a constant series and a short one", () => {
    expect(integratedAutocorrelationTime(ar1(0, 50_000, 3))).toBeLessThan(1.1);
    expect(integratedAutocorrelationTime([2, 2, 2, 2, 2])).toBe(1);
    expect(integratedAutocorrelationTime([1, 5, 2])).toBe(1);
  });

  it("is at least 1 and finite for any series", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 200, size: "max" }),
        (xs) => {
          const tau = integratedAutocorrelationTime(xs);
          expect(tau).toBeGreaterThanOrEqual(1);
          expect(Number.isFinite(tau)).toBe(true);
        },
      ),
    );
  });
});
