import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStream, deriveSeed, RandomSource } from "../../src/sim/index.js";

const draws = (source: RandomSource, name: string, n: number) =>
  Array.from({ length: n }, () => source.stream(name).next());

describe("named random streams", () => {
  it("give the same draws for the same seed and name", () => {
    expect(draws(new RandomSource(42), "payment/service-time", 50)).toEqual(
      draws(new RandomSource(42), "payment/service-time", 50),
    );
  });
  it("give different draws for different names and for different seeds", () => {
    const a = draws(new RandomSource(42), "payment/service-time", 50);
    expect(draws(new RandomSource(42), "catalog/service-time", 50)).not.toEqual(a);
    expect(draws(new RandomSource(43), "payment/service-time", 50)).not.toEqual(a);
  });
  it("are unaffected by other streams being created or drawn from (common random numbers)", () => {
    const alone = new RandomSource(7);
    const crowded = new RandomSource(7);
    crowded.stream("new-service/latency").next();
    draws(crowded, "another", 100);
    expect(draws(crowded, "payment", 20)).toEqual(draws(alone, "payment", 20));
  });
  it("return the same stream object for a name, continuing where it left off", () => {
    const source = new RandomSource(1);
    const first = source.stream("x").next();
    const second = source.stream("x").next();
    const fresh = createStream(1, "x");
    expect([fresh.next(), fresh.next()]).toEqual([first, second]);
  });
  it("draw uniformly in [0, 1): mean 1/2 and variance 1/12 within 5 standard errors", () => {
    const s = createStream(2024, "uniformity");
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // The sample variance of U(0,1) has standard error sqrt((μ4 - σ⁴)/n) = sqrt(1/180/n).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });
  it("derive distinct, reproducible replication seeds", () => {
    const seeds = Array.from({ length: 100 }, (_, i) => deriveSeed(42, i));
    expect(new Set(seeds).size).toBe(100);
    expect(deriveSeed(42, 3)).toBe(seeds[3]);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });
  it("refuses a non-finite seed", () => {
    expect(() => new RandomSource(Number.NaN)).toThrow(/RandomSource: seed/);
  });
});

describe("streams are seedrandom's Alea", () => {
  it("draw exactly the numbers seedrandom.alea draws for the same seed string", async () => {
    const seedrandom = (await import("seedrandom")).default;
    const reference = seedrandom.alea("42\u0000service/payment/latency");
    const stream = new RandomSource(42).stream("service/payment/latency");
    for (let i = 0; i < 10_000; i++) expect(stream.next()).toBe(reference());
  });

  it("start from seedrandom's state for any seed and name (meshsim seeds them itself)", async () => {
    const seedrandom = (await import("seedrandom")).default;
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ maxLength: 500 })),
        (seed, name) => {
          const reference = seedrandom.alea(`${seed}\u0000${name}`);
          const stream = createStream(seed, name);
          for (let i = 0; i < 4; i++) expect(stream.next()).toBe(reference());
        },
      ),
      { numRuns: 2000, seed: 19 },
    );
  });
});
