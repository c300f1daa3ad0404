import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tailQuantile, waitThenServeTail } from "../../src/metrics/mmcSojournQuantile.js";

/** The quantile by plain bisection, as meshsim found it before: the reference. */
function bisected(tail: (t: number) => number, p: number, scale: number): number {
  const target = 1 - p;
  let low = 0;
  let high = scale;
  while (tail(high) > target) high *= 2;
  for (let i = 0; i < 400 && high - low > 1e-13 * high; i++) {
    const mid = (low + high) / 2;
    if (tail(mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

const p = fc.double({ min: 0.01, max: 0.9999, noNaN: true });
const positive = fc.double({ min: 1e-4, max: 1e4, noNaN: true });

describe("tailQuantile", () => {
  it("inverts an exponential tail: -ln(1 - p)/rate within 1e-12", () => {
    fc.assert(
      fc.property(p, positive, positive, (q, rate, scale) => {
        const t = tailQuantile((x) => Math.exp(-rate * x), q, scale);
        const exact = -Math.log1p(-q) / rate;
        expect(Math.abs(t - exact)).toBeLessThanOrEqual(1e-12 * exact + 1e-15);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it("finds bisection's quantile of a wait-then-serve sojourn and of a join of two, within 1e-12", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        positive,
        positive,
        p,
        fc.boolean(),
        (C, theta, mu, q, join) => {
          const one = waitThenServeTail(C, theta, mu);
          const tail = join ? (t: number) => 1 - (1 - one(t)) * (1 - one(t * 1.5)) : one;
          const scale = 1 / Math.min(mu, theta);
          const t = tailQuantile(tail, q, scale);
          const reference = bisected(tail, q, scale);
          expect(Math.abs(t - reference)).toBeLessThanOrEqual(1e-12 * reference);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });

  it("finds the step of a tail with steps (a constant time, an atom at zero)", () => {
    // A constant 0.25 s: P(T > t) is 1 before it and 0 after.
    const step = tailQuantile((t) => (t < 0.25 ? 1 : 0), 0.99, 1);
    expect(Math.abs(step - 0.25)).toBeLessThanOrEqual(1e-12);
    // Two steps: 0.1 s with probability 0.995, 2 s otherwise; the p99 is the first.
    const two = tailQuantile((t) => (t < 0.1 ? 1 : t < 2 ? 0.005 : 0), 0.99, 0.5);
    expect(Math.abs(two - 0.1)).toBeLessThanOrEqual(1e-12);
    // An atom of 0.7 at zero: P(T > 0) = 0.3 is below 1 - p, so the quantile is 0.
    expect(tailQuantile((t) => 0.3 * Math.exp(-t), 0.6, 1)).toBeLessThanOrEqual(1e-12);
  });
});
