import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";
import { scenarioIssues as messages } from "../../support/issues.js";

const api = (autoscale: object, more: object = {}) => ({
  workload: { rate: 10 },
  services: { api: { latency: "10ms", autoscale, ...more } },
  flows: { f: ["api"] },
});

describe("autoscale", () => {
  it("reads with the HPA's defaults, starting at min", () => {
    const s = parseScenario(api({ max: 8, target: 0.6 }));
    expect(s.services.api!.instances).toBe(1);
    expect(s.services.api!.autoscale).toEqual({
      min: 1,
      max: 8,
      metric: "utilization",
      target: 0.6,
      interval: 15,
      tolerance: 0.1,
      scaleUp: { stabilization: 0, maxStep: null },
      scaleDown: { stabilization: 300, maxStep: null },
      provisioning: { dist: "constant", value: 0 },
    });
    const t = parseScenario(
      api({ min: 2, max: 8, target: 5, metric: "inflight", provisioning: "30s" }),
    );
    expect(t.services.api!.instances).toBe(2);
    expect(t.services.api!.autoscale!.provisioning).toEqual({ dist: "constant", value: 30 });
    expect(
      parseScenario(api({ max: 8, target: 0.6 }, { instances: 3 })).services.api!.instances,
    ).toBe(3);
  });

  it("is absent where not given, or given as null", () => {
    expect(
      parseScenario(api({ max: 2, target: 0.5 }, { autoscale: null })).services.api!.autoscale,
    ).toBeUndefined();
    expect("autoscale" in parseScenario(api(null as never)).services.api!).toBe(false);
  });

  it("names the path of each bad value", () => {
    expect(messages(api({ min: 5, max: 3, target: 0.5 }))).toEqual([
      "services.api.autoscale.min: expected at most max (3), got 5",
    ]);
    expect(messages(api({ max: 3, target: 0 }))).toEqual([
      "services.api.autoscale.target: expected a number > 0, got 0",
    ]);
    expect(messages(api({ max: 3, target: 70 }))).toEqual([
      "services.api.autoscale.target: a utilization target is a share in (0, 1], got 70",
    ]);
    expect(messages(api({ target: 0.5 }))).toEqual(["services.api.autoscale.max: required"]);
    expect(messages(api({ max: 3, target: 0.5, metric: "cpu" }))).toEqual([
      'services.api.autoscale.metric: expected one of utilization, inflight, lag, got "cpu"',
    ]);
    expect(messages(api({ max: 3, target: 0.5 }, { instances: 5 }))).toEqual([
      "services.api.instances: an autoscaled service starts within autoscale min..max (1..3), got 5",
    ]);
    expect(messages(api({ max: 3, target: 0.5, metric: "lag" }))).toEqual([
      "services.api.autoscale.metric: lag is a consumer's metric (messages waiting), and api consumes no topic",
    ]);
    expect(messages(api({ max: 3, target: 0.5 }, { balancer: "weighted", weights: [1] }))).toEqual([
      "services.api.weights: weights fix the instances one by one: they cannot go with autoscale",
    ]);
    expect(messages(api({ max: 3, target: 0.5 }, { balancer: { hash: { keys: 100 } } }))).toEqual([
      "services.api.balancer: a hash balancer's shards are its instances: resharding under an autoscaler is not modelled",
    ]);
    expect(
      messages({
        ...api({ max: 3, target: 0.5 }),
        faults: [{ service: "api", at: "1s", crash: 1 }],
      }),
    ).toEqual([
      "faults[0].service: api is autoscaled: faults on an autoscaled service are not modelled (yet)",
    ]);
  });

  it("counts its max against the instance limit", () => {
    expect(messages(api({ max: 10_001, target: 0.5 }))[0]).toMatch(/instances/);
  });
});
