import { describe, expect, it } from "vitest";
import { sparkline } from "../../../src/cli/render/sparkline.js";

describe("sparkline", () => {
  it("draws each value from 0 to the top in eight blocks", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 24, 7)).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([0.5, 1], 24)).toBe("▅█"); // top: the series' largest
    expect(sparkline([2, 0.5], 24, 1)).toBe("█▅"); // beyond the top: the top
  });
  it("buckets a long timeline by its peaks, so one window's spike survives", () => {
    const flat = Array.from({ length: 100 }, () => 1);
    flat[57] = 8;
    const line = sparkline(flat, 10);
    expect(line).toHaveLength(10);
    expect(line).toBe("▂▂▂▂▂█▂▂▂▂");
  });
  it("leaves windows without samples blank, and draws nothing for nothing", () => {
    expect(sparkline([1, Number.NaN, 1], 24)).toBe("█ █");
    expect(sparkline([], 24)).toBe("");
    expect(sparkline([0, 0], 24)).toBe("▁▁");
  });
});
