import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, parseScenario, type Report, simulate } from "../../../src/index.js";

/**
 * The failure world against figures derived by hand. Each tolerance is a number of standard
 * errors of the estimate (binomial for shares, Poisson for counts), stated where it is used.
 */

const expo = (mean: number) => ({ dist: "exponential", mean });
const withoutWall = (r: Report) => JSON.stringify({ ...r, wallSeconds: 0 });
const binomialSe = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

/** One service, plenty of workers (no queueing), 100 requests/s for 10 minutes. */
const single = (service: object, extra: object = {}) =>
  parseScenario({
    seed: 7,
    duration: 600,
    warmup: 0,
    workload: { rate: 100 },
    services: { svc: { concurrency: 10_000, latency: expo(0.1), ...service } },
    flows: { f: ["svc"] },
    ...extra,
  });

describe("retries", () => {
  const p = 0.3;
  const k = 2;
  const scenario = single({ failure: p }, { calls: { "client->svc": { retries: k } } });
  const report = simulate(scenario);
  const f = report.flows.f!;
  const n = f.succeeded + f.failed;

  it("succeed with 1 - p^(k+1) (within 4 binomial standard errors)", () => {
    const success = 1 - p ** (k + 1); // 0.973
    expect(Math.abs(f.successRate - success)).toBeLessThan(4 * binomialSe(success, n));
  });

  it("send 1 + p + ... + p^k attempts per request to the callee, counted as arrivals", () => {
    const mean = 1 + p + p ** 2; // 1.39
    // Attempts per request take 1, 2, 3 with probabilities 0.7, 0.21, 0.09: variance 0.4179.
    const variance = 0.7 * 1 + 0.21 * 4 + 0.09 * 9 - mean ** 2;
    const perRequest = report.services.svc!.arrivals / f.started;
    expect(Math.abs(perRequest - mean)).toBeLessThan(4 * Math.sqrt(variance / f.started) + 1e-3);
    const edge = report.calls["client->svc"]!;
    expect(edge.attempts).toBe(edge.calls + edge.retries);
    expect(report.services.svc!.retries).toBe(edge.retries);
  });

  it("are in analyze(): offered load λ(1 + p + p²) and success 1 - p³, exactly", () => {
    const a = analyze(scenario);
    expect(a.services.svc!.lambda).toBeCloseTo(100 * (1 + p + p * p), 9);
    expect(a.flows.f!.successRate).toBeCloseTo(1 - p ** 3, 12);
  });

  it("wait out an exponential backoff, doubling, before each retry", () => {
    const always = single(
      { failure: 1, latency: 0.001 },
      { calls: { "client->svc": { retries: 3, backoff: "100ms" } } },
    );
    const r = simulate(always);
    // Every request fails after 4 attempts of 1 ms and waits of 100 + 200 + 400 ms.
    expect(r.flows.f!.successRate).toBe(0);
    expect(r.flows.f!.latency.mean).toBeCloseTo(0.704, 3);
  });
});

describe("timeouts", () => {
  const m = 0.1;
  const t = 0.15;
  const scenario = single({ latency: expo(m) }, { calls: { "*->svc": { timeout: t } } });
  const report = simulate(scenario);
  const svc = report.services.svc!;

  it("time out e^(-t/m) of the calls when latency is exponential with mean m", () => {
    const share = Math.exp(-t / m); // 0.2231
    expect(Math.abs(svc.timedOut / svc.arrivals - share)).toBeLessThan(
      4 * binomialSe(share, svc.arrivals),
    );
    expect(report.flows.f!.failureReasons["svc: timeout"]).toBe(svc.timedOut);
    expect(analyze(scenario).flows.f!.successRate).toBeCloseTo(1 - share, 6);
  });

  it("leave the callee's worker busy: the abandoned calls still complete there", () => {
    // Every call is served in full: the callee completes all that arrived (but those in flight).
    expect(svc.completed + svc.inFlight).toBe(svc.arrivals);
    // The caller sees at most the timeout.
    expect(report.flows.f!.latency.max).toBeLessThanOrEqual(t + 1e-9);
  });
});

describe("the gateway", () => {
  it("rate-limits with a token bucket: rate r under Poisson 2r rejects about half", () => {
    const r = 100;
    const burst = 20;
    const scenario = single(
      { latency: 0.01 },
      { workload: { rate: 2 * r }, gateway: { rateLimit: { rate: r, burst } } },
    );
    const report = simulate(scenario);
    const g = report.gateway!;
    const admitted = g.arrivals - g.rateLimited;
    // A bucket can never let through more than r·T plus what it held at the start.
    expect(admitted).toBeLessThanOrEqual(r * 600 + burst);
    // At twice its rate the bucket is almost never full, so it lets through nearly r·T.
    expect(admitted).toBeGreaterThan(r * 600 * 0.995);
    expect(g.rateLimited / g.arrivals).toBeCloseTo(0.5, 2);
    expect(g.rejected).toBe(g.rateLimited);
    expect(report.flows.f!.failureReasons["gateway: rate limited"]).toBe(g.rateLimited);
    expect(analyze(scenario).flows.f!.successRate).toBeCloseTo(0.5, 12);
  });

  it("authenticates: a delay on every request, and the given share refused", () => {
    const scenario = single(
      { latency: 0.01 },
      { gateway: { auth: { latency: "5ms", reject: 0.02 } } },
    );
    const report = simulate(scenario);
    const g = report.gateway!;
    expect(Math.abs(g.unauthenticated / g.arrivals - 0.02)).toBeLessThan(
      4 * binomialSe(0.02, g.arrivals),
    );
    // Successful requests take 5 ms of auth plus 10 ms of work: exactly 15 ms.
    expect(report.flows.f!.latency.p50).toBeCloseTo(0.015, 3);
    expect(analyze(scenario).flows.f!.successRate).toBeCloseTo(0.98, 12);
  });
});

describe("crashes and discovery", () => {
  const rate = 100;
  const instances = 4;
  const crashAt = 20;
  const crash = (latency: number, extra: object) =>
    parseScenario({
      seed: 11,
      duration: 120,
      warmup: 0,
      workload: { rate },
      services: { svc: { instances, concurrency: 200, latency } },
      flows: { f: ["svc"] },
      faults: [{ at: crashAt, service: "svc", crash: 1, for: 60 }],
      ...extra,
    });

  it("with stale discovery cost about rate × share × staleness window requests", () => {
    const ttl = 10;
    const refresh = 2;
    const report = simulate(crash(0.01, { discovery: { refresh, ttl } }));
    const fault = report.faults[0]!;
    // Round-robin sends 1/4 of calls to the dead instance until the callers' view drops it:
    // after the ttl, at the next refresh, so for between ttl and ttl + refresh seconds.
    const low = rate * (1 / instances) * ttl; // 250
    const high = rate * (1 / instances) * (ttl + refresh); // 300
    const slack = 4 * Math.sqrt(high); // Poisson arrivals: 4 standard deviations
    expect(fault.crashes).toBe(1);
    expect(fault.requestsFailed).toBeGreaterThan(low - slack);
    expect(fault.requestsFailed).toBeLessThan(high + slack);
    expect(report.services.svc!.unavailable).toBe(fault.callsFailed);
  });

  it("without discovery cost only the calls in flight on the instance", () => {
    // 1 s calls: about rate/instances × 1 s = 25 in flight on the instance when it dies.
    const report = simulate(crash(1, {}));
    const fault = report.faults[0]!;
    expect(fault.requestsFailed).toBe(fault.callsFailed);
    expect(fault.requestsFailed).toBeGreaterThan(25 - 4 * 5);
    expect(fault.requestsFailed).toBeLessThan(25 + 4 * 5);
    expect(report.services.svc!.unavailable).toBe(0);
    // The stale version of the same crash costs far more.
    const stale = simulate(crash(1, { discovery: { refresh: 2, ttl: 10 } }));
    expect(stale.faults[0]!.requestsFailed).toBeGreaterThan(8 * fault.requestsFailed);
  });

  it("random crashes from mtbf and mttr keep an instance down mttr/(mtbf+mttr) of the time", () => {
    // One instance, up Exp(40 s), down Exp(10 s): availability 0.8 and no queueing, so the
    // share of requests failing is 1 - 0.8 (within the spread of ~1000 s of alternations).
    const s = parseScenario({
      seed: 5,
      duration: 20_000,
      warmup: 0,
      workload: { rate: 5 },
      services: { svc: { latency: 0.001, concurrency: 100 } },
      flows: { f: ["svc"] },
      faults: [{ service: "svc", mtbf: "40s", mttr: "10s" }],
    });
    const report = simulate(s);
    const down = 1 - report.flows.f!.successRate;
    // About 400 up/down cycles; the down share's standard deviation is about 0.011.
    expect(Math.abs(down - 0.2)).toBeLessThan(0.045);
    expect(report.faults[0]!.crashes).toBeGreaterThan(300);
  });
});

describe("circuit breakers", () => {
  const rate = 100;
  const scenario = (breaker: boolean) =>
    parseScenario({
      seed: 3,
      duration: 120,
      warmup: 0,
      workload: { rate },
      services: {
        front: { latency: 0.001, concurrency: 1000 },
        dep: { instances: 2, concurrency: 50, latency: 0.01 },
      },
      flows: { f: [{ front: ["dep"] }] },
      calls: {
        "front->dep": breaker
          ? { circuitBreaker: { failureRatio: 0.5, window: "10s", minCalls: 20, openFor: "5s" } }
          : {},
      },
      faults: [{ at: 30, service: "dep", failure: 1, for: 60 }],
    });

  it("cut the calls sent to a dead dependency", () => {
    const without = simulate(scenario(false));
    const withBreaker = simulate(scenario(true));
    // Without a breaker every call in the 60 s outage goes to dep and fails: about 6000.
    expect(Math.abs(without.faults[0]!.callsFailed - rate * 60)).toBeLessThan(4 * Math.sqrt(6000));
    // With one, the window must first fill with failures to half its 10 s of calls (~500),
    // then each 5 s open period lets one probe through (~12 over the rest of the outage).
    const sent = withBreaker.faults[0]!.callsFailed;
    expect(sent).toBeGreaterThan(rate * 10 * 0.5 * 0.8);
    expect(sent).toBeLessThan(rate * 10 * 0.5 * 1.25 + 60 / 5);
    const edge = withBreaker.calls["front->dep"]!;
    expect(edge.circuitOpens).toBeGreaterThanOrEqual(10);
    expect(edge.circuitOpens).toBeLessThanOrEqual(13);
    expect(edge.shortCircuited).toBeGreaterThan(4000);
    // It closes again after the outage: the last 30 s succeed.
    const last = withBreaker.timeline.windows.slice(-20);
    expect(last.every((w) => w.flows.f!.failures === 0)).toBe(true);
  });
});

describe("faults", () => {
  it("raise the failure probability for their period only, and count what they cost", () => {
    const report = simulate(
      single(
        { latency: 0.001, failure: 0.01 },
        { faults: [{ at: 100, service: "svc", failure: 0.5, for: 100 }] },
      ),
    );
    const fault = report.faults[0]!;
    // In the 100 s the fault lasts, ~10,000 calls; the fault adds 0.5 - 0.01 to their failure.
    const expected = 10_000 * 0.49;
    expect(Math.abs(fault.requestsFailed - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(report.flows.f!.failureReasons["svc: injected failure"]).toBe(fault.requestsFailed);
  });

  it("add latency for their period only", () => {
    const report = simulate(
      single(
        { latency: 0.01 },
        {
          timeline: { window: 10 },
          faults: [{ at: 100, service: "svc", addLatency: "90ms", for: 100 }],
        },
      ),
    );
    const windows = report.timeline.windows;
    expect(windows[5]!.services.svc!.p99).toBeCloseTo(0.01, 3);
    expect(windows[15]!.services.svc!.p99).toBeCloseTo(0.1, 3);
    expect(windows[25]!.services.svc!.p99).toBeCloseTo(0.01, 3);
    expect(report.faults[0]!.callsSlowed).toBeGreaterThan(9000);
  });

  it("give the same report for the same seed", () => {
    const s = single(
      { latency: expo(0.01), instances: 3 },
      {
        discovery: { refresh: 1, ttl: 3 },
        calls: { "*->svc": { timeout: 0.02, retries: 1, jitter: true, backoff: 0.01 } },
        faults: [{ service: "svc", mtbf: 30, mttr: 5 }],
      },
    );
    expect(withoutWall(simulate(s))).toBe(withoutWall(simulate(s)));
  });
});

describe("the failure examples", () => {
  const examples = resolve(__dirname, "../../../examples");
  const load = (name: string) => parseScenario(readFileSync(join(examples, name), "utf8"));
  const withRetries = (s: ReturnType<typeof load>, edge: string, retries: number) => ({
    ...s,
    calls: { ...s.calls, [edge]: { ...s.calls[edge]!, retries } },
  });

  it("payment-outage: retries save most of what the crash costs under stale discovery", () => {
    const s = load("payment-outage.yaml");
    const retried = simulate(s).faults[0]!;
    const bare = simulate(withRetries(s, "order->payment", 0)).faults[0]!;
    // checkout (30/s) sends half its payment calls to the dead instance for ttl + up to one
    // refresh (30-40 s): 450-600 requests without retries.
    expect(bare.requestsFailed).toBeGreaterThan(400);
    expect(bare.requestsFailed).toBeLessThan(700);
    expect(retried.requestsFailed).toBeLessThan(bare.requestsFailed / 2);
  });

  it("retry-storm: with retries goodput collapses and stays down; without, it recovers", () => {
    const s = load("retry-storm.yaml");
    const storm = simulate(s);
    const calm = simulate(withRetries(s, "api->inventory", 0));
    const untriggered = simulate({ ...s, faults: [] });
    const goodput = (r: Report) => r.timeline.windows.at(-1)!.flows.lookup!.throughput;
    expect(goodput(storm)).toBeLessThan(10);
    expect(goodput(calm)).toBeGreaterThan(85);
    expect(goodput(untriggered)).toBeGreaterThan(85);
    expect(untriggered.flows.lookup!.successRate).toBeGreaterThan(0.99);
    // Saturated at the end, serving abandoned calls.
    expect(storm.timeline.windows.at(-1)!.services.inventory!.utilization).toBeGreaterThan(0.99);
    expect(storm.services.inventory!.retries).toBeGreaterThan(storm.flows.lookup!.started);
  });
});
