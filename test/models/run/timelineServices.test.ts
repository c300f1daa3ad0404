import { describe, expect, it } from "vitest";
import { compare, parseScenario, ScenarioError, simulate } from "../../../src/index.js";
import { expectRefused, meshsim, scratchFiles } from "../../support/cli.js";

/**
 * `n` services, each called once per request in turn; service k has k + 1 ms of work, so the
 * later a service, the busier (utilization (k + 1) ms × 5/s), and the busiest are the last.
 */
function chain(n: number, extra: Record<string, unknown> = {}) {
  const services: Record<string, unknown> = {};
  for (let k = 0; k < n; k++)
    services[`s${k}`] = { latency: { dist: "constant", value: `${k + 1}ms` } };
  return {
    duration: "20s",
    workload: { rate: "5/s" },
    services,
    flows: { all: Object.keys(services) },
    ...extra,
  };
}

const kept = (report: ReturnType<typeof simulate>) =>
  new Set(report.timeline.windows.flatMap((w) => Object.keys(w.services)));

describe("the timeline's services", () => {
  it("are every service up to 50, and the report is as before", () => {
    const report = simulate(parseScenario(chain(50)));
    expect(kept(report).size).toBe(50);
    expect(report.timeline.omitted).toBeUndefined();
    expect(report.warnings.join("\n")).not.toMatch(/timeline:/);
  });

  it("are the 50 busiest by offered utilization past that, the rest counted and warned of", () => {
    const report = simulate(parseScenario(chain(60)));
    const names = kept(report);
    expect(names.size).toBe(50);
    for (let k = 10; k < 60; k++) expect(names.has(`s${k}`)).toBe(true);
    expect(report.timeline.omitted).toBe(10);
    expect(report.warnings.join("\n")).toMatch(/the 50 busiest of 60 services/);
    // The flows and every service's own figures stay whole.
    expect(Object.keys(report.services)).toHaveLength(60);
    expect(report.timeline.windows[0]!.flows.all).toBeDefined();
  });

  it("keep a service an objective names, however idle, and all of them when asked", () => {
    const slo = { services: { s0: { p99: "1s" } } };
    const names = kept(simulate(parseScenario(chain(60, { slo, timeline: { services: 5 } }))));
    expect([...names].sort()).toEqual(["s0", "s55", "s56", "s57", "s58", "s59"]);
    const all = simulate(parseScenario(chain(60, { timeline: { services: "all" } })));
    expect(kept(all).size).toBe(60);
    expect(all.timeline.omitted).toBeUndefined();
  });

  it("give each report an analysis of its own, of the scenario as it stands", () => {
    const s = parseScenario(chain(60));
    const first = simulate(s);
    const again = simulate(s);
    expect(again.analytic).not.toBe(first.analytic);
    expect(again.analytic).toEqual(first.analytic);
    // A scenario object changed after a run is analysed again, and its timeline chosen again.
    const services = s.services as Record<string, (typeof s.services)[string]>;
    services.s0 = { ...services.s0!, instances: 4 };
    const changed = simulate(s);
    expect(changed.analytic.services.s0!.utilization).toBeCloseTo(
      first.analytic.services.s0!.utilization / 4,
      12,
    );
  });

  it("refuse a count that is not a positive integer, naming the field", () => {
    for (const services of [0, 2.5, "some"]) {
      let error: unknown;
      try {
        parseScenario(chain(3, { timeline: { services } }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as Error).message).toMatch(/timeline\.services: expected a positive integer/);
    }
  });

  it("follow run --timeline, and a bad value is refused", () => {
    const { file } = scratchFiles("timeline");
    // Two windows, so the report stays small.
    const path = file("chain.json", JSON.stringify(chain(60, { timeline: { window: "10s" } })));
    const all = meshsim(["run", path, "--timeline", "all", "--json"]);
    expect(all.code).toBe(0);
    expect(Object.keys(JSON.parse(all.stdout).timeline.windows[0].services)).toHaveLength(60);
    const three = JSON.parse(meshsim(["run", path, "--timeline", "3", "--json"]).stdout);
    expect(Object.keys(three.timeline.windows[0].services)).toEqual(["s57", "s58", "s59"]);
    expectRefused(meshsim(["run", path, "--timeline", "0"]), /--timeline must be an integer >= 1/);
  });
});

/**
 * `n` flows of one call each to one service; flow k has mix weight k + 1, so the later a
 * flow, the larger its share, and the largest are the last.
 */
function fan(n: number, extra: Record<string, unknown> = {}) {
  const flows: Record<string, string[]> = {};
  const mix: Record<string, number> = {};
  for (let k = 0; k < n; k++) {
    flows[`f${k}`] = ["api"];
    mix[`f${k}`] = k + 1;
  }
  return {
    duration: "20s",
    workload: { rate: "50/s", mix },
    services: { api: { latency: { dist: "constant", value: "1ms" } } },
    flows,
    timeline: { window: "10s" },
    ...extra,
  };
}

const keptFlowNames = (report: ReturnType<typeof simulate>) =>
  new Set(report.timeline.windows.flatMap((w) => Object.keys(w.flows)));

describe("the timeline's flows", () => {
  it("are every flow up to 50", () => {
    const report = simulate(parseScenario(fan(50)));
    expect(keptFlowNames(report).size).toBe(50);
    expect(report.timeline.omittedFlows).toBeUndefined();
    expect(report.warnings.join("\n")).not.toMatch(/timeline:/);
  });

  it("are the 50 with the largest shares of the mix past that, the rest counted and warned of", () => {
    const report = simulate(parseScenario(fan(60)));
    const names = keptFlowNames(report);
    expect(names.size).toBe(50);
    for (let k = 10; k < 60; k++) expect(names.has(`f${k}`)).toBe(true);
    expect(report.timeline.omittedFlows).toBe(10);
    expect(report.warnings.join("\n")).toMatch(/the 50 of 60 flows with the largest shares/);
    // Every flow's own figures stay whole, and the windows' services too.
    expect(Object.keys(report.flows)).toHaveLength(60);
    expect(report.flows.f0!.throughput).toBeGreaterThan(0);
    expect(report.timeline.windows[0]!.services.api).toBeDefined();
  });

  it("keep a flow an objective names, however small its share, and all of them when asked", () => {
    const slo = { flows: { f0: { p99: "1s" } } };
    const names = keptFlowNames(simulate(parseScenario(fan(60, { slo, timeline: { flows: 3 } }))));
    expect([...names].sort()).toEqual(["f0", "f57", "f58", "f59"]);
    const all = simulate(parseScenario(fan(60, { timeline: { flows: "all" } })));
    expect(keptFlowNames(all).size).toBe(60);
    expect(all.timeline.omittedFlows).toBeUndefined();
  });

  it("refuse a count that is not a positive integer, naming the field", () => {
    expect(() => parseScenario(fan(3, { timeline: { flows: 0 } }))).toThrow(
      /timeline\.flows: expected a positive integer/,
    );
  });

  it("are the ones a comparison's timeline shows", () => {
    const base = parseScenario(fan(60));
    const c = compare(base, { ...base, name: "faster" }, { replications: 2 });
    expect(Object.keys(c.timeline.flows)).toHaveLength(50);
    expect(c.timeline.flows.f59!.base.p99.length).toBe(c.timeline.time.length);
  });

  it("follow run --timeline, with the services", () => {
    const { file } = scratchFiles("timeline-flows");
    const path = file("fan.json", JSON.stringify(fan(60)));
    const two = JSON.parse(meshsim(["run", path, "--timeline", "2", "--json"]).stdout);
    expect(Object.keys(two.timeline.windows[0].flows)).toEqual(["f58", "f59"]);
    expect(two.timeline.omittedFlows).toBe(58);
  });
});
