import { describe, expect, it } from "vitest";
import { analyze, parseScenario } from "../../../src/index.js";

describe("the analysis's fixed point between loads and hold times", () => {
  // front (blocking, one worker) holds its worker while it calls back (M/M/1): its hold time
  // is its own 10 ms plus back's sojourn, a figure the first pass does not have yet (it takes
  // back's service time). Every pass offers both the same load, so only the hold time moves.
  const lambda = 20;
  const scenario = parseScenario({
    workload: { rate: lambda },
    services: {
      front: { blocking: true, concurrency: 1, latency: { dist: "exponential", mean: "10ms" } },
      back: { concurrency: 1, latency: { dist: "exponential", mean: "20ms" } },
    },
    flows: { main: [{ front: ["back"] }] },
  });
  const a = analyze(scenario);

  it("solves the callee as an M/M/1: W = 1 / (mu - lambda)", () => {
    expect(a.services.back!.W).toBeCloseTo(1 / (50 - lambda), 12);
  });

  it("holds the blocking caller for its own work plus the callee's sojourn, not its service time", () => {
    const hold = 0.01 + 1 / (50 - lambda); // 43.3 ms; with back's service time only, 30 ms
    const front = a.services.front!;
    expect(front.lambda).toBe(lambda);
    expect(front.utilization).toBeCloseTo(lambda * hold, 12);
  });
});
