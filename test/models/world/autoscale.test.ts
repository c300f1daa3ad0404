import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";
import { recommend, Stabilizer } from "../../../src/models/world/autoscale/rule.js";

const config = (more: object = {}) =>
  parseScenario({
    workload: { rate: 1 },
    services: { api: { latency: "1ms", autoscale: { min: 1, max: 20, target: 0.5, ...more } } },
    flows: { f: ["api"] },
  }).services.api!.autoscale!;

describe("the HPA's recommendation", () => {
  const c = { target: 0.5, tolerance: 0.1 };
  it("is ceil(current × metric / target) outside the tolerance, the current count inside", () => {
    // 4 ready, 3 busy-worker equivalents: 0.75 per instance, ratio 1.5: ceil(6) = 6.
    expect(recommend(c, 3, 4, 0, 4)).toBe(6);
    // 0.52 per instance: ratio 1.04, within 10%: stay.
    expect(recommend(c, 2.08, 4, 0, 4)).toBe(4);
    // 0.2 per instance: ratio 0.4: ceil(1.6) = 2.
    expect(recommend(c, 0.8, 4, 0, 4)).toBe(2);
  });
  it("counts instances still provisioning as idle on a scale-up, and skips it if they cover it", () => {
    // 2 ready at 0.8 each (ratio 1.6) and 2 starting: 1.6 over 4 is ratio 0.8: no change.
    expect(recommend(c, 1.6, 2, 2, 4)).toBe(4);
    // 2 ready at 1.0 and 1 starting: 2 over 3 at 0.5 is ratio 1.33: ceil(4) = 4.
    expect(recommend(c, 2, 2, 1, 3)).toBe(4);
  });
  it("without instances starting, is ceil(total / target) whenever it moves (a property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (total, ready) => {
          const r = recommend(c, total, ready, 0, ready);
          if (r !== ready) expect(r).toBe(Math.ceil(total / c.target - 1e-9));
          else expect(Math.abs(total / ready / c.target - 1)).toBeLessThanOrEqual(0.1 + 1e-9);
        },
      ),
    );
  });
});

describe("the HPA's stabilization and limits", () => {
  it("scales down only to the highest recommendation of the last scale-down window", () => {
    const s = new Stabilizer(config({ scaleDown: { stabilization: "60s" } }), null);
    expect(s.stabilize(0, 8, 8)).toBe(8);
    expect(s.stabilize(15, 3, 8)).toBe(8);
    expect(s.stabilize(30, 5, 8)).toBe(8);
    expect(s.stabilize(60, 4, 8)).toBe(8); // the 8 of t = 0 is still in the window
    expect(s.stabilize(75, 4, 8)).toBe(5); // now 5 (t = 30) is the highest
    expect(s.stabilize(105, 4, 5)).toBe(4);
  });
  it("scales up at once by default, by at most max(4, current) at a time", () => {
    const s = new Stabilizer(config(), null);
    expect(s.stabilize(0, 20, 1)).toBe(5);
    expect(s.stabilize(15, 20, 5)).toBe(10);
    expect(s.stabilize(30, 20, 10)).toBe(20);
    const stepped = new Stabilizer(config({ scaleUp: { maxStep: 2 } }), null);
    expect(stepped.stabilize(0, 20, 1)).toBe(3);
  });
  it("holds a scale-up to the lowest recommendation of its window", () => {
    const s = new Stabilizer(config({ scaleUp: { stabilization: "30s" } }), null);
    expect(s.stabilize(0, 2, 2)).toBe(2);
    expect(s.stabilize(15, 6, 2)).toBe(2);
    expect(s.stabilize(30, 6, 2)).toBe(2);
    expect(s.stabilize(45, 6, 2)).toBe(6);
  });
  it("stays within [min, max], and a lag metric within the partitions", () => {
    const s = new Stabilizer(config({ min: 2, max: 6, scaleDown: { stabilization: 0 } }), null);
    expect(s.stabilize(0, 0, 3)).toBe(2);
    expect(s.stabilize(15, 50, 3)).toBe(6);
    const lag = new Stabilizer(config({ max: 20 }), 3);
    expect(lag.stabilize(0, 12, 2)).toBe(3);
  });
});
