import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, type Report, simulate } from "../../../src/index.js";

const expo = (mean: number) => ({ dist: "exponential", mean });
const withoutWall = (r: Report) => JSON.stringify({ ...r, wallSeconds: 0 });

const checkout = {
  name: "checkout",
  seed: 11,
  duration: 200,
  warmup: 20,
  workload: { rate: 20 },
  gateway: { instances: 2, latency: "2ms" },
  services: {
    user: { instances: 2, concurrency: 2, latency: expo(0.01), failure: 0.01 },
    order: { instances: 2, concurrency: 4, latency: expo(0.03), failure: 0.01 },
    payment: { instances: 2, concurrency: 4, latency: expo(0.1), failure: 0.05 },
    inventory: { concurrency: 4, latency: expo(0.01) },
    shipping: { concurrency: 4, latency: expo(0.02), failure: 0.01 },
  },
  flows: { checkout: ["user", { order: ["payment", { parallel: ["inventory", "shipping"] }] }] },
};

describe("simulate", () => {
  it("gives the same report, byte for byte, for the same scenario and seed", () => {
    const s = parseScenario(checkout);
    const a = simulate(s);
    const b = simulate(s);
    expect(withoutWall(a)).toBe(withoutWall(b));
    expect(withoutWall(simulate(s, { seed: 12 }))).not.toBe(withoutWall(a));
    expect(a.seed).toBe(11);
  });

  it("ends a flow at its first failed call and blames that service", () => {
    const s = parseScenario({
      ...checkout,
      warmup: 0, // so every call counted as failed also arrived in the measured period
      services: { ...checkout.services, payment: { ...checkout.services.payment, failure: 1 } },
    });
    const r = simulate(s);
    expect(r.services.payment!.failed).toBe(
      r.services.payment!.arrivals - r.services.payment!.inFlight,
    );
    expect(r.services.inventory!.arrivals).toBe(0);
    expect(r.services.shipping!.arrivals).toBe(0);
    const flow = r.flows.checkout!;
    expect(flow.succeeded).toBe(0);
    expect(Object.keys(flow.failedBy)).toEqual(expect.arrayContaining(["payment"]));
    expect(Object.values(flow.failedBy).reduce((a, b) => a + b, 0)).toBe(flow.failed);
  });

  it("keeps a blocking caller's worker for its downstream calls; a non-blocking one frees it", () => {
    const make = (blocking: boolean) =>
      parseScenario({
        duration: 1000,
        warmup: 10,
        workload: { rate: 0.5 },
        services: {
          front: { concurrency: 4, latency: 0.1, blocking },
          back: { concurrency: 4, latency: 1 },
        },
        flows: { f: [{ front: ["back"] }] },
      });
    const blocking = simulate(make(true));
    const free = simulate(make(false));
    // Constant times and enough workers: no waiting, so the sojourns are exact.
    expect(blocking.services.front!.latency.mean).toBeCloseTo(1.1, 9);
    expect(free.services.front!.latency.mean).toBeCloseTo(0.1, 9);
    expect(blocking.flows.f!.latency.mean).toBeCloseTo(1.1, 9);
    expect(free.flows.f!.latency.mean).toBeCloseTo(1.1, 9);
    // Utilization = λ·hold / c: 0.5 · 1.1 / 4 versus 0.5 · 0.1 / 4, up to arrival noise.
    expect(blocking.services.front!.utilization).toBeCloseTo(0.1375, 1);
    expect(free.services.front!.utilization).toBeCloseTo(0.0125, 2);
  });

  it("takes parallel branches as their slowest one", () => {
    const r = simulate(
      parseScenario({
        duration: 100,
        warmup: 1,
        workload: { rate: 1 },
        services: {
          a: { concurrency: 8, latency: 0.2 },
          b: { concurrency: 8, latency: 0.5 },
          c: { concurrency: 8, latency: 0.1 },
        },
        flows: { f: [{ parallel: ["a", ["b", "c"]] }] },
      }),
    );
    expect(r.flows.f!.latency.mean).toBeCloseTo(0.6, 9);
    // Analytically M/D/8 predicts a vanishing (1e-9 s) wait on top.
    expect(r.analytic.flows.f!.latency.mean).toBeCloseTo(0.6, 6);
  });

  it("passes every request through the gateway and adds its latency", () => {
    const r = simulate(parseScenario(checkout));
    expect(r.gateway).not.toBeNull();
    expect(r.gateway!.arrivals).toBe(r.totals.started);
    expect(r.gateway!.latency.mean).toBeCloseTo(0.002, 9);
  });

  it("closed workload: N users with exponential think match the finite-source M/M/1//N", () => {
    // Machine-repairman: p_n ∝ N!/(N-n)! (λ/μ)^n with λ = 1/Z; throughput X = μ(1 - p0).
    const N = 5;
    const Z = 4;
    const mu = 1;
    const terms = Array.from({ length: N + 1 }, (_, n) => {
      let t = 1;
      for (let k = 0; k < n; k++) t *= ((N - k) * (1 / Z)) / mu;
      return t;
    });
    const p0 = 1 / terms.reduce((a, b) => a + b, 0);
    const X = mu * (1 - p0);
    const r = simulate(
      parseScenario({
        duration: 20_000,
        warmup: 200,
        workload: { users: N, think: expo(Z) },
        services: { s: { latency: expo(1 / mu) } },
        flows: { f: ["s"] },
      }),
      { replications: 10 },
    );
    const sim = r.flows.f!.throughput;
    const ci = r.flows.f!.ci!.throughput!;
    expect(Math.abs(sim - X)).toBeLessThan(ci.high - ci.low); // within 2 × the 95% half-width
    expect(r.analytic.flows.f!.throughput).toBeCloseTo(X, 3);
  });

  it("profile workload: each piece runs at its own rate, and the timeline shows the step", () => {
    const r = simulate(
      parseScenario({
        duration: 200,
        warmup: 0,
        workload: {
          profile: [
            { at: 0, rate: 50 },
            { at: 100, rate: 200 },
          ],
        },
        services: { s: { concurrency: 64, latency: 0.001 } },
        flows: { f: ["s"] },
        timeline: { window: 10 },
      }),
    );
    const windows = r.timeline.windows;
    expect(windows).toHaveLength(20);
    const before = windows.slice(0, 10).reduce((a, w) => a + w.services.s!.throughput, 0) / 10;
    const after = windows.slice(10).reduce((a, w) => a + w.services.s!.throughput, 0) / 10;
    // 5000 and 20000 arrivals: Poisson counts, 4 SE is about 6% and 3%.
    expect(before).toBeGreaterThan(50 * 0.94);
    expect(before).toBeLessThan(50 * 1.06);
    expect(after).toBeGreaterThan(200 * 0.97);
    expect(after).toBeLessThan(200 * 1.03);
    expect(r.analytic.services.s!.lambda).toBeCloseTo(125, 9);
  });

  it("timeline windows tile the measured period, the last one cut short, and their counts add up", () => {
    const r = simulate(
      parseScenario({
        duration: 25,
        warmup: 5,
        workload: { rate: 40 },
        services: { s: { latency: { dist: "exponential", mean: 0.01 } } },
        flows: { f: ["s"] },
        timeline: { window: 10 },
      }),
    );
    const windows = r.timeline.windows;
    expect(windows.map((w) => w.time)).toEqual([10, 20, 25]);
    const spans = [10, 10, 5];
    const completed = windows.reduce((a, w, i) => a + w.services.s!.throughput * spans[i]!, 0);
    expect(completed).toBeCloseTo(r.services.s!.completed, 6);
    expect(windows.every((w) => w.services.s!.p99 > 0)).toBe(true);
  });

  it("weighted balancing splits exactly by weight", () => {
    const r = simulate(
      parseScenario({
        duration: 100,
        warmup: 0,
        workload: { rate: 60 },
        services: {
          s: {
            instances: 3,
            concurrency: 8,
            latency: 0.01,
            balancer: "weighted",
            weights: [1, 2, 3],
          },
        },
        flows: { f: ["s"] },
      }),
    );
    const [a, b, c] = r.services.s!.instances.map((i) => i.requests);
    const total = a! + b! + c!;
    expect(Math.abs(a! - total / 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(b! - total / 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(c! - total / 2)).toBeLessThanOrEqual(1);
  });

  it("least-outstanding and p2c beat random on waiting time", () => {
    const run = (balancer: string) =>
      simulate(
        parseScenario({
          duration: 2000,
          warmup: 100,
          workload: { rate: 3.6 },
          services: { s: { instances: 4, balancer, latency: expo(1) } },
          flows: { f: ["s"] },
        }),
      ).services.s!.wait.mean;
    const random = run("random");
    expect(run("least-outstanding")).toBeLessThan(0.6 * random);
    expect(run("p2c")).toBeLessThan(0.8 * random);
  });

  it("bounds an unstable scenario and says so", () => {
    const r = simulate(
      parseScenario({
        duration: 10_000,
        warmup: 0,
        workload: { rate: 100 },
        services: { s: { latency: 0.02 } },
        flows: { f: ["s"] },
      }),
      { maxInFlight: 10_000 },
    );
    expect(r.stopReason).toBe("maxInFlight");
    expect(r.analytic.unstable).toEqual(["s"]);
    expect(r.analytic.services.s!.utilization).toBeCloseTo(2, 12);
    expect(r.warnings.join("\n")).toMatch(/s is unstable: offered utilization 2.00 >= 1/);
    expect(r.warnings.join("\n")).toMatch(/maxInFlight/);
    const capped = simulate(
      parseScenario({
        duration: 100,
        workload: { rate: 10 },
        services: { s: { latency: 0.01 } },
        flows: { f: ["s"] },
      }),
      { maxEvents: 500 },
    );
    expect(capped.stopReason).toBe("maxEvents");
    expect(capped.events).toBe(500);
  });

  it("gives each figure a 95% interval with replications, in the same shape", () => {
    const r = simulate(parseScenario(checkout), { replications: 4 });
    expect(r.replications).toBe(4);
    const ci = r.services.payment!.ci!;
    expect(ci.latency!.p99!.low).toBeLessThanOrEqual(r.services.payment!.latency.p99);
    expect(ci.latency!.p99!.high).toBeGreaterThanOrEqual(r.services.payment!.latency.p99);
    expect(r.flows.checkout!.ci!.successRate!.low).toBeLessThan(r.flows.checkout!.successRate);
    expect(typeof r.totals.throughput).toBe("number");
    expect(r.totals.ci!.throughput).toBeDefined();
    // Replication 0 of a 4-replication run is not the single run: seeds are derived.
    expect(withoutWall(simulate(parseScenario(checkout), { replications: 4 }))).toBe(
      withoutWall(r),
    );
  });

  it("takes the replication count from the scenario unless the options say otherwise", () => {
    const s = parseScenario({ ...checkout, replications: 3 });
    expect(simulate(s).replications).toBe(3);
    expect(simulate(s).services.payment!.ci).toBeDefined();
    expect(simulate(s, { replications: 1 }).replications).toBe(1);
    expect(simulate(s, { replications: 1 }).services.payment!.ci).toBeUndefined();
  });

  it("reports progress from 0 to 1", () => {
    const seen: number[] = [];
    simulate(parseScenario(checkout), { onProgress: (f) => seen.push(f), replications: 2 });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it("leaves other services' draws unchanged when one service changes (common random numbers)", () => {
    const base = parseScenario({
      duration: 100,
      warmup: 0,
      workload: { rate: 1, mix: { a: 0.5, b: 0.5 } },
      services: {
        x: { concurrency: 100, latency: expo(0.3) },
        y: { concurrency: 100, latency: expo(0.2) },
      },
      flows: { a: ["x"], b: ["y"] },
    });
    const variant = {
      ...base,
      services: {
        ...base.services,
        y: { ...base.services.y!, latency: { dist: "exponential" as const, mean: 0.9 } },
      },
    };
    const r1 = simulate(base);
    const r2 = simulate(variant);
    // x never queues (100 workers), so with its own streams untouched its figures are identical.
    expect(r2.services.x).toEqual(r1.services.x);
    expect(r2.services.y!.latency.mean).toBeGreaterThan(r1.services.y!.latency.mean * 2);
  });
});

describe("properties", () => {
  const scenarioArb = fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    rate: fc.double({ min: 0.5, max: 20, noNaN: true }),
    instances: fc.integer({ min: 1, max: 4 }),
    concurrency: fc.integer({ min: 1, max: 4 }),
    queue: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    mean: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    failure: fc.double({ min: 0, max: 0.3, noNaN: true }),
    blocking: fc.boolean(),
    balancer: fc.constantFrom("round-robin", "random", "least-outstanding", "p2c"),
  });

  it("conserves calls: arrivals = completed + failed + rejected + in flight, and utilization lies in [0, 1]", () => {
    fc.assert(
      fc.property(scenarioArb, (p) => {
        const r = simulate(
          parseScenario({
            seed: p.seed,
            duration: 30,
            warmup: 0,
            workload: { rate: p.rate },
            services: {
              a: {
                instances: p.instances,
                concurrency: p.concurrency,
                queue: p.queue,
                latency: expo(p.mean),
                failure: p.failure,
                blocking: p.blocking,
                balancer: p.balancer,
              },
              b: {
                concurrency: p.concurrency,
                queue: p.queue,
                latency: expo(p.mean),
                failure: p.failure,
              },
            },
            flows: { f: [{ a: ["b", { parallel: ["b", "b"] }] }] },
          }),
        );
        for (const s of Object.values(r.services)) {
          expect(s.arrivals).toBe(s.completed + s.failed + s.rejected + s.inFlight);
          expect(s.utilization).toBeGreaterThanOrEqual(0);
          expect(s.utilization).toBeLessThanOrEqual(1 + 1e-9);
          for (const i of s.instances) expect(i.utilization).toBeLessThanOrEqual(1 + 1e-9);
        }
        const f = r.flows.f!;
        expect(f.started).toBeGreaterThanOrEqual(f.succeeded + f.failed);
      }),
      { numRuns: 40 },
    );
  });
});
