import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  checkSlos,
  parseAxis,
  parseScenario,
  ScenarioError,
  simulate,
  sweep,
  sweepGrid,
} from "../../../src/index.js";

const small = {
  seed: 3,
  duration: 60,
  warmup: 5,
  workload: { rate: "20/s" },
  services: { api: { concurrency: 2, latency: { dist: "exponential", mean: "20ms" } } },
  flows: { main: ["api"] },
};

describe("sweep axes", () => {
  it.each([
    ["workload.rate=100/s..500/s:100/s", ["100/s", "200/s", "300/s", "400/s", "500/s"]],
    ["services.api.instances=1..4", [1, 2, 3, 4]],
    ["duration=1m..2m", ["1m", "2m"]],
    ["duration=1m..2m:0.25m", ["1m", "1.25m", "1.5m", "1.75m", "2m"]],
    [
      "warmup=0.5s..1.5s",
      ["0.5s", "0.6s", "0.7s", "0.8s", "0.9s", "1s", "1.1s", "1.2s", "1.3s", "1.4s", "1.5s"],
    ],
    ["services.api.failure=0..0.3:0.1", [0, 0.1, 0.2, 0.3]],
    ["services.api.balancer=random,p2c", ["random", "p2c"]],
    ["workload.rate=100/s..250/s:100/s", ["100/s", "200/s"]],
  ])("%s", (spec, values) => {
    expect(parseAxis(spec)).toEqual({ path: spec.split("=")[0], values });
  });

  it.each([
    ["workload.rate", /expected PATH=FROM..TO/],
    ["workload.rate=500/s..100/s", /expected FROM <= TO/],
    ["workload.rate=100/s..1/min", /TO is in \/min, expected \/s/],
    ["workload.rate=1..5:0", /expected a STEP > 0/],
    ["x=a..b", /expected a number with the field's unit for FROM/],
    ["x=0..1000000:1", /1000001 values; at most 10000/],
  ])("refuses %s", (spec, message) => {
    expect(() => parseAxis(spec)).toThrow(ScenarioError);
    try {
      parseAxis(spec);
    } catch (error) {
      expect((error as ScenarioError).issues[0]!.message).toMatch(message);
    }
  });

  it("combines axes, the first varying slowest", () => {
    expect(sweepGrid([parseAxis("a=1..2"), parseAxis("b=x,y")])).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
    ]);
  });
});

describe("sweep", () => {
  it("gives each point the report a run of that variant gives", () => {
    const result = sweep(small, [parseAxis("workload.rate=20/s..60/s:20/s")]);
    expect(result.points.map((p) => p.values)).toEqual([
      { "workload.rate": "20/s" },
      { "workload.rate": "40/s" },
      { "workload.rate": "60/s" },
    ]);
    const direct = simulate(parseScenario({ ...small, workload: { rate: "40/s" } }));
    expect(result.points[1]!.report.flows.main).toEqual(direct.flows.main);
    expect(result.points[1]!.busiest.service).toBe("api");
    expect(result.points[1]!.busiest.utilization).toBeCloseTo(0.4, 12);
  });

  it("names the point and the field when a value is refused", () => {
    expect(() => sweep(small, [parseAxis("services.api.failure=0..2:1")])).toThrow(
      /services.api.failure: expected a probability in \[0, 1\], got 2 \(at services.api.failure=2\)/,
    );
  });

  it("marks the first breach and the knee", () => {
    const result = sweep({ ...small, slo: { flows: { main: { p99: "150ms" } } } }, [
      parseAxis("workload.rate=40/s..120/s:20/s"),
    ]);
    // 2 workers of 20 ms: offered utilization rate/100, so 1 at 100/s (point 3).
    expect(result.knee).toEqual({ point: 3, service: "api" });
    expect(result.breach).not.toBeNull();
    expect(result.breach!.objectives).toEqual(["main p99"]);
    expect(result.breach!.point).toBeLessThanOrEqual(3);
  });
});

describe("objectives", () => {
  it("are met or breached by the figure, and trusted only with enough samples", () => {
    const s = parseScenario({
      ...small,
      slo: {
        flows: { main: { p99: "1s", p999: "1s", successRate: 0.5, throughput: "100/s" } },
        services: { api: { maxUtilization: 0.1 } },
      },
    });
    const checks = checkSlos(simulate(s), s.slo);
    const by = Object.fromEntries(checks.map((c) => [`${c.name} ${c.metric}`, c]));
    expect(by["main p99"]).toMatchObject({ ok: true, thin: false, confident: null });
    // 60 s at 20/s: about 1,200 samples, fewer than the 10,000 a p999 needs.
    expect(by["main p999"]).toMatchObject({ ok: true, thin: true });
    expect(by["main successRate"]!.ok).toBe(true);
    expect(by["main throughput"]).toMatchObject({ ok: false, bound: "min" });
    expect(by["api maxUtilization"]).toMatchObject({ ok: false, bound: "max" });
  });

  it("with replications, are confident only when the interval's far end meets them", () => {
    const s = parseScenario({
      ...small,
      replications: 4,
      slo: { services: { api: { maxUtilization: 0.2 } } },
    });
    const [check] = checkSlos(simulate(s), s.slo);
    // Utilization 0.2 exactly in theory: the mean is near it, the interval straddles it.
    expect(check!.confident).toBe(false);
  });
});

describe("overrides", () => {
  it("set values read as YAML, through lists, making missing objects", () => {
    const out = applyOverrides({ a: { b: 1 }, list: [{ x: 1 }] }, [
      "a.b=2",
      "list.0.x=3ms",
      "list.1={ y: 4 }",
      "new.deep.key=[1, 2]",
      "a.c=true",
    ]);
    expect(out).toEqual({
      a: { b: 2, c: true },
      list: [{ x: "3ms" }, { y: 4 }],
      new: { deep: { key: [1, 2] } },
    });
  });
  it("refuse a misspelt object, a bad index and prototype keys", () => {
    expect(() =>
      applyOverrides({ services: { payment: {} } }, ["services.paymnt.instances=2"]),
    ).toThrow(/no object at services.paymnt \(did you mean "payment"\?\)/);
    expect(() => applyOverrides({ list: [] }, ["list.5=1"])).toThrow(
      /expected an index from 0 to 0/,
    );
    expect(() => applyOverrides({}, ["__proto__.x=1"])).toThrow(/cannot set this path/);
    expect(() => applyOverrides({ a: {} }, ["a.constructor.x=1"])).toThrow(/cannot set this path/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
