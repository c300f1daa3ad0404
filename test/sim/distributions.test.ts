import { describe, expect, it } from "vitest";
import {
  createDistribution,
  createStream,
  type DistributionSpec,
  gammaFunction,
  normalCdf,
  probit,
  scv,
} from "../../src/sim/index.js";

/**
 * Each distribution's sample mean and variance over a fixed seed must match its theory within
 * 5 standard errors. The standard error of the mean is sqrt(σ²/n); that of the sample variance
 * is sqrt((m4 - s⁴)/n), estimated from the sample's own fourth central moment. With a fixed seed
 * the outcome is deterministic; 5 SE keeps the check meaningful for any seed.
 */
function moments(spec: DistributionSpec, n = 200_000, seed = 12345) {
  const d = createDistribution(spec);
  const rng = createStream(seed, `test/${spec.dist}`);
  const xs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = d.sample(rng);
    xs[i] = x;
    sum += x;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const x of xs) {
    const dev = (x - mean) ** 2;
    m2 += dev;
    m4 += dev * dev;
    if (x < min) min = x;
  }
  m2 /= n;
  m4 /= n;
  return {
    d,
    mean,
    variance: m2,
    seMean: Math.sqrt(d.variance / n),
    seVar: Math.sqrt((m4 - m2 * m2) / n),
    min,
  };
}

const cases: [string, DistributionSpec, number, number][] = [
  ["constant 2ms", { dist: "constant", value: 0.002 }, 0.002, 0],
  ["exponential mean 0.12", { dist: "exponential", mean: 0.12 }, 0.12, 0.0144],
  ["uniform [1, 3]", { dist: "uniform", min: 1, max: 3 }, 2, 1 / 3],
  ["normal 10 ± 1 (truncation below 1e-22)", { dist: "normal", mean: 10, sd: 1 }, 10, 1],
  // mu = sd = 1 truncated at 0: mean 1 + φ(1)/Φ(1), variance 1 - h - h² with h = φ(1)/Φ(1).
  [
    "normal 1 ± 1 (truncated)",
    { dist: "normal", mean: 1, sd: 1 },
    1.2875999709391783,
    0.6296862857766055,
  ],
  // Truncated at 0 with mu = 0: the half-normal, mean sd·sqrt(2/π), variance sd²(1 - 2/π).
  [
    "normal 0 ± 1 (half-normal)",
    { dist: "normal", mean: 0, sd: 1 },
    Math.sqrt(2 / Math.PI),
    1 - 2 / Math.PI,
  ],
  [
    "lognormal mean 0.05, cv 0.5",
    { dist: "lognormal", mean: 0.05, cv: 0.5 },
    0.05,
    (0.05 * 0.5) ** 2,
  ],
  [
    "lognormal p50 12ms, p99 80ms",
    { dist: "lognormal", p50: 0.012, p99: 0.08 },
    0.012 * Math.exp((Math.log(0.08 / 0.012) / 2.3263478740408408) ** 2 / 2),
    (Math.exp((Math.log(0.08 / 0.012) / 2.3263478740408408) ** 2) - 1) *
      (0.012 * Math.exp((Math.log(0.08 / 0.012) / 2.3263478740408408) ** 2 / 2)) ** 2,
  ],
  ["gamma shape 2.5, mean 5", { dist: "gamma", shape: 2.5, mean: 5 }, 5, 2.5 * 2 * 2],
  ["gamma shape 0.5, mean 1", { dist: "gamma", shape: 0.5, mean: 1 }, 1, 0.5 * 4],
  ["erlang k 4, mean 1", { dist: "erlang", k: 4, mean: 1 }, 1, 0.25],
  [
    "weibull shape 1.5, scale 2",
    { dist: "weibull", shape: 1.5, scale: 2 },
    2 * gammaFunction(1 + 1 / 1.5),
    4 * (gammaFunction(1 + 2 / 1.5) - gammaFunction(1 + 1 / 1.5) ** 2),
  ],
  ["pareto shape 5, scale 1", { dist: "pareto", shape: 5, scale: 1 }, 5 / 4, 5 / (16 * 3)],
  [
    "empirical [1, 2, 3, 10]",
    { dist: "empirical", values: [1, 2, 3, 10] },
    4,
    (9 + 4 + 1 + 36) / 4,
  ],
  [
    "mixture 0.9 × exp(1) + 0.1 × const(10)",
    {
      dist: "mixture",
      components: [
        { weight: 9, dist: "exponential", mean: 1 },
        { weight: 1, dist: "constant", value: 10 },
      ],
    },
    1.9,
    0.9 * 2 + 0.1 * 100 - 1.9 ** 2,
  ],
];

describe("distributions match their theory", () => {
  it.each(cases)("%s", (_name, spec, mean, variance) => {
    const m = moments(spec);
    expect(m.d.mean).toBeCloseTo(mean, 9);
    expect(m.d.variance).toBeCloseTo(variance, 9);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(Math.abs(m.mean - mean)).toBeLessThanOrEqual(5 * m.seMean + 1e-9 * mean); // slack for rounding in the sum
    expect(Math.abs(m.variance - variance)).toBeLessThanOrEqual(5 * m.seVar + 1e-9 * mean * mean);
  });

  it("lognormal from p50 and p99 puts those quantiles where asked", () => {
    const d = createDistribution({ dist: "lognormal", p50: 0.012, p99: 0.08 });
    const rng = createStream(9, "quantiles");
    const xs = Array.from({ length: 100_000 }, () => d.sample(rng)).sort((a, b) => a - b);
    // A sample quantile's standard error is sqrt(p(1-p)/n) in probability: 5 SE at p99 is ±0.0016.
    const below = (x: number) => xs.filter((v) => v <= x).length / xs.length;
    expect(Math.abs(below(0.012) - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 1e5));
    expect(Math.abs(below(0.08) - 0.99)).toBeLessThan(5 * Math.sqrt(0.0099 / 1e5));
  });

  it("the same stream state gives the same samples", () => {
    const d = createDistribution({ dist: "gamma", shape: 3, mean: 1 });
    const a = createStream(5, "s");
    const b = createStream(5, "s");
    expect(Array.from({ length: 20 }, () => d.sample(a))).toEqual(
      Array.from({ length: 20 }, () => d.sample(b)),
    );
  });

  it("reports squared coefficient of variation", () => {
    expect(scv(createDistribution({ dist: "exponential", mean: 3 }))).toBeCloseTo(1, 12);
    expect(scv(createDistribution({ dist: "constant", value: 3 }))).toBe(0);
    expect(scv(createDistribution({ dist: "erlang", k: 4, mean: 3 }))).toBeCloseTo(0.25, 12);
  });

  it("Pareto with shape <= 2 has infinite variance, <= 1 infinite mean", () => {
    expect(createDistribution({ dist: "pareto", shape: 1.5, scale: 1 }).variance).toBe(Infinity);
    expect(createDistribution({ dist: "pareto", shape: 1, scale: 1 }).mean).toBe(Infinity);
  });
});

describe("invalid parameters name the distribution and the parameter", () => {
  const bad: [DistributionSpec, RegExp][] = [
    [{ dist: "exponential", mean: -1 }, /exponential: mean must be > 0/],
    [{ dist: "uniform", min: 3, max: 1 }, /uniform: max must be >= min/],
    [{ dist: "normal", mean: 1, sd: 0 }, /normal: sd/],
    [{ dist: "lognormal", p50: 0.08, p99: 0.012 }, /lognormal: p99 must be greater than p50/],
    [{ dist: "lognormal", mean: 1, cv: Number.NaN }, /lognormal: cv/],
    [{ dist: "erlang", k: 1.5, mean: 1 }, /erlang: k must be a positive integer/],
    [{ dist: "empirical", values: [] }, /empirical: values/],
    [{ dist: "empirical", values: [1, -2] }, /empirical: values\[1\]/],
    [{ dist: "mixture", components: [] }, /mixture: components/],
    [{ dist: "bogus" } as unknown as DistributionSpec, /unknown distribution bogus/],
  ];
  it.each(bad)("%o", (spec, message) => {
    expect(() => createDistribution(spec)).toThrow(RangeError);
    expect(() => createDistribution(spec)).toThrow(message);
  });
});

describe("special functions", () => {
  it("probit inverts the normal CDF (Φ⁻¹(0.99) = 2.326348, Φ⁻¹(0.5) = 0)", () => {
    expect(probit(0.99)).toBeCloseTo(2.326348, 6);
    expect(probit(0.5)).toBeCloseTo(0, 12);
    for (const p of [1e-10, 0.001, 0.02425, 0.3, 0.9, 0.999999]) {
      expect(normalCdf(probit(p))).toBeCloseTo(p, 6);
    }
    expect(() => probit(1)).toThrow(/probit: p/);
  });
  it("Γ(5) = 24 and Γ(1/2) = √π", () => {
    expect(gammaFunction(5)).toBeCloseTo(24, 10);
    expect(gammaFunction(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
  });
});
