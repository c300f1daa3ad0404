import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze, parseScenario } from "../../src/index.js";
import { cheHitRatio, zipfPopularity } from "../../src/metrics/cache.js";
import { mmc } from "../../src/metrics/mmc.js";
import { expectWithin, scenario, simulate } from "./support.js";

/**
 * The data tier against theory: LRU caches against Che's approximation, a pool against the
 * M/M/c of its connections, network latency against its means, hash shards against the sum
 * of their keys' probabilities, and the data-tier example against Little's Law.
 */
const expo = (mean: number) => ({ dist: "exponential", mean });

describe("an LRU cache under Zipf popularity: Che's approximation within 2%", () => {
  // α 0.6..1.2, capacity 1%..20% of 10,000 keys.
  const grid = [0.6, 0.9, 1.2].flatMap((zipf) =>
    [100, 500, 2000].map((capacity) => [zipf, capacity] as const),
  );
  it.each(grid)("α %d, capacity %d of 10,000 keys", (zipf, capacity) => {
    const s = scenario({
      duration: 400,
      warmup: 200,
      replications: 4,
      workload: { rate: 500 },
      services: {
        api: {
          latency: { dist: "constant", value: 0.0001 },
          concurrency: 100,
          cache: { service: "kv", keys: 10_000, popularity: { zipf }, capacity },
        },
        kv: { latency: { dist: "constant", value: 0.0001 }, concurrency: 100 },
      },
      flows: { f: ["api"] },
    });
    const che = cheHitRatio(zipfPopularity(10_000, zipf), capacity).hitRatio;
    expect(analyze(s).caches!.api!.hitRatio).toBeCloseTo(che, 12);
    const r = simulate(s);
    const simulated = r.caches!.api!.hitRatio;
    expect(Math.abs(simulated - che) / che).toBeLessThan(0.02);
  });
});

describe("a pool of c connections in front of a callee with ample workers: the M/M/c wait", () => {
  it.each([
    [1, 8],
    [4, 30],
  ])("size %d at %d calls/s, holds exponential 100 ms", (size, rate) => {
    const s = scenario({
      duration: 5000,
      warmup: 100,
      replications: 6,
      workload: { rate },
      services: {
        app: { latency: { dist: "constant", value: 0.000001 }, concurrency: 1000 },
        db: { latency: expo(0.1), concurrency: 1000 },
      },
      flows: { f: [{ app: ["db"] }] },
      calls: { "app->db": { pool: { size, wait: "1h" } } },
    });
    const exact = mmc({ lambda: rate, mu: 10, servers: size }).Wq;
    expect(analyze(s).pools!["app->db"]!.wait).toBeCloseTo(exact, 9);
    const r = simulate(s);
    // The wait per call: the share that waited times their mean wait, as the pool reports it.
    const pool = r.pools!["app->db"]!;
    const perCall = pool.waitedShare * pool.meanWait;
    const flow = r.flows.f!;
    expectWithin(
      `pool ${size} W`,
      flow.latency.mean,
      flow.ci!.latency!.mean,
      exact + 0.1 + 0.000001,
      0.05,
    );
    expect(Math.abs(perCall - exact) / exact).toBeLessThan(0.1);
  });
});

describe("network latency: exactly its mean per hop, cross-zone only across zones", () => {
  const base = {
    duration: 2000,
    warmup: 50,
    replications: 4,
    workload: { rate: 5 },
    services: {
      a: { latency: expo(0.01), zones: ["z1", "z2"], instances: 2, balancer: "random" },
      b: { latency: expo(0.02), zone: "z1" },
    },
    flows: { f: [{ a: ["b"] }] },
  };
  it("adds 2 × (latency + P(cross) × crossZone) to every call made by a service", () => {
    const without = simulate(scenario(base));
    const s = scenario({ ...base, network: { latency: "1ms", crossZone: "3ms" } });
    const r = simulate(s);
    // a's two instances are in z1 and z2, b only in z1: half of a's calls cross.
    const net = r.network!["a->b"]!;
    expect(net.crossZoneShare).toBeCloseTo(0.5, 1);
    expect(net.perCall).toBeCloseTo(2 * (0.001 + net.crossZoneShare * 0.003), 12);
    // Same seeds, same service draws (the network has its own streams): the flow mean moves by
    // exactly the network time per request.
    expect(r.flows.f!.latency.mean - without.flows.f!.latency.mean).toBeCloseTo(net.perCall, 4);
    expect(
      analyze(s).flows.f!.latency.mean! - analyze(scenario(base)).flows.f!.latency.mean!,
    ).toBeCloseTo(2 * (0.001 + 0.5 * 0.003), 12);
    expect(r.network!["client->a"]).toBeUndefined(); // the client's call comes from outside
  });

  it("prefers the caller's zone when told, and then nothing crosses where it need not", () => {
    const s = scenario({
      ...base,
      services: { ...base.services, b: { latency: expo(0.02), zones: ["z1", "z2"], instances: 2 } },
      network: { latency: "1ms", crossZone: "3ms", sameZone: "prefer" },
    });
    const r = simulate(s);
    expect(r.network!["a->b"]!.crossZoneShare).toBe(0);
    expect(r.network!["a->b"]!.perCall).toBeCloseTo(0.002, 12);
  });
});

describe("hash sharding: per-shard load within its binomial tolerance of the keys' probabilities", () => {
  it.each([[null], [64]])("8 shards, 100,000 Zipf 1.0 keys, virtual nodes %s", (virtualNodes) => {
    const hash = {
      keys: 100_000,
      popularity: { zipf: 1 },
      ...(virtualNodes ? { virtualNodes } : {}),
    };
    const s = scenario({
      duration: 500,
      warmup: 10,
      workload: { rate: 200 },
      services: { db: { latency: expo(0.01), instances: 8, concurrency: 2, balancer: { hash } } },
      flows: { q: ["db"] },
    });
    const shares = analyze(s).services.db!.shares!;
    const r = simulate(s);
    const requests = r.services.db!.instances.map((i) => i.requests);
    const n = requests.reduce((a, b) => a + b, 0);
    requests.forEach((count, i) => {
      const p = shares[i]!;
      // Binomial(n, p): within 4 standard deviations.
      expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    });
    const hottest = analyze(s).services.db!.hottest!;
    expect(shares[hottest.instance - 1]).toBe(Math.max(...shares));
  });
});

describe("the e-commerce data-tier example", () => {
  const s = parseScenario(
    readFileSync(new URL("../../examples/ecommerce-data.yaml", import.meta.url), "utf8"),
  );
  const r = simulate(s);
  it("holds Little's Law at every station", () => {
    for (const [name, svc] of Object.entries(r.services))
      expect(svc.littlesLaw.relativeError, name).toBeLessThan(0.02);
  });
  it("takes the hit ratio's share of the catalog's reads off the database", () => {
    const cache = r.caches!["catalog-db"]!;
    const db = r.services["catalog-db"]!;
    // Every lookup that misses reaches the database: arrivals = lookups × (1 - hit ratio).
    expect(db.arrivals / cache.lookups).toBeCloseTo(1 - cache.hitRatio, 2);
    expect(Math.abs(cache.hitRatio - analyze(s).caches!["catalog-db"]!.hitRatio)).toBeLessThan(
      0.02,
    );
  });
});
