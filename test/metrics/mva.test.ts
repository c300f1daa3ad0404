import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closedSojournTail, mva } from "../../src/metrics/mva.js";

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

  it("gives what an arrival finds: the machine-repairman marginal with one user fewer", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (users, think, service) => {
          const found = mva(users, think, [{ demand: service, servers: 1, copies: 1 }], {
            arrivals: true,
          }).arrivalQueue![0]!;
          // p(j) ∝ (N-1)!/(N-1-j)! · (S/Z)^j over j = 0..N-1.
          const weights = [1];
          for (let j = 1; j < users; j++)
            weights.push((weights[j - 1]! * (users - j) * service) / think);
          const total = weights.reduce((a, b) => a + b, 0);
          expect(found).toHaveLength(users);
          for (const [j, p] of found.entries()) expect(p).toBeCloseTo(weights[j]! / total, 9);
        },
      ),
    );
  });

  it("the sojourn tail is the Erlang mixture over what an arrival finds", () => {
    // An empty copy: one exponential service; always one ahead: Erlang-2.
    expect(closedSojournTail([1], 2)(0.5)).toBeCloseTo(Math.exp(-1), 12);
    expect(closedSojournTail([0, 1], 2)(0.5)).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(closedSojournTail([0.5, 0.5], 1)(0)).toBe(1);
    // Its mean (∫ tail) is the MVA residence of a single station: (1 + E[J])·S.
    const r = mva(20, 1, [{ demand: 0.1, servers: 1, copies: 1 }], { arrivals: true });
    const tail = closedSojournTail(r.arrivalQueue![0]!, 10);
    let integral = 0;
    for (let t = 0; t < 10; t += 1e-4) integral += 1e-4 * (tail(t) + tail(t + 1e-4)) * 0.5;
    expect(integral).toBeCloseTo(r.residence[0]!, 4);
  });

  it("leaves out multi-server stations' marginals, and computes none unless asked", () => {
    const r = mva(5, 1, [{ demand: 0.1, servers: 2, copies: 1 }], { arrivals: true });
    expect(r.arrivalQueue).toEqual([null]);
    expect(mva(5, 1, [{ demand: 0.1, servers: 1, copies: 1 }]).arrivalQueue).toBeUndefined();
  });

  it("names the argument it refuses", () => {
    expect(() => mva(0, 1, [])).toThrow(/mva: users/);
    expect(() => mva(1, -1, [])).toThrow(/mva: think/);
  });
});
