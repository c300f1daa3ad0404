import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/index.js";

/** The nearest-rank percentile of a sample: the ⌈p/100 · n⌉-th smallest value. */
function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

const latencies = fc.array(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), {
  minLength: 1,
  maxLength: 2000,
  // "max": past fast-check's default size (at most 10 values), and so past the kept values.
  size: "max",
});

const filled = (values: number[]) => {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
};

describe("LatencyHistogram", () => {
  it("reports each percentile within 0.1% of the sample's exact one, and exact min, max, mean", () => {
    fc.assert(
      fc.property(latencies, fc.constantFrom(50, 90, 95, 99, 99.9), (values, p) => {
        const h = filled(values);
        // A bucket spans at most 1/1024 of its value; the midpoint is within half of that.
        expect(Math.abs(h.percentile(p) / exact(values, p) - 1)).toBeLessThanOrEqual(1 / 1024);
        expect(h.count).toBe(values.length);
        expect(h.min).toBe(Math.min(...values));
        expect(h.max).toBe(Math.max(...values));
        expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
      }),
    );
  });

  it("adding one histogram to another equals recording both samples in one", () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        const merged = filled(a);
        merged.add(filled(b));
        const whole = filled([...a, ...b]);
        const { mean: m1, ...rest1 } = merged.summary();
        const { mean: m2, ...rest2 } = whole.summary();
        expect(rest1).toEqual(rest2);
        expect(m1).toBeCloseTo(m2, 6);
      }),
    );
  });

  it("after reset records as a fresh one, whether few or very many buckets were filled", () => {
    // 40,000 values over 10 octaves fill more distinct buckets than the histogram lists.
    for (const n of [10, 40_000]) {
      const values = Array.from({ length: n }, (_, i) => 0.001 * 2 ** ((10 * i) / n));
      const h = filled(values);
      const other = new LatencyHistogram();
      other.add(h);
      expect(other.summary()).toEqual(h.summary());
      h.reset();
      expect(h.count).toBe(0);
      expect(h.percentile(99)).toBe(0);
      const again = values.map((v) => v * 1.37);
      for (const v of again) h.record(v);
      expect(h.summary()).toEqual(filled(again).summary());
      h.reset();
      const empty = filled([0.1]);
      empty.add(h);
      expect(empty.summary()).toEqual(filled([0.1]).summary());
    }
  });

  it("its window holds the values since resetWindow, each percentile within 1/128, and leaves the run's alone", () => {
    fc.assert(
      fc.property(latencies, latencies, fc.constantFrom(50, 99, 100), (before, during, p) => {
        const h = filled(before);
        h.resetWindow();
        expect(h.windowCount).toBe(0);
        expect(h.windowPercentile(p)).toBe(0);
        for (const v of during) h.record(v);
        expect(h.windowCount).toBe(during.length);
        // A window bucket spans at most 1/64 of its value; the midpoint is within half of that.
        expect(Math.abs(h.windowPercentile(p) / exact(during, p) - 1)).toBeLessThanOrEqual(1 / 128);
        // The run's percentiles are untouched by windows.
        expect(h.summary()).toEqual(filled([...before, ...during]).summary());
        h.resetWindow();
        h.record(0.5);
        expect(h.windowPercentile(p)).toBeCloseTo(0.5, 2);
      }),
    );
  });

  it("counts zeros and clamps values beyond its range into its top bucket", () => {
    // Only zeros: every figure is a plain 0 (never -0, which a table would print as "-0").
    const zeros = filled([0, 0, 0]).summary();
    for (const v of Object.values(zeros).slice(1)) expect(Object.is(v, 0)).toBe(true);
    const h = filled([0, 0, 2 ** 40, 1]);
    expect(h.percentile(50)).toBe(0);
    expect(h.max).toBe(2 ** 40);
    expect(h.percentile(100)).toBe(2 ** 40);
  });
});

describe("LatencyHistogram: percentiles read one after another", () => {
  it("are each what a first read gives, in any order, across records, adds and resets (a property)", () => {
    const levels = fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { maxLength: 40 });
    fc.assert(
      fc.property(latencies, latencies, levels, levels, (a, b, first, second) => {
        const many = [...a, ...a, ...a]; // past the kept values, into the buckets
        const h = filled(many);
        for (const p of first) expect(h.percentile(p)).toBe(filled(many).percentile(p));
        // More values, another histogram's, then a reset to as many values as before.
        for (const v of b) h.record(v);
        h.add(filled(b));
        const now = [...many, ...b, ...b];
        for (const p of second) expect(h.percentile(p)).toBe(filled(now).percentile(p));
        h.reset();
        // As many values as before the reset: a stale read position would pass for valid.
        const again = Array.from({ length: now.length }, (_, i) => b[i % b.length]!);
        for (const v of again) h.record(v);
        for (const p of first) expect(h.percentile(p)).toBe(filled(again).percentile(p));
      }),
      { numRuns: 60 },
    );
  });
});

describe("LatencyHistogram: values kept as they are until it spills", () => {
  /** Every figure a histogram reports, after each step. */
  const figures = (h: LatencyHistogram) => [
    h.count,
    h.mean,
    h.min,
    h.max,
    ...[1, 25, 50, 90, 99, 99.9, 100].map((p) => h.percentile(p)),
    h.windowCount,
    ...[50, 99].map((p) => h.windowPercentile(p)),
  ];
  it("gives the figures the buckets give, before, across and after the spill (a property)", () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.constantFrom(0, 1e-13, 5e9),
      fc.double({ min: 1e-6, max: 1e-2, noNaN: true }),
    );
    const record = value.map((v) => ({ v }));
    const window = fc.constant({ v: "window" as const });
    const step = fc.oneof(
      { weight: 20, arbitrary: record },
      { weight: 1, arbitrary: window },
      { weight: 1, arbitrary: fc.constant({ v: "reset" as const }) },
    );
    // A first stretch without resets, long enough (up to 3,000 values) to spill the kept values
    // (1,024) in some runs, then any mix; size "max", as fast-check's default makes at most 10.
    const first = fc.array(fc.oneof({ weight: 40, arbitrary: record }, window), {
      maxLength: 3000,
      size: "max",
    });
    let spilled = 0;
    fc.assert(
      fc.property(first, fc.array(step, { maxLength: 300, size: "max" }), (start, rest) => {
        const steps = [...start, ...rest];
        const kept = new LatencyHistogram();
        // Spilled from the start: adding an empty histogram spills the one it is added to.
        const bucketed = new LatencyHistogram();
        bucketed.add(new LatencyHistogram());
        let values = 0;
        steps.forEach(({ v }, i) => {
          for (const h of [kept, bucketed]) {
            if (v === "window") h.resetWindow();
            else if (v === "reset") h.reset();
            else h.record(v);
          }
          // The values it keeps: nonzero ones of at least 2^-40 s (smaller ones count as 0).
          if (i < start.length && typeof v === "number" && v >= 2 ** -40) values++;
          // Every step at first and around the spill, then every 16th (a difference, once
          // made, stays): reading sorts the kept values, and a run has up to 3,300 steps.
          if (i < 64 || Math.abs(values - 1024) < 8 || i % 16 === 0 || i === steps.length - 1)
            expect(figures(kept)).toEqual(figures(bucketed));
        });
        if (values > 1100) spilled++;
        // Merged into a total, kept and bucketed values count alike.
        const a = new LatencyHistogram();
        a.add(kept);
        const b = new LatencyHistogram();
        b.add(bucketed);
        expect(figures(a)).toEqual(figures(b));
      }),
      // A failure shrinks for at most 20 s (each step reads every figure), and is still a failure.
      { numRuns: 60, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
    // The property held across the spill, not only before it.
    expect(spilled).toBeGreaterThan(5);
  });
});
