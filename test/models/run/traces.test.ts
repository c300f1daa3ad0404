import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  importTraces,
  parseScenario,
  type Scenario,
  type Span,
  simulate,
  simulateTraces,
  withDuration,
  writeOtlp,
} from "../../../src/index.js";
import { simulateReplication } from "../../../src/models/run/simulate.js";
import { World } from "../../../src/models/world/world.js";

const shop = withDuration(
  parseScenario(`
seed: 5
workload: { rate: 40/s, mix: { browse: 0.7, buy: 0.3 } }
services:
  front: { instances: 2, concurrency: 8, latency: { dist: exponential, mean: 2ms } }
  catalog: { instances: 2, concurrency: 4, latency: { dist: lognormal, p50: 6ms, p99: 30ms } }
  pay: { concurrency: 4, latency: { dist: exponential, mean: 20ms }, failure: 0.02 }
  stock: { concurrency: 4, latency: 5ms }
  mail: { concurrency: 4, latency: { dist: exponential, mean: 8ms } }
flows:
  browse: [{ front: [catalog] }]
  buy: [{ front: [pay, { parallel: [stock, mail] }] }]
`),
  120,
);

describe("simulateTraces: the simulated requests as spans", () => {
  const traced = simulateTraces(shop, { sample: 0.25 });

  it("traces the sample's share of the requests (binomial bounds), leaving the figures alone", () => {
    const world = new World(shop, shop.seed, {
      maxEvents: 1e8,
      maxInFlight: 1e6,
      traces: { sample: 0.25, maxSpans: 1e6 },
    });
    const withTraces = world.run();
    const without = simulateReplication(shop, shop.seed);
    expect(JSON.stringify(withTraces)).toBe(JSON.stringify(without));
    const requests = shop.workload.kind === "open" ? 40 * (shop.warmup + shop.duration) : 0;
    // Poisson arrivals thinned by the sample: the traced count is Poisson(0.25 λT).
    const sd = Math.sqrt(0.25 * requests);
    expect(Math.abs(traced.traces + traced.unfinished - 0.25 * requests)).toBeLessThan(4 * sd);
  });

  it("import back at the whole rate when told the sample's share", () => {
    const spans = [writeOtlp(traced.spans)];
    const rateOf = (sampled?: number) => {
      const w = importTraces(spans, undefined, { sampled }).scenario.workload;
      return w.kind === "open" ? w.rate : Number.NaN;
    };
    // The traced requests are Poisson(0.25 λT): their rate, divided by 0.25, within 4 SE of λ.
    const T = shop.warmup + shop.duration;
    const se = Math.sqrt(0.25 * 40 * T) / (0.25 * T);
    expect(Math.abs(rateOf(0.25) - 40)).toBeLessThan(4 * se);
    expect(rateOf(0.25) / rateOf()).toBeCloseTo(4, 3); // each written to four digits
    const yaml = importTraces(spans, undefined, { sampled: 0.25 }).yaml;
    expect(yaml).toMatch(
      /divided by the sample \(25% of the requests\): a sample does not show the queue/,
    );
    expect(() => importTraces(spans, ["t.json"], { sampled: 0 })).toThrow(
      /t\.json: the sampled share must be in \(0, 1\], got 0/,
    );
  });

  it("gives the same spans for the same seed", () => {
    expect(simulateTraces(shop, { sample: 0.25 })).toEqual(traced);
    expect(simulateTraces(shop, { sample: 0.25, seed: 6 }).spans).not.toEqual(traced.spans);
  });

  it("nests every span in its parent, one root per trace named for its flow", () => {
    const byId = new Map(traced.spans.map((s) => [s.id, s]));
    const roots = new Map<string, Span>();
    for (const s of traced.spans) {
      if (s.parent === null) {
        expect(roots.has(s.trace)).toBe(false);
        roots.set(s.trace, s);
        expect(["browse", "buy"]).toContain(s.name);
        continue;
      }
      const parent = byId.get(s.parent)!;
      expect(parent.trace).toBe(s.trace);
      expect(s.start).toBeGreaterThanOrEqual(parent.start);
      expect(s.end).toBeLessThanOrEqual(parent.end);
      expect(s.name).toBe(`call ${s.service}`);
    }
    expect(roots.size).toBe(traced.traces);
    // A failed payment fails its request: the error reaches the root.
    const failed = traced.spans.filter((s) => s.service === "pay" && s.error);
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) expect(roots.get(s.trace)!.error).toBe(true);
  });

  it("writes OTLP JSON an OTLP backend takes: resources with service.name, hex ids, nanosecond strings", () => {
    const otlp = writeOtlp(traced.spans) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue: string } }[] };
        scopeSpans: { spans: Record<string, unknown>[] }[];
      }[];
    };
    expect(otlp.resourceSpans.length).toBe(2 + 2 + 1 + 1 + 1); // one per service instance
    for (const r of otlp.resourceSpans) {
      expect(
        r.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue,
      ).toMatch(/^[a-z]+$/);
      for (const s of r.scopeSpans[0]!.spans) {
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(s.kind).toBe(2);
        expect(BigInt(s.endTimeUnixNano as string) >= BigInt(s.startTimeUnixNano as string)).toBe(
          true,
        );
      }
    }
  });

  it("refuses a sample outside (0, 1]", () => {
    expect(() => simulateTraces(shop, { sample: 0 })).toThrow(/sample must be in \(0, 1\]/);
    expect(() => simulateTraces(shop, { sample: 1.5 })).toThrow(/sample must be in \(0, 1\]/);
  });
});

describe("the round trip: simulate, trace, import, simulate again", () => {
  it("gives back the services, the call tree, and each flow's p50 and p99", () => {
    const leaf = fc.constantFrom("exponential", "constant", "lognormal");
    const system = fc.record({
      callees: fc.integer({ min: 1, max: 3 }),
      parallel: fc.boolean(),
      kinds: fc.array(leaf, { minLength: 4, maxLength: 4 }),
      instances: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(system, ({ callees, parallel, kinds, instances }) => {
        const names = ["edge", "s1", "s2", "s3"].slice(0, callees + 1);
        const latency = (k: string, mean: number) =>
          k === "constant"
            ? `${mean}ms`
            : k === "exponential"
              ? `{ dist: exponential, mean: ${mean}ms }`
              : `{ dist: lognormal, p50: ${mean}ms, p99: ${mean * 4}ms }`;
        const services = names
          .map(
            (n, i) =>
              `  ${n}: { instances: ${instances[i]}, concurrency: 16, latency: ${latency(kinds[i]!, 3 + 4 * i)} }`,
          )
          .join("\n");
        const calls = names.slice(1);
        const inner =
          parallel && calls.length > 1
            ? `[{ parallel: [${calls.join(", ")}] }]`
            : `[${calls.join(", ")}]`;
        const original: Scenario = withDuration(
          parseScenario(
            `seed: 3\nworkload: { rate: 30/s }\nservices:\n${services}\nflows:\n  main: [{ edge: ${inner} }]\n`,
          ),
          200,
        );
        const { spans } = simulateTraces(original, { sample: 1 });
        const imported = importTraces([writeOtlp(spans)]);
        const data = imported.data as {
          services: Record<string, { instances: number }>;
          flows: Record<string, unknown>;
        };
        expect(Object.keys(data.services).sort()).toEqual([...names].sort());
        for (const [i, n] of names.entries())
          expect(data.services[n]!.instances).toBe(instances[i]);
        const expected =
          parallel && calls.length > 1
            ? [{ edge: [{ parallel: calls.map((c) => [c]) }] }]
            : [{ edge: calls }];
        expect(data.flows).toEqual({ main: expected });
        const a = simulate(original, { replications: 2 }).flows.main!.latency;
        const b = simulate(withDuration(imported.scenario, 200), { replications: 2 }).flows.main!
          .latency;
        // The bound: within 5% (measured: within 3.2% on these six systems).
        expect(Math.abs(b.p50 / a.p50 - 1)).toBeLessThan(0.05);
        expect(Math.abs(b.p99 / a.p99 - 1)).toBeLessThan(0.05);
      }),
      { seed: 17, numRuns: 6 },
    );
  }, 120_000);
});
