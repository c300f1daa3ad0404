import { describe, expect, it } from "vitest";
import { analyze, parseScenario } from "../../../src/index.js";

/** The offered load on each edge (analytic.edges), checked by hand. */
describe("analytic edge loads", () => {
  it("splits the rate by the mix, multiplies by attempts, and sums an edge over flows", () => {
    // 10/s: a (0.6) calls x, which calls y; b (0.4) calls y straight from the gateway.
    // x -> y retries once on failure (y fails 10%): 1 + 0.1 attempts per call.
    const a = analyze(
      parseScenario(`
workload: { rate: 10/s, mix: { a: 0.6, b: 0.4 } }
gateway: {}
services:
  x: { latency: 1ms }
  y: { latency: 1ms, failure: 0.1 }
flows:
  a: [{ x: [y] }]
  b: [y]
calls:
  "x->y": { retries: 1 }
`),
    );
    expect(a.edges["client->gateway"]).toBeCloseTo(10, 12);
    expect(a.edges["gateway->x"]).toBeCloseTo(6, 12);
    expect(a.edges["x->y"]).toBeCloseTo(6 * 1.1, 12);
    expect(a.edges["gateway->y"]).toBeCloseTo(4, 12);
    // Busiest first.
    expect(Object.keys(a.edges)).toEqual(["client->gateway", "x->y", "gateway->x", "gateway->y"]);
  });

  it("names cache lookups, publishes and consumed messages", () => {
    const a = analyze(
      parseScenario(`
workload: { rate: 20/s }
services:
  api: { latency: 1ms, cache: { service: redis, hitRatio: 0.75 } }
  redis: { latency: 0.1ms }
  db: { latency: 2ms }
  mailer: { latency: 1ms }
topics:
  sent: { partitions: 2 }
flows:
  main: [{ api: [db, { publish: sent }] }]
consumers:
  sent: [mailer]
`),
    );
    expect(a.edges["client->redis"]).toBeCloseTo(20, 12);
    // Only the misses reach api and its calls.
    expect(a.edges["client->api"]).toBeCloseTo(5, 12);
    expect(a.edges["api->db"]).toBeCloseTo(5, 12);
    expect(a.edges["api->sent"]).toBeCloseTo(5, 12);
    expect(a.edges["sent->mailer"]).toBeCloseTo(5, 12);
  });
});
