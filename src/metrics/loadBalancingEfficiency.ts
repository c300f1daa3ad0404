import { checkNonEmpty, checkNonNegative } from "./check.js";

/**
 * Load-balancing efficiency `E = 1 - (max - min) / mean` over per-server loads.
 *
 * E is 1 for perfect balance and falls as the spread grows; it goes below 0 when the spread
 * exceeds the mean (one server taking everything). It is unchanged by permuting or scaling the
 * loads.
 * @param loads requests (or any load measure) per server, each >= 0
 * @throws {RangeError} when loads is empty, holds a negative or non-finite value, or is all zero
 * @example loadBalancingEfficiency([100, 110, 90]) // => 0.8
 * @example loadBalancingEfficiency([300, 0, 0]) // => -2
 */
export function loadBalancingEfficiency(loads: readonly number[]): number {
  checkNonEmpty("loadBalancingEfficiency", "loads", loads);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  loads.forEach((load, i) => {
    checkNonNegative("loadBalancingEfficiency", `loads[${i}]`, load);
    if (load < min) min = load;
    if (load > max) max = load;
    sum += load;
  });
  if (sum === 0) throw new RangeError("loadBalancingEfficiency: loads must not all be zero");
  return 1 - (max - min) / (sum / loads.length);
}
