import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mva } from "../../src/metrics/mva.js";

/**
 * The finite-source queue M/M/1//N (the machine-repairman model, Gross and Harris §2.8):
 * N users think Exp(Z) then queue at one exponential server of mean S. With r = S/Z,
 * p0 = 1 / Σ_{n=0..N} N!/(N-n)!·rⁿ, and the throughput is X = (1 - p0)/S.
 */
function machineRepair(users: number, think: number, service: number): number {
  let term = 1;
  let total = 1;
  for (let n = 1; n <= users; n++) {
    term *= ((users - n + 1) * service) / think;
    total += term;
  }
  return (1 - 1 / total) / service;
}

describe("mva (mean value analysis)", () => {
  it("is exact for one single-server station: the machine-repairman throughput", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (users, think, service) => {
          const x = mva(users, think, [{ demand: service, servers: 1, copies: 1 }]).throughput;
          expect(x).toBeCloseTo(machineRepair(users, think, service), 9);
        },
      ),
    );
  });

  it("one user sees no queue: X = 1 / (Z + ΣD), and Little's Law holds at every station", () => {
    const r = mva(1, 2, [
      { demand: 0.5, servers: 1, copies: 1 },
      { demand: 0.25, servers: 2, copies: 2 },
    ]);
    expect(r.throughput).toBeCloseTo(1 / (2 + 0.5 + 0.25 * 2 * (1 / 2 + 1 / 2)), 12);
    const n = 20;
    const many = mva(n, 1, [{ demand: 0.1, servers: 1, copies: 1 }]);
    // N = X·(Z + R): every user is thinking or at the station.
    expect(many.throughput * (1 + many.responseTime)).toBeCloseTo(n, 9);
    expect(many.queue[0]!).toBeCloseTo(many.throughput * many.residence[0]!, 12);
  });

  it("names the argument it refuses", () => {
    expect(() => mva(0, 1, [])).toThrow(/mva: users/);
    expect(() => mva(1, -1, [])).toThrow(/mva: think/);
  });
});
