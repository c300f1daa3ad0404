import { describe, expect, it } from "vitest";
import { parseScenario, simulate } from "../../../src/index.js";

const expo = (mean: number) => ({ dist: "exponential", mean });
const warmupWarnings = (input: object) =>
  simulate(parseScenario({ name: "w", seed: 1, ...input })).warnings.filter((w) =>
    w.startsWith("warm-up"),
  );
// M/M/1 at ρ 0.9 (S 0.1 s): its queue's relaxation time is 1/(μ(1-√ρ)²) ≈ 38 s.
const busy = {
  duration: "30m",
  replications: 3,
  workload: { rate: 9 },
  services: { api: { latency: expo(0.1) } },
  flows: { f: ["api"] },
};

describe("the warm-up check", () => {
  it("says when the warm-up is shorter than the queue's memory, and suggests one", () => {
    const [warning] = warmupWarnings({ ...busy, warmup: 0 });
    expect(warning).toMatch(/warm-up too short: 0 s is less than the .* api's calls in system/);
    // The suggestion is three memories: about a relaxation time or more here.
    const [, value, unit] = /at least ([\d.]+) (s|min)$/.exec(warning!) ?? [];
    expect(Number(value) * (unit === "min" ? 60 : 1)).toBeGreaterThan(30);
  });

  it("is quiet when the warm-up is long, at light load, and for workloads that change by design", () => {
    expect(warmupWarnings({ ...busy, warmup: "10m" })).toEqual([]);
    expect(warmupWarnings({ ...busy, warmup: "30s", workload: { rate: 3 } })).toEqual([]);
    const ramp = {
      profile: [
        { at: 0, rate: 3 },
        { at: "10m", rate: 9 },
      ],
    };
    expect(warmupWarnings({ ...busy, warmup: 0, workload: ramp })).toEqual([]);
  });
});
