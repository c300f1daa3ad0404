import { describe, expect, it } from "vitest";
import { analyze } from "../../src/index.js";
import { scenario, simulate } from "./support.js";

/**
 * The autoscaler against the HPA's own arithmetic: under a constant load it settles at
 * ceil(λ·S / (c·target)); after a step in load (on a decision tick) the first new instance
 * takes calls exactly `interval + provisioning` later; after a drop nothing leaves before the
 * scale-down stabilization window has passed. Instance-hours and SLO-breach time by hand.
 */
const expo = (mean: number) => ({ dist: "exponential", mean });
const api = (autoscale: object) => ({
  latency: expo(0.05),
  autoscale: { max: 10, target: 0.5, ...autoscale },
});
const log = (label: string, simulated: number, theory: number) => {
  if (process.env.MESHSIM_VALIDATION_LOG)
    console.log(`VALIDATION | ${label} | simulated ${simulated} | theory ${theory}`);
};

describe("under constant load the autoscaler settles at ceil(λ·S / (c·target))", () => {
  it.each([
    [34, 4], // λS = 1.7 busy workers at 0.5 each: ceil(3.4) = 4
    [66, 7], // λS = 3.3: ceil(6.6) = 7
  ])("%d/s of 50 ms calls, target 0.5: %d instances", (rate, settled) => {
    const s = scenario({
      duration: 3600,
      warmup: 0,
      timeline: { window: 60 },
      workload: { rate },
      services: { api: api({}) },
      flows: { f: ["api"] },
    });
    expect(analyze(s).autoscale!.api!.instances).toBe(settled);
    const r = simulate(s);
    // After the first 20 minutes (start-up and one scale-down window), the count holds.
    const late = r.timeline.windows.slice(20).map((w) => w.services.api!.instances!);
    log(`autoscale settles (${rate}/s)`, Math.max(...late), settled);
    expect(Math.min(...late)).toBe(settled);
    expect(Math.max(...late)).toBe(settled);
    expect(r.autoscale!.api!.instances.end).toBe(settled);
    expect(r.services.api!.utilization).toBeLessThan(1);
  });
});

describe("a step in load: the first new instance takes calls after interval + provisioning", () => {
  it.each([0, 30])("provisioning %d s", (provisioning) => {
    const s = scenario({
      duration: 1200,
      warmup: 0,
      timeline: { window: 1 },
      workload: {
        profile: [
          { at: 0, rate: 20 },
          { at: 600, rate: 60 },
        ],
      },
      services: { api: api({ provisioning: `${provisioning}s` }) },
      flows: { f: ["api"] },
    });
    const r = simulate(s);
    const windows = r.timeline.windows;
    const before = windows[599]!.services.api!.instances!;
    const first = windows.find((w) => w.time > 600 && w.services.api!.instances! > before + 1e-9);
    // The step is at a decision tick (600 = 40 × 15 s): the next decision, at 615 s, reads a
    // whole interval of the new load; the instance is ready `provisioning` later.
    const ready = 600 + 15 + provisioning;
    log(`first new instance after a step (provisioning ${provisioning} s)`, first!.time, ready);
    expect(first!.time).toBeGreaterThan(ready);
    expect(first!.time).toBeLessThanOrEqual(ready + 1);
    const up = r.autoscale!.api!.events.find((e) => e.time > 600)!;
    expect(up.time).toBe(615);
    expect(up.to).toBeGreaterThan(up.from);
  });
});

describe("a drop in load: scale-down waits for its stabilization window", () => {
  it.each([120, 300])("stabilization %d s", (window) => {
    const s = scenario({
      duration: 1500,
      warmup: 0,
      timeline: { window: 15 },
      workload: {
        profile: [
          { at: 0, rate: 60 },
          { at: 600, rate: 8 },
        ],
      },
      services: { api: api({ scaleDown: { stabilization: `${window}s` } }) },
      flows: { f: ["api"] },
    });
    const r = simulate(s);
    const events = r.autoscale!.api!.events;
    const downs = events.filter((e) => e.time > 600 && e.to < e.from);
    // The decision at 600 s read the high load; it stays in the window until 600 + window.
    log(`first scale-down after a drop (window ${window} s)`, downs[0]!.time, 600 + window);
    expect(downs[0]!.time).toBe(600 + window);
    expect(downs.every((e) => e.time >= 600 + window)).toBe(true);
    // λS = 0.4 at 0.5: ceil(0.8) = 1, reached one interval later.
    expect(downs.at(-1)!.to).toBe(1);
    expect(downs.at(-1)!.time).toBeLessThanOrEqual(600 + window + 15);
  });
});

describe("instance-hours, cost and SLO-breach time", () => {
  it("a fixed service: instances × hours × cost; objectives always or never met", () => {
    const s = scenario({
      duration: 1800,
      warmup: 60,
      timeline: { window: 60 },
      workload: { rate: 10 },
      services: { api: { instances: 3, cost: 0.25, latency: expo(0.01) } },
      flows: { f: ["api"] },
      slo: { flows: { f: { p99: "1us", p50: "10s" } }, services: { api: { maxUtilization: 0.9 } } },
    });
    const r = simulate(s);
    expect(r.cost!.services.api!.instanceHours).toBeCloseTo(3 * 0.5, 12);
    expect(r.cost!.total).toBeCloseTo(3 * 0.5 * 0.25, 12);
    expect(r.cost!.perHour).toBeCloseTo(0.75, 12);
    expect(r.breaches).toEqual({
      flows: { f: { p99: 1800, p50: 0 } },
      services: { api: { maxUtilization: 0 } },
    });
  });

  it("an autoscaled service: instance-hours are the time-integral of the instances paid for", () => {
    // No load to speak of: it stays at min = 2 for the whole run, 2 × 0.5 h.
    const s = scenario({
      duration: 1800,
      warmup: 0,
      workload: { rate: 0.01 },
      services: { api: { cost: 1, ...api({ min: 2 }) } },
      flows: { f: ["api"] },
    });
    const r = simulate(s);
    expect(r.autoscale!.api!.instanceHours).toBeCloseTo(1, 12);
    expect(r.cost!.total).toBeCloseTo(1, 12);
    expect(r.autoscale!.api!.scaleUps + r.autoscale!.api!.scaleDowns).toBe(0);
  });
});

describe("a consumer group scaled on lag (KEDA)", () => {
  const consumer = (partitions: number) =>
    scenario({
      duration: 1200,
      warmup: 0,
      workload: {
        profile: [
          { at: 0, rate: 5 },
          { at: 300, rate: 40 },
          { at: 900, rate: 5 },
        ],
      },
      topics: { orders: { partitions } },
      services: {
        api: { latency: "1ms", concurrency: 64 },
        ship: {
          latency: expo(0.1),
          autoscale: { max: 12, metric: "lag", target: 5, scaleDown: { stabilization: "60s" } },
        },
      },
      flows: { f: [{ api: [{ publish: "orders" }] }] },
      consumers: { orders: ["ship"] },
    });

  it("never runs more consumers than partitions, and loses no message in rebalances", () => {
    const r = simulate(consumer(6));
    const a = r.autoscale!.ship!;
    expect(a.instances.max).toBe(6);
    expect(a.scaleUps).toBeGreaterThan(0);
    expect(a.scaleDowns).toBeGreaterThan(0);
    const g = r.topics!.orders!.groups.ship!;
    const published = r.topics!.orders!.published;
    // Every message published is consumed, failed, dropped, still waiting or under way.
    const underWay = published - g.consumed - g.failed - g.expired - g.overflowed - g.lag;
    expect(underWay).toBeGreaterThanOrEqual(0);
    expect(underWay).toBeLessThanOrEqual(6);
  });

  it("serves the peak it could not serve with one consumer", () => {
    const r = simulate(consumer(12));
    // 40/s of 0.1 s messages need 4 busy consumers: the lag at the end is back near zero.
    expect(r.topics!.orders!.groups.ship!.lag).toBeLessThan(20);
    expect(r.autoscale!.ship!.instances.max).toBeGreaterThanOrEqual(5);
  });
});
