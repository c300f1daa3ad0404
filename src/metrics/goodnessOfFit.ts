import { checkNonEmpty } from "./check.js";

/**
 * The Kolmogorov-Smirnov statistic of a sample against a continuous CDF: the largest gap
 * D = sup |F_n(x) - F(x)| between the sample's empirical CDF and the model's.
 *
 * @example
 * ksStatistic([0.1, 0.5, 0.9], (x) => x); // 0.2333: a uniform sample against U(0, 1)
 */
export function ksStatistic(sample: readonly number[], cdf: (x: number) => number): number {
  checkNonEmpty("ksStatistic", "sample", sample);
  const sorted = [...sample].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * P(D_n > d) for the Kolmogorov-Smirnov statistic of n values from the model itself: the
 * test's p-value, by the asymptotic Kolmogorov distribution with Stephens' small-sample
 * correction, λ = (√n + 0.12 + 0.11/√n)·d (within 1% for n >= 5).
 *
 * @example
 * ksPValue(0.05, 1000); // ≈ 0.013: a gap of 5% in 1,000 values is unlikely by chance
 */
export function ksPValue(d: number, n: number): number {
  if (!(d >= 0)) throw new RangeError(`ksPValue: d must be >= 0, got ${d}`);
  if (!(n >= 1)) throw new RangeError(`ksPValue: n must be >= 1, got ${n}`);
  const root = Math.sqrt(n);
  const lambda = (root + 0.12 + 0.11 / root) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}
