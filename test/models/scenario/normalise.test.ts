import { describe, expect, it } from "vitest";
import {
  analyze,
  DEFAULTS,
  parseScenario,
  ScenarioError,
  simulate,
  withDuration,
} from "../../../src/index.js";

const minimal = {
  workload: { rate: 10 },
  services: { api: { latency: "10ms" } },
  flows: { f: ["api"] },
};

describe("normalise: every default from the one table", () => {
  it("fills a minimal scenario from DEFAULTS and the derived rules", () => {
    const s = parseScenario(minimal);
    expect(s.name).toBe(DEFAULTS.name);
    expect(s.seed).toBe(DEFAULTS.seed);
    expect(s.duration).toBe(DEFAULTS.duration);
    expect(s.warmup).toBe(DEFAULTS.duration / 10);
    expect(s.timeline.window).toBe(DEFAULTS.duration / DEFAULTS.timelineWindows);
    expect(s.services.api).toMatchObject({
      ...DEFAULTS.service,
      queue: null,
      weights: null,
      cost: null,
    });
  });

  it("fills gateway, policy and breaker defaults (burst: a tenth of a second's tokens, at least 1)", () => {
    const s = parseScenario({
      ...minimal,
      gateway: { rateLimit: { rate: "200/s" }, auth: {} },
      calls: { "gateway->api": { circuitBreaker: true } },
    });
    expect(s.gateway).toMatchObject({
      instances: DEFAULTS.gateway.instances,
      concurrency: DEFAULTS.gateway.concurrency,
      rateLimit: { rate: 200, burst: 20 },
      auth: { reject: 0 },
    });
    expect(s.calls["gateway->api"]).toMatchObject({
      ...DEFAULTS.callPolicy,
      circuitBreaker: DEFAULTS.circuitBreaker,
    });
    const slow = parseScenario({ ...minimal, gateway: { rateLimit: { rate: "5/s" } } });
    expect(slow.gateway!.rateLimit!.burst).toBe(1);
  });

  it("withDuration keeps the timeline's window rule: a hundredth of the duration, or as asked", () => {
    const s = parseScenario({ ...minimal, timeline: { window: "1s" } });
    expect(withDuration(s, 500).timeline.window).toBe(5);
    expect(withDuration(s, 500, 10).timeline.window).toBe(50);
    expect(withDuration(s, 500).warmup).toBe(s.warmup);
  });
});

describe("the gateway is a role, not a name", () => {
  it("refuses a service named gateway (or client): they name the entry point in calls keys", () => {
    for (const name of ["gateway", "client"]) {
      try {
        parseScenario({
          ...minimal,
          services: { [name]: { latency: "10ms" } },
          flows: { f: [name] },
        });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        expect((error as ScenarioError).issues).toContainEqual({
          path: `services.${name}`,
          message: `"${name}" is reserved: it names the entry point in calls keys (${name}->service); choose another name`,
        });
      }
    }
  });

  it("gives the gateway its own figures, and each service its own, in theory and in simulation", () => {
    const s = parseScenario({
      seed: 3,
      duration: 300,
      workload: { rate: 50 },
      gateway: { concurrency: 4, latency: { dist: "exponential", mean: 0.02 } },
      services: { api: { concurrency: 8, latency: { dist: "exponential", mean: 0.1 } } },
      flows: { f: ["api"] },
    });
    const a = analyze(s);
    // Gateway: λ 50, 4 workers of 20 ms: ρ = 0.25. api: 8 workers of 100 ms: ρ = 0.625.
    expect(a.gateway!.utilization).toBeCloseTo(0.25, 12);
    expect(a.services.api!.utilization).toBeCloseTo(0.625, 12);
    const r = simulate(s);
    expect(Math.abs(r.gateway!.utilization - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(r.services.api!.utilization - 0.625)).toBeLessThan(0.03);
  });
});
