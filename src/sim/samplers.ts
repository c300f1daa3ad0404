import type { Distribution } from "./distributions.js";
import type { RandomStream } from "./random.js";
import { gammaFunction, normalCdf, normalPdf, probit } from "./special.js";

/** The samplers behind `createDistribution`, one class a family. */

/** A uniform in (0, 1): never exactly 0, so logarithms and quantiles stay finite. */
function openUniform(rng: RandomStream): number {
  const u = rng.next();
  return u > 0 ? u : Number.MIN_VALUE;
}

export class Constant implements Distribution {
  readonly kind = "constant";
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

export class Exponential implements Distribution {
  readonly kind = "exponential";
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(rng: RandomStream): number {
    return -this.mean * Math.log(1 - rng.next());
  }
}

export class Uniform implements Distribution {
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
export class TruncatedNormal implements Distribution {
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

export class LogNormal implements Distribution {
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
export class Gamma implements Distribution {
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
export class Erlang implements Distribution {
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

export class Weibull implements Distribution {
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
export class Pareto implements Distribution {
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
export class Empirical implements Distribution {
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

export class Mixture implements Distribution {
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
