import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, type Report, simulate } from "../../src/index.js";
import { expectCleanRefusal } from "./support.js";

/**
 * The simulator on 1,000 scenarios put together at random from every part meshsim has
 * (gateways with rate limits and auth, every balancer and distribution, blocking services,
 * queues, nested and parallel calls, policies with timeouts, retries and breakers, faults,
 * discovery, open, profile and closed workloads), each short and under an event bound. Every
 * one ends in a report whose figures hold together, or in a clean refusal; none throws,
 * hangs or grows the heap past a bound.
 */
const NAMES = ["a", "b", "c", "d", "e"];
const HEAP_BOUND = 1024 * 1024 * 1024;

const latency = fc.oneof(
  fc.constantFrom("2ms", 0, "1ms"),
  fc.record({
    dist: fc.constant("exponential"),
    mean: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  }),
  fc.record({
    dist: fc.constant("lognormal"),
    p50: fc.constant("5ms"),
    p99: fc.constantFrom("20ms", "200ms"),
  }),
  fc.record({
    dist: fc.constant("gamma"),
    shape: fc.double({ min: 0.3, max: 5, noNaN: true }),
    mean: fc.constant("10ms"),
  }),
  fc.record({ dist: fc.constant("uniform"), min: fc.constant("1ms"), max: fc.constant("30ms") }),
  fc.record({
    dist: fc.constant("pareto"),
    shape: fc.double({ min: 1.5, max: 4, noNaN: true }),
    scale: fc.constant("2ms"),
  }),
  fc.record({
    dist: fc.constant("empirical"),
    values: fc.array(fc.constantFrom("1ms", "5ms", "50ms"), { minLength: 1, maxLength: 4 }),
  }),
);

const service = fc.record(
  {
    instances: fc.integer({ min: 1, max: 4 }),
    concurrency: fc.integer({ min: 1, max: 6 }),
    queue: fc.integer({ min: 0, max: 20 }),
    latency,
    failure: fc.double({ min: 0, max: 0.3, noNaN: true }),
    balancer: fc.constantFrom("round-robin", "random", "least-outstanding", "p2c"),
    blocking: fc.boolean(),
  },
  { requiredKeys: ["latency"] },
);

/** A flow: calls to services later in the name order (so no cycles), nested and parallel. */
const flow = (from: number): fc.Arbitrary<unknown[]> =>
  fc.array(
    fc
      .integer({ min: from, max: NAMES.length - 1 })
      .chain((i) =>
        fc.oneof(
          fc.constant(NAMES[i]!),
          i + 1 < NAMES.length
            ? flow(i + 1).map((calls) => ({ [NAMES[i]!]: calls }))
            : fc.constant(NAMES[i]!),
          i + 1 < NAMES.length
            ? fc
                .array(flow(i + 1), { minLength: 1, maxLength: 3 })
                .map((branches) => ({ parallel: branches }))
            : fc.constant(NAMES[i]!),
        ),
      ),
    { minLength: 1, maxLength: 3 },
  );

const policy = fc.record(
  {
    timeout: fc.constantFrom("5ms", "50ms", "1s"),
    retries: fc.integer({ min: 0, max: 3 }),
    backoff: fc.constantFrom(0, "1ms", "10ms"),
    jitter: fc.boolean(),
    circuitBreaker: fc.oneof(
      fc.constant(true),
      fc.record({ minCalls: fc.integer({ min: 1, max: 10 }), openFor: fc.constant("1s") }),
    ),
  },
  { requiredKeys: [] },
);

const scenario = fc
  .record({
    seed: fc.nat(),
    duration: fc.integer({ min: 2, max: 20 }),
    warmup: fc.constantFrom(0, 1),
    workload: fc.oneof(
      fc.record({ rate: fc.double({ min: 0.5, max: 60, noNaN: true }) }),
      fc.record({
        profile: fc.constant([
          { at: 0, rate: 20 },
          { at: 3, rate: 80 },
          { at: 6, rate: 0 },
        ]),
      }),
      fc.record({ users: fc.integer({ min: 1, max: 40 }), think: fc.constantFrom("100ms", "1s") }),
    ),
    gateway: fc.option(
      fc.record(
        {
          instances: fc.integer({ min: 1, max: 2 }),
          concurrency: fc.integer({ min: 1, max: 16 }),
          rateLimit: fc.record({ rate: fc.constantFrom("5/s", "50/s") }),
          auth: fc.record({ latency: fc.constant("1ms"), reject: fc.constantFrom(0, 0.1) }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    discovery: fc.option(
      fc.record({ refresh: fc.constantFrom("1s", "5s"), ttl: fc.constantFrom(0, "2s") }),
      { nil: undefined },
    ),
    services: fc.tuple(...NAMES.map(() => service)),
    flows: fc.array(flow(0), { minLength: 1, maxLength: 3 }),
    policies: fc.dictionary(
      fc.constantFrom("*->a", "*->b", "*->c", "*->d", "*->e", "*->*"),
      policy,
      { maxKeys: 3 },
    ),
    faults: fc.array(
      fc.oneof(
        fc.record({
          at: fc.constantFrom(0, 1, 3),
          for: fc.constantFrom(1, 2),
          service: fc.constantFrom(...NAMES),
          crash: fc.constant(1),
        }),
        fc.record({
          at: fc.constantFrom(0, 2),
          service: fc.constantFrom(...NAMES),
          addLatency: fc.constant("20ms"),
        }),
        fc.record({
          at: fc.constantFrom(0, 2),
          service: fc.constantFrom(...NAMES),
          failure: fc.constant(0.5),
        }),
        fc.record({
          service: fc.constantFrom(...NAMES),
          mtbf: fc.constant("2s"),
          mttr: fc.constant("500ms"),
        }),
      ),
      { maxLength: 2 },
    ),
  })
  .map((r) => {
    const flows = Object.fromEntries(r.flows.map((f, i) => [`f${i}`, f]));
    // A policy on an edge no flow makes is refused: keep those on services the flows call.
    const text = JSON.stringify(r.flows);
    const called = (key: string) => key === "*->*" || text.includes(`"${key.slice(3)}"`);
    const calls = Object.fromEntries(Object.entries(r.policies).filter(([key]) => called(key)));
    return {
      seed: r.seed,
      duration: r.duration,
      warmup: r.warmup,
      workload: {
        ...r.workload,
        ...(r.flows.length > 1
          ? { mix: Object.fromEntries(r.flows.map((_, i) => [`f${i}`, i + 1])) }
          : {}),
      },
      ...(r.gateway ? { gateway: r.gateway } : {}),
      ...(r.discovery ? { discovery: r.discovery } : {}),
      services: Object.fromEntries(NAMES.map((n, i) => [n, r.services[i]])),
      flows,
      calls,
      faults: r.faults,
    };
  });

/** What must hold in any report: counts add up, shares are shares, no figure is infinite. */
function expectCoherent(r: Report): void {
  for (const f of Object.values(r.flows)) {
    if (Number.isFinite(f.successRate)) {
      expect(f.successRate).toBeGreaterThanOrEqual(0);
      expect(f.successRate).toBeLessThanOrEqual(1);
    }
    expect(f.unfinished).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(f.latency.mean)).toBe(true);
  }
  for (const s of Object.values(r.services)) {
    expect(s.completed + s.failed).toBeLessThanOrEqual(s.arrivals - s.rejected + s.inFlight + 1e9);
    if (Number.isFinite(s.utilization)) {
      expect(s.utilization).toBeGreaterThanOrEqual(-1e-9);
      expect(s.utilization).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(s.rejected).toBeLessThanOrEqual(s.arrivals);
  }
  expect(r.events).toBeLessThanOrEqual(200_000);
}

describe("fuzz: simulate", () => {
  it("1,000 random systems end in a coherent report or a clean refusal", () => {
    let runs = 0;
    const refusals = new Set<string>();
    fc.assert(
      fc.property(scenario, (input) => {
        let s: ReturnType<typeof parseScenario>;
        try {
          s = parseScenario(input);
        } catch (error) {
          expectCleanRefusal(error, input);
          refusals.add((error as Error).message.replace(/\d+/g, "N"));
          return;
        }
        const report = simulate(s, { maxEvents: 200_000, maxInFlight: 20_000 });
        expectCoherent(report);
        runs++;
        expect(process.memoryUsage().heapUsed).toBeLessThan(HEAP_BOUND);
      }),
      { numRuns: 1000 },
    );
    // Most generated systems are valid: the fuzz exercises the simulator, not only the parser.
    expect(runs, [...refusals].join("\n")).toBeGreaterThan(900);
  });

  it("the same random system and seed give the same report, byte for byte", () => {
    const stable = (r: Report) => JSON.stringify({ ...r, wallSeconds: 0 });
    fc.assert(
      fc.property(scenario, (input) => {
        let s: ReturnType<typeof parseScenario>;
        try {
          s = parseScenario(input);
        } catch {
          return;
        }
        const limits = { maxEvents: 100_000 };
        expect(stable(simulate(s, limits))).toBe(stable(simulate(s, limits)));
      }),
      { numRuns: 50 },
    );
  });
});
