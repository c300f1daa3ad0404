import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";
import { scenarioIssues } from "../../support/issues.js";

const base = {
  workload: { rate: 10 },
  services: {
    catalog: { latency: "5ms", zones: ["a", "b"], instances: 2 },
    db: { latency: "2ms", zone: "a" },
    redis: { latency: "0.3ms" },
  },
  flows: { browse: [{ catalog: ["db"] }] },
};
const messages = scenarioIssues;

describe("the data tier's keys", () => {
  it("read with their defaults", () => {
    const s = parseScenario({
      ...base,
      network: { latency: "1ms", crossZone: "2ms" },
      services: {
        ...base.services,
        db: { ...base.services.db, cache: { service: "redis", keys: 1000, capacity: 100 } },
      },
      calls: { "catalog->db": { pool: { size: 4 } } },
    });
    expect(s.network).toEqual({
      latency: { dist: "constant", value: 0.001 },
      crossZone: { dist: "constant", value: 0.002 },
      sameZone: "any",
      zones: [],
    });
    expect(s.links["catalog->db"]).toEqual({
      network: null,
      pool: { size: 4, per: "instance", wait: 1 },
    });
    // A calls entry with only a pool sets no policy.
    expect(s.calls).toEqual({});
    expect(s.services.db!.cache).toEqual({
      service: "redis",
      kind: "keys",
      keys: 1000,
      zipf: 0,
      capacity: 100,
      policy: "lru",
      ttl: null,
    });
    expect(s.services.catalog!.zones).toEqual(["a", "b"]);
    expect(s.services.db!.zones).toEqual(["a"]);
  });

  it("name the path of each bad value", () => {
    const bad = messages({
      ...base,
      network: { zones: ["a", "b", "c"] },
      services: {
        ...base.services,
        catalog: { ...base.services.catalog, cache: { service: "redis", hitRatio: 1.2 } },
        db: { ...base.services.db, cache: { service: "rediss", hitRatio: 0.5 } },
      },
      calls: { "catalog->db": { pool: { size: 0 } } },
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.catalog\.cache\.hitRatio: .*probability/),
        expect.stringMatching(/^calls\.catalog->db\.pool\.size: expected a positive integer/),
      ]),
    );
    const refs = messages({
      ...base,
      network: { zones: ["a", "b", "c"] },
      services: {
        ...base.services,
        db: { ...base.services.db, cache: { service: "rediss", hitRatio: 0.5 } },
      },
    });
    expect(refs).toEqual(
      expect.arrayContaining([
        'services.db.cache.service: unknown service "rediss" (did you mean "redis"?)',
        'network.zones.2: no service has an instance in zone "c"',
      ]),
    );
    expect(
      messages({
        ...base,
        services: { ...base.services, db: { latency: "1ms", zone: "a", zones: ["a"] } },
      }),
    ).toEqual(["services.db.zones: give zone or zones, not both"]);
    expect(
      messages({ ...base, network: { zones: ["a"] } }).some((m) =>
        m.startsWith('services.catalog.zones: unknown zone "b"'),
      ),
    ).toBe(true);
    expect(
      messages({
        ...base,
        services: {
          ...base.services,
          db: { latency: "1ms", cache: { service: "db", hitRatio: 0.5 } },
        },
      }),
    ).toEqual(["services.db.cache.service: a service cannot be its own cache"]);
    expect(
      messages({
        ...base,
        services: {
          ...base.services,
          db: { latency: "1ms", cache: { service: "redis", keys: 10 } },
        },
      }),
    ).toEqual([
      "services.db.cache.capacity: a key model needs a capacity (an lru cache) or a ttl (a ttl cache)",
    ]);
  });
});
