import { describe, expect, it } from "vitest";
import { LIMITS, parseScenario, ScenarioError, simulate } from "../../../src/index.js";
import { scenarioIssues } from "../../support/issues.js";

const minimal = {
  duration: 10,
  workload: { rate: 10 },
  services: { api: { latency: "5ms" } },
  flows: { main: ["api"] },
};

/** The issues a refused input gets, as `path: message` lines; fails if it is not refused. */
function refused(input: string | object): string[] {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("accepted");
}

describe("inputs that once crashed get a ScenarioError naming the field", () => {
  it.each(["toString", "constructor", "hasOwnProperty", "valueOf"])(
    "a fault on a service named like an Object member (%s)",
    (name) => {
      expect(refused({ ...minimal, faults: [{ at: 1, service: name, crash: 1 }] })).toEqual([
        `faults[0].service: unknown service "${name}"`,
      ]);
    },
  );

  it("a balancer given as an object", () => {
    const issues = refused({
      ...minimal,
      services: { api: { latency: "5ms", balancer: { toString: 1 } } },
    });
    expect(issues).toEqual([
      "services.api.balancer: expected one of round-robin, random, least-outstanding, p2c, weighted or { hash: { keys, popularity, virtualNodes } }, got an object",
    ]);
  });

  it("a YAML alias with no anchor, at its line and column", () => {
    const text = "workload: { rate: 1 }\nservices:\n  api: { latency: *lat }\nflows:\n  f: [api]\n";
    expect(refused(text)).toEqual([
      "line 3, column 19: the alias *lat names no anchor (&lat) before it",
    ]);
  });

  it("an alias bomb (a billion laughs)", () => {
    let text = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    let prev = "a";
    for (const k of "bcdefgh") {
      text += `${k}: &${k} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
      prev = k;
    }
    expect(refused(text)[0]).toMatch(/aliases expand to more than 100 copies/);
  });

  it("a 1,000-deep parallel or mixture, as an object and as YAML", () => {
    let flow: unknown = "api";
    for (let i = 0; i < 1000; i++) flow = { parallel: [[flow]] };
    expect(refused({ ...minimal, flows: { f: [flow] } })[0]).toMatch(
      new RegExp(`^flows\\.f\\[0\\]\\.parallel.*: nested deeper than ${LIMITS.depth} levels`),
    );
    let dist: unknown = { dist: "constant", value: 0.001 };
    for (let i = 0; i < 1000; i++)
      dist = { dist: "mixture", components: [{ weight: 1, ...(dist as object) }] };
    expect(refused({ ...minimal, services: { api: { latency: dist } } })[0]).toMatch(
      /^services\.api\.latency.*: nested deeper than 64 levels/,
    );
    let yaml = "api";
    for (let i = 0; i < 1000; i++) yaml = `{ parallel: [${yaml}] }`;
    const text = `workload: { rate: 1 }\nservices:\n  api: { latency: 1ms }\nflows:\n  f: [${yaml}]\n`;
    expect(refused(text)[0]).toMatch(/nests deeper than meshsim reads/);
  });

  it("a value built in code that refers to itself, or shares parts that double at every level", () => {
    const loop: Record<string, unknown> = { dist: "mixture" };
    loop.components = [loop];
    expect(refused({ ...minimal, services: { api: { latency: loop } } })).toEqual([
      "services.api.latency.components[0]: refers to itself (a cycle)",
    ]);
    // 40 levels of a pair holding the same part twice: 2^40 values once unfolded.
    let shared: unknown = "api";
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(refused({ ...minimal, slo: { flows: { main: { p99: shared } } } })[0]).toMatch(
      /holds more than 2,000,000 values/,
    );
  });

  it("infinite rates and durations written as units (1e400/s, 1e400s)", () => {
    expect(refused({ ...minimal, workload: { rate: "1e400/s" } })).toEqual([
      'workload.rate: expected a positive rate such as 200/s or 12000/min, got "1e400/s"',
    ]);
    expect(refused({ ...minimal, duration: "1e400s" })).toEqual([
      'duration: expected a positive duration such as 250ms, 1.5s or 2m, got "1e400s"',
    ]);
  });

  it("latencies too small or too large for the analysis (1e-320, 1e308)", () => {
    expect(refused({ ...minimal, services: { api: { latency: 1e-320 } } })).toEqual([
      "services.api.latency: expected 0 or at least 1e-12 s (meshsim's shortest duration), got 1e-320",
    ]);
    expect(
      refused({ ...minimal, services: { api: { latency: { dist: "exponential", mean: 1e308 } } } }),
    ).toEqual([
      "services.api.latency.mean: expected at most 1e+9 s (meshsim's limit for durations), got 1e+308",
    ]);
  });

  it("every problem at once: a bad distribution beside a schema problem", () => {
    const issues = refused({
      ...minimal,
      seed: -1,
      services: { api: { latency: { dist: "pareto", shape: 0.5, scale: 1 } } },
    });
    expect(issues).toContain("seed: expected an integer >= 0, got -1");
    expect(issues.join("\n")).toMatch(
      /services\.api\.latency: the distribution has no finite mean/,
    );
  });
});

describe("sizes that once exhausted the machine are refused, naming the field and the limit", () => {
  const service = (over: object) => ({
    ...minimal,
    services: { api: { latency: "5ms", ...over } },
  });
  it.each([
    ["instances", service({ instances: 1e9 }), "services.api.instances", "10,000", "1000000000"],
    [
      "concurrency",
      service({ concurrency: 1e9 }),
      "services.api.concurrency",
      "100,000",
      "1000000000",
    ],
    ["a queue", service({ queue: 1e9 }), "services.api.queue", "1,000,000", "1000000000"],
    ["replications", { ...minimal, replications: 1e6 }, "replications", "10,000", "1000000"],
    [
      "users",
      { ...minimal, workload: { users: 1e9, think: "1s" } },
      "workload.users",
      "1,000,000",
      "1000000000",
    ],
    [
      "retries",
      { ...minimal, calls: { "client->api": { retries: 2e9 } } },
      "calls.client->api.retries",
      "100",
      "2000000000",
    ],
    [
      "instances",
      { ...minimal, gateway: { instances: 1e9 } },
      "gateway.instances",
      "10,000",
      "1000000000",
    ],
  ])("%s", (what, input, path, limit, got) => {
    expect(refused(input)).toContain(
      `${path}: expected at most ${limit} (meshsim's limit for ${what}), got ${got}`,
    );
  });

  it("instances in all", () => {
    const services = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`s${i}`, { instances: 10_000, latency: "1ms" }]),
    );
    expect(refused({ ...minimal, services: { ...services, api: { latency: "1ms" } } })).toContain(
      "services: expected at most 100,000 instances in all (meshsim's limit), got 110,001",
    );
  });
});

describe("the timeline", () => {
  it("covers the whole run when its windows would be more than 10,000, and says so", () => {
    // Ten hours in one-second windows: widened to 3.6 s, so the tenth hour is in the timeline.
    const s = parseScenario({
      ...minimal,
      duration: "10h",
      warmup: 0,
      workload: { rate: 0.01 },
      timeline: { window: "1s" },
    });
    const r = simulate(s);
    expect(r.timeline.window).toBeCloseTo(3.6, 12);
    expect(r.timeline.windows).toHaveLength(LIMITS.timelineWindows);
    expect(r.timeline.windows.at(-1)!.time).toBeCloseTo(36_000, 6);
    expect(r.warnings.join("\n")).toMatch(/widened to 3.6 s/);
  });
});

describe("YAML keys", () => {
  it("finds a duplicate key in a map of 20,000 keys, where it is", () => {
    let text =
      "workload: { rate: 1 }\nservices:\n  api: { latency: 1ms }\nflows:\n  f: [api]\nslo:\n  flows:\n";
    for (let i = 0; i < 20_000; i++) text += `    f${i}: { p99: 1s }\n`;
    text += "    f7: { p99: 2s }\n";
    expect(refused(text)).toEqual([
      'line 20008, column 5: duplicate key "f7": map keys must be unique',
    ]);
  });
});

describe("messages about many names", () => {
  it("list the first ten and count the rest", () => {
    const flows = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, ["api"]]));
    const issues = scenarioIssues({
      workload: { rate: 1 },
      services: { api: { latency: "1ms" } },
      flows,
    });
    expect(issues).toEqual([
      "workload.mix: required with several flows: give a weight for each of f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 15 more",
    ]);
  });
});
