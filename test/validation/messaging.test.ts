import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index.js";
import { mmc } from "../../src/metrics/mmc.js";
import { expectWithin, scenario, simulate } from "./support.js";

/**
 * Topics and consumer groups against theory: a publish costs only the broker's
 * acknowledgement; a group is an M/M/c of c = min(partitions, instances × concurrency), its
 * backlog λ·Wq by Little's Law; async completion is the flow's latency plus the message age.
 */
const expo = (mean: number) => ({ dist: "exponential", mean });
const group = (partitions: number, instances: number, concurrency = 1) =>
  scenario({
    duration: 8000,
    warmup: 200,
    replications: 6,
    workload: { rate: 20 },
    topics: { orders: { partitions, broker: { latency: "2ms" } } },
    services: {
      api: { latency: expo(0.01), concurrency: 8 },
      ship: { latency: expo(0.1), instances, concurrency },
    },
    flows: { f: [{ api: [{ publish: "orders" }] }] },
    consumers: { orders: ["ship"] },
  });

describe("a publish adds only the broker's acknowledgement", () => {
  it("the flow's mean is the caller's own time plus the ack's mean, exactly in theory", () => {
    const s = group(3, 6);
    const a = analyze(s);
    const api = a.services.api!;
    expect(a.flows.f!.latency.mean!).toBeCloseTo(api.W! + 0.002, 12);
    const r = simulate(s);
    expectWithin(
      "publish",
      r.flows.f!.latency.mean,
      r.flows.f!.ci!.latency!.mean,
      api.W! + 0.002,
      0.05,
    );
  });
});

describe("a consumer group at steady load: the M/M/c of c = min(partitions, instances × concurrency)", () => {
  it.each([
    [3, 6, 1, 3], // 3 partitions over 6 instances: 3 servers, not 6
    [6, 3, 1, 3], // 6 partitions over 3 single-worker instances: 3
    [6, 3, 2, 6], // ... of two workers each: 6
  ])("%d partitions, %d instances × %d: %d slots", (partitions, instances, concurrency, slots) => {
    const s = group(partitions, instances, concurrency);
    const exact = mmc({ lambda: 20, mu: 10, servers: slots });
    const g = analyze(s).topics!.orders!.groups.ship!;
    expect(g.slots).toBe(slots);
    expect(g.age!).toBeCloseTo(exact.W, 12);
    expect(g.backlog!).toBeCloseTo(exact.Lq, 12);
    const r = simulate(s);
    const sim = r.topics!.orders!.groups.ship!;
    expect(sim.slots).toBe(slots);
    expect(Math.abs(sim.age.mean - exact.W) / exact.W).toBeLessThan(0.04);
    expect(Math.abs(sim.backlog - exact.Lq) / exact.Lq).toBeLessThan(0.08);
    // Little's Law on the backlog, where there is one to speak of: waiting = λ × (age - hold).
    if (exact.Lq > 0.1)
      expect(
        Math.abs(sim.backlog - sim.consumeRate * (sim.age.mean - 0.1)) / sim.backlog,
      ).toBeLessThan(0.05);
  });
});

describe("async completion", () => {
  it("is the flow's latency plus the message's age when the publish is the last step", () => {
    const s = group(3, 6);
    const r = simulate(s);
    const f = r.flows.f!;
    const age = r.topics!.orders!.groups.ship!.age.mean;
    // Each request publishes once, at its end: its completion = its latency + that message's age.
    expect(f.asyncCompletion!.samples).toBeCloseTo(f.latency.samples, -1);
    expect(Math.abs(f.asyncCompletion!.mean - (f.latency.mean + age))).toBeLessThan(
      1e-3 * f.asyncCompletion!.mean,
    );
  });

  it("waits for the slowest group, transitively through consumers that publish", () => {
    const s = scenario({
      duration: 2000,
      warmup: 100,
      workload: { rate: 5 },
      topics: { a: { partitions: 2 }, b: { partitions: 2 } },
      services: {
        api: { latency: expo(0.01) },
        first: { latency: expo(0.05), instances: 2 },
        second: { latency: expo(0.05), instances: 2 },
      },
      flows: { f: [{ api: [{ publish: "a" }] }] },
      consumers: { a: [{ first: [{ publish: "b" }] }], b: ["second"] },
    });
    const r = simulate(s);
    const f = r.flows.f!;
    const ageA = r.topics!.a!.groups.first!.age.mean;
    const ageB = r.topics!.b!.groups.second!.age.mean;
    // The chain: the request, then first (which publishes b as its last step), then second.
    expect(f.asyncCompletion!.mean).toBeGreaterThan(f.latency.mean + ageA);
    expect(
      Math.abs(f.asyncCompletion!.mean - (f.latency.mean + ageA + ageB)) / f.asyncCompletion!.mean,
    ).toBeLessThan(0.01);
  });
});
