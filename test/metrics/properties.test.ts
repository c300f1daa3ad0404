import fc from "fast-check";
import { describe, it } from "vitest";
import {
  erlangC,
  jainFairness,
  littlesLaw,
  loadBalancingEfficiency,
  mg1,
  mgc,
  mm1,
  mmc,
  mmck,
  parallelReliability,
  seriesReliability,
} from "../../src/index.js";

const load = fc.double({ min: 0.001, max: 1e6, noNaN: true });
const loads = fc.array(load, { minLength: 1, maxLength: 20 });
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const close = (a: number, b: number, rel = 1e-9) =>
  Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe("load-balancing efficiency", () => {
  it("is 1 when every load is equal", () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 1, max: 50 }), (x, n) =>
        close(loadBalancingEfficiency(Array(n).fill(x)), 1),
      ),
    );
  });
  it("is unchanged by permuting the loads", () => {
    fc.assert(
      fc.property(
        loads.chain((ls) =>
          fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length })),
        ),
        ([ls, shuffled]) => close(loadBalancingEfficiency(ls), loadBalancingEfficiency(shuffled)),
      ),
    );
  });
  it("is unchanged by scaling the loads", () => {
    fc.assert(
      fc.property(loads, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (ls, k) =>
        close(loadBalancingEfficiency(ls), loadBalancingEfficiency(ls.map((x) => x * k)), 1e-7),
      ),
    );
  });
  it("never exceeds 1", () => {
    fc.assert(fc.property(loads, (ls) => loadBalancingEfficiency(ls) <= 1 + 1e-12));
  });
});

describe("Jain's fairness index", () => {
  it("lies in [1/n, 1]", () => {
    fc.assert(
      fc.property(loads, (ls) => {
        const j = jainFairness(ls);
        return j >= 1 / ls.length - 1e-12 && j <= 1;
      }),
    );
  });
});

describe("reliability", () => {
  it("in series never exceeds its weakest part", () => {
    fc.assert(
      fc.property(
        fc.array(probability, { minLength: 1, maxLength: 12 }),
        (rs) => seriesReliability(rs) <= Math.min(...rs) + 1e-15,
      ),
    );
  });
  it("in parallel never falls below its strongest part", () => {
    fc.assert(
      fc.property(
        fc.array(probability, { minLength: 1, maxLength: 12 }),
        (rs) => parallelReliability(rs) >= Math.max(...rs) - 1e-15,
      ),
    );
  });
});

describe("Erlang C", () => {
  const stable = fc
    .tuple(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }))
    .map(([c, rho]) => ({ c, a: c * rho }));
  it("lies in [0, 1]", () => {
    fc.assert(
      fc.property(stable, ({ c, a }) => {
        const p = erlangC(c, a);
        return p >= 0 && p <= 1;
      }),
    );
  });
  it("falls as servers are added", () => {
    fc.assert(
      fc.property(
        stable,
        fc.integer({ min: 1, max: 20 }),
        ({ c, a }, extra) => erlangC(c + extra, a) <= erlangC(c, a) + 1e-15,
      ),
    );
  });
});

describe("queueing models agree where they overlap", () => {
  const rates = fc
    .tuple(
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      fc.double({ min: 0.01, max: 0.97, noNaN: true }),
    )
    .map(([mu, rho]) => ({ mu, lambda: mu * rho }));
  it("M/M/c with c = 1 equals M/M/1", () => {
    fc.assert(
      fc.property(rates, ({ lambda, mu }) => {
        const a = mm1({ lambda, mu });
        const b = mmc({ lambda, mu, servers: 1 });
        return close(a.W, b.W) && close(a.L, b.L) && close(a.Wq, b.Wq) && close(a.Lq, b.Lq);
      }),
    );
  });
  it("M/G/1 with scv = 1 equals M/M/1, and M/G/c with c = 1 equals M/G/1", () => {
    fc.assert(
      fc.property(rates, fc.double({ min: 0, max: 10, noNaN: true }), ({ lambda, mu }, scv) => {
        const expo = mg1({ lambda, meanService: 1 / mu, scv: 1 });
        const general = mg1({ lambda, meanService: 1 / mu, scv });
        const multi = mgc({ lambda, meanService: 1 / mu, servers: 1, scv });
        return close(expo.W, mm1({ lambda, mu }).W) && close(general.W, multi.W, 1e-8);
      }),
    );
  });
  it("M/M/c/K tends to M/M/c as K grows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (c, rho) => {
          const lambda = c * rho;
          const finite = mmck({ lambda, mu: 1, servers: c, capacity: c + 1500 });
          const infinite = mmc({ lambda, mu: 1, servers: c });
          return close(finite.W, infinite.W, 1e-6) && finite.blocking! < 1e-12;
        },
      ),
    );
  });
  it("M/M/c/K blocking grows with the load and falls with the capacity", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (c, room, rho) => {
          const base = mmck({ lambda: rho * c, mu: 1, servers: c, capacity: c + room });
          const heavier = mmck({ lambda: rho * c * 1.1, mu: 1, servers: c, capacity: c + room });
          const bigger = mmck({ lambda: rho * c, mu: 1, servers: c, capacity: c + room + 1 });
          // Relative slack: under heavy overload one more place changes blocking by < 1e-15.
          const b = base.blocking!;
          return heavier.blocking! >= b * (1 - 1e-12) && bigger.blocking! <= b * (1 + 1e-12);
        },
      ),
    );
  });
  it("every queue satisfies Little's Law: L = λW and Lq = λWq on the accepted rate", () => {
    fc.assert(
      fc.property(rates, fc.integer({ min: 1, max: 8 }), ({ lambda, mu }, c) => {
        const q = mmc({ lambda: lambda * c, mu, servers: c });
        return close(q.L, q.throughput * q.W) && close(q.Lq, q.throughput * q.Wq);
      }),
    );
  });
});

describe("Little's Law", () => {
  it("round-trips: solving for each of the three from the other two gives it back", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        (lambda, W) => {
          const { L } = littlesLaw({ lambda, W });
          return (
            close(littlesLaw({ L, W }).lambda, lambda) && close(littlesLaw({ L, lambda }).W, W)
          );
        },
      ),
    );
  });
});
