import type { RandomStream } from "./random.js";
import {
  Constant,
  Empirical,
  Erlang,
  Exponential,
  Gamma,
  LogNormal,
  Mixture,
  Pareto,
  TruncatedNormal,
  Uniform,
  Weibull,
} from "./samplers.js";
import { probit } from "./special.js";

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
  /** One draw, from the stream given (so each part of a model draws from its own). */
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

/**
 * One component of a mixture distribution: a distribution and its weight (weights are
 * normalised over the components).
 */
export type MixtureComponent = DistributionSpec & { weight: number };

/** z such that Φ(z) = 0.99: the lognormal's p99 lies this many sigmas above its median. */
const Z99 = probit(0.99);

/**
 * Squared coefficient of variation, variance / mean², of a distribution.
 *
 * @example
 * scv(createDistribution({ dist: "exponential", mean: 0.01 })); // 1
 */
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
