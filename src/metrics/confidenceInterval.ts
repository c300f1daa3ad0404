import { checkNonEmpty } from "./check.js";

/**
 * Student's t quantile t_{p, df} by Hill's algorithm 396 (Communications of the ACM 13(10),
 * 1970), accurate to about 1e-5 relative for df >= 3 (exact forms for df = 1, 2 and 4).
 * @example tQuantile(0.975, 4) // => 2.776445…
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), got ${p}`);
  if (!(df >= 1)) throw new RangeError(`tQuantile: df must be >= 1, got ${df}`);
  const upper = p >= 0.5;
  const q = 2 * (upper ? 1 - p : p); // two-sided tail probability
  let t: number;
  if (df === 1) {
    t = 1 / Math.tan((q * Math.PI) / 2);
  } else if (df === 2) {
    t = Math.sqrt(2 / (q * (2 - q)) - 2);
  } else if (df === 4) {
    // Exact: with α = 4p(1-p) for the one-sided p, t = 2·sqrt(cos(acos(√α)/3)/√α - 1).
    const root = Math.sqrt(q * (2 - q));
    t = 2 * Math.sqrt(Math.cos(Math.acos(root) / 3) / root - 1);
  } else {
    const a = 1 / (df - 0.5);
    const b = 48 / (a * a);
    let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36;
    const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * df;
    let x = d * q;
    let y = x ** (2 / df);
    if (y > 0.05 + a) {
      x = normalQuantileUpper(q / 2);
      y = x * x;
      if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
      c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
      y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
      y = Math.expm1(a * y * y);
    } else {
      y =
        ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y -
          1) *
          ((df + 1) / (df + 2)) +
        1 / y;
    }
    t = Math.sqrt(df * y);
  }
  return upper ? t : -t;
}

/** Upper-tail standard normal quantile z with P(Z > z) = q (Odeh and Evans, 1974). */
function normalQuantileUpper(q: number): number {
  const p = q < 0.5 ? q : 1 - q;
  const y = Math.sqrt(-2 * Math.log(p));
  const z =
    y +
    ((((-0.453642210148e-4 * y - 0.0204231210245) * y - 0.342242088547) * y - 1) * y -
      0.322232431088) /
      ((((0.38560700634e-2 * y + 0.10353775285) * y + 0.531103462366) * y + 0.588581570495) * y +
        0.099348462606);
  return q < 0.5 ? z : -z;
}

/**
 * A two-sided interval, `[low, high]`.
 */
export interface Interval {
  low: number;
  high: number;
}

/**
 * The two-sided confidence interval for the mean of independent replications,
 * `x̄ ± t_{(1+level)/2, n-1} · s/√n`. With one value the interval is that value.
 * @param level confidence level, default 0.95
 * @example meanConfidenceInterval([1, 2, 3, 4, 5]) // => { low: 1.0367…, high: 4.9632… }
 */
export function meanConfidenceInterval(values: readonly number[], level = 0.95): Interval {
  checkNonEmpty("meanConfidenceInterval", "values", values);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { low: mean, high: mean };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = tQuantile((1 + level) / 2, n - 1) * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}
