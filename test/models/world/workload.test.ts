import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, simulate } from "../../../src/index.js";

/**
 * The mix: each request picks its flow with probability weight / total, whatever the number of
 * flows (a few are scanned, many bisected), and a flow of weight 0 never starts.
 */
describe("the workload's mix", () => {
  it("starts each flow in its share (binomial bounds), none of weight 0, for 2 to 40 flows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })), {
          minLength: 2,
          maxLength: 40,
        }),
        (weights) => {
          fc.pre(weights.some((w) => w > 0));
          const mix = Object.fromEntries(weights.map((w, i) => [`f${i}`, w]));
          const flows = Object.fromEntries(weights.map((_, i) => [`f${i}`, ["api"]]));
          const report = simulate(
            parseScenario({
              duration: "200s",
              warmup: "0s",
              workload: { rate: "100/s", mix },
              services: { api: { latency: "1us", concurrency: 100 } },
              flows,
            }),
          );
          const n = Object.values(report.flows).reduce((a, f) => a + f.started, 0);
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((w, i) => {
            const started = report.flows[`f${i}`]!.started;
            if (w === 0) expect(started).toBe(0);
            const p = w / total;
            expect(Math.abs(started - n * p)).toBeLessThanOrEqual(
              4 * Math.sqrt(n * p * (1 - p)) + 1,
            );
          });
        },
      ),
      { seed: 11, numRuns: 25 },
    );
  }, 60_000);
});
