import { describe, expect, it } from "vitest";
import {
  formatDuration,
  parseDuration,
  parseRate,
  parseScenario,
  ScenarioError,
} from "../../../src/index.js";

const minimal = {
  workload: { rate: "10/s" },
  services: { api: { latency: "5ms" } },
  flows: { main: ["api"] },
};

function issuesOf(input: string | object): string[] {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues.map((i) =>
      i.path ? `${i.path}: ${i.message}` : i.message,
    );
  }
  throw new Error("expected a ScenarioError");
}

describe("units", () => {
  it.each([
    ["250ms", 0.25],
    ["1.5s", 1.5],
    ["2m", 120],
    ["2min", 120],
    ["1h", 3600],
    ["500us", 0.0005],
    [3, 3],
    ["3", 3],
  ])("duration %s is %f s", (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 12);
  });
  it.each([
    ["200/s", 200],
    ["12000/min", 200],
    ["3/h", 3 / 3600],
    [5, 5],
    ["50 rps", 50],
  ])("rate %s is %f per second", (text, perSecond) => {
    expect(parseRate(text)).toBeCloseTo(perSecond, 12);
  });
  it.each(["-1s", "fast", "1 parsec", "", "NaN"])("%s is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it("formats durations for people", () => {
    expect(formatDuration(0.12)).toBe("120 ms");
    expect(formatDuration(90)).toBe("90 s");
    expect(formatDuration(600)).toBe("10 min");
  });
});

describe("parseScenario", () => {
  it("normalises units and fills in defaults", () => {
    const s = parseScenario(minimal);
    expect(s.workload).toEqual({ kind: "open", rate: 10, mix: { main: 1 } });
    expect(s.services.api).toEqual({
      instances: 1,
      concurrency: 1,
      queue: null,
      latency: { dist: "constant", value: 0.005 },
      failure: 0,
      balancer: "round-robin",
      weights: null,
      zones: null,
      cache: null,
      blocking: false,
      cost: null,
    });
    expect(s.duration).toBe(60);
    expect(s.warmup).toBe(6);
    expect(s.replications).toBe(1);
    expect(s.timeline.window).toBeCloseTo(0.6, 12);
    expect(s.gateway).toBeNull();
  });

  it("reads YAML and JSON text to the same scenario", () => {
    const yaml =
      "workload: { rate: 10/s }\nservices:\n  api: { latency: 5ms }\nflows:\n  main: [api]\n";
    expect(parseScenario(yaml)).toEqual(parseScenario(JSON.stringify(minimal)));
  });

  it("normalises the mix and nested flows", () => {
    const s = parseScenario({
      workload: { rate: "1/s", mix: { a: 3, b: 1 } },
      services: { x: { latency: 1 }, y: { latency: 1 }, z: { latency: 1 } },
      flows: { a: ["x", { y: ["z", { parallel: ["x", ["z", "x"]] }] }], b: "z" },
    });
    expect(s.workload.mix).toEqual({ a: 0.75, b: 0.25 });
    expect(s.flows.a).toEqual([
      { call: "x", calls: [] },
      {
        call: "y",
        calls: [
          { call: "z", calls: [] },
          {
            parallel: [
              [{ call: "x", calls: [] }],
              [
                { call: "z", calls: [] },
                { call: "x", calls: [] },
              ],
            ],
          },
        ],
      },
    ]);
    expect(s.flows.b).toEqual([{ call: "z", calls: [] }]);
  });

  it("reads every distribution form", () => {
    const s = parseScenario({
      ...minimal,
      services: {
        a: { latency: { dist: "lognormal", p50: "12ms", p99: "80ms" } },
        b: { latency: { dist: "lognormal", mean: "20ms", cv: 0.5 } },
        c: {
          latency: {
            dist: "mixture",
            components: [
              { weight: 0.9, dist: "exponential", mean: "10ms" },
              { weight: 0.1, dist: "constant", value: "1s" },
            ],
          },
        },
        d: { latency: { dist: "empirical", values: ["1ms", "2ms", 0.003] } },
      },
      flows: { main: ["a", "b", "c", "d"] },
    });
    expect(s.services.a!.latency).toEqual({ dist: "lognormal", p50: 0.012, p99: 0.08 });
    expect(s.services.c!.latency).toEqual({
      dist: "mixture",
      components: [
        { weight: 0.9, dist: "exponential", mean: 0.01 },
        { weight: 0.1, dist: "constant", value: 1 },
      ],
    });
    expect(s.services.d!.latency).toEqual({ dist: "empirical", values: [0.001, 0.002, 0.003] });
  });

  it("reads the three workload kinds", () => {
    expect(parseScenario({ ...minimal, workload: { users: 50, think: "5s" } }).workload).toEqual({
      kind: "closed",
      users: 50,
      think: { dist: "constant", value: 5 },
      mix: { main: 1 },
    });
    expect(
      parseScenario({
        ...minimal,
        workload: {
          profile: [
            { at: 0, rate: "100/s" },
            { at: "5m", rate: "500/s" },
          ],
        },
      }).workload,
    ).toEqual({
      kind: "profile",
      profile: [
        { at: 0, rate: 100 },
        { at: 300, rate: 500 },
      ],
      mix: { main: 1 },
    });
  });
});

describe("bad input: one ScenarioError listing every problem with its path", () => {
  it("collects every problem of a scenario at once", () => {
    const issues = issuesOf(`
workload: { rate: -5/s, mix: { browse: 1, serch: 1 } }
services:
  payment: { instances: -2, latency: { dist: exponential, mean: 120ms }, failure: 1.5, balancr: random }
  catalog: { latency: 12ms }
flows:
  browse: [catalog]
  search: [catalgo]
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'workload.rate: expected a positive rate such as 200/s or 12000/min, got "-5/s"',
        "services.payment.instances: expected a positive integer, got -2",
        "services.payment.failure: expected a probability in [0, 1], got 1.5",
        'services.payment.balancr: unknown key (did you mean "balancer"?)',
        'flows.search[0]: unknown service "catalgo" (did you mean "catalog"?)',
        'workload.mix.serch: unknown flow (did you mean "search"?)',
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  it.each([
    [{ ...minimal, workload: { rate: 0 } }, "workload.rate: expected a positive rate"],
    [
      { ...minimal, workload: { rate: "fast" } },
      'workload.rate: expected a positive rate such as 200/s or 12000/min, got "fast"',
    ],
    [
      { ...minimal, services: { api: { latency: "5ms", failure: -0.1 } } },
      "services.api.failure: expected a probability in [0, 1], got -0.1",
    ],
    [
      { ...minimal, services: { api: { latency: "5ms", concurrency: 2.5 } } },
      "services.api.concurrency: expected a positive integer, got 2.5",
    ],
    [{ ...minimal, services: { api: {} } }, "services.api.latency: "],
    [
      { ...minimal, services: { api: { latency: { dist: "exponential", mean: "-1s" } } } },
      "services.api.latency.mean: expected a positive duration",
    ],
    [
      { ...minimal, services: { api: { latency: { dist: "gausian", mean: 1 } } } },
      "services.api.latency.dist: expected dist to be one of",
    ],
    [
      {
        ...minimal,
        services: { api: { latency: { dist: "lognormal", p50: "80ms", p99: "12ms" } } },
      },
      "services.api.latency.p99: expected p99 greater than p50",
    ],
    [
      { ...minimal, services: { api: { latency: { dist: "lognormal", p50: "8ms" } } } },
      "services.api.latency: a lognormal takes either mean and cv, or p50 and p99",
    ],
    [
      { ...minimal, services: { api: { latency: { dist: "pareto", shape: 1, scale: 1 } } } },
      "services.api.latency: the distribution has no finite mean",
    ],
    [
      { ...minimal, services: { api: { latency: 1, balancer: "round-robbin" } } },
      'services.api.balancer: expected one of round-robin, random, least-outstanding, p2c, weighted or { hash: { keys, popularity, virtualNodes } }, got "round-robbin" (did you mean "round-robin"?)',
    ],
    [
      { ...minimal, services: { api: { latency: 1, instances: 2, weights: [1] } } },
      "services.api.weights: expected one weight per instance (2), got 1",
    ],
    [
      { ...minimal, services: { api: { latency: 1, balancer: "weighted" } } },
      "services.api.weights: the weighted balancer needs weights",
    ],
    [{ ...minimal, flows: { main: ["api", "nope"] } }, 'flows.main[1]: unknown service "nope"'],
    [
      { ...minimal, flows: { main: [{ api: ["api"] }] } },
      "flows.main[0].api[0]: cycle: api -> api",
    ],
    [
      { ...minimal, flows: { main: [{ api: 1, x: 2 }] } },
      "flows.main[0]: expected one service name",
    ],
    [{ ...minimal, flows: {} }, "flows: expected at least one flow"],
    [
      { ...minimal, flows: { a: ["api"], b: ["api"] } },
      "workload.mix: required with several flows",
    ],
    [
      { ...minimal, workload: { rate: 1, mix: { main: 0 } } },
      "workload.mix: the weights must not all be zero",
    ],
    [
      { ...minimal, workload: {} },
      "workload: expected one of rate (open), profile (piecewise rate) or users + think (closed)",
    ],
    [
      { ...minimal, workload: { rate: 1, users: 5, think: 1 } },
      "workload: give only one of rate, profile or users",
    ],
    [
      { ...minimal, workload: { users: 5 } },
      "workload.think: a closed workload (users) needs a think time",
    ],
    [
      { ...minimal, workload: { profile: [{ at: "1m", rate: 5 }] } },
      "workload.profile[0].at: the first step must be at 0s",
    ],
    [{ ...minimal, duraton: "1m" }, 'duraton: unknown key (did you mean "duration"?)'],
    [
      { ...minimal, services: { "bad name": { latency: 1 } } },
      "services.bad name: expected a service name",
    ],
    [
      { ...minimal, gateway: { instances: 0 } },
      "gateway.instances: expected a positive integer, got 0",
    ],
  ])("%#: %s", (input, message) => {
    expect(issuesOf(input).join("\n")).toContain(message);
  });

  it("points at the line and column of malformed YAML", () => {
    const [issue] = issuesOf("workload: { rate: 1\nservices: [\n");
    expect(issue).toMatch(/^line \d+, column \d+: /);
  });

  it("rejects text that is not a scenario object", () => {
    expect(issuesOf("just a string")).toEqual(['expected a scenario object, got "just a string"']);
    expect(issuesOf("[1, 2]")).toEqual(["expected a scenario object, got a list"]);
  });

  it("rejects duplicate keys", () => {
    expect(issuesOf("seed: 1\nseed: 2\n")[0]).toMatch(
      /line 2, column 1: duplicate key "seed": map keys must be unique/,
    );
  });

  it("never lets __proto__ keys pollute anything", () => {
    const text =
      '{"workload":{"rate":1},"services":{"__proto__":{"latency":1},"api":{"latency":1}},"flows":{"main":["api"]},"__proto__":{"polluted":true}}';
    const issues = issuesOf(text);
    expect(issues.join("\n")).toContain("services.__proto__: expected a service name");
    expect(issues.join("\n")).toContain("__proto__: unknown key");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).latency).toBeUndefined();
    const yamlIssues = issuesOf(
      "__proto__: { polluted: true }\nworkload: { rate: 1 }\nservices: { api: { latency: 1 } }\nflows: { main: [api] }\n",
    );
    expect(yamlIssues.join("\n")).toContain("__proto__: unknown key");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("says ScenarioError in its message, one problem per line", () => {
    try {
      parseScenario({ ...minimal, services: { api: { latency: 1, instances: -2, failure: 2 } } });
    } catch (error) {
      expect((error as Error).message).toBe(
        "invalid scenario (2 problems):\n  services.api.instances: expected a positive integer, got -2\n  services.api.failure: expected a probability in [0, 1], got 2",
      );
      return;
    }
    throw new Error("expected a ScenarioError");
  });
});

describe("the failure world's keys", () => {
  const twoServices = {
    workload: { rate: "10/s" },
    services: { order: { latency: "5ms", instances: 2 }, payment: { latency: "5ms" } },
    flows: { checkout: [{ order: ["payment"] }] },
  };

  it("reads call policies, discovery, faults, rate limit and auth with their defaults", () => {
    const s = parseScenario({
      ...twoServices,
      gateway: { rateLimit: { rate: "100/s" }, auth: { latency: "1ms", reject: 0.01 } },
      discovery: { refresh: "5s" },
      calls: {
        "order->payment": { timeout: "2s", retries: 2, backoff: "50ms", jitter: true },
        "*->order": { circuitBreaker: true },
      },
      faults: [
        { at: "3m", service: "order", crash: 1, for: "2m" },
        { service: "payment", mtbf: "1h", mttr: "5m" },
      ],
    });
    expect(s.gateway!.rateLimit).toEqual({ rate: 100, burst: 10 });
    expect(s.gateway!.auth).toEqual({ latency: { dist: "constant", value: 0.001 }, reject: 0.01 });
    expect(s.gateway!.latency).toEqual({ dist: "constant", value: 0 });
    expect(s.discovery).toEqual({ refresh: 5, ttl: 0 });
    expect(s.calls["order->payment"]).toMatchObject({
      timeout: 2,
      retries: 2,
      backoff: 0.05,
      backoffMultiplier: 2,
      jitter: true,
      circuitBreaker: null,
    });
    expect(s.calls["*->order"]!.circuitBreaker).toEqual({
      failureRatio: 0.5,
      window: 10,
      minCalls: 20,
      openFor: 5,
      probes: 1,
    });
    expect(s.faults).toEqual([
      { kind: "crash", service: "order", at: 180, for: 120, instances: 1 },
      { kind: "random-crash", service: "payment", mtbf: 3600, mttr: 300 },
    ]);
  });

  it("names each bad policy, edge and fault", () => {
    expect(
      issuesOf({
        ...twoServices,
        calls: {
          "order->paymnt": {},
          "payment->order": {},
          "order payment": {},
          "order->payment": { retries: -1, timeout: "soon", circuitBreaker: { failureRatio: 1.5 } },
        },
        faults: [
          { at: "1m", service: "paymant", crash: 1 },
          { at: "1m", service: "order", crash: 3 },
          { service: "order", failure: 0.5 },
          { service: "order", mtbf: "1h" },
          { at: "1m", service: "order", crash: 1, failure: 0.2 },
        ],
      }),
    ).toEqual([
      'calls.order->payment.timeout: expected a positive duration such as 250ms, 1.5s or 2m, got "soon"',
      "calls.order->payment.retries: expected an integer >= 0, got -1",
      "calls.order->payment.circuitBreaker.failureRatio: expected a ratio in (0, 1], got 1.5",
      "faults[2].at: required: when the fault starts",
      "faults[3].mttr: random crashes (mtbf) need an mttr",
      "faults[4]: give only one kind of fault per entry, got crash and failure",
      'calls.order->paymnt: unknown service "paymnt" (did you mean "payment"?)',
      "calls.payment->order: no flow makes this call (payment->order), so the policy would never apply",
      'calls.order payment: expected a key such as order->payment or *->payment, got "order payment"',
      'faults[0].service: unknown service "paymant" (did you mean "payment"?)',
      "faults[1].crash: expected at most the service's 2 instances, got 3",
    ]);
  });
});

describe("formatCount", () => {
  it("writes whole numbers as toLocaleString('en') does, without Intl", async () => {
    const { formatCount } = await import("../../../src/models/scenario/units.js");
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString("en"));
      }),
    );
  });
});
