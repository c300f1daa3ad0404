import type { RandomStream } from "./random.js";
import { gammaFunction, normalCdf, normalPdf, probit } from "./special.js";

/**
 * A probability distribution of a non-negative quantity (a service time, a think time):
 * it knows its own mean and variance, and samples from a stream it is handed.
 * Samplers that can draw by inversion use exactly one uniform per sample, so two variants of
 * a scenario stay in step draw for draw (common random numbers).
 */
export interface Distribution {
  readonly kind: DistributionSpec["dist"];
  /** Mean, in the unit of the samples (seconds for latencies). */
  readonly mean: number;
  /** Variance; Infinity where it does not exist (Pareto with shape <= 2). */
  readonly variance: number;
  sample(rng: RandomStream): number;
}

/** A distribution as plain data: what a scenario file holds, numbers in seconds. */
export type DistributionSpec =
  | { dist: "constant"; value: number }
  | { dist: "exponential"; mean: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "normal"; mean: number; sd: number }
  | { dist: "lognormal"; mean: number; cv: number }
  | { dist: "lognormal"; p50: number; p99: number }
  | { dist: "gamma"; shape: number; mean: number }
  | { dist: "erlang"; k: number; mean: number }
  | { dist: "weibull"; shape: number; scale: number }
  | { dist: "pareto"; shape: number; scale: number }
  | { dist: "empirical"; values: readonly number[] }
  | { dist: "mixture"; components: readonly MixtureComponent[] };

export type MixtureComponent = DistributionSpec & { weight: number };

/** z such that Φ(z) = 0.99: the lognormal's p99 lies this many sigmas above its median. */
const Z99 = probit(0.99);

/** Squared coefficient of variation, variance / mean², of a distribution. */
export function scv(d: Distribution): number {
  return d.mean === 0 ? 0 : d.variance / (d.mean * d.mean);
}

/**
 * Build a sampler from its plain-data description.
 * @throws {RangeError} naming the distribution and the parameter when a parameter is invalid
 * @example createDistribution({ dist: "exponential", mean: 0.1 }).mean // => 0.1
 */
export function createDistribution(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case "constant":
      return new Constant(nonNegative("constant", "value", spec.value));
    case "exponential":
      return new Exponential(positive("exponential", "mean", spec.mean));
    case "uniform": {
      const min = nonNegative("uniform", "min", spec.min);
      const max = nonNegative("uniform", "max", spec.max);
      if (max < min)
        throw new RangeError(`uniform: max must be >= min, got min ${min}, max ${max}`);
      return new Uniform(min, max);
    }
    case "normal":
      return new TruncatedNormal(
        finite("normal", "mean", spec.mean),
        positive("normal", "sd", spec.sd),
      );
    case "lognormal": {
      if ("p50" in spec) {
        const p50 = positive("lognormal", "p50", spec.p50);
        const p99 = positive("lognormal", "p99", spec.p99);
        if (p99 <= p50) {
          throw new RangeError(
            `lognormal: p99 must be greater than p50, got p50 ${p50}, p99 ${p99}`,
          );
        }
        return new LogNormal(Math.log(p50), Math.log(p99 / p50) / Z99);
      }
      const mean = positive("lognormal", "mean", spec.mean);
      const cv = positive("lognormal", "cv", spec.cv);
      const sigma2 = Math.log(1 + cv * cv);
      return new LogNormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
    }
    case "gamma": {
      const shape = positive("gamma", "shape", spec.shape);
      return new Gamma(shape, positive("gamma", "mean", spec.mean) / shape);
    }
    case "erlang": {
      const k = spec.k;
      if (!Number.isInteger(k) || k < 1) {
        throw new RangeError(`erlang: k must be a positive integer, got ${k}`);
      }
      return new Erlang(k, positive("erlang", "mean", spec.mean) / k);
    }
    case "weibull":
      return new Weibull(
        positive("weibull", "shape", spec.shape),
        positive("weibull", "scale", spec.scale),
      );
    case "pareto":
      return new Pareto(
        positive("pareto", "shape", spec.shape),
        positive("pareto", "scale", spec.scale),
      );
    case "empirical": {
      if (!Array.isArray(spec.values) || spec.values.length === 0) {
        throw new RangeError("empirical: values must be a non-empty list");
      }
      spec.values.forEach((v, i) => {
        nonNegative("empirical", `values[${i}]`, v);
      });
      return new Empirical(spec.values);
    }
    case "mixture": {
      if (!Array.isArray(spec.components) || spec.components.length === 0) {
        throw new RangeError("mixture: components must be a non-empty list");
      }
      const weights = spec.components.map((c, i) =>
        nonNegative("mixture", `components[${i}].weight`, c.weight),
      );
      const total = weights.reduce((a, b) => a + b, 0);
      if (!(total > 0)) throw new RangeError("mixture: the weights must not all be zero");
      const parts = spec.components.map((c) => createDistribution(c));
      return new Mixture(
        weights.map((w) => w / total),
        parts,
      );
    }
    default: {
      const unknown: { dist?: unknown } = spec;
      throw new RangeError(`createDistribution: unknown distribution ${String(unknown.dist)}`);
    }
  }
}

function finite(dist: string, name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${dist}: ${name} must be a finite number, got ${value}`);
  }
  return value;
}

function nonNegative(dist: string, name: string, value: number): number {
  if (finite(dist, name, value) < 0)
    throw new RangeError(`${dist}: ${name} must be >= 0, got ${value}`);
  return value;
}

function positive(dist: string, name: string, value: number): number {
  if (!(finite(dist, name, value) > 0)) {
    throw new RangeError(`${dist}: ${name} must be > 0, got ${value}`);
  }
  return value;
}

/** A uniform in (0, 1): never exactly 0, so logarithms and quantiles stay finite. */
function openUniform(rng: RandomStream): number {
  const u = rng.next();
  return u > 0 ? u : Number.MIN_VALUE;
}

class Constant implements Distribution {
  readonly kind = "constant";
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

class Exponential implements Distribution {
  readonly kind = "exponential";
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(rng: RandomStream): number {
    return -this.mean * Math.log(1 - rng.next());
  }
}

class Uniform implements Distribution {
  readonly kind = "uniform";
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.mean = (min + max) / 2;
    this.variance = (max - min) ** 2 / 12;
  }
  sample(rng: RandomStream): number {
    return this.min + (this.max - this.min) * rng.next();
  }
}

/** A normal truncated to [0, ∞), sampled by inversion; mean and variance are the truncated ones. */
class TruncatedNormal implements Distribution {
  readonly kind = "normal";
  readonly mean: number;
  readonly variance: number;
  private readonly lowerMass: number;
  constructor(
    private readonly mu: number,
    private readonly sd: number,
  ) {
    const alpha = -mu / sd;
    this.lowerMass = normalCdf(alpha);
    const hazard = normalPdf(alpha) / (1 - this.lowerMass);
    this.mean = mu + sd * hazard;
    this.variance = sd * sd * (1 + alpha * hazard - hazard * hazard);
  }
  sample(rng: RandomStream): number {
    const p = this.lowerMass + (1 - this.lowerMass) * openUniform(rng);
    const x = this.mu + this.sd * probit(Math.min(p, 1 - 1e-16));
    return Math.max(x, 0);
  }
}

class LogNormal implements Distribution {
  readonly kind = "lognormal";
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    const s2 = sigma * sigma;
    this.mean = Math.exp(mu + s2 / 2);
    this.variance = Math.expm1(s2) * Math.exp(2 * mu + s2);
  }
  sample(rng: RandomStream): number {
    return Math.exp(this.mu + this.sigma * probit(openUniform(rng)));
  }
}

/** Gamma(shape, scale) by Marsaglia and Tsang (2000), with the u^(1/shape) boost below shape 1. */
class Gamma implements Distribution {
  readonly kind = "gamma";
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  constructor(
    private readonly shape: number,
    private readonly scale: number,
  ) {
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    this.d = (shape < 1 ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  sample(rng: RandomStream): number {
    const { d, c } = this;
    let x: number;
    for (;;) {
      const z = probit(openUniform(rng));
      const v0 = 1 + c * z;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = openUniform(rng);
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        x = d * v;
        break;
      }
    }
    if (this.shape < 1) x *= openUniform(rng) ** (1 / this.shape);
    return x * this.scale;
  }
}

/** The sum of k exponential phases of mean `phaseMean`. */
class Erlang implements Distribution {
  readonly kind = "erlang";
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly k: number,
    private readonly phaseMean: number,
  ) {
    this.mean = k * phaseMean;
    this.variance = k * phaseMean * phaseMean;
  }
  sample(rng: RandomStream): number {
    let sum = 0;
    for (let i = 0; i < this.k; i++) sum -= Math.log(1 - rng.next());
    return sum * this.phaseMean;
  }
}

class Weibull implements Distribution {
  readonly kind = "weibull";
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly shape: number,
    private readonly scale: number,
  ) {
    const g1 = gammaFunction(1 + 1 / shape);
    this.mean = scale * g1;
    this.variance = scale * scale * (gammaFunction(1 + 2 / shape) - g1 * g1);
  }
  sample(rng: RandomStream): number {
    return this.scale * (-Math.log(1 - rng.next())) ** (1 / this.shape);
  }
}

/** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
class Pareto implements Distribution {
  readonly kind = "pareto";
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly shape: number,
    private readonly scale: number,
  ) {
    this.mean = shape > 1 ? (shape * scale) / (shape - 1) : Number.POSITIVE_INFINITY;
    this.variance =
      shape > 2
        ? (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2))
        : Number.POSITIVE_INFINITY;
  }
  sample(rng: RandomStream): number {
    return this.scale / (1 - rng.next()) ** (1 / this.shape);
  }
}

/** Resamples the given values, each with equal probability. */
class Empirical implements Distribution {
  readonly kind = "empirical";
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;
  constructor(values: readonly number[]) {
    this.values = Float64Array.from(values);
    const n = values.length;
    this.mean = values.reduce((a, b) => a + b, 0) / n;
    this.variance = values.reduce((a, b) => a + (b - this.mean) ** 2, 0) / n;
  }
  sample(rng: RandomStream): number {
    return this.values[Math.floor(rng.next() * this.values.length)]!;
  }
}

class Mixture implements Distribution {
  readonly kind = "mixture";
  readonly mean: number;
  readonly variance: number;
  private readonly cumulative: Float64Array;
  constructor(
    weights: readonly number[],
    private readonly parts: readonly Distribution[],
  ) {
    this.cumulative = new Float64Array(weights.length);
    let acc = 0;
    let mean = 0;
    let secondMoment = 0;
    weights.forEach((w, i) => {
      acc += w;
      this.cumulative[i] = acc;
      const part = parts[i]!;
      mean += w * part.mean;
      secondMoment += w * (part.variance + part.mean * part.mean);
    });
    this.mean = mean;
    this.variance = secondMoment - mean * mean;
  }
  sample(rng: RandomStream): number {
    const u = rng.next() * this.cumulative[this.cumulative.length - 1]!;
    let i = 0;
    while (i < this.cumulative.length - 1 && u >= this.cumulative[i]!) i++;
    return this.parts[i]!.sample(rng);
  }
}
