import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimeWeightedAverage } from "../../src/index.js";

/** A step function: (time gap, new value) pairs, applied in order from t = 0. */
const steps = fc.array(
  fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 50 })),
  { maxLength: 200, size: "max" },
);

describe("TimeWeightedAverage", () => {
  it("integrates a step function exactly as the sum of value × duration", () => {
    fc.assert(
      fc.property(steps, fc.double({ min: 0, max: 100, noNaN: true }), (changes, tail) => {
        const twa = new TimeWeightedAverage();
        let now = 0;
        let value = 0;
        let area = 0;
        for (const [gap, next] of changes) {
          area += value * gap;
          now += gap;
          twa.update(now, next);
          value = next;
        }
        const end = now + tail;
        area += value * tail;
        expect(twa.integral(end)).toBeCloseTo(area, 6);
        expect(twa.current).toBe(value);
        if (end > 0) expect(twa.average(end)).toBeCloseTo(area / end, 6);
        // Never -0: an untouched integral is a plain 0.
        expect(Object.is(new TimeWeightedAverage().integral(5), -0)).toBe(false);
      }),
    );
  });

  it("forgets everything before a restart, keeping the current value", () => {
    const twa = new TimeWeightedAverage();
    twa.update(1, 4); // 0 on [0, 1), then 4
    twa.update(3, 2); // 4 on [1, 3), then 2
    twa.restart(5); // the warm-up ends at 5, with 2 in the system
    expect(twa.integral(5)).toBe(0);
    twa.add(6, 1); // 2 on [5, 6), then 3
    expect(twa.integral(8)).toBe(2 * 1 + 3 * 2);
    expect(twa.average(8)).toBeCloseTo(8 / 3, 12);
    expect(twa.average(5)).toBe(3); // no time measured yet: the current value
  });
});
