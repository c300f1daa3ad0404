import { checkNonEmpty, checkNonNegative } from "./check.js";

/**
 * Jain's fairness index `(Σx)² / (n·Σx²)` (Jain, Chiu and Hawe, DEC-TR-301, 1984).
 * It lies in [1/n, 1]: 1 when every server carries the same load, 1/n when one carries it all.
 * @param loads load per server, each >= 0
 * @throws {RangeError} when loads is empty, holds a negative or non-finite value, or is all zero
 * @example jainFairness([100, 110, 90]) // => 0.99337…  (300² / (3 · 30200))
 */
export function jainFairness(loads: readonly number[]): number {
  checkNonEmpty("jainFairness", "loads", loads);
  let sum = 0;
  let sumSquares = 0;
  loads.forEach((load, i) => {
    checkNonNegative("jainFairness", `loads[${i}]`, load);
    sum += load;
    sumSquares += load * load;
  });
  if (sum === 0) throw new RangeError("jainFairness: loads must not all be zero");
  return Math.min(1, (sum * sum) / (loads.length * sumSquares));
}
