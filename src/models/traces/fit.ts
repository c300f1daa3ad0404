import { ksPValue, ksStatistic } from "../../metrics/index.js";
import { gammaP, normalCdf } from "../../sim/index.js";

/** z with Φ(z) = 0.99: a lognormal's p99 is this many σ above its median. */
const Z99 = 2.3263478740408408;
/** The significance level a fit must pass: the KS test's p-value at least this. */
export const FIT_LEVEL = 0.05;
/** Fewer values than this are not fitted: they are kept as they are. */
export const MIN_FIT = 20;
/** An empirical distribution keeps at most this many values (evenly spaced quantiles). */
export const EMPIRICAL_POINTS = 200;

/** A fitted distribution, as a scenario file writes it, and how it was chosen. */
export interface Fitted {
  /** A duration string (a constant) or `{ dist, ... }`, durations as strings in ms. */
  spec: string | Record<string, unknown>;
  /** Where it came from, for the generated file's comment. */
  note: string;
}

/**
 * A duration in seconds as the generated file writes it: milliseconds, 4 significant digits.
 *
 * @example
 * ms(0.0123); // "12.3ms"
 */
export function ms(seconds: number): string {
  return `${+(seconds * 1000).toPrecision(4)}ms`;
}

interface Candidate {
  name: string;
  spec: Record<string, unknown>;
  cdf: (x: number) => number;
}

/**
 * The distribution of a sample of times (seconds, >= 0): the lognormal (maximum likelihood,
 * written by p50 and p99), the gamma (by moments) or the exponential (by its mean), whichever
 * passes the Kolmogorov-Smirnov test at 5% with the smallest gap; when none passes, the
 * sample itself as an `empirical` distribution of up to 200 quantiles. A constant sample is a
 * constant; fewer than 20 values are kept as they are.
 *
 * @example
 * fitDistribution(ownTimes); // { spec: { dist: "lognormal", p50: "7.8ms", p99: "39ms" }, note: "lognormal fit to 1198 spans: ..." }
 */
export function fitDistribution(values: readonly number[]): Fitted {
  const n = values.length;
  if (n === 0) throw new RangeError("fitDistribution: no values");
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const spans = `${n} span${n === 1 ? "" : "s"}`;
  const sorted = [...values].sort((a, b) => a - b);
  // The middle 98% alike to 0.1% of the median, or to the 4 µs that differences of
  // microsecond timestamps jitter by: a constant (a rare call that waited makes no shape).
  const median = sorted[Math.floor((n - 1) / 2)]!;
  const spread = sorted[Math.floor(0.99 * (n - 1))]! - sorted[Math.floor(0.01 * (n - 1))]!;
  if (variance === 0 || spread <= Math.max(median * 1e-3, 4e-6))
    return {
      spec: ms(median),
      note: `constant: 98% of ${spans} within ${ms(spread)} of ${ms(median)}`,
    };
  if (n < MIN_FIT)
    return {
      spec: { dist: "empirical", values: sorted.map(ms) },
      note: `empirical: ${spans}, too few to fit (${MIN_FIT} needed)`,
    };
  const candidates: Candidate[] = [];
  if (sorted[0]! > 0) {
    const logs = values.map(Math.log);
    const mu = logs.reduce((a, b) => a + b, 0) / n;
    const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / n);
    if (sigma > 0)
      candidates.push({
        name: "lognormal",
        spec: { dist: "lognormal", p50: ms(Math.exp(mu)), p99: ms(Math.exp(mu + Z99 * sigma)) },
        cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
      });
  }
  const shape = (mean * mean) / variance;
  candidates.push({
    name: "gamma",
    spec: { dist: "gamma", shape: +shape.toPrecision(4), mean: ms(mean) },
    cdf: (x) => (x <= 0 ? 0 : gammaP(shape, (x * shape) / mean)),
  });
  candidates.push({
    name: "exponential",
    spec: { dist: "exponential", mean: ms(mean) },
    cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / mean)),
  });
  const tested = candidates
    .map((c) => {
      const d = ksStatistic(sorted, c.cdf);
      return { ...c, d, p: ksPValue(d, n) };
    })
    .sort((a, b) => a.d - b.d);
  const best = tested[0]!;
  const stat = (c: { name: string; d: number; p: number }) =>
    `${c.name} D = ${c.d.toFixed(4)}, p = ${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)}`;
  if (best.p >= FIT_LEVEL)
    return {
      spec: best.spec,
      note: `${best.name} fit to ${spans}: Kolmogorov-Smirnov ${stat(best)}`,
    };
  const points = Math.min(EMPIRICAL_POINTS, n);
  const quantiles = Array.from(
    { length: points },
    (_, i) => sorted[Math.min(n - 1, Math.floor(((i + 0.5) / points) * n))]!,
  );
  return {
    spec: { dist: "empirical", values: quantiles.map(ms) },
    note: `empirical (${points} quantiles of ${spans}): no fit passed Kolmogorov-Smirnov at ${FIT_LEVEL} (best ${stat(best)})`,
  };
}
