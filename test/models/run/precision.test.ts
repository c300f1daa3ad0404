import { describe, expect, it } from "vitest";
import { compare, parseScenario, relativeHalfWidths, simulate } from "../../../src/index.js";

const s = parseScenario({
  seed: 3,
  duration: 120,
  warmup: 10,
  workload: { rate: 20 },
  services: { api: { concurrency: 2, latency: { dist: "exponential", mean: 0.05 } } },
  flows: { main: ["api"] },
});

describe("runs that stop when precise", () => {
  it("add replications until every headline figure's 95% half-width is within the target", () => {
    const r = simulate(s, { precision: 0.04 });
    expect(r.precision!.reached).toBe(true);
    expect(r.replications).toBe(r.precision!.replications);
    expect(r.replications).toBeGreaterThan(5);
    for (const w of relativeHalfWidths(r)) expect(w.relative, w.label).toBeLessThanOrEqual(0.04);
    // It stopped at the first doubling that was precise: half as many were not.
    const fewer = simulate(s, { replications: r.replications / 2 });
    expect(Math.max(...relativeHalfWidths(fewer).map((w) => w.relative))).toBeGreaterThan(0.04);
    expect(r.precision!.decidedBy).toMatch(/^main (p99|mean|successRate)$|^api utilization$/);
  });

  it("stop at the cap and say which figure is still short", () => {
    const r = simulate(s, { precision: 0.001, maxReplications: 8 });
    expect(r.precision).toMatchObject({ reached: false, replications: 8 });
    expect(r.precision!.widest).toBeGreaterThan(0.001);
    expect(r.precision!.decidedBy).not.toBeNull();
  });

  it("give the same figures as a run asked for that many replications", () => {
    const r = simulate(s, { precision: 0.05 });
    const same = simulate(s, { replications: r.replications });
    expect(JSON.stringify({ ...r, wallSeconds: 0, precision: undefined })).toBe(
      JSON.stringify({ ...same, wallSeconds: 0 }),
    );
  });

  it("compare doubles its paired replications until the differences are precise", () => {
    const variant = { ...s, services: { api: { ...s.services.api!, concurrency: 3 } } };
    const c = compare(s, variant, { precision: 0.03 });
    expect(c.precision!.reached).toBe(true);
    expect(c.replications).toBe(c.precision!.replications);
  });

  it("refuse a target outside (0, 1)", () => {
    expect(() => simulate(s, { precision: 0 })).toThrow(/precision: expected a share in \(0, 1\)/);
    expect(() => simulate(s, { precision: 1.5 })).toThrow(RangeError);
  });
});
