import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { meanConfidenceInterval, tQuantile } from "../../src/metrics/confidenceInterval.js";
import { LatencyHistogram } from "../../src/metrics/latencyHistogram.js";
import { TimeWeightedAverage } from "../../src/metrics/timeWeightedAverage.js";

/**
 * meshsim computes its statistics in streaming form (histograms, running sums), so that a run's
 * memory does not grow with its length; simple-statistics computes them from whole arrays. Here
 * it is the independent reference those streaming forms are held to.
 */
const samples = fc.array(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), {
  minLength: 2,
  maxLength: 400,
  size: "max",
});

describe("the streaming statistics against simple-statistics", () => {
  it("a replication interval is mean ± t·s/√n with simple-statistics' mean and sample deviation", () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const ci = meanConfidenceInterval(xs);
        const half =
          (tQuantile(0.975, xs.length - 1) * ss.sampleStandardDeviation(xs)) / Math.sqrt(xs.length);
        const m = ss.mean(xs);
        expect(ci.low).toBeCloseTo(m - half, 6);
        expect(ci.high).toBeCloseTo(m + half, 6);
      }),
    );
  });

  it("a histogram's percentiles are within its stated 0.05% of the exact sample quantile", () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const h = new LatencyHistogram();
        for (const x of xs) h.record(x);
        expect(h.mean).toBeCloseTo(ss.mean(xs), 6);
        const sorted = [...xs].sort((a, b) => a - b);
        for (const p of [50, 90, 99]) {
          // The histogram's percentile is an order statistic's bucket; the sample quantile by
          // the nearest-rank rule is the same order statistic.
          const exact = ss.quantileSorted(sorted, p / 100);
          const rank = sorted.findIndex((v) => v >= exact);
          const lo = sorted[Math.max(0, rank - 1)]!;
          const hi = sorted[Math.min(sorted.length - 1, rank + 1)]!;
          const got = h.percentile(p);
          expect(got).toBeGreaterThanOrEqual(lo * (1 - 5e-4));
          expect(got).toBeLessThanOrEqual(hi * (1 + 5e-4));
        }
      }),
    );
  });

  it("a time-weighted average is the duration-weighted mean of the values held", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.001, max: 10, noNaN: true }),
            fc.integer({ min: 0, max: 50 }),
          ),
          {
            minLength: 1,
            maxLength: 100,
            size: "max",
          },
        ),
        (steps) => {
          const twa = new TimeWeightedAverage(0, 0);
          let t = 0;
          const values: number[] = [];
          const weights: number[] = [];
          let held = 0;
          for (const [dt, v] of steps) {
            values.push(held);
            weights.push(dt);
            t += dt;
            twa.update(t, v);
            held = v;
          }
          const weighted = ss.sum(values.map((v, i) => v * weights[i]!)) / ss.sum(weights);
          expect(twa.average(t)).toBeCloseTo(weighted, 9);
        },
      ),
    );
  });
});
