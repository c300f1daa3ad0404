import { describe, expect, it } from "vitest";
import {
  availability,
  bottleneckThroughput,
  erlangB,
  erlangC,
  jacksonNetwork,
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
  utilizationLaw,
} from "../../src/index.js";

describe("the worked examples of the README", () => {
  it("efficiency of [100, 110, 90] is 0.8", () => {
    expect(loadBalancingEfficiency([100, 110, 90])).toBeCloseTo(0.8, 12);
  });
  it("efficiency of [300, 0, 0] is -2 (worse than no balancing)", () => {
    expect(loadBalancingEfficiency([300, 0, 0])).toBeCloseTo(-2, 12);
  });
  it("L for λ = 100/s and W = 0.5 s is 50", () => {
    expect(littlesLaw({ lambda: 100, W: 0.5 })).toEqual({ L: 50, lambda: 100, W: 0.5 });
  });
  it("series reliability of the five services is 0.98508 (0.985 rounded)", () => {
    const r = seriesReliability([0.999, 0.998, 0.997, 0.996, 0.995]);
    expect(r).toBeCloseTo(0.98508, 5);
    expect(Number(r.toFixed(3))).toBe(0.985);
  });
});

describe("the other formulas, by hand", () => {
  it("Jain's index of [100, 110, 90] is 300² / (3·30200)", () => {
    expect(jainFairness([100, 110, 90])).toBeCloseTo(90000 / 90600, 12);
    expect(jainFairness([5, 0, 0, 0])).toBeCloseTo(0.25, 12);
  });
  it("Little's Law solves for λ and for W", () => {
    expect(littlesLaw({ L: 50, W: 0.5 }).lambda).toBe(100);
    expect(littlesLaw({ L: 50, lambda: 100 }).W).toBe(0.5);
  });
  it("parallel reliability of two 0.9 parts is 0.99", () => {
    expect(parallelReliability([0.9, 0.9])).toBeCloseTo(0.99, 12);
  });
  it("availability of MTBF 999 h, MTTR 1 h is 0.999", () => {
    expect(availability({ mtbf: 999, mttr: 1 })).toBeCloseTo(0.999, 12);
  });
  it("utilization law and bottleneck bound (Lazowska et al. §3.2, §5.2)", () => {
    expect(utilizationLaw({ throughput: 50, demand: 0.01 })).toBeCloseTo(0.5, 12);
    expect(
      bottleneckThroughput([
        { demand: 0.01, servers: 1 },
        { demand: 0.03, servers: 2 },
      ]),
    ).toBeCloseTo(200 / 3, 9);
  });
});

describe("queueing theory against textbook values", () => {
  it("Erlang B: B(2, 1) = 0.2 by hand; B(10, 5) = 0.018385 (standard Erlang B tables)", () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
  });
  it("Erlang C: C(2, 1) = 1/3 by hand; C(10, 8) = 0.4092 (standard Erlang C tables)", () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
  });
  it("M/M/1 with λ = 0.9, μ = 1: L = 9, Lq = 8.1, W = 10, Wq = 9 (Kleinrock I, §3.2)", () => {
    const q = mm1({ lambda: 0.9, mu: 1 });
    expect(q.utilization).toBeCloseTo(0.9, 12);
    expect(q.L).toBeCloseTo(9, 10);
    expect(q.Lq).toBeCloseTo(8.1, 10);
    expect(q.W).toBeCloseTo(10, 10);
    expect(q.Wq).toBeCloseTo(9, 10);
  });
  it("M/M/2 with λ = μ = 1: P(wait) = 1/3, Lq = 1/3, W = 4/3 (by hand: p0 = 1/3)", () => {
    const q = mmc({ lambda: 1, mu: 1, servers: 2 });
    expect(q.probWait).toBeCloseTo(1 / 3, 12);
    expect(q.Lq).toBeCloseTo(1 / 3, 12);
    expect(q.W).toBeCloseTo(4 / 3, 12);
    expect(q.L).toBeCloseTo(4 / 3, 12);
  });
  it("M/M/1/3 with λ = 1, μ = 2: p0 = 8/15, blocking = 1/15, L = 11/15 (Gross & Harris §2.5)", () => {
    const q = mmck({ lambda: 1, mu: 2, servers: 1, capacity: 3 });
    expect(q.blocking).toBeCloseTo(1 / 15, 12);
    expect(q.L).toBeCloseTo(11 / 15, 12);
    expect(q.throughput).toBeCloseTo(14 / 15, 12);
    expect(q.W).toBeCloseTo(11 / 15 / (14 / 15), 12);
  });
  it("M/M/1/4 at ρ = 1 has every state equally likely: blocking 1/5, L = 2", () => {
    const q = mmck({ lambda: 3, mu: 3, servers: 1, capacity: 4 });
    expect(q.blocking).toBeCloseTo(0.2, 12);
    expect(q.L).toBeCloseTo(2, 12);
  });
  it("M/M/c/c blocking equals Erlang B", () => {
    expect(mmck({ lambda: 5, mu: 1, servers: 10, capacity: 10 }).blocking).toBeCloseTo(
      erlangB(10, 5),
      12,
    );
  });
  it("M/M/c/K stays finite under overload (λ = 50μ, K = 500)", () => {
    const q = mmck({ lambda: 50, mu: 1, servers: 1, capacity: 500 });
    expect(q.blocking).toBeCloseTo(0.98, 6);
    expect(q.utilization).toBeCloseTo(1, 6);
  });
  it("M/D/1 with λ = 0.5, E[S] = 1: Wq = 0.5, L = 0.75 (Pollaczek-Khinchine)", () => {
    const q = mg1({ lambda: 0.5, meanService: 1, scv: 0 });
    expect(q.Wq).toBeCloseTo(0.5, 12);
    expect(q.L).toBeCloseTo(0.75, 12);
  });
  it("M/G/c (Allen-Cunneen) with deterministic service halves the M/M/c wait", () => {
    expect(mgc({ lambda: 1, meanService: 1, servers: 2, scv: 0 }).Wq).toBeCloseTo(1 / 6, 12);
  });
  it("Jackson tandem of two M/M/1 (λ = 1, μ = 2): response time 1 + 1 = 2", () => {
    const n = jacksonNetwork({
      arrivals: [1, 0],
      routing: [
        [0, 1],
        [0, 0],
      ],
      mu: [2, 2],
      servers: [1, 1],
    });
    expect(n.throughput).toEqual([1, 1]);
    expect(n.meanResponseTime).toBeCloseTo(2, 12);
    expect(n.totalL).toBeCloseTo(2, 12);
  });
  it("Jackson node with feedback 1/2 (γ = 1, μ = 4): λ = 2, L = 1, response time 1", () => {
    const n = jacksonNetwork({ arrivals: [1], routing: [[0.5]], mu: [4], servers: [1] });
    expect(n.throughput[0]).toBeCloseTo(2, 12);
    expect(n.L[0]).toBeCloseTo(1, 12);
    expect(n.meanResponseTime).toBeCloseTo(1, 12);
  });
});

describe("invalid input is a RangeError naming the function and the argument", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["empty loads", () => loadBalancingEfficiency([]), /loadBalancingEfficiency: loads/],
    ["all-zero loads", () => loadBalancingEfficiency([0, 0]), /loadBalancingEfficiency: loads/],
    ["negative load", () => jainFairness([1, -1]), /jainFairness: loads\[1\]/],
    ["one of Little's three", () => littlesLaw({ L: 1 }), /littlesLaw: give exactly two/],
    ["all of Little's three", () => littlesLaw({ L: 1, lambda: 1, W: 1 }), /exactly two/],
    [
      "probability 1.5",
      () => seriesReliability([0.9, 1.5]),
      /seriesReliability: reliabilities\[1\]/,
    ],
    ["NaN reliability", () => parallelReliability([Number.NaN]), /parallelReliability/],
    ["mtbf 0", () => availability({ mtbf: 0, mttr: 1 }), /availability: mtbf/],
    ["servers 1.5", () => erlangC(1.5, 1), /erlangC: servers/],
    ["unstable Erlang C", () => erlangC(2, 2), /erlangC: unstable/],
    ["negative lambda", () => mm1({ lambda: -1, mu: 1 }), /mm1: lambda/],
    ["unstable M/M/1", () => mm1({ lambda: 1, mu: 1 }), /mm1: unstable/],
    ["unstable M/M/c", () => mmc({ lambda: 3, mu: 1, servers: 2 }), /mmc: unstable/],
    ["K below c", () => mmck({ lambda: 1, mu: 1, servers: 3, capacity: 2 }), /mmck: capacity/],
    ["negative scv", () => mg1({ lambda: 1, meanService: 0.5, scv: -1 }), /mg1: scv/],
    [
      "routing row above 1",
      () => jacksonNetwork({ arrivals: [1], routing: [[1.2]], mu: [2], servers: [1] }),
      /jacksonNetwork: routing\[0\]/,
    ],
    [
      "closed loop",
      () => jacksonNetwork({ arrivals: [1], routing: [[1]], mu: [2], servers: [1] }),
      /jacksonNetwork: routing lets customers circulate/,
    ],
    [
      "unstable node",
      () =>
        jacksonNetwork({
          arrivals: [1, 0],
          routing: [
            [0, 1],
            [0, 0],
          ],
          mu: [2, 0.5],
          servers: [1, 1],
        }),
      /jacksonNetwork: node 1 is unstable/,
    ],
  ];
  it.each(cases)("%s", (_name, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});
